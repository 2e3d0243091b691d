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

/// Golden SQL per dialect (Tests/snapshots/sql): every example, and a table of expression
/// cases, so nothing SQLite-specific leaks into the compiler unnoticed. Re-record with
/// RECORD_SNAPSHOTS=1 and review the diff.
@Suite struct GoldenSQLTests {
    static let examples = ScriptTests.examples

    @Test(arguments: examples, Dialect.Name.allCases)
    func example(_ name: String, _ dialect: Dialect.Name) throws {
        let path = "examples/\(name)"
        let run = try Support.seg(["compile", path, "--dialect", dialect.rawValue, "--db", Support.demoPath, "--as-of", "2026-11-01"],
                                  cwd: Support.root)
        #expect(run.status == 0, "\(run.stderr)")
        assertSnapshot(run.stdout, named: "sql/\(name.replacingOccurrences(of: ".seg", with: "")).\(dialect.rawValue).sql")
    }

    /// Outside SQLite a `reasons` column carries the model's inputs and Seg explains them after
    /// the query; `reasons` inside another expression cannot, and is refused clearly.
    @Test func reasonsInsideAnExpressionNeedSQLite() throws {
        let dir = Support.tempDir()
        let script = dir.appendingPathComponent("r.seg")
        try """
            use "\(Support.root.path)/examples/models/features.seg"
            model churn_risk = "\(Support.root.path)/examples/models/churn_xgb.json"
            segment odd where reasons(churn_risk) = ""
            count odd
            show all with customer_id, reasons(churn_risk, 2) limit 1
            """.write(to: script, atomically: true, encoding: .utf8)
        for dialect in ["postgres", "spark"] {
            let run = try Support.seg(["compile", script.path, "--dialect", dialect, "--db", Support.demoPath], cwd: dir)
            #expect(run.status == 1, "\(dialect): \(run.stdout)")
            #expect(run.stderr.contains("E0602") && run.stderr.contains("r.seg:3:"), "\(dialect): \(run.stderr)")
            #expect(!run.stderr.contains("r.seg:5:"), "\(dialect): a reasons column is fine: \(run.stderr)")
        }
    }

    /// The engine learns that a query scores a model in SQL from a typed hint, never from
    /// its text: on every example and dialect the hint is set exactly when a model's CTE is
    /// in the SQL (and the SQL-text check is made here, by the test, only).
    @Test(arguments: Dialect.Name.allCases)
    func theModelHintFollowsTheSQL(_ dialect: Dialect.Name) throws {
        var options = RunOptions()
        options.asOf = "2026-11-01"
        var scored = 0
        for name in Self.examples {
            let session = try Session(engine: try SQLiteEngine(path: Support.demoPath), options: options)
            var sources = SourceMap()
            let path = Support.root.appendingPathComponent("examples/\(name)").path
            let (loaded, _) = session.check(path: path, text: try String(contentsOfFile: path, encoding: .utf8), sources: &sources)
            guard let program = loaded else { continue }
            for plan in [PlanChoice.correlated, .grouped] {
                for c in Compiler.compile(program, dialect: .named(dialect), asOf: options.asOf, plan: plan).0 {
                    let bound = c.bound
                    #expect(bound.scoresModelInSQL == (bound.text.contains("\"seg_model") || bound.text.contains("`seg_model")), "\(name): \(bound.text.prefix(200))")
                    if bound.scoresModelInSQL { scored += 1 }
                }
            }
        }
        #expect(dialect == .sqlite ? scored == 0 : scored > 0)
    }

    static let modules: [String] = {
        let dir = Support.root.appendingPathComponent("stdlib")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".seg") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// Every definition of every standard module, used once, compiled for each dialect.
    @Test(arguments: modules, Dialect.Name.allCases)
    func stdlibModule(_ name: String, _ dialect: Dialect.Name) throws {
        var options = RunOptions()
        options.asOf = "2026-11-01"
        options.stdlibPaths = [Support.root.appendingPathComponent("stdlib").path]
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath), options: options)
        var sources = SourceMap()
        let (loaded, errors) = session.check(path: "m.seg", text: "use stdlib.\(name)", sources: &sources)
        #expect(!errors.hasErrors, "\(errors.map(\.message))")
        let program = try #require(loaded)
        let own = program.definitions.filter { sources.file($0.span.file)?.path.hasSuffix("/\(name).seg") == true }
        #expect(!own.isEmpty || ["bank", "household"].contains(name))  // these two declare entities only
        let uses = own.map { $0.body.type == .bool ? "count \($0.name)" : "count all by \($0.name)" }.joined(separator: "\n")
        var sources2 = SourceMap()
        let (checked, _) = session.check(path: "m.seg", text: "use stdlib.\(name)\ncount all\n" + uses, sources: &sources2)
        let (compiled, compileErrors) = Compiler.compile(try #require(checked), dialect: .named(dialect), asOf: "2026-11-01")
        #expect(compileErrors.isEmpty)
        let text = compiled.map { "-- \(sources2.file(0)?.slice($0.action.span) ?? "")\n\($0.bound.text);\n" }.joined(separator: "\n")
        assertSnapshot(text, named: "sql/stdlib.\(name).\(dialect.rawValue).sql")
    }

    static let expressions = [
        "aum >= 500k and age between 30 and 60",
        "not (aum > 100k)",
        "city in [\"上海\", \"北京\"] or city is missing",
        "city not in [\"上海\"]",
        "name contains \"O'\" and name starts with \"A\" and name ends with \"z\"",
        "aum / age > 1000",
        "-aum + 2 * age < 0",
        "open_date + 1 month >= 2026-03-31",
        "open_date - 2 weeks < today",
        "today - open_date > 365",
        "years_since(open_date) >= 10 and months_since(open_date) < 200",
        "year(open_date) = 2020 and month(open_date) = 2",
        "coalesce(aum, 0) = 0",
        "min(aum, 100k) = max(age, 1)",
        "round(aum / 7, 2) > abs(-3) and floor(age) = ceil(age)",
        "log(aum) > exp(1)",
        "(if vip_flag then aum else 0) > 1",
        "bucket(age, [25, 35]) = \"<25\"",
        "vip_flag and not vip_flag",
        "default = \"yes\" and select > 3",
    ]

    @Test(arguments: Dialect.Name.allCases)
    func expressionTable(_ dialect: Dialect.Name) throws {
        let engine = try SQLiteEngine(path: try Support.fixtureDatabase())
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let session = try Session(engine: engine, options: options)
        var out = ""
        for e in Self.expressions {
            var sources = SourceMap()
            let (checked, diagnostics) = session.check(path: "e.seg", text: "count \(e)", sources: &sources)
            #expect(!diagnostics.hasErrors, "\(e): \(diagnostics.map(\.message))")
            guard let program = checked else { continue }
            let (compiled, errors) = Compiler.compile(program, dialect: .named(dialect), asOf: "2026-11-01")
            #expect(errors.isEmpty)
            for c in compiled {
                out += "-- \(e)\n\(c.bound.text);\n-- inline:\n\(c.inlineText);\n\n"
            }
        }
        assertSnapshot(out, named: "sql/expressions.\(dialect.rawValue).sql")
    }

    /// Values are bound, never spliced: a hostile string stays a parameter in every dialect.
    @Test(arguments: Dialect.Name.allCases)
    func valuesAreBound(_ dialect: Dialect.Name) throws {
        let engine = try SQLiteEngine(path: try Support.fixtureDatabase())
        let session = try Session(engine: engine)
        var sources = SourceMap()
        let hostile = "x'); DROP TABLE customers; --"
        let (checked, _) = session.check(path: "e.seg", text: "count name = \"\(hostile)\" and aum > 12345", sources: &sources)
        let (compiled, _) = Compiler.compile(try #require(checked), dialect: .named(dialect), asOf: "2026-11-01")
        let c = try #require(compiled.first)
        #expect(!c.bound.text.contains("DROP"))
        #expect(!c.bound.text.contains("12345"))
        #expect(c.parameters == [.text(hostile), .integer(12345)])
    }
}
