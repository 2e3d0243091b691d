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

enum SparkReference {
    /// Set by .ci/run (a Python with pyspark, and Java 17); the Spark tests run when it is.
    static let python = ProcessInfo.processInfo.environment["SEG_TEST_SPARK_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    /// One Spark session for the whole test run, holding the demo bank the other tests use.
    static let engine: SparkEngine = {
        setenv("SEG_PYTHON", python!, 1)
        let warehouse = Support.tempDir().appendingPathComponent("warehouse").path
        let driver = Support.root.appendingPathComponent("spark/seg_spark.py").path
        let spark = try! SparkEngine(master: "local[2]", warehouse: warehouse, driver: driver)
        let dir = Support.tempDir()
        let demo = try! SQLiteDatabase(path: Support.demoPath)
        for table in DemoBank.tables {
            let csv = dir.appendingPathComponent("\(table).csv").path
            try! spark.load(table: table, csv: csv, schema: try! DemoBank.export(table, from: demo, csv: csv))
        }
        try! DemoBank.copyStore(from: demo, into: spark)
        return spark
    }()
}

/// The same statements on SQLite and on Spark in local mode, over the same demo bank:
/// every example's rows, and the bucket vectors.
@Suite(.serialized, .enabled(if: SparkReference.python != nil, "SEG_TEST_SPARK_PYTHON is not set (.ci/run installs pyspark and sets it)"))
struct SparkTests {
    /// A tag table in the warehouse (issue 18): built by the session, read by the next run
    /// while fresh, with the answers SQLite gives computing the same definitions.
    @Test func tagsOnSpark() throws {
        let dir = Support.tempDir()
        let module = dir.appendingPathComponent("m.seg")
        try """
            define tagtest_busy = count(transactions within 90 days) >= 3
            define tagtest_spend = sum(transactions.amount where type = "card_spend" within 90 days)
            define tagtest_rank = ntile(tagtest_spend, 4)
            segment tagtest_vip where aum >= 50万 and tagtest_busy
            """.write(to: module, atomically: true, encoding: .utf8)
        let script = "use \"\(module.path)\"\ncount tagtest_vip\ncount tagtest_busy by city\ncount tagtest_rank = 4\nexplain tagtest_vip\n"
        var options = RunOptions()
        options.asOf = "2026-11-01"
        func counts(_ r: RunResult) -> [String] {
            r.outputs.compactMap { o -> String? in
                switch o {
                case .count(let t, let v): return "\(t) \(v)"
                case .table(let t): return t.title + ": " + t.rows.map { $0.map { Cell.text($0, .string) ?? "" }.joined(separator: "|") }.joined(separator: ",")
                default: return nil
                }
            }
        }
        let lite = try Support.run(script, db: Support.demoPath, options: options)
        let spark = try Session(engine: SparkReference.engine, options: options)
        guard case .success(let built) = spark.buildTags(modules: [module.path]) else { Issue.record("no build"); return }
        #expect(built.tags == ["tagtest_busy", "tagtest_spend", "tagtest_rank", "tagtest_vip"])
        let tagged = spark.run(path: "t.seg", text: script)
        #expect(tagged.failure == nil, "\(tagged.diagnostics.map(\.message))")
        #expect(counts(tagged) == counts(lite))
        guard case .explain(_, let sql, _, _, let strategy, _, _)? = tagged.outputs.last else { Issue.record("no explain"); return }
        #expect(sql.contains("JOIN `seg_tags_") && (strategy ?? "").contains("tag table"), "\(sql)")
    }

    @Test func goldenBucketsOnSpark() throws {
        let template = Dialect.spark.template("seg_bucket")
        for (seed, key, bucket) in CampaignTests.vectors {
            let k = Int64(key) != nil ? "CAST(\(key) AS BIGINT)" : "'\(key)'"
            let sql = "SELECT " + template.replacingOccurrences(of: "{0}", with: "'\(seed)'").replacingOccurrences(of: "{1}", with: k)
            var got: Value?
            try SparkReference.engine.run(BoundQuery(text: sql, parameters: [])) { got = $0.first }
            #expect(got == .integer(Int64(bucket)), "\(seed):\(key)")
        }
    }

    /// `bucket` past 64 edges is one array the engine searches (`ExprCompiler.longBucket`):
    /// Spark's form gives SQLite's answer, edges hit exactly, missing values and all.
    @Test func longBucketsOnSpark() throws {
        var rng = SystemRandomNumberGenerator()
        let edges = (1...300).map { _ in Int.random(in: 0...3_000_000, using: &rng) }.sorted()
        let distinct = Array(Set(edges)).sorted()
        let text = "count all by bucket(aum, [\(distinct.map(String.init).joined(separator: ", "))])\n"
            + "count all by bucket(sum(transactions.amount within 90 days), [\(Array(Set(distinct.prefix(100).map { $0 / 100 })).sorted().map(String.init).joined(separator: ", "))])\n"
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let lite = try SQLiteEngine(path: Support.demoPath)
        let session = try Session(engine: lite, options: options)
        var sources = SourceMap()
        let (checked, diagnostics) = session.check(path: "b.seg", text: text, sources: &sources)
        let program = try #require(checked, "\(diagnostics.map(\.message))")
        let (l, _) = Compiler.compile(program, dialect: .sqlite, asOf: options.asOf)
        let (s, errors) = Compiler.compile(program, dialect: .spark, asOf: options.asOf)
        #expect(errors.isEmpty && l.count == 2 && s.count == 2, "\(errors.map(\.message))")
        for (a, b) in zip(l, s) {
            var expected: [[String]] = [], actual: [[String]] = []
            try lite.run(a.bound) { expected.append($0.map(Postgres.normal)) }
            try SparkReference.engine.run(b.bound) { actual.append($0.map(Postgres.normal)) }
            #expect(expected.count > 10 && expected.sorted { $0.description < $1.description } == actual.sorted { $0.description < $1.description })
        }
    }

    @Test(arguments: ScriptTests.examples)
    func example(_ name: String) throws {
        let path = Support.root.appendingPathComponent("examples/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let lite = try SQLiteEngine(path: Support.demoPath)
        let session = try Session(engine: lite, options: options)
        var sources = SourceMap()
        let (checked, diagnostics) = session.check(path: path, text: text, sources: &sources)
        var program = try #require(checked, "\(name): \(diagnostics.map(\.message))")
        session.registerModels(of: program)
        program.actions = program.actions.filter { !program.readsListStore($0) }
        let (l, _) = Compiler.compile(program, dialect: .sqlite, asOf: options.asOf)
        let (s, errors) = Compiler.compile(program, dialect: .spark, asOf: options.asOf)
        #expect(errors.isEmpty, "\(name): \(errors.map(\.message))")
        #expect(l.count == s.count)
        for (a, b) in zip(l, s) {
            var expected: [[String]] = [], actual: [[String]] = []
            try lite.run(a.bound) { expected.append($0.map(Postgres.normal)) }
            do {
                try SparkReference.engine.run(b.bound) { actual.append($0.map(Postgres.normal)) }
            } catch {
                Issue.record("\(name): Spark refused \(sources.file(0)?.slice(a.action.span) ?? ""): \(error)\n\(b.bound.text)")
                continue
            }
            #expect(Postgres.same(expected, actual), "\(name): \(sources.file(0)?.slice(a.action.span) ?? "")\nSQLite: \(expected.prefix(5))\nSpark: \(actual.prefix(5))")
        }
    }

    /// Every example that saves or reads lists — campaigns with holdouts, caps, exclusions and
    /// their evaluation — run whole on SQLite and on Spark, in the same order on one copy of
    /// the bank each: the same outputs, then the same saved members, groups and ranks.
    /// `seg` copied alone into a folder still runs Spark: it writes its built-in driver to the
    /// cache folder (`XDG_CACHE_HOME`) and starts it.
    @Test func aCopiedBinaryRunsSparkWithItsBuiltInDriver() throws {
        let seg = try Support.installedCopy()
        let cache = Support.tempDir(), warehouse = Support.tempDir().appendingPathComponent("w")
        let r = try Support.seg(["demo", "--engine", "spark", "--customers", "40", "--warehouse", warehouse.path],
                                env: ["XDG_CACHE_HOME": cache.path, "SEG_PYTHON": SparkReference.python!, "SEG_SPARK_DRIVER": ""], binary: seg)
        #expect(r.status == 0, "\(r.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("seg/spark").path)
        #expect(written.count == 1 && written[0].hasPrefix("seg_spark-") && written[0].hasSuffix(".py"))
        let driver = try Data(contentsOf: cache.appendingPathComponent("seg/spark/" + written[0]))
        #expect(driver == (try Data(contentsOf: Support.root.appendingPathComponent("spark/seg_spark.py"))))
        #expect(FileManager.default.fileExists(atPath: warehouse.appendingPathComponent("customers").path))
    }

    /// Spark is configured as spark-submit configures it: spark-defaults.conf in
    /// $SPARK_CONF_DIR wins over Seg's defaults, and `--conf` wins over both. A driver memory
    /// Spark cannot read, set in the file, stops Spark with its reason; `--conf` mends it.
    @Test func sparkDefaultsAndConfAreHonoured() throws {
        let conf = Support.tempDir()
        try "# the bank's settings\nspark.driver.memory   1x\n".write(to: conf.appendingPathComponent("spark-defaults.conf"), atomically: true, encoding: .utf8)
        let dir = Support.tempDir(), warehouse = Support.tempDir().appendingPathComponent("w")
        try "count all\n".write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        let env = ["SEG_PYTHON": SparkReference.python!, "SPARK_CONF_DIR": conf.path]
        let broken = try Support.seg(["run", "c.seg", "--engine", "spark", "--warehouse", warehouse.path], cwd: dir, env: env)
        #expect(broken.status == 3 && broken.stderr.contains("Spark did not start"), "\(broken.status) \(broken.stderr)")
        // The JVM's own reason is named, and Java is not blamed.
        #expect(broken.stderr.contains("Invalid maximum heap size: -Xmx1x") && !broken.stderr.contains("is Java 17 installed"), "\(broken.stderr)")
        let mended = try Support.seg(["run", "c.seg", "--engine", "spark", "--warehouse", warehouse.path, "--conf", "spark.driver.memory=1g"], cwd: dir, env: env)
        #expect(!mended.stderr.contains("Spark did not start"), "\(mended.stderr)")
        // A Python without pyspark: the message names it and SEG_PYTHON.
        if !FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/pyspark") {
            let noSpark = try Support.seg(["run", "c.seg", "--engine", "spark", "--warehouse", warehouse.path], cwd: dir, env: ["SEG_PYTHON": "/usr/bin/python3"])
            #expect(noSpark.status == 3 && noSpark.stderr.contains("pyspark is not installed for /usr/bin/python3") && noSpark.stderr.contains("SEG_PYTHON"), "\(noSpark.stderr)")
        }
        let bad = try Support.seg(["run", "c.seg", "--engine", "spark", "--conf", "spark.driver.memory"], cwd: dir, env: env)
        #expect(bad.status != 0 && bad.stderr.contains("--conf takes key=value"), "\(bad.stderr)")
    }

    /// The demo bank's declared reference date is read from Spark's warehouse too.
    @Test func theDeclaredDateIsReadFromSpark() throws {
        let session = try Session(engine: SparkReference.engine)
        #expect(session.options.asOf == "2026-11-01" && session.options.asOfSource == .database)
    }

    @Test func listsAndCampaignsEndToEnd() throws {
        let db = Support.tempDir().appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let lite = try Session(engine: try SQLiteEngine(path: db), options: options)
        let spark = try Session(engine: SparkReference.engine, options: options)
        func render(_ o: Output) -> [[String]] {
            switch o {
            case .table(let t): return [[t.title] + t.columns] + t.rows.map { $0.map(Postgres.normal) }
            case .count(let title, let value): return [[title, String(value)]]
            case .message(let m): return [[m]]
            case .expectation(let r): return [[r.text, String(r.passed)]]
            case .explain(let title, _, _, _, _, _, _): return [[title]]
            }
        }
        var ran = 0
        for name in ScriptTests.examples {
            let path = Support.root.appendingPathComponent("examples/\(name)").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard ["to list", "in list", "campaign "].contains(where: text.contains), PostgresTests.portableEndToEnd(text) else { continue }
            var a: [[String]] = [], b: [[String]] = []
            let ra = lite.run(path: path, text: text) { a += render($0) }
            let rb = spark.run(path: path, text: text) { b += render($0) }
            #expect(ra.failure == nil && rb.failure == nil, "\(name): \(rb.diagnostics)")
            #expect(Postgres.same(a, b), "\(name)\nSQLite: \(a.prefix(12))\nSpark: \(b.prefix(12))")
            ran += 1
        }
        #expect(ran >= 4)
        // (Lists named pd_… are PersonalDataTests', saved in the same warehouse.)
        let query = "SELECT name, version, member_key, COALESCE(grp, ''), COALESCE(rnk, 0) FROM seg_list_members WHERE name NOT LIKE 'pd_%' ORDER BY 1, 2, 3"
        let expected = try SQLiteDatabase(path: db).query(query).map { $0.map(Postgres.normal) }
        var actual: [[String]] = []
        try SparkReference.engine.run(BoundQuery(text: query.replacingOccurrences(of: "ORDER BY 1, 2, 3", with: "ORDER BY 1, 2, CAST(member_key AS BIGINT)"),
                                                 parameters: [])) { actual.append($0.map(Postgres.normal)) }
        #expect(actual.count == expected.count && actual == expected, "saved members differ: \(actual.count) on Spark, \(expected.count) on SQLite")
    }

    @Test func personalDataNeverLeavesUnmasked() throws {
        try PersonalDataTests.randomTreesOnSpark()
    }

    /// The real data on Spark too, under names of their own beside the demo's tables (UCI as
    /// `uci_customers`, Berka as `berka_accounts` and `berka_transactions`), loaded once.
    static let realData: Bool = {
        let dir = Support.tempDir()
        for (db, table, name) in [(RealDataTests.data.db, "customers", "uci_customers"), (BerkaTests.data.db, "accounts", "berka_accounts"),
                                  (BerkaTests.data.db, "transactions", "berka_transactions")] {
            let csv = dir.appendingPathComponent("\(name).csv").path
            let schema = try! DemoBank.export(table, from: SQLiteDatabase(path: db), csv: csv)
            try! SparkReference.engine.load(table: name, csv: csv, schema: schema)
        }
        return true
    }()

    static func keys(_ path: String) throws -> Set<Int> {
        Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").dropFirst().compactMap { Int($0) })
    }

    /// Every UCI condition (a column named `default` among them) on Spark: the members equal
    /// the condition computed in Swift over the CSV rows.
    @Test(.enabled(if: Support.sharedData != nil, "../shared/data is absent"), arguments: 0..<RealDataTests.cases.count)
    func uciMembers(_ index: Int) throws {
        #expect(Self.realData)
        let (condition, predicate) = RealDataTests.cases[index]
        let out = Support.tempDir().appendingPathComponent("members.csv").path
        let script = "entity customer from table uci_customers key customer_id\n" + RealDataTests.prelude
            + "export \(condition) to csv \"\(out)\" with customer_id\n"
        let result = try Support.run(script, engine: SparkReference.engine)
        #expect(result.failure == nil, "\(condition): \(Support.rendered(result))")
        let got = try Self.keys(out), expected = Set(RealDataTests.data.rows.filter(predicate).map(\.id))
        #expect(got == expected, "\(condition): Spark \(got.count), Swift \(expected.count)")
    }

    /// Every Berka window (days, weeks, months clamped at month ends, first/last) on Spark.
    @Test(.enabled(if: Support.sharedData != nil, "../shared/data is absent"), arguments: 0..<BerkaTests.cases.count)
    func berkaMembers(_ index: Int) throws {
        #expect(Self.realData)
        let c = BerkaTests.cases[index]
        let (accounts, txns, _) = BerkaTests.data
        let out = Support.tempDir().appendingPathComponent("m.csv").path
        var options = RunOptions()
        options.asOf = c.asOf
        let script = """
            entity account from table berka_accounts key account_id
              has many transactions from table berka_transactions on account_id dated by trans_date
            use entity account
            export \(c.seg) to csv "\(out)" with account_id

            """
        let result = try Support.run(script, engine: SparkReference.engine, options: options)
        #expect(result.failure == nil, "\(c.seg): \(Support.rendered(result))")
        let asOf = CivilDate(iso: c.asOf)!
        let expected = Set(accounts.filter { c.swift(txns[$0] ?? [], asOf) })
        let got = try Self.keys(out)
        #expect(got == expected, "\(c.seg) as of \(c.asOf): Spark \(got.count), Swift \(expected.count)")
    }
}
