import Foundation
import Testing
import SegSyntax
import SegCheck
import SegCompile
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// A real PostgreSQL server (CI starts one and sets SEG_TEST_POSTGRES): the SQL Seg compiles
/// for PostgreSQL (`seg compile --dialect postgres --inline`) runs there unchanged and returns
/// the same rows as the SQLite SQL on SQLite, for every example and every script test.
@Suite(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
struct PostgresTests {
    /// Both banks, loaded once into schemas of their own.
    static let schemas: (fixture: String, demo: String) = {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let fixture = "seg_fixture_\(tag)", demo = "seg_demo_\(tag)"
        let fixtureSQL = try! String(contentsOf: Support.root.appendingPathComponent("Tests/scripts/fixture.sql"), encoding: .utf8)
        let dir = Support.tempDir()
        var copies = ""
        for table in DemoBank.tables {
            let csv = dir.appendingPathComponent("\(table).csv")
            try! Postgres.csv(ofSQLite: Support.demoPath, table: table).write(to: csv, atomically: true, encoding: .utf8)
            copies += "\\copy \(table) FROM '\(csv.path)' WITH (FORMAT csv)\n"
        }
        let load = """
            CREATE SCHEMA \(fixture); SET search_path TO \(fixture);
            \(fixtureSQL)
            CREATE SCHEMA \(demo); SET search_path TO \(demo);
            \(DemoBank.schema)
            \(DemoBank.activitySchema)
            \(copies)
            \(DemoBank.activityIndexes)
            ANALYZE;
            """
        let r = try! Postgres.psql(load)
        precondition(r.status == 0, "loading PostgreSQL failed: \(r.stderr)")
        return (fixture, demo)
    }()

    /// Template databases for the end-to-end runs, which write lists, contacts, tables and the
    /// ledger: each run gets its own copy (`CREATE DATABASE … TEMPLATE`), as each SQLite run
    /// gets its own file. The demo goes in through `DemoBank.load`, the loader `seg demo` uses.
    static let templates: (fixture: String, demo: String) = {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let fixture = "seg_tfix_\(tag)", demo = "seg_tdemo_\(tag)"
        let fixtureSQL = try! String(contentsOf: Support.root.appendingPathComponent("Tests/scripts/fixture.sql"), encoding: .utf8)
        precondition(try! Postgres.psql("CREATE DATABASE \(fixture); CREATE DATABASE \(demo);").status == 0)
        let r = try! Postgres.psql(fixtureSQL, database: fixture)
        precondition(r.status == 0, "loading the fixture failed: \(r.stderr)")
        let pg = try! PostgresEngine(Postgres.conninfo! + " dbname=\(demo)")
        try! DemoBank.load(from: SQLiteDatabase(path: Support.demoPath), into: pg, replace: false)
        return (fixture, demo)
    }()

    /// The same words, numbers (thousands separators aside) equal to 1e-9 relative.
    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = a.split(whereSeparator: \.isWhitespace), y = b.split(whereSeparator: \.isWhitespace)
        guard x.count == y.count else { return false }
        for (u, v) in zip(x, y) where u != v {
            guard let p = Double(u.replacingOccurrences(of: ",", with: "")), let q = Double(v.replacingOccurrences(of: ",", with: "")),
                  abs(p - q) <= 1e-9 * max(1, abs(p)) else { return false }
        }
        return true
    }

    struct CopyFailed: Error { var template: String; var reason: String }

    /// A fresh database copied from a template; dropped by the caller.
    static func copy(of template: String) throws -> String {
        let name = "seg_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        // A template cannot be copied while someone is connected to it: retry briefly.
        var last = ""
        for _ in 0..<50 {
            let r = try Postgres.psql("CREATE DATABASE \(name) TEMPLATE \(template)")
            if r.status == 0 { return name }
            last = r.stderr
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw CopyFailed(template: template, reason: last)
    }

    /// The same script through the real engines, `seg run --db FILE` and `seg run --db
    /// postgresql…`: the printed output must be the same — lists, campaigns, contacts, tables
    /// and model reasons included — with numbers equal to 1e-9 (a pushed-down model adds its
    /// trees in another order than Seg's own scorer). (An `explain` of a segment prints the
    /// engine's SQL and plan: those scripts are SQLite-only.)
    static func portableEndToEnd(_ text: String) -> Bool {
        return !text.split(separator: "\n").contains { $0.hasPrefix("explain ") && !$0.contains(" for ") }
    }

    func endToEnd(_ path: String, sqliteDB: String, template: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard Self.portableEndToEnd(text) else { return }
        let e = ScriptTests.expectations(text)
        let database = try Self.copy(of: template)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        for extra in e.fixtures {
            let sql = try String(contentsOfFile: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(extra).path, encoding: .utf8)
            try SQLiteDatabase(path: sqliteDB).execute(sql)
            let r = try Postgres.psql(sql, database: database)
            #expect(r.status == 0, "\(extra): \(r.stderr)")
        }
        let args = e.args.contains("--as-of") ? e.args : e.args + ["--as-of", "2026-11-01"]
        let lite = try Support.seg(["run", path, "--db", sqliteDB] + args, cwd: Support.tempDir())
        let pg = try Support.seg(["run", path, "--db", Postgres.conninfo! + " dbname=\(database)"] + args, cwd: Support.tempDir())
        #expect(pg.status == lite.status, "\(path): \(pg.stderr)")
        #expect(Self.sameText(pg.stdout, lite.stdout), "\(path)\nSQLite:\n\(lite.stdout)\nPostgreSQL:\n\(pg.stdout)")
        if text.contains("export to list") || text.contains("campaign ") {
            // The saved versions hold the same members, groups and ranks.
            let query = "SELECT name, version, member_key, COALESCE(grp, ''), COALESCE(rnk, 0) FROM seg_list_members ORDER BY 1, 2, 3"
            let liteRows = try SQLiteDatabase(path: sqliteDB).query(query).map { $0.map(Postgres.normal) }
            let pgRows = try Postgres.psql(query.replacingOccurrences(of: "ORDER BY 1, 2, 3", with: "ORDER BY 1, 2, length(member_key), 3") + ";", database: database)
                .stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            #expect(pgRows == liteRows, "\(path): saved members differ")
        }
    }

    @Test(arguments: ScriptTests.scripts.filter { !$0.hasPrefix("errors/") && !$0.contains("bad_") })
    func scriptThroughTheEngine(_ name: String) throws {
        try endToEnd(Support.root.appendingPathComponent("Tests/scripts/\(name)").path, sqliteDB: try Support.fixtureDatabase(), template: Self.templates.fixture)
    }

    @Test(arguments: ScriptTests.examples)
    func exampleThroughTheEngine(_ name: String) throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        try endToEnd(Support.root.appendingPathComponent("examples/\(name)").path, sqliteDB: db, template: Self.templates.demo)
    }

    /// A value no row holds warns on PostgreSQL as on SQLite (W0707), with the same nearest values.
    @Test func aValueNoRowHoldsWarnsOnPostgresToo() throws {
        let session = try Session(engine: try PostgresEngine(Postgres.conninfo! + " dbname=\(Self.templates.demo)"))
        let text = "count city = \"上海市\"\ncount any(transactions where type = \"salary\")\ncount city = \"上海\""
        let pg = session.run(path: "v.seg", text: text).diagnostics
        let lite = try Support.run(text, db: try FirstHourTests.demo()).diagnostics
        #expect(pg.map(\.code) == ["W0707", "W0707"], "\(pg)")
        #expect(pg.map(\.message) == lite.map(\.message) && pg.map(\.suggestion) == lite.map(\.suggestion))
    }

    /// A server that talks (a view whose function raises a WARNING for every row) says
    /// nothing on the user's screen: the answer is all there is.
    @Test func serverNoticesStayOffTheScreen() throws {
        let database = try Self.copy(of: Self.templates.demo)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        let setup = try Postgres.psql("""
            CREATE FUNCTION seg_test_talk() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'a server warning'; RAISE NOTICE 'a server notice'; RETURN true; END $$;
            ALTER TABLE customers RENAME TO customers_stored;
            CREATE VIEW customers AS SELECT * FROM customers_stored WHERE seg_test_talk();
            """, database: database)
        #expect(setup.status == 0, "\(setup.stderr)")
        let dir = Support.tempDir()
        try "use stdlib.bank\ncount all\n".write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "c.seg", "--db", Postgres.conninfo! + " dbname=\(database)"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("a server") && !r.stdout.contains("a server"), "\(r.stderr)")
    }

    /// The demo bank's declared reference date travels with it to PostgreSQL (`seg demo`'s loader).
    @Test func theDeclaredDateIsReadFromPostgres() throws {
        let session = try Session(engine: try PostgresEngine(Postgres.conninfo! + " dbname=\(Self.templates.demo)"))
        #expect(session.options.asOf == "2026-11-01" && session.options.asOfSource == .database)
    }

    @Test func aServerThatIsNotThereIsAClearError() throws {
        let r = try Support.seg(["run", Support.root.appendingPathComponent("examples/quickstart.seg").path,
                                 "--db", "postgresql://nobody@127.0.0.1:1/none"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1"), "\(r.stderr)")
    }

    /// Rows stream one at a time; a reader that stops part way (a full disk during an export)
    /// stops the query, and the same connection then runs the next statement.
    @Test func rowsStreamAndAStoppedReaderLeavesTheConnectionUsable() throws {
        struct Stop: Error {}
        let pg = try PostgresEngine(Postgres.conninfo!)
        let count = BoundQuery(text: "SELECT g, g * 0.5 AS half, g % 2 = 0 AS even FROM generate_series(1, $1::int8) AS g", parameters: [.integer(200_000)])
        var seen = 0
        #expect(throws: Stop.self) {
            try pg.run(count) { row in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
        var rows: [[Value]] = []
        try pg.run(BoundQuery(text: "SELECT g, g * 0.5, g % 2 = 0 FROM generate_series(1, 4) AS g", parameters: [])) { rows.append($0) }
        #expect(rows == [[.integer(1), .real(0.5), .integer(0)], [.integer(2), .real(1), .integer(1)],
                         [.integer(3), .real(1.5), .integer(0)], [.integer(4), .real(2), .integer(1)]])
        var total: Int64 = 0
        try pg.run(count) { row in if case .integer(let g) = row[0] { total += g } }
        #expect(total == 200_000 * 200_001 / 2)
    }

    /// The first rows arrive while the server is still working (here, asleep for 30 s at row
    /// 1,000), and stopping there stops the server: materialising the result would take 30 s.
    @Test func aReaderGetsRowsBeforeTheQueryEnds() throws {
        struct Stop: Error {}
        let pg = try PostgresEngine(Postgres.conninfo!)
        let slow = BoundQuery(text: "SELECT g, repeat('x', 100), CASE WHEN g = 1000 THEN pg_sleep(30)::text END FROM generate_series(1, 2000) AS g", parameters: [])
        let start = Date()
        #expect(throws: Stop.self) { try pg.run(slow) { _ in throw Stop() } }
        #expect(Date().timeIntervalSince(start) < 15)
        var one: [[Value]] = []
        try pg.run(BoundQuery(text: "SELECT 1", parameters: [])) { one.append($0) }
        #expect(one == [[.integer(1)]])
    }

    /// Compiles a script for both dialects and compares every statement's rows.
    func compare(_ script: String, sqliteDB: String, schema: String, label: String) throws {
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let engine = try SQLiteEngine(path: sqliteDB)
        let session = try Session(engine: engine, options: options)
        defer { _ = session }
        var sources = SourceMap()
        let (checked, diagnostics) = session.check(path: label, text: script, sources: &sources)
        let program = try #require(checked, "\(label): \(diagnostics.map(\.message))")
        session.registerModels(of: program)
        // Statements that read the list store, or ask for `reasons`, are SQLite-only.
        var portable = program
        portable.actions = program.actions.filter { !program.readsListStore($0) }
        for plan in [PlanChoice.correlated, .grouped] {
        let (lite, _) = Compiler.compile(portable, dialect: .sqlite, asOf: options.asOf, plan: plan)
        let (pg, _) = Compiler.compile(portable, dialect: .postgres, asOf: options.asOf, plan: plan)
        #expect(lite.count == pg.count)
        for (l, p) in zip(lite, pg) {
            var expected: [[String]] = []
            try engine.run(l.bound) { row in expected.append(row.map(Postgres.normal)) }
            let r = try Postgres.psql("SET search_path TO \(schema);\n\(p.inlineText);")
            #expect(r.status == 0, "\(label): PostgreSQL refused:\n\(p.inlineText)\n\(r.stderr)")
            let actual = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .filter { $0 != "SET" }
                .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { Postgres.normal(String($0)) } }
            #expect(Postgres.same(expected, Array(actual)), "\(label) (\(plan)): \(sources.file(0)?.slice(l.action.span) ?? "")\nSQLite: \(expected.prefix(5))\nPostgreSQL: \(actual.prefix(5))")
        }
        }
    }

    @Test(arguments: ScriptTests.examples)
    func example(_ name: String) throws {
        let path = Support.root.appendingPathComponent("examples/\(name)")
        let text = try String(contentsOf: path, encoding: .utf8)
        try compare(text, sqliteDB: Support.demoPath, schema: Self.schemas.demo, label: path.path)
    }

    /// Every script test that runs cleanly, on the fixture bank.
    /// (Campaign scripts read the list store and their own fixtures: they are SQLite-only for now.)
    @Test(arguments: ScriptTests.scripts.filter { !$0.hasPrefix("errors/") && !$0.contains("bad_") && !$0.hasPrefix("campaigns/") })
    func script(_ name: String) throws {
        let path = Support.root.appendingPathComponent("Tests/scripts/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try compare(text, sqliteDB: try Support.fixtureDatabase(), schema: Self.schemas.fixture, label: path)
    }

    @Test func expressionTable() throws {
        let text = GoldenSQLTests.expressions.map { "count \($0)\nshow \($0) with customer_id, aum order by name limit 50" }.joined(separator: "\n")
        try compare(text, sqliteDB: try Support.fixtureDatabase(), schema: Self.schemas.fixture, label: "expressions")
    }
}

/// `psql`, and the small conversions that let its text be compared with SQLite's values.
enum Postgres {
    static let conninfo = ProcessInfo.processInfo.environment["SEG_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static func psql(_ sql: String, database: String? = nil) throws -> Support.Run {
        let file = Support.tempDir().appendingPathComponent("q.sql")
        try sql.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        p.arguments = [conninfo! + (database.map { " dbname=\($0)" } ?? ""), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\t", "-P", "null=\\N", "-f", file.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Support.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A SQLite table as CSV for `\copy`: NULL empty and unquoted, booleans as t/f.
    static func csv(ofSQLite path: String, table: String) throws -> String {
        let db = try SQLiteDatabase(path: path)
        let types = try db.query("SELECT type FROM pragma_table_info(?1) ORDER BY cid", [.text(table)]).map { $0[0] }
        var out = ""
        for row in try db.query("SELECT * FROM \"\(table)\"") {
            out += zip(row, types).map { v, t -> String in
                switch v {
                case .null: return ""
                case .integer(let i): return t == .text("BOOLEAN") ? (i != 0 ? "t" : "f") : String(i)
                case .real(let d): return String(d)
                case .text(let s): return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func normal(_ v: Value) -> String {
        switch v {
        case .null: return "\\N"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        }
    }

    static func normal(_ s: String) -> String {
        s == "t" ? "1" : s == "f" ? "0" : s
    }

    static func same(_ a: [[String]], _ b: [[String]]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard x.count == y.count else { return false }
            for (u, v) in zip(x, y) where u != v {
                guard let p = Double(u), let q = Double(v), abs(p - q) <= 1e-9 * max(1, abs(p)) else { return false }
            }
        }
        return true
    }
}

extension CheckedProgram {
    func containsReasons(_ e: TypedExpr) -> Bool {
        mentions(e) { if case .reasons = $0.kind { return true } else { return false } }
    }

    func readsListStore(_ a: CheckedAction) -> Bool {
        if case .evaluateCampaign = a.kind { return true }
        // `reasons` are computed in Seg's process: SQLite only.
        if case .show(let columns, _, _) = a.kind, columns.contains(where: { containsReasons($0.expr) }) { return true }
        if case .explainFor(_, let nodes) = a.kind, nodes.contains(where: { containsReasons($0.expr) }) { return true }
        if case .export(_, let columns) = a.kind, columns.contains(where: { containsReasons($0.expr) }) { return true }
        var exprs = [a.target]
        if case .campaign(let c) = a.kind { exprs += c.exclusions.map(\.condition) }
        return exprs.contains { mentions($0) { if case .savedList = $0.kind { return true } else { return false } } }
    }
}
