import Foundation
import Testing
import SegCheck
import SegCompile
@testable import SegRun
import SegSyntax
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Conditions several statements of a run would each evaluate are computed once into a
/// temporary table (SharedConditions.swift). These tests pin which ones are, and prove the
/// members never change: a script run whole gives what its statements give run one by one.
@Suite struct SharedConditionsTests {
    func chosen(_ text: String, dialect: Dialect = .sqlite) throws -> [String: Int] {
        let session = try Session(engine: try SQLiteEngine(path: try Support.fixtureDatabase()))
        var sources = SourceMap()
        let (checked, errors) = session.check(path: "s.seg", text: text, sources: &sources)
        #expect(!errors.hasErrors, "\(errors.map(\.message))")
        let program = try #require(checked)
        let picked = SharedConditions.choose(program, reads: RunReads(), actions: program.actions, dialect: dialect, tablePrefix: "t")
        return Dictionary(uniqueKeysWithValues: picked.map { ($0.name, $0.uses) })
    }

    @Test func aSegmentUsedByTwoStatementsIsComputedOnce() throws {
        #expect(try chosen("""
            segment busy where count(transactions within 30 days) >= 2
            count busy
            show busy with customer_id
            """) == ["busy": 2])
    }

    @Test func aSegmentUsedOnceStaysInline() throws {
        #expect(try chosen("segment busy where count(transactions within 30 days) >= 2\ncount busy\n") == [:])
    }

    @Test func aConditionOnTheEntitysOwnColumnsStaysInline() throws {
        #expect(try chosen("segment rich where aum > 500k\ncount rich\nshow rich with customer_id\ncount rich by city\n") == [:])
    }

    /// Behind a cheap condition the lookups reach few customers: computing the condition for
    /// everyone could cost more than the two statements together.
    @Test func aConditionOnlyEverBehindCheapConditionsStaysInline() throws {
        #expect(try chosen("""
            define big = sum(transactions.amount) > 10k
            count city = "上海" and big
            count city = "北京" and big
            """) == [:])
    }

    /// Once one statement evaluates it for everyone, the guarded use reads the table for free.
    @Test func oneOpenUseAndOneGuardedUseAreEnough() throws {
        #expect(try chosen("""
            define big = sum(transactions.amount) > 10k
            count big
            count city = "北京" and big
            """) == ["big": 2])
    }

    /// `overlap` evaluates each segment on the diagonal and in every pair. The conditions
    /// behind `vip` inside `at_risk` are guarded there, but overlap reads them for everyone.
    @Test func overlapCountsEachPair() throws {
        #expect(try chosen("""
            define busy = count(transactions within 30 days) >= 2
            define spender = sum(transactions.amount within 90 days) > 1k
            segment vip where aum >= 500k
            segment at_risk from vip where busy and not spender
            overlap at_risk, busy, spender
            """) == ["at_risk": 3, "busy": 4, "spender": 4])
    }

    /// A computed condition's own body is evaluated once, so what it uses counts once.
    @Test func aComputedSegmentUsesItsDefinitionsOnce() throws {
        #expect(try chosen("""
            define busy = count(transactions within 30 days) >= 2
            segment s where busy or aum > 1m
            count s
            count s by city
            """) == ["s": 2])
    }

    /// A scored condition is computed once on SQLite and PostgreSQL, not on Spark
    /// (`Dialect.modelConditionsOnce`).
    @Test func aScoredConditionIsComputedOnceExceptOnSpark() throws {
        let text = """
            scorecard s base 100
              age: under 30 -> 1, 30 to 45 -> 2, missing -> 7, else -> 3
            segment high where s >= 103
            count high
            show high with customer_id
            """
        #expect(try chosen(text) == ["high": 2])
        #expect(try chosen(text, dialect: .postgres) == ["high": 2])
        #expect(try chosen(text, dialect: .spark) == [:])
    }

    @Test func explainReadsTheDefinitionsAsWritten() throws {
        #expect(try chosen("""
            segment busy where count(transactions within 30 days) >= 2
            explain busy
            explain busy
            """) == [:])
    }

    /// Every output of a real script, run whole (sharing conditions) and statement by statement
    /// (each statement alone uses each condition once, so nothing is shared), is the same.
    /// Returns how many temporary tables are left on the connection afterwards.
    static func wholeAndAlone(_ engine: any Engine, leftOver: String) throws -> Int {
        let example = try String(contentsOf: Support.root.appendingPathComponent("examples/vip_churn_warning.seg"), encoding: .utf8)
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.filter { $0.hasPrefix("param") || $0.hasPrefix("define") || $0.hasPrefix("segment") || $0.hasPrefix("version") }
        let statements = lines.filter { l in ["count", "profile", "overlap", "show", "assert"].contains { l.hasPrefix($0 + " ") } }
        #expect(statements.count == 7)
        var options = RunOptions()
        options.asOf = "2026-11-01"
        let session = try Session(engine: engine, options: options)
        var sql: [String] = []
        var whole = RunResult()
        let text = (header + statements).joined(separator: "\n")
        var sources = SourceMap()
        let (program, errors) = session.check(path: "whole.seg", text: text, sources: &sources)
        #expect(!errors.hasErrors)
        session.execute(try #require(program), path: "whole.seg", into: &whole, trace: { sql.append($0.bound.text) })
        #expect(whole.failure == nil, "\(whole.diagnostics.map { $0.message })")
        // Every statement but `count vip` reads vip_at_risk (and overlap its parts) from a table.
        #expect(sql.count == 8 && sql.filter { $0.contains("\"seg_once1_") }.count == 7, "\(sql)")
        var left = 0
        try engine.run(BoundQuery(text: leftOver, parameters: [])) { row in if case .integer(let n)? = row.first { left = Int(n) } }
        var alone: [Output] = []
        for s in statements {
            let r = session.run(path: "one.seg", text: (header + [s]).joined(separator: "\n"))
            #expect(r.failure == nil, "\(s): \(r.diagnostics.map(\.message))")
            alone += r.outputs
        }
        #expect(whole.outputs.count == alone.count)
        for (w, a) in zip(whole.outputs, alone) { #expect(w == a) }
        // The segment is not empty, so the comparison says something.
        if case .count(_, let n)? = whole.outputs.dropFirst().first { #expect(n > 0) } else { Issue.record("no count") }
        return left
    }

    @Test func aScriptRunWholeGivesWhatItsStatementsGiveAlone() throws {
        let left = try Self.wholeAndAlone(try SQLiteEngine(path: Support.demoPath), leftOver: "SELECT COUNT(*) FROM sqlite_temp_master")
        #expect(left == 0)
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func onPostgreSQLToo() throws {
        let database = try PostgresTests.copy(of: PostgresTests.templates.demo)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        let engine = try PostgresEngine(Postgres.conninfo! + " dbname=\(database)")
        let left = try Self.wholeAndAlone(engine, leftOver: "SELECT COUNT(*) FROM pg_tables WHERE schemaname = pg_my_temp_schema()::regnamespace::text")
        #expect(left == 0)
    }

    /// A condition the engine cannot compute (here a temporary view already holds its table's
    /// name) is an engine error at its definition, and no statement runs.
    @Test func aConditionTheEngineCannotComputeStopsTheRunAtItsDefinition() throws {
        let engine = try SQLiteEngine(path: try Support.fixtureDatabase())
        let session = try Session(engine: engine)
        let text = "segment busy where count(transactions within 30 days) >= 2\ncount busy\ncount busy by city\n"
        var sources = SourceMap()
        let program = try #require(session.check(path: "s.seg", text: text, sources: &sources).0)
        let id = try #require(program.definition(named: "busy")).id
        try engine.db.execute("CREATE TEMP VIEW seg_once1_\(id) AS SELECT 1 AS c1")
        var result = RunResult()
        session.execute(program, path: "s.seg", into: &result)
        #expect(result.failure == .engine)
        #expect(result.outputs.isEmpty)
        let d = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(d.code == "E0705" && d.message == "the database could not run this statement", "\(d)")
        #expect(d.span.start == 8, "at the name `busy`: \(d.span)")
        #expect(d.notes.contains { $0.contains("already exists") }, "\(d.notes)")
    }

    @Test func explainSaysWhatTheRunComputesOnce() throws {
        let dir = Support.tempDir()
        let script = dir.appendingPathComponent("once.seg")
        try """
            segment busy where count(transactions within 30 days) >= 2
            count busy
            count busy by city
            explain busy
            """.write(to: script, atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", script.path, "--db", try Support.fixtureDatabase(), "--as-of", "2026-11-01"], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("in this run, `busy` (2 uses) is computed once into a temporary table"), "\(run.stdout)")
        // explain shows the condition itself, not the table.
        #expect(!run.stdout.contains("seg_once"), "\(run.stdout)")
    }
}
