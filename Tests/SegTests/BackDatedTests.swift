import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Back-dated runs on the demo bank (LANGUAGE.md §4: every read of a dated relation stops at
/// as_of): as of every month-end of its history, every aggregate kind with and without windows,
/// on a date and a timestamp relation, and stdlib.rfm's groups, against a Python reference over
/// the raw rows (Tests/reference/backdated.py) — on SQLite, PostgreSQL and Spark.
@Suite struct BackDatedTests {
    static let monthEnds = ["2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]

    struct Expected: Decodable {
        var counts: [String: Int]
        var rfm: [String: Int]
    }

    static let expected: [String: Expected] = {
        let r = try! Support.seg(["python3", Support.root.appendingPathComponent("Tests/reference/backdated.py").path, Support.demoPath] + monthEnds,
                                 binary: URL(fileURLWithPath: "/usr/bin/env"))
        precondition(r.status == 0, "the Python reference failed: \(r.stderr)")
        return try! JSONDecoder().decode([String: Expected].self, from: Data(r.stdout.utf8))
    }()

    static func script(_ asOf: String) -> String {
        "use stdlib.rfm\n" + expected[asOf]!.counts.keys.sorted().map { "count \($0)\n" }.joined() + "count all by rfm_group\n"
    }

    /// `count C: N` lines, and the rows of the `count all by rfm_group` table.
    static func parse(_ stdout: String) -> (counts: [String: Int], rfm: [String: Int]) {
        var counts: [String: Int] = [:], rfm: [String: Int] = [:]
        var inTable = false
        for line in stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("count all by rfm_group") { inTable = true; continue }
            if inTable {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2, let n = Int(parts[1].replacingOccurrences(of: ",", with: "")) { rfm[String(parts[0])] = n }
                continue
            }
            guard line.hasPrefix("count "), let colon = line.range(of: ": ", options: .backwards) else { continue }
            counts[String(line[line.index(line.startIndex, offsetBy: 6)..<colon.lowerBound])] = Int(line[colon.upperBound...].replacingOccurrences(of: ",", with: ""))
        }
        return (counts, rfm)
    }

    static func check(_ got: (counts: [String: Int], rfm: [String: Int]), _ asOf: String, _ engine: String) {
        let want = expected[asOf]!
        let diff = want.counts.keys.sorted().filter { got.counts[$0] != want.counts[$0] }
            .map { "\($0): seg \(got.counts[$0].map(String.init) ?? "none"), Python \(want.counts[$0]!)" }
        #expect(diff.isEmpty, "\(engine) as of \(asOf):\n\(diff.joined(separator: "\n"))")
        #expect(got.rfm == want.rfm, "\(engine) stdlib.rfm as of \(asOf): seg \(got.rfm), Python \(want.rfm)")
    }

    @Test(arguments: monthEnds)
    func onSQLite(_ asOf: String) throws {
        let dir = Support.tempDir()
        try Self.script(asOf).write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", "t.seg", "--db", Support.demoPath, "--as-of", asOf], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        Self.check(Self.parse(run.stdout), asOf, "SQLite")
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"), arguments: monthEnds)
    func onPostgreSQL(_ asOf: String) throws {
        let dir = Support.tempDir()
        try Self.script(asOf).write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", "t.seg", "--db", Postgres.conninfo! + " dbname=\(PostgresTests.templates.demo)", "--as-of", asOf], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        Self.check(Self.parse(run.stdout), asOf, "PostgreSQL")
    }
}

/// On Spark, in the Spark suite: one Spark session serves it, one statement at a time.
extension SparkTests {
    @Test func backDatedOnSpark() throws {
        for asOf in ["2026-06-30", "2026-09-30"] {
            var options = RunOptions()
            options.asOf = asOf
            let r = try Support.run(BackDatedTests.script(asOf), engine: SparkReference.engine, options: options)
            #expect(r.failure == nil, "\(r.diagnostics.map(\.message))")
            var counts: [String: Int] = [:], rfm: [String: Int] = [:]
            for o in r.outputs {
                switch o {
                case .count(let title, let n): counts[title] = Int(n)
                case .table(let t):
                    for row in t.rows { if case .text(let g) = row[0], case .integer(let n) = row[1] { rfm[g] = Int(n) } }
                default: break
                }
            }
            BackDatedTests.check((counts, rfm), asOf, "Spark")
        }
    }
}
