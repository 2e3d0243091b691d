import Foundation
import Testing
import SegSyntax
import SegCheck
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The run's reference date: the database may declare it (the demo bank does, the last day
/// of its history), `--as-of` overrides it, the clock is the last resort; a window that
/// reaches past the data is a warning.
@Suite struct ReferenceDateTests {
    /// `seg run` of a script written to a fresh folder.
    static func run(_ script: String, _ args: [String] = []) throws -> Support.Run {
        let dir = Support.tempDir()
        try script.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        return try Support.seg(["run", "t.seg", "--db", Support.demoPath] + args, cwd: dir)
    }

    /// Customers with at least 4 logins in the 30 days up to `asOf`, counted by hand in SQL.
    static func mobileActive(_ db: String, asOf: String) throws -> Int64 {
        let d = try SQLiteDatabase(path: db)
        let start = CivilDate(iso: asOf)!.adding(days: -30).description
        let rows = try d.query("""
            SELECT COUNT(*) FROM (SELECT customer_id FROM app_events WHERE event_type = 'login'
              AND substr(event_time, 1, 10) > ?1 AND substr(event_time, 1, 10) <= ?2
              GROUP BY customer_id HAVING COUNT(*) >= 4)
            """, [.text(start), .text(asOf)])
        guard case .integer(let n) = rows[0][0] else { return -1 }
        return n
    }

    @Test func theDemoBankDeclaresItsDateAndARunUsesIt() throws {
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath))
        #expect(session.options.asOf == "2026-11-01")
        #expect(session.options.asOfSource == .database)
        let run = try Self.run("use stdlib.tags\ncount mobile_active\n")
        let expected = try Self.mobileActive(Support.demoPath, asOf: "2026-11-01")
        #expect(expected > 0)
        #expect(run.stdout == "count mobile_active: \(Cell.grouped(expected))\n", "\(run.stderr)")
        #expect(run.stderr.isEmpty, "no window reaches past the data: \(run.stderr)")
    }

    @Test func asOfOverridesTheDeclaredDate() throws {
        let run = try Self.run("use stdlib.tags\ncount mobile_active\n", ["--as-of", "2026-10-15"])
        #expect(run.stdout == "count mobile_active: \(Cell.grouped(try Self.mobileActive(Support.demoPath, asOf: "2026-10-15")))\n", "\(run.stderr)")
    }

    /// A date set in the options (by a program using SegRun) is given: the database's does not replace it.
    @Test func aDateSetInTheOptionsIsKept() throws {
        var options = RunOptions()
        options.asOf = "1994-03-31"
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath), options: options)
        #expect(session.options.asOf == "1994-03-31" && session.options.asOfSource == .given)
    }

    @Test func aDatabaseWithoutADeclarationRunsAsOfToday() throws {
        let session = try Session(engine: try SQLiteEngine(path: try Support.fixtureDatabase()))
        #expect(session.options.asOfSource == .clock)
        #expect(session.options.asOf == RunOptions.todayISO())
    }

    /// A window ending more than a day after the relation's last row warns once, naming the
    /// relation, its last date and the fix; one day of lag (a nightly load) does not.
    @Test func aWindowPastTheDataWarns() throws {
        let script = "use stdlib.tags\ncount mobile_active\ncount mobile_active and aum > 0\n"
        let late = try Self.run(script, ["--as-of", "2026-11-29"])
        #expect(late.status == 0)
        #expect(late.stdout.hasPrefix("count mobile_active: 0\n"))
        let warnings = late.stderr.components(separatedBy: "warning[W0702]").count - 1
        #expect(warnings == 1, "\(late.stderr)")
        #expect(late.stderr.contains("`app_logins` has no rows after 2026-11-01, but this window ends on 2026-11-29 (set with --as-of or .asof): its last 28 days are empty"))
        #expect(late.stderr.contains("--as-of 2026-11-01"))
        for asOf in ["2026-11-02", "2026-11-01", "2026-10-01"] {
            let fine = try Self.run(script, ["--as-of", asOf])
            #expect(fine.stderr.isEmpty, "\(asOf): \(fine.stderr)")
        }
    }

    /// In the REPL: `.asof` shows and sets the date; the warning comes once per relation and date.
    @Test func theReplShowsAndSetsTheDate() throws {
        let input = ".asof\nuse stdlib.tags\ncount mobile_active\n.asof 2026-11-20\ncount mobile_active\ncount mobile_active\n.asof 2026-11-01\ncount mobile_active\n"
        let r = try Support.seg(["repl", "--db", Support.demoPath], stdin: input)
        let n = Cell.grouped(try Self.mobileActive(Support.demoPath, asOf: "2026-11-01"))
        #expect(r.stdout == """
            as of 2026-11-01 (the database's reference date)
            count mobile_active: \(n)
            as of 2026-11-20: `today` and every `within` window end on this date
            count mobile_active: \(Cell.grouped(try Self.mobileActive(Support.demoPath, asOf: "2026-11-20")))
            count mobile_active: \(Cell.grouped(try Self.mobileActive(Support.demoPath, asOf: "2026-11-20")))
            as of 2026-11-01: `today` and every `within` window end on this date
            count mobile_active: \(n)

            """, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "warning[W0702]").count - 1 == 1, "\(r.stderr)")
        #expect(r.stderr.contains("its last 19 days are empty"))
    }

    /// `explain` says which date its windows end on; a statement without one says nothing.
    @Test func explainSaysTheDate() throws {
        let r = try Self.run("use stdlib.tags\nexplain mobile_active\nexplain aum > 1\n", ["--format", "json"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(r.stderr)")
        #expect(lines[0].contains("\"as_of\":\"2026-11-01 (the database's reference date); app_logins read up to it\""), "\(lines[0])")
        #expect(lines[1].hasSuffix("\"as_of\":null}"))
    }

    /// `seg run` is told the date once, before a run whose statements use it.
    @Test func aRunAnnouncesItsDateOnce() throws {
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath))
        var heard: [String] = []
        session.announceAsOf = { heard.append($0) }
        _ = session.run(path: "t.seg", text: "count aum > 1\n")
        #expect(heard.isEmpty)
        _ = session.run(path: "t.seg", text: "use stdlib.tags\ncount mobile_active\ncount mobile_active and aum > 1\n")
        #expect(heard == ["2026-11-01 (the database's reference date)"])
    }
}

/// A script's `param as_of` is its date (LANGUAGE.md: overridable with `--param as_of=`):
/// `--as-of` sets the run's date, which such a script does not use, and the messages say so
/// and name the override that works.
@Suite struct ScriptAsOfTests {
    static let script = "use stdlib.tags\nparam as_of: date = 2026-11-20\ncount mobile_active\n"

    @Test func theScriptsDateHoldsUnlessItsParameterIsGiven() throws {
        let at20 = "count mobile_active: \(Cell.grouped(try ReferenceDateTests.mobileActive(Support.demoPath, asOf: "2026-11-20")))\n"
        let atDefault = try ReferenceDateTests.run(Self.script)
        #expect(atDefault.stdout == at20)
        #expect(atDefault.stderr.contains("this window ends on 2026-11-20 (the script's `param as_of`)"), "\(atDefault.stderr)")
        #expect(atDefault.stderr.contains("run as of the data's last day: `--param as_of=2026-11-01`"), "\(atDefault.stderr)")
        let asOf = try ReferenceDateTests.run(Self.script, ["--as-of", "2026-11-01"])
        #expect(asOf.stdout == at20)
        #expect(asOf.stderr.contains("--as-of/.asof 2026-11-01 does not change it, --param as_of= does"), "\(asOf.stderr)")
        let param = try ReferenceDateTests.run(Self.script, ["--param", "as_of=2026-11-01"])
        #expect(param.stdout == "count mobile_active: \(Cell.grouped(try ReferenceDateTests.mobileActive(Support.demoPath, asOf: "2026-11-01")))\n")
        #expect(param.stderr.isEmpty, "\(param.stderr)")
    }

    @Test func theReplSaysWhichDateDecides() throws {
        let r = try Support.seg(["repl", "--db", Support.demoPath], stdin: "param as_of: date = 2026-11-20\n.asof\n.asof 2026-11-01\n")
        #expect(r.stdout == """
            as of 2026-11-20 (the script's `param as_of`)
            this session's `param as_of` (2026-11-20) decides the date; to change it: param as_of: date = 2026-11-01

            """, "\(r.stderr)")
    }
}

/// Caps count each campaign's own latest version: a plain `export … to list` under a
/// campaign's list name is not a run of that campaign, and neither hides its plans from
/// other campaigns' caps nor becomes what `evaluate campaign` reads.
@Suite struct CampaignVersionTests {
    static let first = """
        campaign callers
          target aum >= 30万
          holdout 10% seed "a"
          channel phone
          export to list
        """
    static let second = """
        campaign others
          target aum >= 20万
          cap 1 contacts per 30 days
          channel phone
          export to list
        """

    @Test func aPlainExportUnderACampaignsNameLeavesItsPlansCounted() throws {
        var outputs: [String] = []
        for strayExport in [false, true] {
            let dir = Support.tempDir()
            let db = dir.appendingPathComponent("bank.db").path
            try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
            for (i, text) in [Self.first, strayExport ? "export aum >= 3000万 to list callers\n" : "count all\n", Self.second].enumerated() {
                try text.write(to: dir.appendingPathComponent("s\(i).seg"), atomically: true, encoding: .utf8)
                let r = try Support.seg(["run", "s\(i).seg", "--db", db], cwd: dir)
                #expect(r.status == 0, "\(r.stderr)")
                if i == 2 { outputs.append(r.stdout) }
            }
            try "evaluate campaign callers response = aum > 0\n".write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
            let e = try Support.seg(["run", "e.seg", "--db", db], cwd: dir)
            #expect(e.stdout.hasPrefix("evaluate campaign callers (list callers version 1,"), "\(e.stdout)")
        }
        #expect(outputs[0] == outputs[1], "the second campaign's steps differ after a stray export:\n\(outputs[0])\n\(outputs[1])")
        #expect(outputs[0].contains("cap: 1/30d"), "\(outputs[0])")
    }
}

/// A campaign whose holdout share leaves no one held out warns (W0703), exactly when the saved
/// version holds no holdout member.
@Suite struct EmptyHoldoutTests {
    @Test func warnsExactlyWhenNoOneIsHeldOut() throws {
        var heldCounts: [Int64] = []
        defer { #expect(heldCounts.contains(0) && heldCounts.contains { $0 > 0 }, "both cases met: \(heldCounts)") }
        for limit in [3, 2000] {
            let dir = Support.tempDir()
            let db = dir.appendingPathComponent("bank.db").path
            try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
            try "campaign small\n  target aum > 10万\n  holdout 10% seed \"x\"\n  rank by aum desc\n  limit \(limit)\n  channel sms\n  export to list\n"
                .write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
            let r = try Support.seg(["run", "c.seg", "--db", db], cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            guard case .integer(let held)? = try SQLiteDatabase(path: db).query("SELECT COUNT(*) FROM seg_list_members WHERE name = 'small' AND grp = 'holdout'").first?.first else {
                Issue.record("no list"); continue
            }
            heldCounts.append(held)
            #expect(r.stderr.contains("warning[W0703]") == (held == 0), "limit \(limit): \(held) held out; \(r.stderr)")
        }
    }
}
