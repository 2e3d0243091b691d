import Foundation
import Testing
import SegRun
import SegCheck
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The real bank data on a real PostgreSQL server: every condition of RealDataTests (UCI Bank
/// Marketing, with its column named `default`) and BerkaTests (Czech accounts and their
/// transactions: windows, month ends, first/last) run through `PostgresEngine`, and the members
/// must equal the same conditions computed directly in Swift over the files' rows.
@Suite(.enabled(if: Postgres.conninfo != nil && Support.sharedData != nil,
                "needs SEG_TEST_POSTGRES (set by .ci/run) and ../shared/data"))
struct PostgresRealDataTests {
    /// A SQLite file copied into a database of its own: the same DDL (these test schemas are
    /// portable), then each table with `\copy`.
    static func load(_ sqlitePath: String, into database: String) -> String {
        precondition(try! Postgres.psql("CREATE DATABASE \(database)").status == 0)
        let db = try! SQLiteDatabase(path: sqlitePath)
        let dir = Support.tempDir()
        var script = ""
        for row in try! db.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid") {
            // Only the bank's tables: the SQLite tests write Seg's own (`seg_…`) into the same file.
            guard case .text(let name) = row[0], case .text(let ddl) = row[1], !name.hasPrefix("seg_") else { continue }
            let csv = dir.appendingPathComponent("\(name).csv")
            try! Postgres.csv(ofSQLite: sqlitePath, table: name).write(to: csv, atomically: true, encoding: .utf8)
            script += ddl + ";\n\\copy \"\(name)\" FROM '\(csv.path)' WITH (FORMAT csv)\n"
        }
        let r = try! Postgres.psql(script + "ANALYZE;\n", database: database)
        precondition(r.status == 0, "loading \(sqlitePath) into PostgreSQL failed: \(r.stderr)")
        return Postgres.conninfo! + " dbname=\(database)"
    }

    static let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
    static let uci = load(RealDataTests.data.db, into: "seg_uci_\(tag)")
    static let berka = load(BerkaTests.data.db, into: "seg_berka_\(tag)")

    static func keys(_ path: String) throws -> Set<Int> {
        Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").dropFirst().compactMap { Int($0) })
    }

    @Test(arguments: 0..<RealDataTests.cases.count)
    func uciMembers(_ index: Int) throws {
        let (condition, predicate) = RealDataTests.cases[index]
        let out = Support.tempDir().appendingPathComponent("members.csv").path
        let script = RealDataTests.prelude + "export \(condition) to csv \"\(out)\" with customer_id\ncount \(condition)\n"
        let result = try Support.run(script, engine: try PostgresEngine(Self.uci))
        #expect(result.failure == nil, "\(condition): \(Support.rendered(result))")
        let expected = Set(RealDataTests.data.rows.filter(predicate).map(\.id))
        let got = try Self.keys(out)
        #expect(got == expected, "\(condition): PostgreSQL \(got.count), Swift \(expected.count)")
    }

    @Test(arguments: 0..<BerkaTests.cases.count)
    func berkaMembers(_ index: Int) throws {
        let c = BerkaTests.cases[index]
        let (accounts, txns, _) = BerkaTests.data
        let out = Support.tempDir().appendingPathComponent("m.csv").path
        var options = RunOptions()
        options.asOf = c.asOf
        let result = try Support.run("export \(c.seg) to csv \"\(out)\" with account_id\n", engine: try PostgresEngine(Self.berka), options: options)
        #expect(result.failure == nil, "\(c.seg): \(Support.rendered(result))")
        let asOf = CivilDate(iso: c.asOf)!
        let expected = Set(accounts.filter { c.swift(txns[$0] ?? [], asOf) })
        let got = try Self.keys(out)
        #expect(got == expected, "\(c.seg) as of \(c.asOf): PostgreSQL \(got.count), Swift \(expected.count)")
    }
}
