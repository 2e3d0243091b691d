import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The tag store (issue 18): a definition read from a tag table gives exactly what computing
/// it gives, and a table is never served stale — not after the data changes, not for another
/// date, not for a changed definition.
@Suite struct TagStoreTests {
    static func copy() throws -> (dir: URL, db: String) {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        return (dir, db)
    }

    static let rfm = ["recency_days", "frequency_180d", "monetary_180d", "r_score", "f_score", "m_score", "rfm_group",
                      "rfm_champions", "rfm_at_risk", "rfm_hibernating"]

    /// Every RFM definition for every customer, counts and groups over them: the same with the
    /// tag table as without, and `explain` says the tags were read.
    @Test func tagsGiveWhatComputingGives() throws {
        let (dir, db) = try Self.copy()
        let script = """
            use stdlib.rfm
            show all with customer_id, \(Self.rfm.joined(separator: ", ")) order by customer_id limit 100000
            count rfm_champions
            count rfm_at_risk and aum >= 10万 by city
            count all by rfm_group
            profile rfm_champions by city
            overlap rfm_champions, rfm_at_risk, rfm_hibernating
            count r_score >= 4 and any(transactions within 30 days)
            """
        try script.write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        try "use stdlib.rfm\nexplain rfm_champions\n".write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
        let before = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(!(try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout.contains("tag table")))

        // Printing the build's queries, and listing, write nothing.
        let sql = try Support.seg(["tags", "build", "stdlib.rfm", "--sql", "--db", db], cwd: dir)
        #expect(sql.status == 0 && sql.stdout.contains("CREATE TABLE"), "\(sql.stderr)")
        #expect(try Support.seg(["tags", "--db", db], cwd: dir).status == 0)
        #expect(try SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master WHERE name LIKE 'seg_tag%'").isEmpty)
        let build = try Support.seg(["tags", "build", "stdlib.rfm", "--db", db], cwd: dir)
        #expect(build.status == 0 && build.stdout.hasPrefix("built seg_tags_1: "), "\(build.stdout)\(build.stderr)")
        let explain = try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout
        #expect(explain.contains("definitions read from tag table seg_tags_1") && explain.contains("JOIN \"seg_tags_1\" ON \"seg_tags_1\".\"customer_id\" = \"customers\".\"customer_id\")"), "\(explain)")
        let after = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == before.stdout)
        let list = try Support.seg(["tags", "--db", db], cwd: dir).stdout
        #expect(list.contains("seg_tags_1") && list.contains(" yes "), "\(list)")
    }

    /// Changed data, another date, a changed definition: the table is not served, and the
    /// answers are those of the data as it is now.
    @Test func aTagTableIsNeverServedStale() throws {
        let (dir, db) = try Self.copy()
        try "define busy = count(transactions within 90 days) >= 3\nsegment rich where aum >= 50万\n"
            .write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        try "use \"m.seg\"\ncount busy\ncount rich\nexplain rich\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        func run(_ args: [String] = []) throws -> String {
            let r = try Support.seg(["run", "q.seg", "--db", db] + args, cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        func truth(_ sql: String) throws -> Int64 {
            guard case .integer(let n)? = try SQLiteDatabase(path: db).query(sql).first?.first else { return -1 }
            return n
        }
        #expect(try run().contains("tag table seg_tags_1"))

        // The entity's data changes: a customer becomes rich.
        let sqlite = try SQLiteDatabase(path: db)
        try sqlite.execute("UPDATE customers SET aum = 9000000 WHERE customer_id = (SELECT MIN(customer_id) FROM customers WHERE aum < 500000)")
        var out = try run()
        #expect(!out.contains("tag table"), "\(out)")
        #expect(out.contains("count rich: \(Cell.grouped(try truth("SELECT COUNT(*) FROM customers WHERE aum >= 500000")))"))

        // Rebuilt, then a relation grows: a new transaction for a customer.
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        #expect(try run().contains("tag table seg_tags_2"))
        try sqlite.execute("""
            INSERT INTO transactions (txn_id, customer_id, txn_date, type, amount, channel)
            SELECT MAX(txn_id) + 1, (SELECT MIN(customer_id) FROM customers), '2026-10-30', 'deposit', 100, 'app' FROM transactions
            """)
        out = try run()
        #expect(!out.contains("tag table"), "\(out)")

        // Rebuilt, then another date.
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        #expect(try run().contains("tag table seg_tags_3"))
        #expect(!(try run(["--as-of", "2026-10-01"]).contains("tag table")))

        // A changed definition is computed; the unchanged one is still read.
        try "define busy = count(transactions within 90 days) >= 4\nsegment rich where aum >= 50万\n"
            .write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        out = try run()
        #expect(out.contains("tag table seg_tags_3") && out.contains(": rich") && !out.contains("busy,"), "\(out)")
        let list = try Support.seg(["tags", "--db", db], cwd: dir).stdout
        // The rebuild replaced the table the data had made stale.
        #expect(!list.contains("seg_tags_1") && !list.contains("no: the data changed") && list.contains("seg_tags_3"), "\(list)")
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"))
    func tagsOnPostgreSQL() throws {
        let database = try PostgresTests.copy(of: PostgresTests.templates.demo)
        let conn = Postgres.conninfo! + " dbname=\(database)"
        let dir = Support.tempDir()
        try "use stdlib.rfm\ncount rfm_champions\ncount all by rfm_group\nexplain rfm_champions\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let before = try Support.seg(["run", "q.seg", "--db", conn], cwd: dir)
        #expect(before.status == 0, "\(before.stderr)")
        let build = try Support.seg(["tags", "build", "stdlib.rfm", "--db", conn], cwd: dir)
        #expect(build.status == 0, "\(build.stderr)")
        let after = try Support.seg(["run", "q.seg", "--db", conn], cwd: dir)
        #expect(after.stdout.contains("tag table seg_tags_1"), "\(after.stdout)\(after.stderr)")
        func counts(_ s: String) -> [String] { s.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("--") && !$0.contains("seg_tags") && !$0.hasPrefix("SELECT") && !$0.hasPrefix("FROM") && !$0.hasPrefix("WHERE") } }
        #expect(counts(after.stdout).prefix(8) == counts(before.stdout).prefix(8))
    }

    /// Every kind of change to the data after a build — any column of the entity's table,
    /// a relation's rows inserted, deleted or edited in place (its last row too) — makes the
    /// table stale; the answers are those of the data as it is.
    @Test(arguments: [
        "UPDATE customers SET phone = '13012345678' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)",
        "UPDATE customers SET open_date = '2026-10-30' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)",
        "UPDATE customers SET do_not_disturb = 1 - do_not_disturb WHERE customer_id IN (SELECT customer_id FROM customers ORDER BY customer_id LIMIT 2)",
        "DELETE FROM transactions WHERE txn_id = (SELECT MIN(txn_id) FROM transactions WHERE type = 'payroll' AND txn_date > '2026-09-15')",
        "UPDATE transactions SET type = 'payroll', txn_date = '2026-10-31' WHERE txn_id = (SELECT MAX(txn_id) FROM transactions)",
        "UPDATE transactions SET amount = amount + 1 WHERE txn_id = (SELECT MIN(txn_id) FROM transactions WHERE txn_date > '2026-10-01')",
        "DELETE FROM app_events WHERE event_id IN (SELECT event_id FROM app_events WHERE event_type = 'login' ORDER BY event_id DESC LIMIT 50)",
        "DELETE FROM customers WHERE customer_id = (SELECT MAX(customer_id) FROM customers)",
    ])
    func anyChangeMakesTheTableStale(_ change: String) throws {
        let (dir, db) = try Self.copy()
        let plain = dir.appendingPathComponent("plain.db").path
        try FileManager.default.copyItem(atPath: db, toPath: plain)
        try "use stdlib.tags\nuse stdlib.bank\ncount payroll\ncount mobile_active\ncount all by phone_carrier\ncount do_not_disturb\nexplain payroll\n"
            .write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["tags", "build", "stdlib.tags", "stdlib.bank", "--db", db], cwd: dir).status == 0)
        #expect(try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout.contains("tag table"))
        try SQLiteDatabase(path: db).execute(change)
        try SQLiteDatabase(path: plain).execute(change)
        let tagged = try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout
        let truth = try Support.seg(["run", "q.seg", "--db", plain], cwd: dir).stdout
        #expect(!tagged.contains("tag table"), "\(change)")
        func answers(_ s: String) -> String { s.components(separatedBy: "explain payroll").first ?? s }
        #expect(answers(tagged) == answers(truth), "\(change)")
    }

    /// What a definition reads by name counts: the column a rank ranks, a model's file; and a
    /// definition on a saved list is never tagged (a new version changes it, not the data).
    @Test func ranksModelsAndListsAreNeverServedStale() throws {
        let (dir, db) = try Self.copy()
        let models = Support.root.appendingPathComponent("examples/models")
        try FileManager.default.copyItem(at: models.appendingPathComponent("churn_xgb.json"), to: dir.appendingPathComponent("churn.json"))
        func module(rankOf: String) -> String {
            """
            use "\(models.path)/features.seg"
            model churn_risk = "churn.json"
            define decile = ntile(\(rankOf), 10)
            segment watch where churn_risk > 0.3
            segment picked where in list q3_deposit_drive
            """
        }
        try module(rankOf: "aum").write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        try "use \"m.seg\"\ncount decile = 10 and aum < 100k\ncount watch\ncount picked\nexplain watch\nexplain picked\n"
            .write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let build = try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir)
        let lines = build.stdout.split(separator: "\n")
        #expect(build.status == 0 && lines.count == 3 && !lines[1].contains("picked") && lines[2].hasPrefix("left out") && lines[2].contains("picked (reads saved lists"),
                "a list's segment is not tagged, and the build says so: \(build.stdout)")
        let first = try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout
        #expect(first.contains("read from tag table seg_tags_1") && first.contains("decile") && first.contains("watch"), "\(first)")
        // Another column ranked, the same name: computed.
        try module(rankOf: "annual_income").write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        #expect(!(try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout.contains("decile,")))
        // A retrained model (its file's bytes changed): computed; the rank is read again.
        try module(rankOf: "aum").write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        let text = try String(contentsOf: models.appendingPathComponent("churn_xgb.json"), encoding: .utf8)
        try (text + " ").write(to: dir.appendingPathComponent("churn.json"), atomically: true, encoding: .utf8)
        let retrained = try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout
        let explainWatch = retrained.components(separatedBy: "explain watch").last?.components(separatedBy: "explain picked").first ?? ""
        // The model's inputs are still read from the table; `watch` itself is scored again.
        #expect(retrained.contains("tag table seg_tags_1") && retrained.contains(": decile") && !explainWatch.contains(", watch")
                && !explainWatch.contains(": watch"), "\(retrained)")
    }

    @Test func dropAndConcurrentBuilds() throws {
        let (dir, db) = try Self.copy()
        // Three builds at once, of three sets of modules (a rebuild of the same ones replaces its table).
        let builds = ["stdlib.tags", "stdlib.rfm", "stdlib.value"].map { module -> Process in
            let p = Process()
            p.executableURL = Support.segBinary
            p.arguments = ["tags", "build", module, "--db", db]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try? p.run()
            return p
        }
        let statuses = builds.map { p -> Int32 in p.waitUntilExit(); return p.terminationStatus }
        #expect(statuses == [0, 0, 0])
        let list = try Support.seg(["tags", "--db", db], cwd: dir).stdout
        #expect(list.contains("seg_tags_1") && list.contains("seg_tags_2") && list.contains("seg_tags_3"), "\(list)")
        let drop = try Support.seg(["tags", "drop", "seg_tags_2", "--db", db], cwd: dir)
        #expect(drop.status == 0 && drop.stdout == "dropped seg_tags_2\n")
        #expect(!(try Support.seg(["tags", "--db", db], cwd: dir).stdout.contains("seg_tags_2")))
        let nope = try Support.seg(["tags", "drop", "nope", "--db", db], cwd: dir)
        #expect(nope.status == 1 && nope.stderr.contains("no tag table named nope"), "\(nope.stderr)")
        // A tag table removed outside Seg is not served, and the listing says so.
        let stdlibTags = try SQLiteDatabase(path: db).query("SELECT name FROM seg_tag_tables WHERE modules = 'stdlib.tags'").compactMap { PersonalDataTests.text($0[0]) }
        try SQLiteDatabase(path: db).execute("DROP TABLE \(stdlibTags.first ?? "seg_tags_1")")
        try "use stdlib.tags\ncount payroll\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let q = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(q.status == 0 && q.stdout.hasPrefix("count payroll: "), "\(q.stderr)")
        #expect(try Support.seg(["tags", "--db", db], cwd: dir).stdout.contains("no: the table is gone"))
    }
}

/// A customers' table whose columns compare by a collation (`COLLATE NOCASE`) gets no tag
/// table: `CREATE TABLE … AS` would not keep the collation, and answers would change.
@Suite struct TagCollationTests {
    @Test func aTableWithCollationsGetsNoTagTable() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: """
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, city TEXT COLLATE NOCASE, aum REAL);
            INSERT INTO customers VALUES (1, 'abc', 10), (2, 'ABC', 20), (3, 'xyz', 30);
            """, in: dir)
        try "segment rich where aum >= 15\n".write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        try "use \"m.seg\"\ncount city = \"abc\" and rich\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let before = try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout
        #expect(before == "count city = \"abc\" and rich: 1\n", "\(before)")
        let build = try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir)
        #expect(build.status == 1 && build.stderr.contains("E0732"), "\(build.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master WHERE name LIKE 'seg_tags_%'").isEmpty)
        #expect(try Support.seg(["run", "q.seg", "--db", db], cwd: dir).stdout == before)
        // The statement form stops where it is written, and what the run said it saved is undone.
        try "segment g where aum > 0 export to list\nbuild tags\n".write(to: dir.appendingPathComponent("b.seg"), atomically: true, encoding: .utf8)
        let statement = try Support.seg(["run", "b.seg", "--db", db], cwd: dir)
        #expect(statement.status == 1 && statement.stderr.contains("E0732") && statement.stderr.contains("b.seg:2:1")
                && statement.stderr.contains("nothing it would have written was saved"), "\(statement.stderr)")
        let lists = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(lists.status == 0 && lists.stdout.contains("(0 rows)"), "\(lists.stdout)")
    }

    /// Nor does the REPL's memory compare such a column: a kept segment beside it, with
    /// `count`, `by` and `overlap`, answers as `seg run` does.
    @Test func theREPLLeavesCollatedColumnsToSQL() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: """
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, level TEXT COLLATE NOCASE, aum REAL);
            CREATE TABLE transactions (txn_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (customer_id), amount REAL);
            INSERT INTO customers VALUES (1, 'gold', 10), (2, 'GOLD', 20), (3, 'Gold', 30), (4, 'silver', 40);
            INSERT INTO transactions VALUES (1, 1, 5), (2, 2, 5), (3, 3, 5), (4, 4, 5);
            """, in: dir)
        let questions = ["count busy and level = \"gold\"", "count busy by level", "overlap busy, level = \"GOLD\""]
        var options = RunOptions()
        options.keepSegments = true
        let session = try Session(engine: try SQLiteEngine(path: db), options: options)
        let repl = Conversation(session: session)
        #expect(repl.evaluate("segment busy where count(transactions) >= 1").failure == nil)
        for q in questions {
            let want = try Support.run("segment busy where count(transactions) >= 1\n\(q)\n", db: db).outputs
            #expect(repl.evaluate(q).outputs == want, "\(q)")
        }
        guard case .count(_, let n)? = repl.evaluate(questions[0]).outputs.first else { Issue.record("no count"); return }
        #expect(n == 3)
        #expect(session.answeredFromMemory == 0)
    }
}

/// `build tags` in a script: the table a run builds is the one `seg tags build` builds, it is
/// built only when the run commits (a run that stops, or a report, leaves none), and the
/// REPL takes the statement too.
@Suite struct BuildTagsStatementTests {
    static func tagTables(_ db: String) throws -> [String] {
        guard try !SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master WHERE name = 'seg_tag_tables'").isEmpty else { return [] }
        return try SQLiteDatabase(path: db).query("SELECT name, modules, tags FROM seg_tag_tables ORDER BY name").map { r in
            r.map { PersonalDataTests.text($0) ?? "" }.joined(separator: " | ")
        }
    }

    @Test func aScriptBuildsTheTableSegTagsBuildWould() throws {
        let (dir, db) = try TagStoreTests.copy()
        try "segment rich where aum >= 50万\n".write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        try "use stdlib.rfm\nbuild tags stdlib.rfm, \"m.seg\"\ncount rfm_champions\n".write(to: dir.appendingPathComponent("nightly.seg"), atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", "nightly.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("built tag table seg_tags_1: 11 tags for 3,000 customers, as of 2026-11-01"), "\(run.stdout)")
        // The same modules built from the command line: the same tags, fingerprints and all.
        let cli = try Support.seg(["tags", "build", "stdlib.rfm", "m.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(cli.status == 0, "\(cli.stderr)")
        let tables = try Self.tagTables(db)
        #expect(tables.count == 2)
        let tags = tables.map { $0.split(separator: "|").last.map(String.init) ?? "" }
        #expect(tags.count == 2 && tags[0] == tags[1], "\(tables)")
        #expect(tables.first?.contains("nightly.seg: build tags stdlib.rfm, \"m.seg\"") == true, "\(tables)")
        // A later run reads it; the ledger names it.
        try "use stdlib.rfm\nexplain rfm_champions\n".write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "e.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir).stdout.contains("tag table seg_tags_"))
        let ledger = try SQLiteDatabase(path: db).query("SELECT wrote FROM seg_runs ORDER BY rowid").map { PersonalDataTests.text($0[0]) ?? "" }
        #expect(ledger.contains { $0.contains("tag table seg_tags_1") }, "\(ledger)")
        // Bare, it tags the script's own definitions and its modules'.
        try "segment poor where aum < 1万\nbuild tags\n".write(to: dir.appendingPathComponent("own.seg"), atomically: true, encoding: .utf8)
        let own = try Support.seg(["run", "own.seg", "--db", db], cwd: dir)
        #expect(own.status == 0 && own.stdout.contains("built tag table seg_tags_3: 1 tag for"), "\(own.stdout)\(own.stderr)")
        // Run again (the nightly job), it replaces its own table, not the others; twice in one run is built once.
        try "segment poor where aum < 1万\nbuild tags\nbuild tags\n".write(to: dir.appendingPathComponent("own.seg"), atomically: true, encoding: .utf8)
        let again = try Support.seg(["run", "own.seg", "--db", db], cwd: dir)
        #expect(again.stdout.contains("built tag table seg_tags_4: 1 tag for 3,000 customers, as of") && again.stdout.contains("(replaces seg_tags_3)"), "\(again.stdout)")
        #expect(try Self.tagTables(db).map { String($0.prefix(10)) } == ["seg_tags_1", "seg_tags_2", "seg_tags_4"])
    }

    /// What a build says is one output of the run, said once it commits (the ledger's digest of
    /// the outputs, and `--format json`, see it once).
    @Test func aBuildIsSaidOnce() throws {
        let (_, db) = try TagStoreTests.copy()
        var said: [Output] = []
        let session = try Session(engine: try SQLiteEngine(path: db))
        let result = session.run(path: "b.seg", text: "segment rich where aum >= 50万\nbuild tags\ncount rich\n") { said.append($0) }
        #expect(result.failure == nil, "\(result.diagnostics)")
        let built = { (o: Output) -> Bool in if case .message(let m) = o { return m.hasPrefix("built tag table") } else { return false } }
        #expect(result.outputs.filter(built).count == 1, "\(result.outputs)")
        #expect(said.filter(built).count == 1, "\(said)")
        #expect(result.outputs == said)
    }

    @Test func nothingIsBuiltByARunThatStopsOrAReport() throws {
        let (dir, db) = try TagStoreTests.copy()
        try "use stdlib.rfm\nbuild tags\nassert count all < 10\n".write(to: dir.appendingPathComponent("a.seg"), atomically: true, encoding: .utf8)
        let stopped = try Support.seg(["run", "a.seg", "--db", db], cwd: dir)
        #expect(stopped.status == 4, "\(stopped.stderr)")
        #expect(try Self.tagTables(db).isEmpty)
        try "use stdlib.rfm\nbuild tags\ncount rfm_champions\n".write(to: dir.appendingPathComponent("r.seg"), atomically: true, encoding: .utf8)
        let report = try Support.seg(["report", "r.seg", "-o", "r.html", "--db", db], cwd: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Self.tagTables(db).isEmpty)
        #expect(try SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master WHERE name LIKE 'seg_tags_%'").isEmpty)
        // A module that is not there stops the run before anything is saved.
        try "build tags \"nowhere.seg\"\nexport all to list everyone\n".write(to: dir.appendingPathComponent("b.seg"), atomically: true, encoding: .utf8)
        let bad = try Support.seg(["run", "b.seg", "--db", db], cwd: dir)
        #expect(bad.status == 1 && bad.stderr.contains("E0731") && bad.stderr.contains("nowhere.seg"), "\(bad.stderr)")
        // A module with a mistake is reported where the mistake is.
        try "segment x where citty = \"上海\"\n".write(to: dir.appendingPathComponent("typo.seg"), atomically: true, encoding: .utf8)
        try "build tags \"typo.seg\"\n".write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        let typo = try Support.seg(["run", "c.seg", "--db", db], cwd: dir)
        #expect(typo.stderr.contains("typo.seg:1:17: unknown name `citty`") && typo.stderr.contains("did you mean `city`?"), "\(typo.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT * FROM seg_lists WHERE name = 'everyone'").isEmpty)
    }

    /// `seg check`, `seg compile` and `--dry-run` of a script with `build tags` write nothing:
    /// no tag table, no catalog row, no ledger row. A bare `build tags` in a script with no
    /// definitions says so where it is written (E0730).
    @Test func checkingAndCompilingBuildNothing() throws {
        let (dir, db) = try TagStoreTests.copy()
        try "use stdlib.rfm\nbuild tags stdlib.rfm\ncount rfm_champions\n".write(to: dir.appendingPathComponent("n.seg"), atomically: true, encoding: .utf8)
        func runs() throws -> Int {
            let rows = try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_runs'")
            guard case .integer(1)? = rows.first?.first else { return 0 }
            guard case .integer(let n)? = try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_runs").first?.first else { return -1 }
            return Int(n)
        }
        let ledger = try runs()
        for args in [["check", "n.seg"], ["compile", "n.seg"], ["run", "n.seg", "--dry-run"]] {
            let r = try Support.seg(args + ["--db", db], cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        #expect(try Self.tagTables(db).isEmpty)
        #expect(try SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master WHERE name LIKE 'seg_tags_%'").isEmpty)
        #expect(try runs() == ledger)
        try "count all\nbuild tags\n".write(to: dir.appendingPathComponent("empty.seg"), atomically: true, encoding: .utf8)
        let empty = try Support.seg(["run", "empty.seg", "--db", db], cwd: dir)
        #expect(empty.status != 0 && empty.stderr.contains("E0730") && empty.stderr.contains("empty.seg:2:1"), "\(empty.stderr)")
        #expect(try Self.tagTables(db).isEmpty)
    }

    @Test func theREPLBuildsTags() throws {
        let (dir, db) = try TagStoreTests.copy()
        let r = try Support.seg(["repl", "--db", db], cwd: dir, stdin: "use stdlib.rfm\nbuild tags stdlib.rfm\nexplain rfm_champions\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("built tag table seg_tags_1") && r.stdout.contains("read from tag table seg_tags_1"), "\(r.stdout)")
    }
}

/// The REPL keeps each costly segment it evaluates as a temporary table of members: later
/// entries read it, a redefinition or a change to the data computes it again.
@Suite struct KeptSegmentsTests {
    static func count(_ r: RunResult) -> Int64? {
        for case .count(_, let v) in r.outputs { return v }
        return nil
    }

    @Test func keptSegmentsAnswerAsComputingDoes() throws {
        let (_, db) = try TagStoreTests.copy()
        var options = RunOptions()
        options.asOf = "2026-11-01"
        options.keepSegments = true
        let session = try Session(engine: try SQLiteEngine(path: db), options: options)
        let repl = Conversation(session: session)
        func truth(_ condition: String) throws -> Int64? {
            var plain = RunOptions()
            plain.asOf = "2026-11-01"
            return Self.count(try Support.run("use stdlib.tags\nsegment vip where aum >= 50万 and payroll\ncount \(condition)\n", db: db, options: plain))
        }
        #expect(repl.evaluate("use stdlib.tags\nsegment vip where aum >= 50万 and payroll").failure == nil)
        let first = repl.evaluate("count vip")
        #expect(Self.count(first) == (try truth("vip")))
        // Read from the kept table now, and in combinations.
        for q in ["vip", "vip and mobile_active", "vip or card_active", "not vip and payroll"] {
            let r = repl.evaluate("count \(q)")
            #expect(Self.count(r) == (try truth(q)), "\(q)")
        }
        let explain = repl.evaluate("explain vip and payroll")
        guard case .explain(_, _, _, _, let note, _, _)? = explain.outputs.first else { Issue.record("no explain"); return }
        #expect((note ?? "").contains("kept from earlier in this session: payroll, vip"), "\(note ?? "")")
        // The data changes under the session: a customer gains a payroll and much money.
        let other = try SQLiteDatabase(path: db)
        try other.execute("""
            UPDATE customers SET aum = 9000000 WHERE customer_id = (SELECT MIN(customer_id) FROM customers WHERE aum < 500000);
            INSERT INTO transactions (txn_id, customer_id, txn_date, type, amount, channel)
            SELECT MAX(txn_id) + 1, (SELECT MIN(customer_id) FROM customers WHERE aum = 9000000), '2026-10-30', 'payroll', 10000, 'branch' FROM transactions;
            """)
        #expect(Self.count(repl.evaluate("count vip")) == (try truth("vip")))
        // A redefinition is computed, not read from the old table.
        #expect(repl.evaluate("segment vip where aum >= 100万 and payroll").failure == nil)
        #expect(Self.count(repl.evaluate("count vip")) == (try truth("aum >= 100万 and payroll")))
    }
}
