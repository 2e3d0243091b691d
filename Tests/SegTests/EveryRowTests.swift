import Foundation
import Testing
@testable import SegRun
import SegCompile
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Every row on every engine (issue 25): a list and an `export … to table` of more than
/// 100,000 rows saved on SQLite, PostgreSQL and Spark (local[2]) hold every member, with the
/// same keys and the same data, member for member, as SQLite's — and SQLite's are the ones
/// computed here in Swift from the formulas the synthetic table is made by.
@Suite struct EveryRowTests {
    /// Customers of the synthetic bank, made by SQL on each engine from the same formulas.
    static let customers = 120_000

    /// The script each engine runs: every customer to a list, most of them to a table, and a
    /// campaign of 30,000 (its members, groups, ranks, exclusions and contacts saved too).
    static let script = """
        export all to list every_row with customer_id, name, note, score, balance, amount, joined, active
        export active or score >= 0.1 to table every_row_t with customer_id, name, note, score, balance, amount, joined, active, score * 2, balance + 1
        campaign every_call
          target active or score >= 0.5
          holdout 10% seed "every"
          rank by score desc
          limit 30000
          channel phone
        """
    static let campaignLimit = 30_000
    static let campaignTarget = (1...Int64(customers)).filter { $0 % 3 == 0 || score($0) >= 0.5 }.count

    // The formulas, in Swift: what the engines must have saved.
    static func score(_ n: Int64) -> Double { Double(n * 7919 % 10007) / 10007.0 }
    static func balance(_ n: Int64) -> Int64 { n * 104729 % 2000003 - 1000000 }
    static func inTable(_ n: Int64) -> Bool { n % 3 == 0 || score(n) >= 0.1 }
    static let tableKeys: [String] = (1...Int64(customers)).filter(inTable).map(String.init)

    /// A note for each customer: tabs, newlines, carriage returns, backslashes, quotes and
    /// letters outside ASCII, which COPY and JSON must carry as they are; NULL for every 11th.
    static func noteSQL(_ n: String, chr: String, concat: ([String]) -> String) -> String {
        let endings = ["\(chr)(9)", "\(chr)(10)", "\(chr)(92)", "'é中'", "'\"'", "\(chr)(13)", "''"]
        let ending = "CASE \(n) % 7 " + endings.enumerated().map { "WHEN \($0.offset) THEN \($0.element)" }.joined(separator: " ") + " END"
        return "CASE WHEN \(n) % 11 = 0 THEN NULL ELSE \(concat(["'note '", n, ending, "'end'"])) END"
    }

    static let sqliteTable = """
        CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT, note TEXT, score REAL, balance INTEGER, amount REAL, joined DATE, active BOOLEAN);
        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < \(customers))
        INSERT INTO customers SELECT n, 'Customer ' || n, \(noteSQL("n", chr: "char") { $0.joined(separator: " || ") }),
            (n * 7919 % 10007) / 10007.0, n * 104729 % 2000003 - 1000000, (n * 104729 % 2000003 - 1000000) / 7.0,
            date('2015-01-01', '+' || (n % 3000) || ' days'), n % 3 = 0
        FROM g;
        """

    static let postgresTable = """
        CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, name TEXT, note TEXT, score DOUBLE PRECISION, balance BIGINT, amount DOUBLE PRECISION, joined DATE, active BOOLEAN);
        INSERT INTO customers SELECT n, 'Customer ' || n, \(noteSQL("n", chr: "chr") { $0.joined(separator: " || ") }),
            (n * 7919 % 10007)::float8 / 10007, n * 104729 % 2000003 - 1000000, (n * 104729 % 2000003 - 1000000)::float8 / 7,
            DATE '2015-01-01' + (n % 3000)::int, n % 3 = 0
        FROM generate_series(1::bigint, \(customers)::bigint) AS g(n);
        ANALYZE customers;
        """

    static let sparkTable = """
        SELECT id AS customer_id, concat('Customer ', id) AS name, \(noteSQL("id", chr: "chr") { "concat(" + $0.joined(separator: ", ") + ")" }) AS note,
            (id * 7919 % 10007) / 10007 AS score, id * 104729 % 2000003 - 1000000 AS balance, (id * 104729 % 2000003 - 1000000) / 7 AS amount,
            date_add(DATE'2015-01-01', CAST(id % 3000 AS INT)) AS joined, id % 3 = 0 AS active
        FROM range(1, \(customers + 1))
        """

    /// What an engine saved: the list's members (key, data) and the table's rows, each as
    /// text, in key order, and the list's member count as its header says.
    struct Saved: Equatable {
        var members: [[String]]
        var headerCount: String
        var table: [[String]]
        /// The campaign's members (key, group, rank, data), exclusions (key, reason) and contacts (key, channel, date).
        var campaign: [[String]]
        var exclusions: [[String]]
        var contacts: [[String]]
    }

    static func text(_ v: Value) -> String { Postgres.normal(v) }

    static func read(_ engine: any Engine) throws -> Saved {
        func rows(_ sql: String) throws -> [[String]] {
            var out: [[String]] = []
            try engine.run(BoundQuery(text: sql, parameters: [])) { out.append($0.map(text)) }
            return out.sorted { Int64($0[0])! < Int64($1[0])! }
        }
        let members = try rows("SELECT member_key, data FROM seg_list_members WHERE name = 'every_row' AND version = 1")
        let header = try rows("SELECT members FROM seg_lists WHERE name = 'every_row' AND version = 1")
        let table = try rows("SELECT * FROM every_row_t")
        return Saved(members: members, headerCount: header.first?.first ?? "none", table: table,
                     campaign: try rows("SELECT member_key, grp, rnk, data FROM seg_list_members WHERE name = 'every_call' AND version = 1"),
                     exclusions: try rows("SELECT member_key, reason FROM seg_list_exclusions WHERE name = 'every_call' AND version = 1"),
                     contacts: try rows("SELECT member_key, channel, contact_date FROM seg_contacts WHERE list = 'every_call' AND version = 1"))
    }

    /// Runs the script and says what it said; the run must succeed.
    static func runScript(on engine: any Engine) throws -> [String] {
        let started = Date()
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let r = try Support.run(script, engine: engine, options: options)
        #expect(r.failure == nil, "\(engine.label): \(Support.rendered(r))")
        let said = r.outputs.compactMap { o -> String? in if case .message(let m) = o { return m } else { return nil } }
        print("EveryRowTests: \(engine.dialect.name.displayName) saved \(customers) members, \(tableKeys.count) rows and a campaign of \(campaignTarget) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        return said
    }

    /// What the run says; the campaign's treatment and holdout are counted from SQLite's groups.
    static var expectedMessages: [String] { messages(held: (try? reference.get())?.campaign.filter { $0[1] == "holdout" }.count ?? -1) }

    static func messages(held: Int) -> [String] {
        ["saved list every_row version 1 (\(Cell.grouped(Int64(customers))) members)",
         "wrote \(Cell.grouped(Int64(tableKeys.count))) rows to table every_row_t",
         "saved list every_call version 1 (\(Cell.grouped(Int64(campaignLimit))) treatment, \(Cell.grouped(Int64(held))) holdout)"]
    }

    /// SQLite's saved rows: checked against the formulas, then the reference for the others.
    static let reference: Result<Saved, Error> = Result {
        let db = Support.tempDir().appendingPathComponent("every.db").path
        try SQLiteDatabase(path: db, create: true).execute(sqliteTable)
        let engine = try SQLiteEngine(path: db)
        let said = try runScript(on: engine)
        let saved = try read(engine)
        let held = saved.campaign.filter { $0[1] == "holdout" }.count
        #expect(said == messages(held: held), "\(said)")
        return saved
    }

    @Test func sqliteSavesEveryRowAsTheFormulasSay() throws {
        let saved = try Self.reference.get()
        #expect(Self.tableKeysAre(saved))
        #expect(saved.members.map { $0[0] } == (1...Int64(Self.customers)).map(String.init))
        #expect(saved.headerCount == String(Self.customers))
        // Values computed here, not by an engine: the data of a few members as JSON, and
        // every row's score, balance and derived columns of the table.
        let byKey = Dictionary(uniqueKeysWithValues: saved.members.map { ($0[0], $0[1]) })
        func number(_ d: Double) -> String { Cell.text(.real(d), .number) ?? "?" }
        #expect(byKey["7"] == #"{"customer_id":7,"name":""# + Mask.apply("Customer 7") + #"","note":"note 7\tend","score":"# + number(Self.score(7))
                + #","balance":"# + "\(Self.balance(7))" + #","amount":"# + number(Double(Self.balance(7)) / 7) + #","joined":"2015-01-08","active":false}"#,
                "\(byKey["7"] ?? "")")
        #expect(byKey["22"]?.contains(#""note":null"#) == true && byKey["9"]?.contains(#""note":"note 9\\end""#) == true
                && byKey["10"]?.contains(#""note":"note 10é中end""#) == true && byKey["8"]?.contains(#""note":"note 8\nend""#) == true,
                "\(byKey["22"] ?? "") \(byKey["9"] ?? "") \(byKey["10"] ?? "") \(byKey["8"] ?? "")")
        // The campaign: the first of its target by score (highest first) until 30,000 are in its
        // treatment, ranked from 1, with those its holdout keeps; the rest of the target excluded
        // by the limit; a contact for each member of the treatment.
        let treatment = saved.campaign.filter { $0[1] == "treatment" }.count
        #expect(treatment == Self.campaignLimit && saved.exclusions.count == Self.campaignTarget - saved.campaign.count,
                "\(saved.campaign.count) members, \(treatment) treatment, \(saved.exclusions.count) excluded of \(Self.campaignTarget)")
        let ranked = saved.campaign.sorted { Int($0[2])! < Int($1[2])! }
        #expect(ranked.map { Int($0[2])! } == Array(1...saved.campaign.count))
        let scores = ranked.map { Self.score(Int64($0[0])!) }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(scores.last! >= Set(saved.exclusions.map { Self.score(Int64($0[0])!) }).max()!)
        let groups = Set(saved.campaign.map { $0[1] })
        #expect(groups == ["treatment", "holdout"])
        #expect(saved.contacts.map { $0[0] } == saved.campaign.filter { $0[1] == "treatment" }.map { $0[0] })
        #expect(Set(saved.contacts.map { $0[1] + " " + $0[2] }) == ["phone 2026-11-01"])
        for row in saved.table {
            let n = Int64(row[0])!
            guard row[3] == String(Self.score(n)), row[4] == String(Self.balance(n)), row[8] == String(Self.score(n) * 2),
                  row[9] == String(Self.balance(n) + 1), row[7] == (n % 3 == 0 ? "1" : "0") else {
                Issue.record("row \(n): \(row)")
                break
            }
        }
    }

    static func tableKeysAre(_ saved: Saved) -> Bool { saved.table.map { $0[0] } == tableKeys }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func postgresSavesEveryRowAsSQLiteDoes() throws {
        let reference = try Self.reference.get()
        let database = "seg_every_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        #expect(try Postgres.psql("CREATE DATABASE \(database)").status == 0)
        defer { _ = try? Postgres.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let conninfo = Postgres.conninfo! + " dbname=\(database)"
        try PostgresEngine(conninfo).storeExecute(Self.postgresTable)
        #expect(try Self.runScript(on: try PostgresEngine(conninfo)) == Self.expectedMessages)
        let saved = try Self.read(try PostgresEngine(conninfo))
        #expect(saved.members.count == Self.customers && Self.tableKeysAre(saved), "\(saved.members.count) members, \(saved.table.count) rows")
        let same = saved == reference
        #expect(same, "\(Self.firstDifference(saved, reference))")
    }

    @Test(.enabled(if: SparkReference.python != nil, "SEG_TEST_SPARK_PYTHON is not set (.ci/run installs pyspark and sets it)"))
    func sparkSavesEveryRowAsSQLiteDoes() throws {
        let reference = try Self.reference.get()
        // (SparkReference sets the same; the environment is changed only when it must be.)
        if getenv("SEG_PYTHON").map({ String(cString: $0) }) != SparkReference.python { setenv("SEG_PYTHON", SparkReference.python!, 1) }
        // A warehouse of its own (its `customers` is not the demo's), stopped at the end.
        let warehouse = Support.tempDir().appendingPathComponent("warehouse").path
        let spark = try SparkEngine(master: "local[2]", warehouse: warehouse, driver: Support.root.appendingPathComponent("spark/seg_spark.py").path)
        try spark.createTable("customers", as: BoundQuery(text: Self.sparkTable, parameters: []), key: "customer_id")
        #expect(try Self.runScript(on: spark) == Self.expectedMessages)
        let saved = try Self.read(spark)
        #expect(saved.members.count == Self.customers && Self.tableKeysAre(saved), "\(saved.members.count) members, \(saved.table.count) rows")
        let same = saved == reference
        #expect(same, "\(Self.firstDifference(saved, reference))")
    }

    static func firstDifference(_ a: Saved, _ b: Saved) -> String {
        if a.headerCount != b.headerCount { return "header \(a.headerCount) vs \(b.headerCount)" }
        for (x, y) in [(a.members, b.members), (a.table, b.table), (a.campaign, b.campaign), (a.exclusions, b.exclusions), (a.contacts, b.contacts)] {
            if x.count != y.count { return "\(x.count) rows vs \(y.count)" }
            if let i = x.indices.first(where: { x[$0] != y[$0] }) { return "\(x[i]) vs \(y[i])" }
        }
        return "none"
    }
}

/// On PostgreSQL: a statement sent while another's rows still arrive is an error (libpq would
/// drop the rest of the rows without a word); rows read for the store come through a cursor.
@Suite(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
struct PostgresConnectionTests {
    /// A fresh database, dropped by the caller.
    static func database() throws -> (name: String, conninfo: String) {
        let name = "seg_conn_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let r = try Postgres.psql("CREATE DATABASE \(name)")
        #expect(r.status == 0, "\(r.stderr)")
        return (name, Postgres.conninfo! + " dbname=\(name)")
    }

    static func drop(_ name: String) { _ = try? Postgres.psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    @Test func aWriteWhileRowsArriveFailsInsteadOfLosingThem() throws {
        let (name, conninfo) = try Self.database()
        defer { Self.drop(name) }
        let pg = try PostgresEngine(conninfo)
        try pg.storeExecute("CREATE TABLE got (n BIGINT)")
        var seen = 0
        var failure: EngineError?
        do {
            try pg.run(BoundQuery(text: "SELECT g FROM generate_series(1, 30000) g", parameters: [])) { row in
                seen += 1
                if seen == 100 { try pg.storeInsert(into: "got", columns: ["n"], rows: [[row[0].sqlValue]]) }
            }
        } catch let e as EngineError { failure = e }
        #expect(failure?.detail.contains("still reading another's rows") == true, "\(String(describing: failure))")
        #expect(seen == 100)
        // The connection was drained: it answers the next statement.
        var one: [Value] = []
        try pg.run(BoundQuery(text: "SELECT COUNT(*) FROM got", parameters: [])) { one = $0 }
        #expect(one == [.integer(0)])
    }

    @Test func rowsReadForTheStoreAllArriveWhileTheyAreWritten() throws {
        let (name, conninfo) = try Self.database()
        defer { Self.drop(name) }
        let pg = try PostgresEngine(conninfo)
        try pg.storeExecute("CREATE TABLE got (n BIGINT)")
        try pg.begin()
        var chunk: [[SQLValue]] = []
        var seen: Int64 = 0
        try pg.storeWritingWhileReading {
            try pg.run(BoundQuery(text: "SELECT g FROM generate_series(1, $1::int) g ORDER BY g", parameters: [.integer(25_003)])) { row in
                seen += 1
                #expect(row == [.integer(seen)])
                chunk.append([row[0].sqlValue])
                if chunk.count == 1000 {
                    try pg.storeInsert(into: "got", columns: ["n"], rows: chunk)
                    chunk.removeAll()
                }
            }
        }
        try pg.storeInsert(into: "got", columns: ["n"], rows: chunk)
        try pg.commit()
        #expect(seen == 25_003)
        #expect(try pg.exec("SELECT COUNT(*), SUM(n), COUNT(DISTINCT n) FROM got") == [[.integer(25_003), .real(25_003 * 25_004 / 2), .integer(25_003)]])
    }

    /// A change committed by another session that stays open shows in the very next data
    /// version; a commit elsewhere, a rolled-back change and a reload of the same rows do not.
    @Test func dataVersionMovesAtOnceWhenAnotherSessionCommits() throws {
        let (name, conninfo) = try Self.database()
        defer { Self.drop(name) }
        let reader = try PostgresEngine(conninfo)
        try reader.storeExecute("""
            CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, aum DOUBLE PRECISION);
            CREATE TABLE accounts (account_id BIGINT PRIMARY KEY, customer_id BIGINT REFERENCES customers, balance BIGINT);
            CREATE TABLE elsewhere (n BIGINT);
            INSERT INTO customers SELECT g, g * 10 FROM generate_series(1, 1000) g;
            INSERT INTO accounts SELECT g, g % 1000 + 1, g FROM generate_series(1, 5000) g;
            """)
        func version() -> String? { reader.dataVersion(entity: "customers", numericColumns: ["aum"], relations: ["accounts"]) }
        let writer = try PostgresEngine(conninfo)
        let v1 = try #require(version())
        #expect(version() == v1)
        // An edit in place in a relation (same number of rows), committed; the writer stays connected.
        try writer.exec("UPDATE accounts SET balance = balance + 1 WHERE account_id = 4321")
        let v2 = try #require(version())
        #expect(v2 != v1)
        // Another table's change, and a change rolled back: the version stays.
        try writer.exec("INSERT INTO elsewhere VALUES (1)")
        #expect(version() == v2)
        try writer.begin()
        try writer.exec("DELETE FROM accounts WHERE account_id = 1")
        writer.rollback()
        #expect(version() == v2)
        // A deleted row, then the entity's own change.
        try writer.exec("DELETE FROM accounts WHERE account_id = 5000")
        let v3 = try #require(version())
        #expect(v3 != v2)
        try writer.exec("UPDATE customers SET aum = aum + 0.5 WHERE customer_id = 7")
        let v4 = try #require(version())
        #expect(v4 != v3)
        // The same rows again: the same version (it is the data's, not the clock's).
        try writer.exec("UPDATE customers SET aum = aum - 0.5 WHERE customer_id = 7")
        #expect(version() == v3)
        withExtendedLifetime(writer) {}
    }

    /// PostgreSQL keeps 63 bytes of a name: a longer table name is refused before anything
    /// runs (the list before it is not saved either); 63 bytes are kept whole; SQLite, which
    /// keeps any name, takes the longer one.
    @Test func tableNamesPostgreSQLWouldCutAreRefusedBeforeTheRun() throws {
        let (name, conninfo) = try Self.database()
        defer { Self.drop(name) }
        let pg = try PostgresEngine(conninfo)
        try pg.storeExecute("CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, aum BIGINT); INSERT INTO customers SELECT g, g FROM generate_series(1, 50) g;")
        let long = "mkt_" + String(repeating: "x", count: 60)                     // 64 bytes
        let wide = String(repeating: "表", count: 22)                              // 66 bytes, 22 letters
        for tooLong in [long, wide] {
            let r = try Support.run("export all to list before_it\nexport aum > 10 to table \(tooLong)\n", engine: pg)
            #expect(r.failure == .engine)
            #expect(r.diagnostics.map(\.code) == ["E0715"], "\(Support.rendered(r))")
            let rendered = Support.rendered(r)
            #expect(rendered.contains("table name `\(tooLong)` is \(tooLong.utf8.count) bytes long; PostgreSQL keeps only the first 63")
                    && rendered.contains("2:26") && rendered.contains("use a table name of at most 63 bytes"), "\(rendered)")
        }
        let tables = try pg.exec("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
        // Nothing but the ledger, which records refused runs, and the texts they read (for
        // `seg replay`): no list store, no table.
        #expect(tables == [[.text("customers")], [.text("seg_runs")], [.text("seg_texts")]], "\(tables)")
        let fits = "mkt_" + String(repeating: "x", count: 59)                      // 63 bytes
        let r = try Support.run("export aum > 10 to table \(fits)\n", engine: pg)
        #expect(r.failure == nil, "\(Support.rendered(r))")
        #expect(try pg.exec("SELECT COUNT(*) FROM \(fits)") == [[.integer(40)]])
        let db = try Support.database(sql: "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, aum INTEGER); INSERT INTO customers VALUES (1, 5), (2, 50);")
        let lite = try Support.run("export aum > 10 to table \(long)\n", db: db)
        #expect(lite.failure == nil, "\(Support.rendered(lite))")
        #expect(try SQLiteDatabase(path: db).query("SELECT customer_id FROM \(long)") == [[.integer(2)]])
    }

    /// A tag whose column name PostgreSQL would cut (over 63 bytes) is left out of the tag
    /// table and computed where it is read: two long names sharing their first 57 bytes can
    /// never collide, and the answer is the hand-counted one.
    @Test func tagsWhoseColumnPostgreSQLWouldCutAreLeftOut() throws {
        let (name, conninfo) = try Self.database()
        defer { Self.drop(name) }
        let setup = try Postgres.psql("""
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, aum DOUBLE PRECISION);
            INSERT INTO customers SELECT g, g * 1000 FROM generate_series(1, 500) g;
            """, database: name)
        #expect(setup.status == 0, "\(setup.stderr)")
        let dir = Support.tempDir()
        let long = String(repeating: "x", count: 58)
        try "define \(long)_a = aum >= 100k\ndefine \(long)_b = aum >= 300k\ndefine short_c = aum >= 200k\n"
            .write(to: dir.appendingPathComponent("defs.seg"), atomically: true, encoding: .utf8)
        let built = try Support.seg(["tags", "build", "defs.seg", "--db", conninfo], cwd: dir)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("left out") && built.stdout.contains("\(long)_a") && built.stdout.contains("\(long)_b"), "\(built.stdout)")
        try "use \"defs.seg\"\ncount \(long)_a\ncount \(long)_b\ncount short_c\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", "q.seg", "--db", conninfo], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        // aum = 1,000 × id: 401 customers at 100k and over, 201 at 300k, 301 at 200k.
        #expect(run.stdout == "count \(long)_a: 401\ncount \(long)_b: 201\ncount short_c: 301\n", "\(run.stdout)")
    }
}
