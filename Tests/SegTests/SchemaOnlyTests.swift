import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg check` and `seg compile` need no database: without `--db` they read the demo bank's
/// schema in memory (nothing is built), and `--schema FILE.sql` reads a bank's DDL.
@Suite struct SchemaOnlyTests {
    /// Every example checks, and compiles to exactly the SQL it compiles to against a built demo bank.
    @Test(arguments: ScriptTests.examples)
    func anExampleChecksAndCompilesWithoutADatabase(_ name: String) throws {
        let path = Support.root.appendingPathComponent("examples/\(name)").path
        let cache = Support.tempDir()
        let env = ["XDG_CACHE_HOME": cache.path, "SEG_DEMO_DB": ""]
        let check = try Support.seg(["check", path], env: env)
        #expect(check.status == 0, "\(name): \(check.stderr)")
        #expect(check.stdout == "\(path): ok\n")
        let schemaOnly = try Support.seg(["compile", path, "--inline"], env: env)
        let withData = try Support.seg(["compile", path, "--inline", "--db", Support.demoPath])
        #expect(schemaOnly.status == 0, "\(name): \(schemaOnly.stderr)")
        #expect(schemaOnly.stdout == withData.stdout, "\(name): the SQL differs without the database")
        // Nothing was built or cached.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: cache.path))?.isEmpty ?? true)
    }

    @Test func aSchemaFileIsTheCatalog() throws {
        let dir = Support.tempDir()
        try """
            CREATE TABLE clients (client_no INTEGER PRIMARY KEY, region TEXT, balance NUMERIC NOT NULL, joined DATE);
            CREATE TABLE trades (trade_id INTEGER PRIMARY KEY, client_no INTEGER REFERENCES clients (client_no), traded_on DATE, amount REAL);
            """.write(to: dir.appendingPathComponent("bank.sql"), atomically: true, encoding: .utf8)
        try """
            entity client from table clients key client_no
              has many trades from table trades on client_no dated by traded_on
            segment active where count(trades within 30 days) >= 2 and balance > 10k
            count active by region
            export active to list active_clients
            count in list some_list_saved_earlier
            """.write(to: dir.appendingPathComponent("ok.seg"), atomically: true, encoding: .utf8)
        let ok = try Support.seg(["check", "ok.seg", "--schema", "bank.sql"], cwd: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        try "entity client from table clients key client_no\ncount balanse > 1\n".write(to: dir.appendingPathComponent("bad.seg"), atomically: true, encoding: .utf8)
        let bad = try Support.seg(["check", "bad.seg", "--schema", "bank.sql"], cwd: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown name `balanse`") && bad.stderr.contains("did you mean `balance`?"), "\(bad.stderr)")
        let missing = try Support.seg(["check", "ok.seg", "--schema", "nope.sql"], cwd: dir)
        #expect(missing.status == 2 && missing.stderr.contains("--schema nope.sql: there is no such file"), "\(missing.stderr)")
        let broken = try Support.seg(["check", "ok.seg", "--schema", "ok.seg"], cwd: dir)
        #expect(broken.status == 2 && broken.stderr.contains("--schema ok.seg"), "\(broken.stderr)")
    }
}
