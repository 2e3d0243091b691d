import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The REPL's answers from memory (issue 18): for random conditions built from tags, fields
/// and kept segments with `and`/`or`/`not`, every `count`, `count … by`, `profile` and
/// `overlap` the REPL answers from memory is the very output `seg run` computes in SQL.
@Suite struct SegmentMemoryTests {
    /// The seed of this run's random statements: fresh every run (so every CI run tries new
    /// statements), printed, and given again with `SEG_TEST_SEED=N` to run a failure again.
    static let seed: UInt64 = {
        let s = ProcessInfo.processInfo.environment["SEG_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999_999)
        print("SegmentMemoryTests: random statements from seed \(s) (SEG_TEST_SEED=\(s) to run them again)")
        return s
    }()

    /// A small generator from a seed, so a failure can be run again.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    static let prelude = """
        use stdlib.tags
        use stdlib.rfm
        segment recent where any(transactions within 14 days)
        define region = city
        """

    /// A REPL's session on `db` as of 2026-11-01, with memory (`keepSegments`).
    static func repl(_ db: String) throws -> (Session, Conversation) {
        var options = RunOptions()
        options.asOf = "2026-11-01"
        options.keepSegments = true
        let session = try Session(engine: try SQLiteEngine(path: db), options: options)
        return (session, Conversation(session: session))
    }

    /// What `seg run` of the script gives, in SQL, as of the same date.
    static func sql(_ script: String, _ db: String) throws -> [Output] {
        var options = RunOptions()
        options.asOf = "2026-11-01"
        return try Support.run(script, db: db, options: options).outputs
    }

    /// Conditions memory evaluates: tags (boolean, number and text), fields (with missing
    /// values), comparisons either way round, lists, byte-ordered texts, a kept segment.
    static let atoms = [
        "mobile_active", "payroll", "card_holder", "fund_holder", "wealth_holder", "has_mortgage", "digital_only",
        "branch_only", "card_active", "rfm_champions", "rfm_at_risk", "rfm_hibernating", "recent", "has_credit_card",
        "aum >= 10万", "aum < 50000", "age <= 35", "credit_score > 700", "annual_income <= 200000", "city = \"上海\"",
        "city != \"北京\"", "city < \"成都\"", "region >= \"杭州\"", "risk_level in [\"R1\", \"R3\"]", "risk_level not in [\"R2\"]",
        "r_score >= 4", "3 < f_score", "frequency_180d > 2", "monetary_180d >= 10000", "recency_days <= 30", "rfm_group = \"champions\"", "rfm_group >= \"l\"",
        "email is missing", "credit_score is not missing", "annual_income is missing", "m_score in [1, 5]",
    ]

    static func condition(_ r: inout Random, depth: Int) -> String {
        if depth == 0 || r.chance(30) { return r.pick(atoms) }
        switch r.next() % 3 {
        case 0: return "not (\(condition(&r, depth: depth - 1)))"
        case 1: return "(\(condition(&r, depth: depth - 1)) and \(condition(&r, depth: depth - 1)))"
        default: return "(\(condition(&r, depth: depth - 1)) or \(condition(&r, depth: depth - 1)))"
        }
    }

    static func statement(_ r: inout Random) -> String {
        let c = condition(&r, depth: 3)
        switch r.next() % 7 {
        case 0: return "count \(c)"
        case 1: return "count \(c) by \(r.pick(["city", "risk_level", "rfm_group", "r_score", "mobile_active", "has_credit_card", "region"]))"
        case 2: return "count \(c) by rfm_group, risk_level"
        case 3: return "count \(c) by city order by count desc limit 3"
        case 4: return "profile \(c) by \(r.pick(["risk_level", "rfm_group", "f_score"]))"
        case 5: return "profile \(c) by city vs \(condition(&r, depth: 2))"
        default: return "overlap \(c), \(condition(&r, depth: 2)), \(r.pick(atoms))"
        }
    }

    @Test func memoryAnswersWhatSQLComputes() throws {
        let (dir, db) = try TagStoreTests.copy()
        let build = try Support.seg(["tags", "build", "stdlib.tags", "stdlib.rfm", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(build.status == 0, "\(build.stderr)")
        var r = Random(state: Self.seed)
        let statements = (0..<160).map { _ in Self.statement(&r) }

        var plain = RunOptions()
        plain.asOf = "2026-11-01"
        let expected = try Support.run(Self.prelude + "\n" + statements.joined(separator: "\n") + "\n", db: db, options: plain)
        #expect(expected.failure == nil, "\(expected.diagnostics)")

        var options = plain
        options.keepSegments = true
        let session = try Session(engine: try SQLiteEngine(path: db), options: options)
        let repl = Conversation(session: session)
        #expect(repl.evaluate(Self.prelude).failure == nil)
        var outputs: [Output] = []
        for s in statements {
            let result = repl.evaluate(s)
            #expect(result.failure == nil, "\(s): \(result.diagnostics)")
            outputs += result.outputs
        }
        #expect(outputs.count == expected.outputs.count)
        for (i, (got, want)) in zip(outputs, expected.outputs).enumerated() where got != want {
            Issue.record("seed \(Self.seed): \(statements[min(i, statements.count - 1)])\nmemory: \(got)\nSQL:    \(want)")
        }
        // The comparison means something only if memory did answer.
        // Memory leaves some shapes to SQL (groups of non-integer numbers, say); how many varies
        // with the seed (seen: 138 to 150 of 160), but most must be memory's.
        #expect(session.answeredFromMemory >= statements.count * 3 / 4, "seed \(Self.seed): \(session.answeredFromMemory) of \(statements.count)")
    }

    /// The same random statements' SQL on PostgreSQL gives what it gives on SQLite: the rules
    /// (`Semantics`) are written once per dialect, and checked against each other here.
    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"))
    func postgresAnswersWhatSQLiteAnswers() throws {
        var r = Random(state: Self.seed &+ 1)
        let statements = (0..<40).map { _ in Self.statement(&r) }
        let dir = Support.tempDir()
        let script = Self.prelude + "\n" + statements.joined(separator: "\n") + "\n"
        try script.write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let lite = try Support.seg(["run", "q.seg", "--db", Support.demoPath, "--as-of", "2026-11-01"], cwd: dir)
        let pg = try Support.seg(["run", "q.seg", "--db", Postgres.conninfo! + " dbname=\(PostgresTests.templates.demo)", "--as-of", "2026-11-01"], cwd: dir)
        #expect(lite.status == 0, "\(lite.stderr)")
        #expect(pg.status == 0, "\(pg.stderr)")
        #expect(PostgresTests.sameText(pg.stdout, lite.stdout), "seed \(Self.seed): SQLite:\n\(lite.stdout)\nPostgreSQL:\n\(pg.stdout)")
    }

    /// Memory follows the data: a change under the session is seen at once (the tag table goes
    /// stale and SQL answers; a kept segment is computed again).
    @Test func memoryIsDroppedWhenTheDataChanges() throws {
        let (dir, db) = try TagStoreTests.copy()
        #expect(try Support.seg(["tags", "build", "stdlib.tags", "--db", db, "--as-of", "2026-11-01"], cwd: dir).status == 0)
        let (session, repl) = try Self.repl(db)
        #expect(repl.evaluate("use stdlib.tags").failure == nil)
        func truth(_ q: String) throws -> [Output] { try Self.sql("use stdlib.tags\n\(q)\n", db) }
        let q = "count card_holder and aum >= 10万 by city"
        let before = repl.evaluate(q).outputs
        #expect(before == (try truth(q)))
        let answered = session.answeredFromMemory
        #expect(answered == 1)
        let other = try SQLiteDatabase(path: db)
        try other.execute("UPDATE customers SET has_credit_card = 1 - has_credit_card, aum = aum + 200000 WHERE customer_id % 7 = 0")
        let after = repl.evaluate(q).outputs
        #expect(after == (try truth(q)))
        #expect(after != before)
    }

    /// A column holding a value of another kind than its own (a text among numbers, which
    /// SQLite compares as greater than every number) is left to SQL, and memory answers the
    /// rest as before.
    @Test func aColumnOfMixedKindsIsLeftToSQL() throws {
        let (dir, db) = try TagStoreTests.copy()
        #expect(try Support.seg(["tags", "build", "stdlib.rfm", "--db", db, "--as-of", "2026-11-01"], cwd: dir).status == 0)
        try SQLiteDatabase(path: db).execute("UPDATE seg_tags_1 SET seg_t_r_score = 'x' WHERE rowid IN (1, 2, 3)")
        let (session, repl) = try Self.repl(db)
        #expect(repl.evaluate("use stdlib.rfm").failure == nil)
        for q in ["count r_score >= 4", "count rfm_champions by city", "count r_score >= 4 and rfm_champions", "count f_score = 5"] {
            let want = try Self.sql("use stdlib.rfm\n\(q)\n", db)
            #expect(repl.evaluate(q).outputs == want, "\(q)")
        }
        // Those without r_score came from memory.
        #expect(session.answeredFromMemory == 2)
    }

    /// A tag table dropped and built again under the same name, from another definition, is
    /// another table: memory reads it afresh.
    @Test func aTableBuiltAgainUnderItsNameIsReadAfresh() throws {
        let (dir, db) = try TagStoreTests.copy()
        let (session, repl) = try Self.repl(db)
        func truth(_ n: Int) throws -> [Output] {
            try Self.sql("use stdlib.bank\ndefine hot = count(transactions within 30 days) > \(n)\ncount hot by city\n", db)
        }
        #expect(repl.evaluate("use stdlib.bank\ndefine hot = count(transactions within 30 days) > 3\nbuild tags").failure == nil)
        #expect(repl.evaluate("count hot by city").outputs == (try truth(3)))
        #expect(try Support.seg(["tags", "drop", "seg_tags_1", "--db", db], cwd: dir).status == 0)
        #expect(repl.evaluate("define hot = count(transactions within 30 days) > 8\nbuild tags").failure == nil)
        #expect(try SQLiteDatabase(path: db).query("SELECT name FROM seg_tag_tables").map { PersonalDataTests.text($0[0]) } == ["seg_tags_1"])
        #expect(repl.evaluate("count hot by city").outputs == (try truth(8)))
        #expect(session.answeredFromMemory == 2)
    }

    /// Whole numbers past 2^53, which a Double cannot tell apart, are compared by SQL.
    @Test func wholeNumbersPastDoublePrecisionAreLeftToSQL() throws {
        let (dir, db) = try TagStoreTests.copy()
        try SQLiteDatabase(path: db).execute("ALTER TABLE customers ADD COLUMN card_no INTEGER; UPDATE customers SET card_no = 9007199254740992 + customer_id % 3")
        #expect(try Support.seg(["tags", "build", "stdlib.tags", "--db", db, "--as-of", "2026-11-01"], cwd: dir).status == 0)
        let (session, repl) = try Self.repl(db)
        #expect(repl.evaluate("use stdlib.tags").failure == nil)
        for q in ["count payroll and card_no = 9007199254740993", "count payroll by card_no", "count payroll and card_no > 9007199254740992",
                  "count payroll and card_no in [9007199254740992]", "count payroll"] {
            let want = try Self.sql("use stdlib.tags\n\(q)\n", db)
            #expect(repl.evaluate(q).outputs == want, "\(q)")
        }
        #expect(session.answeredFromMemory == 1)
    }
}
