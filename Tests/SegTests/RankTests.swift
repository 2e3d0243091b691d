import Foundation
import Testing
@testable import SegRun
import SegSyntax
import SegCompile
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §4's ranks: with r = 1 + the number of entities whose x is smaller and N the
/// entities with a value, ntile(x, n) = 1 + floor(n (r − 1) / N) and percent_rank(x) =
/// (r − 1) / (N − 1): equal values, equal scores. Checked against that formula computed here
/// over random data full of ties and missing values, on SQLite and PostgreSQL.
@Suite struct RankTests {
    static func data(seed: UInt64) -> [(id: Int, x: Int?)] {
        var rng = SplitMix64(seed: seed)
        return (1...300).map { id in (id, rng.next() % 9 == 0 ? nil : Int(rng.next() % 7)) }
    }

    static func expected(_ rows: [(id: Int, x: Int?)], n: Int) -> [Int: (ntile: Int?, percent: Double?)] {
        let values = rows.compactMap(\.x)
        let count = values.count
        var out: [Int: (Int?, Double?)] = [:]
        for row in rows {
            guard let x = row.x else { out[row.id] = (nil, nil); continue }
            let r = 1 + values.filter { $0 < x }.count
            out[row.id] = (1 + (n * (r - 1)) / count, count == 1 ? 0 : Double(r - 1) / Double(count - 1))
        }
        return out
    }

    static func sql(_ rows: [(id: Int, x: Int?)]) -> String {
        "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, x INTEGER);\nINSERT INTO customers VALUES "
            + rows.map { "(\($0.id), \($0.x.map(String.init) ?? "NULL"))" }.joined(separator: ", ") + ";\n"
    }

    func check(_ result: RunResult, _ rows: [(id: Int, x: Int?)], label: String) {
        #expect(result.failure == nil, "\(label): \(Support.rendered(result))")
        guard case .table(let t)? = result.outputs.first else { Issue.record("\(label): no table"); return }
        let want = Self.expected(rows, n: 5)
        #expect(t.rows.count == rows.count)
        for r in t.rows {
            guard let id = r[0].double.map({ Int($0) }), let w = want[id] else { Issue.record("\(label): row \(r)"); continue }
            #expect(r[1].double.map { Int($0) } == w.ntile, "\(label): customer \(id) ntile \(r[1]) expected \(w.ntile.map(String.init) ?? "missing")")
            if let p = w.percent, let got = r[2].double { #expect(abs(got - p) < 1e-12, "\(label): customer \(id)") } else { #expect(r[2] == .null && w.percent == nil) }
        }
        // Equal values, equal scores: some ties cross an ntile boundary in this data.
        let sizes = Dictionary(grouping: t.rows.compactMap { $0[1].double }, by: { $0 }).mapValues(\.count)
        #expect(sizes.count >= 4)
    }

    static let script = "show all with customer_id, ntile(x, 5), percent_rank(x) order by customer_id limit 1000\n"

    @Test func ranksWithTiesFollowTheFormulaOnSQLite() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let rows = Self.data(seed: seed)
            check(try Support.run(Self.script, db: try Support.database(sql: Self.sql(rows))), rows, label: "SQLite seed \(seed)")
        }
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func ranksWithTiesFollowTheFormulaOnPostgreSQL() throws {
        let rows = Self.data(seed: 4)
        let database = "seg_rank_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        #expect(try Postgres.psql("CREATE DATABASE \(database)").status == 0)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        #expect(try Postgres.psql(Self.sql(rows), database: database).status == 0)
        check(try Support.run(Self.script, engine: try PostgresEngine(Postgres.conninfo! + " dbname=\(database)")), rows, label: "PostgreSQL")
    }

    /// A run computes each rank once into a temporary table its statements join: every
    /// statement gives exactly what the same statement compiled alone (ranking in a CTE)
    /// gives, and the tables are gone after the run.
    @Test func ranksComputedOnceForARunGiveTheSameRows() throws {
        let rows = Self.data(seed: 5)
        let engine = try SQLiteEngine(path: try Support.database(sql: Self.sql(rows)))
        let session = try Session(engine: engine)
        let script = """
            define q = ntile(x, 5)
            define top = q >= 4 and percent_rank(x) > 0.5
            count top
            count all by q
            show top with customer_id, q, percent_rank(x), ntile(x * 2, 3) order by customer_id limit 1000
            count q = 1 or ntile(x * 2, 3) = 3
            """
        let result = session.run(path: "r.seg", text: script)
        #expect(result.failure == nil, "\(Support.rendered(result))")
        var sources = SourceMap()
        let program = try #require(session.check(path: "r.seg", text: script, sources: &sources).0)
        #expect(Compiler.rankingsToCompute(program.actions, in: program, reads: RunReads(), dialect: engine.dialect, asOf: session.options.asOf).count == 3)
        var alone: [[[Value]]] = []
        for a in program.actions {
            guard case .success(let c) = Compiler.compile(a, in: program, dialect: engine.dialect, asOf: session.options.asOf) else {
                Issue.record("compile"); continue
            }
            #expect(c.bound.text.contains("RANK() OVER"), "compiled alone, the statement ranks in its own query")
            var got: [[Value]] = []
            try engine.run(c.bound) { got.append($0) }
            alone.append(got)
        }
        let shown: [[[Value]]] = result.outputs.map { o in
            switch o {
            case .count(_, let n): return [[.integer(n)]]
            case .table(let t): return t.rows
            default: return []
            }
        }
        #expect(shown.count == alone.count)
        for (i, (a, b)) in zip(shown, alone).enumerated() { #expect(a == b, "statement \(i + 1)") }
        #expect(try engine.db.query("SELECT name FROM sqlite_temp_master WHERE type = 'table'").isEmpty)
    }
}
