import Foundation
import Testing
import SegSyntax
import SegCheck
import SegCompile
import SegRun

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
        return spark
    }()
}

/// The same statements on SQLite and on Spark in local mode, over the same demo bank:
/// every example's rows, and the bucket vectors.
@Suite(.serialized, .enabled(if: SparkReference.python != nil, "SEG_TEST_SPARK_PYTHON is not set (.ci/run installs pyspark and sets it)"))
struct SparkTests {
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
}
