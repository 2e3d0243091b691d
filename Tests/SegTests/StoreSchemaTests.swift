import Foundation
import Testing
@testable import SegRun
import SegCompile
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Seg's own tables are described once (`StoreTable`) and rendered per engine: a fresh store
/// has exactly the described columns on every engine, its immutable tables refuse changes,
/// and a store written by an older release gains the missing columns and keeps its lists.
@Suite struct StoreSchemaTests {
    static let tables: [StoreTable] = StoreTable.listStore + [.runs, .journal]

    func checkFresh(_ db: any StoreConnection) throws {
        for table in Self.tables {
            try db.withStoreLock { () throws(EngineError) in try db.storePrepare(table) }
            #expect(try db.storeColumns(of: table.name) == Set(table.columns.map(\.name)), "\(table.name)")
            // Prepared twice: nothing to add, nothing fails.
            try db.storePrepare(table)
        }
        let lists = ListStore(db: db)
        let writer = try ListStore.VersionWriter(store: lists, name: "fresh", columns: ["customer_id"], types: [.number])
        try writer.append(key: .integer(7), row: [.integer(7)])
        try writer.append(key: .integer(11), row: [.integer(11)])
        _ = try writer.finish(ListStore.Provenance(script: "t.seg", scriptVersion: nil, asOf: "2026-11-01"))
        #expect(Set(try lists.members(of: "fresh", version: nil)?.keys ?? []) == [.integer(7), .integer(11)])
        for table in [StoreNames.lists, StoreNames.members] {
            #expect(throws: EngineError.self, "\(table) refuses a delete") {
                _ = try db.storeQuery("DELETE FROM \(raw: table) WHERE name = \(.text("fresh"))")
            }
        }
        try db.storeInsert(into: StoreNames.runs, columns: ["run_id", "started_at", "finished_at", "scripts", "script_sha256", "status"],
                           rows: [[.integer(1), .text("a"), .text("b"), .text("t.seg"), .text("0"), .text("ok")]])
        #expect(throws: EngineError.self) { _ = try db.storeQuery("UPDATE seg_runs SET status = 'x'") }
    }

    @Test func aFreshSQLiteStoreHasTheDescribedTables() throws {
        let db = try SQLiteDatabase(path: Support.tempDir().appendingPathComponent("s.db").path, create: true)
        try checkFresh(db)
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"))
    func aFreshPostgreSQLStoreHasTheDescribedTables() throws {
        let pg = try PostgresEngine(Postgres.conninfo!)
        let schema = "store_\(UInt32.random(in: 0...UInt32.max))"
        try pg.storeExecute("CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        defer { try? pg.storeExecute("DROP SCHEMA \(schema) CASCADE") }
        try checkFresh(pg)
        // Keys are kept as text, and read back as the integers they were.
        #expect(try pg.storeQuery("SELECT data_type::text FROM information_schema.columns WHERE table_schema = \(.text(schema)) AND table_name = 'seg_list_members' AND column_name = 'member_key'")
                == [[.text("text")]])
    }

    /// A store made by the release before the personal-data and campaign columns: the next
    /// run adds them, reads the old version and saves a new one beside it.
    @Test func anOlderSQLiteStoreGainsItsMissingColumns() throws {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        let db = try SQLiteDatabase(path: path)
        try db.execute("""
            DROP TABLE seg_lists; DROP TABLE seg_list_members; DROP TABLE seg_list_exclusions; DROP TABLE seg_contacts; DROP TABLE IF EXISTS seg_runs;
            CREATE TABLE seg_lists (name TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
                members INTEGER NOT NULL, script TEXT, script_version TEXT, as_of TEXT, columns TEXT, PRIMARY KEY (name, version));
            CREATE TABLE seg_list_members (name TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL, data TEXT,
                PRIMARY KEY (name, version, member_key));
            CREATE TABLE seg_list_exclusions (name TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL, reason TEXT NOT NULL,
                PRIMARY KEY (name, version, member_key));
            CREATE TABLE seg_contacts (campaign TEXT NOT NULL, list TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL,
                channel TEXT, contact_date TEXT NOT NULL);
            INSERT INTO seg_lists VALUES ('old', 1, '2025-01-01T00:00:00Z', 3, 'old.seg', NULL, '2025-01-01', '["customer_id"]');
            INSERT INTO seg_list_members SELECT 'old', 1, customer_id, '{}' FROM customers ORDER BY customer_id LIMIT 3;
            """)
        try "count in list old\nexport aum >= 100万 to list big\ncount in list big\n"
            .write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "t.seg", "--db", path], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .integer(let big)? = try db.query("SELECT COUNT(*) FROM customers WHERE aum >= 1000000").first?.first else {
            Issue.record("no customers"); return
        }
        // What the run saved is said once it has committed: last.
        #expect(r.stdout == "count in list old: 3\ncount in list big: \(Cell.grouped(big))\nsaved list big version 1 (\(Cell.grouped(big)) members)\n", "\(r.stdout)")
        for table in [StoreTable.lists, .members, .runs] {
            #expect(try db.storeColumns(of: table.name).isSuperset(of: table.columns.map(\.name)), "\(table.name)")
        }
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [Bool] = []
        func add(_ ok: Bool) { lock.lock(); all.append(ok); lock.unlock() }
    }

    /// Eight first runs at once on a database with no store yet: each creates what is
    /// missing, none fails, and they save versions 1 … 8 of one list.
    @Test func firstRunsAtOnceAllSucceed() throws {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        let db = try SQLiteDatabase(path: path)
        try db.execute("DROP TABLE seg_lists; DROP TABLE seg_list_members; DROP TABLE seg_list_exclusions; DROP TABLE seg_contacts; DROP TABLE IF EXISTS seg_runs; DROP TABLE IF EXISTS seg_journal")
        // Sessions on eight threads: they start within microseconds of each other.
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let out = dir.appendingPathComponent("m\(i).csv").path
            let r = try? Support.run("export aum >= 100万 to list big\nexport aum >= 100万 to csv \"\(out)\"\n", db: path)
            statuses.add(r?.failure == nil && r != nil)
        }
        let results = statuses.all.map { $0 ? Int32(0) : 1 }
        #expect(results == Array(repeating: 0, count: 8))
        #expect(try db.query("SELECT version FROM seg_lists WHERE name = 'big' ORDER BY version") == (1...8).map { [.integer(Int64($0))] })
    }
}
