import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §6: a run's effects — files, list versions, tables, its ledger row — happen all
/// or none, whatever moment the process dies. Proved by stopping the process (SIGKILL) at
/// every step of the commit protocol (`SEG_FAULT_AT`, RunJournal.swift) and by `kill -9` at
/// random moments, each followed by the next `seg` on the store and a check of all or none.
@Suite(.serialized) struct CommitProtocolTests {
    static let steps = ["journal-opened", "statements-done", "tags-built", "ledger-written", "committed", "renamed-1", "renamed-all", "closed"]

    /// A script whose run writes two files, a list version, a table, each marked with `tag`,
    /// and a tag table.
    static func script(tag: Int) -> String {
        """
        segment vip where aum >= 1000
        build tags
        export vip to csv "a.csv" with customer_id, \(tag)
        export vip to list v
        export vip to jsonl "b.jsonl" with customer_id, \(tag)
        export vip to table t_\(tag) with customer_id, aum

        """
    }

    struct Store {
        var args: [String]
        var query: (String) throws -> [[String]]
    }

    static func sqliteStore() throws -> Store {
        let db = try Support.fixtureDatabase()
        return Store(args: ["--db", db]) { sql in try SQLiteDatabase(path: db).query(sql).map { $0.map { PersonalDataTests.text($0) ?? "" } } }
    }

    static func postgresStore() throws -> (Store, String) {
        let database = try PostgresTests.copy(of: PostgresTests.templates.fixture)
        let store = Store(args: ["--db", Postgres.conninfo! + " dbname=\(database)"]) { sql in
            try Postgres.psql(sql + ";", database: database).stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        }
        return (store, database)
    }

    /// Runs `seg run` with the fault hook set; returns whether it was killed.
    static func run(_ text: String, in dir: URL, store: Store, fault: String?) throws -> Support.Run {
        let path = dir.appendingPathComponent("s.seg")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return try Support.seg(["run", path.path] + store.args, cwd: dir, env: fault.map { ["SEG_FAULT_AT": $0] } ?? [:])
    }

    /// The state after the next `seg` opened the store: the tags the files hold, the list's
    /// versions, the tables, the ledger's ok rows, leftovers.
    struct State: Equatable {
        var csvTag: String?
        var jsonlTag: String?
        var versions: Int
        var tables: Set<String>
        var ledgerOK: Int
        /// The tag tables by name: each run's `build tags` replaces the one before it.
        var tagTables: [String]
        var temporaries: [String]
        var journal: Int
    }

    static func state(_ dir: URL, _ store: Store) throws -> State {
        // Opening the store is what finishes or undoes a dead run — from another folder, too
        // (the script's paths are relative: the journal holds them resolved).
        _ = try Support.seg(["lists"] + store.args, cwd: Support.tempDir())
        func tag(_ file: String, _ parse: (String) -> String?) -> String? {
            guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { return nil }
            return parse(text)
        }
        let csvTag = tag("a.csv") { text in
            let tags = Set(text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" })
            return tags.count == 1 ? tags.first : "mixed \(tags)"
        }
        let jsonlTag = tag("b.jsonl") { text in
            let tags = Set(text.split(separator: "\n").map { String($0.split(separator: ":").last?.dropLast() ?? "") })
            return tags.count == 1 ? tags.first : "mixed \(tags)"
        }
        func count(_ sql: String) -> Int { Int((try? store.query(sql))?.first?.first?.filter(\.isNumber) ?? "") ?? 0 }
        let hasLists = count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'seg_lists'") > 0
            || count("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'") > 0
        let tables = Set(((try? store.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 't\\_%'")) ?? [])
            .compactMap(\.first) + ((try? store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'")) ?? []).compactMap(\.first))
        return State(csvTag: csvTag, jsonlTag: jsonlTag,
                     versions: hasLists ? count("SELECT count(*) FROM seg_lists WHERE name = 'v'") : 0,
                     tables: tables,
                     ledgerOK: count("SELECT count(*) FROM seg_runs WHERE status = 'ok'"),
                     tagTables: ((try? store.query("SELECT name FROM seg_tag_tables ORDER BY name")) ?? []).compactMap(\.first),
                     temporaries: try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") },
                     journal: count("SELECT count(*) FROM seg_journal"))
    }

    /// Stops a run at each step, then checks it is wholly undone (before the commit) or
    /// wholly done (after it), with nothing left over.
    func faultAtEveryStep(_ makeStore: () throws -> (Store, () -> Void)) throws {
        for (i, step) in Self.steps.enumerated() {
            let dir = Support.tempDir()
            let (store, cleanup) = try makeStore()
            defer { cleanup() }
            // A first run commits tag 1; the faulty second run writes tag 2.
            let first = try Self.run(Self.script(tag: 1), in: dir, store: store, fault: nil)
            #expect(first.status == 0, "\(first.stderr)")
            let killed = try Self.run(Self.script(tag: 2), in: dir, store: store, fault: step)
            #expect(killed.status == 9, "\(step): the hook did not stop the run (\(killed.status)) \(killed.stderr)")
            let after = try Self.state(dir, store)
            let committed = i >= Self.steps.firstIndex(of: "committed")!
            let expected = State(csvTag: committed ? "2" : "1", jsonlTag: committed ? "2" : "1", versions: committed ? 2 : 1,
                                 tables: committed ? ["t_1", "t_2"] : ["t_1"], ledgerOK: committed ? 2 : 1,
                                 tagTables: committed ? ["seg_tags_2"] : ["seg_tags_1"], temporaries: [], journal: 0)
            #expect(after == expected, "stopped at \(step)")
            // And the store goes on working: the next run commits.
            let next = try Self.run(Self.script(tag: 3), in: dir, store: store, fault: nil)
            #expect(next.status == 0, "\(step): \(next.stderr)")
            #expect(try Self.state(dir, store).versions == expected.versions + 1)
        }
    }

    @Test func aFaultAtEveryStepLeavesAllOrNothingOnSQLite() throws {
        try faultAtEveryStep { (try Self.sqliteStore(), {}) }
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func aFaultAtEveryStepLeavesAllOrNothingOnPostgreSQL() throws {
        try faultAtEveryStep {
            let (store, database) = try Self.postgresStore()
            return (store, { _ = try? Postgres.psql("DROP DATABASE \(database) WITH (FORCE)") })
        }
    }

    /// `kill -9` at random moments of runs on the demo bank (large enough for a run to take a
    /// while), each followed by the next `seg`: after every one, all of that run or none of it.
    @Test func killNineAtRandomMomentsLeavesAllOrNothing() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let store = Store(args: ["--db", db]) { sql in try SQLiteDatabase(path: db).query(sql).map { $0.map { PersonalDataTests.text($0) ?? "" } } }
        // How long a whole run takes, to aim the kills inside it.
        let t0 = Date()
        #expect(try Self.run(Self.script(tag: 0).replacingOccurrences(of: "aum >= 1000", with: "aum >= 0"), in: dir, store: store, fault: nil).status == 0)
        let whole = Date().timeIntervalSince(t0)
        var rng = SystemRandomNumberGenerator()
        var last = try Self.state(dir, store)
        var committedRuns = 0
        for tag in 1...25 {
            let path = dir.appendingPathComponent("s.seg")
            try Self.script(tag: tag).replacingOccurrences(of: "aum >= 1000", with: "aum >= 0").write(to: path, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = Support.segBinary
            p.arguments = ["run", path.path] + store.args
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Most runs are killed somewhere in their span (as long again, for a loaded machine);
            // every fifth is left to finish, so commits are seen however slow the machine is.
            if tag % 5 != 0 {
                Thread.sleep(forTimeInterval: Double.random(in: 0...(whole * 2), using: &rng))
                kill(p.processIdentifier, SIGKILL)
            }
            p.waitUntilExit()
            let now = try Self.state(dir, store)
            let done = now.versions == last.versions + 1
            #expect(done || now.versions == last.versions, "run \(tag): versions \(last.versions) → \(now.versions)")
            let expectedTag = done ? String(tag) : last.csvTag
            #expect(now.csvTag == expectedTag && now.jsonlTag == expectedTag, "run \(tag): files hold \(now.csvTag ?? "-")/\(now.jsonlTag ?? "-"), expected \(expectedTag ?? "-")")
            #expect(now.tables == (done ? last.tables.union(["t_\(tag)"]) : last.tables), "run \(tag)")
            #expect(now.ledgerOK == last.ledgerOK + (done ? 1 : 0), "run \(tag)")
            // One tag table always: a committed run's replaced the one before it.
            #expect(now.tagTables.count == 1 && (now.tagTables != last.tagTables) == done, "run \(tag): tag tables \(last.tagTables) → \(now.tagTables)")
            #expect(now.temporaries.isEmpty && now.journal == 0, "run \(tag): left \(now.temporaries), journal \(now.journal)")
            if done { committedRuns += 1 }
            last = now
        }
        // Runs ended on both sides of the commit point (a test that cannot see either proves nothing).
        #expect(committedRuns >= 5 && committedRuns < 25, "\(committedRuns) of 25 runs had committed")
    }

    /// A run that cannot write its ledger row writes nothing else, and says so (exit 3); a
    /// run that only reads still runs. (The ledger refuses rows here by a trigger: file modes
    /// do not stop root, whom CI runs as.)
    @Test func aRunThatCannotWriteItsLedgerWritesNothing() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let store = Store(args: ["--db", db]) { sql in try SQLiteDatabase(path: db).query(sql).map { $0.map { PersonalDataTests.text($0) ?? "" } } }
        #expect(try Self.run("count all\n", in: dir, store: store, fault: nil).status == 0)
        try SQLiteDatabase(path: db).execute("CREATE TRIGGER no_more_runs BEFORE INSERT ON seg_runs BEGIN SELECT RAISE(ABORT, 'the ledger is closed'); END")
        let r = try Self.run(Self.script(tag: 1), in: dir, store: store, fault: nil)
        #expect(r.status == 3 && r.stderr.contains("E0723") && r.stderr.contains("the ledger is closed"), "\(r.stderr)")
        let after = try Self.state(dir, store)
        #expect(after == State(csvTag: nil, jsonlTag: nil, versions: 0, tables: [], ledgerOK: 1, tagTables: [], temporaries: [], journal: 0))
        #expect(try Self.run("count all\n", in: dir, store: store, fault: nil).status == 0)
    }

    /// A pid taken by another process after the run died (a reboot, a long uptime) does not
    /// keep the run from being finished: the journal knows when its process started.
    @Test func aReusedPidDoesNotPassForTheDeadRun() throws {
        let dir = Support.tempDir()
        let store = try Self.sqliteStore()
        #expect(try Self.run(Self.script(tag: 1), in: dir, store: store, fault: nil).status == 0)
        #expect(try Self.run(Self.script(tag: 2), in: dir, store: store, fault: "committed").status == 9)
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        defer { other.terminate() }
        try SQLiteDatabase(path: store.args[1]).execute("UPDATE seg_journal SET pid = \(other.processIdentifier)")
        let after = try Self.state(dir, store)
        #expect(after.csvTag == "2" && after.versions == 2 && after.journal == 0 && after.temporaries.isEmpty, "\(after)")
    }
}
