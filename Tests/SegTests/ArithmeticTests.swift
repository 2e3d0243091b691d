import Foundation
import Testing
@testable import SegRun
@testable import SegEngine
@testable import SegStore

/// `+ - * /` mean the same on every engine: numbers are real numbers, division is never
/// whole-number division, and dividing by zero gives a missing value. Generated trees over
/// integer columns (where SQLite and PostgreSQL would divide whole numbers) and constants,
/// against the same tree evaluated here in Double.
@Suite struct ArithmeticTests {
    indirect enum Tree {
        case field(String), constant(Int)
        case op(Character, Tree, Tree)

        var text: String {
            switch self {
            case .field(let f): return f
            case .constant(let c): return String(c)
            case .op(let o, let l, let r): return "(\(l.text) \(o) \(r.text))"
            }
        }

        func value(_ row: [String: Double?]) -> Double? {
            switch self {
            case .field(let f): return row[f] ?? nil
            case .constant(let c): return Double(c)
            case .op(let o, let l, let r):
                guard let a = l.value(row), let b = r.value(row) else { return nil }
                switch o {
                case "+": return a + b
                case "-": return a - b
                case "*": return a * b
                default: return b == 0 ? nil : a / b
                }
            }
        }
    }

    static let fields = ["age", "branch_id", "credit_score", "household_id"]

    static func tree(_ rng: inout SystemRandomNumberGenerator.Seeded, depth: Int) -> Tree {
        if depth == 0 || rng.next(6) == 0 {
            return rng.next(2) == 0 ? .field(fields[rng.next(fields.count)]) : .constant(rng.next(13))
        }
        let ops: [Character] = ["+", "-", "*", "/"]
        return .op(ops[rng.next(4)], tree(&rng, depth: depth - 1), tree(&rng, depth: depth - 1))
    }

    static func script(_ trees: [Tree]) -> String {
        let defines = trees.enumerated().map { "define e\($0.offset) = \($0.element.text)" }.joined(separator: "\n")
        return defines + "\nshow customer_id <= 10300 with customer_id, " + trees.indices.map { "e\($0)" }.joined(separator: ", ")
            + " order by customer_id limit 300"
    }

    /// Each seed: 30 trees, each evaluated for 300 customers (credit_score is sometimes missing).
    @Test(arguments: [1, 2, 3, 4])
    func generatedArithmeticMatchesRealNumbers(_ seed: UInt64) throws {
        var rng = SystemRandomNumberGenerator.Seeded(seed)
        let trees = (0..<30).map { _ in Self.tree(&rng, depth: 4) }
        try check(trees, try Support.run(Self.script(trees), db: Support.demoPath))
    }

    /// The same trees on a real PostgreSQL server, which divides integers as whole numbers.
    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"), arguments: [1, 2])
    func generatedArithmeticMatchesOnPostgres(_ seed: UInt64) throws {
        var rng = SystemRandomNumberGenerator.Seeded(seed)
        let trees = (0..<30).map { _ in Self.tree(&rng, depth: 4) }
        let engine = try PostgresEngine(Postgres.conninfo! + " dbname=\(PostgresTests.templates.demo)")
        try check(trees, try Support.run(Self.script(trees), engine: engine))
    }

    func check(_ trees: [Tree], _ result: RunResult) throws {
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(Support.rendered(result))")
        guard case .table(let t)? = result.outputs.first(where: { if case .table = $0 { return true } else { return false } }) else {
            Issue.record("no table: \(result.outputs)")
            return
        }
        let raw = try SQLiteDatabase(path: Support.demoPath).query("SELECT customer_id, age, branch_id, credit_score, household_id FROM customers WHERE customer_id <= 10300 ORDER BY customer_id")
        #expect(raw.count == t.rows.count && !raw.isEmpty)
        for (row, values) in zip(t.rows, raw) {
            let known: [String: Double?] = Dictionary(uniqueKeysWithValues: zip(Self.fields, values.dropFirst().map(\.double)))
            for (i, tree) in trees.enumerated() {
                let expected = tree.value(known), got = row[i + 1].double
                let same = expected == nil ? got == nil : got.map { abs($0 - expected!) <= 1e-9 * max(1, abs(expected!)) } ?? false
                #expect(same, "\(tree.text) for customer \(values[0]): Seg \(String(describing: got)), expected \(String(describing: expected))")
            }
        }
    }
}

extension SystemRandomNumberGenerator {
    /// A small seeded generator (SplitMix64), so a failing tree can be run again.
    struct Seeded {
        var state: UInt64
        init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }
}
