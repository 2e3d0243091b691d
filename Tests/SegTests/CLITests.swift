import Foundation
import Testing
import SegRun
@testable import seg
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The `seg` command line: exit codes and messages for good and bad input (DESIGN.md:
/// 0 ok, 1 script error, 2 usage, 3 engine/data error, 4 failed assert). Never a crash.
@Suite struct CLITests {
    func script(_ text: String, _ name: String = "s.seg") -> String {
        let path = Support.tempDir().appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func version() throws {
        let r = try Support.seg(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func usageErrorsExit2() throws {
        #expect(try Support.seg(["run"]).status == 2)
        #expect(try Support.seg(["run", "x.seg", "--format", "yaml"]).status == 2)
        #expect(try Support.seg(["run", "x.seg", "--as-of", "2026-02-30"]).status == 2)
        #expect(try Support.seg(["run", "x.seg", "--param", "novalue"]).status == 2)
        #expect(try Support.seg(["compile", "x.seg", "--dialect", "oracle"]).status == 2)
        #expect(try Support.seg(["frobnicate"]).status == 2)
    }

    @Test func helpListsEveryCommand() throws {
        let r = try Support.seg(["--help"])
        #expect(r.status == 0)
        for command in ["run", "check", "compile", "demo"] { #expect(r.stdout.contains(command)) }
    }

    @Test func missingDatabase() throws {
        let r = try Support.seg(["run", script("count all"), "--db", "/nonexistent/bank.db"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("error[E0701]: database file `/nonexistent/bank.db` does not exist"))
        #expect(!r.stderr.lowercased().contains("sqlite_"))
    }

    @Test func notADatabase() throws {
        let path = script("this is a text file, not a database\n", "bank.db")
        let r = try Support.seg(["run", script("count all"), "--db", path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("is not a SQLite database"))
    }

    @Test func missingScript() throws {
        let r = try Support.seg(["run", "/nonexistent/x.seg", "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read script `/nonexistent/x.seg`: no such file"))
    }

    @Test func binaryGarbage() throws {
        var bytes: [UInt8] = Array("count all\n".utf8)
        var rng = UInt64(12345)
        for _ in 0..<4096 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(UInt8(truncatingIfNeeded: rng >> 33))
        }
        let path = Support.tempDir().appendingPathComponent("garbage.seg").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let r = try Support.seg(["run", path, "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0101]: this file is not valid UTF-8"))
        #expect(r.stderr.contains("\(path):2:"))
    }

    @Test func controlCharacters() throws {
        let r = try Support.seg(["check", script("count all\n\u{01}\u{02} segment\u{7F}"), "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0111]: control character U+0001 in the script"))
        #expect(r.stderr.contains("error[E0111]: control character U+007F in the script"))
    }

    @Test func deepNesting() throws {
        let text = "count " + String(repeating: "(", count: 20_000) + "aum > 1" + String(repeating: ")", count: 20_000)
        let r = try Support.seg(["run", script(text), "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0205]: expression nested too deeply"))
    }

    @Test func longDefinitionChains() throws {
        // 2,000 defines each using the one before: more than SQLite's expression depth allows;
        // the engine's refusal is told plainly, at the statement (exit 3, an engine limit).
        var text = "define d0 = aum\n"
        for i in 1...2000 { text += "define d\(i) = d\(i - 1) + 1\n" }
        text += "count d2000 > 5\n"
        let r = try Support.seg(["run", script(text), "--db", try Support.fixtureDatabase()])
        #expect(r.status == 3)
        #expect(r.stderr.contains("error[E0709]: this statement is too deeply nested for the database to run"))
        #expect(r.stderr.contains(":2002:1"))
        // 300 of them run, flattened to one sum.
        var shorter = "define d0 = aum\n"
        for i in 1...300 { shorter += "define d\(i) = d\(i - 1) + 1\n" }
        shorter += "count d300 > 5000\n"
        let ok = try Support.seg(["run", script(shorter), "--db", try Support.fixtureDatabase()])
        #expect(ok.stdout == "count d300 > 5000: 9\n", "\(ok.stderr)")
        // Written in reverse (each used before it is defined), 2,000 are too deep for the checker.
        var reverse = "count d2000 > 5\n"
        for i in stride(from: 2000, to: 0, by: -1) { reverse += "define d\(i) = d\(i - 1) + 1\n" }
        reverse += "define d0 = aum\n"
        let rev = try Support.seg(["check", script(reverse), "--db", try Support.fixtureDatabase()])
        #expect(rev.status == 1)
        #expect(rev.stderr.contains("error[E0309]"))
        // A diamond that doubles 40 times is caught by size, not run for ever.
        var diamond = "define e0 = aum\n"
        for i in 1...40 { diamond += "define e\(i) = e\(i - 1) + e\(i - 1)\n" }
        diamond += "count e40 > 5\n"
        let d = try Support.seg(["run", script(diamond), "--db", try Support.fixtureDatabase()])
        #expect(d.status == 1)
        #expect(d.stderr.contains("E0601"))
        // The same diamond of conditions (`x and x` is `x`) compiles flat and runs.
        var conditions = "define c0 = aum > 5\n"
        for i in 1...40 { conditions += "define c\(i) = c\(i - 1) and c\(i - 1)\n" }
        conditions += "count c40\n"
        let c = try Support.seg(["run", script(conditions), "--db", try Support.fixtureDatabase()])
        #expect(c.stdout == "count c40: 11\n", "\(c.stderr)")
    }

    @Test func emptyScript() throws {
        for text in ["", "-- only a comment\n", "  \n\n"] {
            let r = try Support.seg(["run", script(text), "--db", try Support.fixtureDatabase()])
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("warning[W0201]: the script has no statements"))
        }
    }

    @Test func cycleExits1() throws {
        let r = try Support.seg(["check", script("segment a where b\nsegment b where a"), "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("`a` → `b` → `a`"))
    }

    @Test func checkReportsEveryFile() throws {
        let good = script("count aum > 1", "good.seg"), bad = script("count agee > 1", "bad.seg")
        let r = try Support.seg(["check", good, bad, "--db", try Support.fixtureDatabase()])
        #expect(r.status == 1)
        #expect(r.stdout.contains("good.seg: ok"))
        #expect(r.stderr.contains("did you mean `age`?"))
    }

    @Test func failedAssertExits4AndSavesNothing() throws {
        let dir = Support.tempDir()
        let existing = dir.appendingPathComponent("vip.csv")
        try "old contents\n".write(to: existing, atomically: true, encoding: .utf8)
        let text = """
            segment vip where aum >= 500k
            export vip to csv "vip.csv"
            export vip to csv "new.csv"
            export vip to list vip_list
            assert count vip <= 3
            """
        let db = try Support.fixtureDatabase()
        let r = try Support.seg(["run", script(text), "--db", db], cwd: dir)
        #expect(r.status == 4)
        #expect(r.stderr.contains("assertion failed: the count is 5, expected at most 3"))
        #expect(try String(contentsOf: existing, encoding: .utf8) == "old contents\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.csv").path))
        // No temporary file is left behind, and no list version was written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["vip.csv"])
        let lists = try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'")
        if lists.first?.first == .integer(1) {
            #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_lists") == [[.integer(0)]])
        }
    }

    @Test func unwritableExport() throws {
        let dir = Support.tempDir()
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("afile").path, contents: Data())
        let r = try Support.seg(["run", script("export all to csv \"afile/x.csv\""), "--db", try Support.fixtureDatabase()], cwd: dir)
        #expect(r.status == 3)
        #expect(r.stderr.contains("error[E0710]: cannot write `afile/x.csv`"))
    }

    @Test func lockedDatabase() throws {
        let db = try Support.fixtureDatabase()
        let holder = try SQLiteDatabase(path: db)
        try holder.execute("BEGIN EXCLUSIVE")
        defer { try? holder.execute("ROLLBACK") }
        let r = try Support.seg(["run", script("count all"), "--db", db], env: ["SEG_LOCK_WAIT": "1"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("is locked by another program"))
    }

    @Test func compileForEveryDialect() throws {
        let path = script("segment vip where aum >= 500k and name contains \"O'\"\ncount vip")
        let db = try Support.fixtureDatabase()
        let pg = try Support.seg(["compile", path, "--dialect", "postgres", "--inline", "--db", db])
        #expect(pg.status == 0)
        #expect(pg.stdout.contains("(strpos(\"name\", 'O''') > 0)"))
        let spark = try Support.seg(["compile", path, "--dialect", "spark", "--inline", "--db", db])
        #expect(spark.stdout.contains("FROM `customers`"))
        #expect(spark.stdout.contains("'O\\''"))
        let sqlite = try Support.seg(["compile", path, "--db", db])
        #expect(sqlite.stdout.contains("?1"))
        #expect(sqlite.stdout.contains("-- parameters: 1 = 500000, 2 = 'O''"))
    }

    @Test func outputFormats() throws {
        let path = script("count aum >= 500k\ncount aum >= 500k by city\nshow customer_id = 3 with name, aum")
        let db = try Support.fixtureDatabase()
        let json = try Support.seg(["run", path, "--db", db, "--format", "json"])
        #expect(json.status == 0)
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["count"] as? Int == 5)
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        let rows = second?["rows"] as? [[String: Any]]
        #expect(rows?.first?["city"] as? String == "上海")
        #expect(rows?.first?["count"] as? Int == 2)
        let third = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
        #expect((third?["rows"] as? [[String: Any]])?.first?["name"] as? String == "O******")  // personal: masked
        let csv = try Support.seg(["run", path, "--db", db, "--format", "csv"])
        #expect(csv.stdout.contains("segment,count\naum >= 500k,5\n"))
        #expect(csv.stdout.contains("city,count\n上海,2\n北京,2\n杭州,1\n"))
    }

    @Test func dryRunTouchesNoData() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let r = try Support.seg(["run", script("export all to csv \"x.csv\"\nexport all to list l"), "--db", db, "--dry-run"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok (dry run: checked and compiled, nothing run)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(try Support.seg(["lists", "--db", db]).stdout.contains("(0 rows)"))
        let bad = try Support.seg(["run", script("count agee > 1"), "--db", db, "--dry-run"])
        #expect(bad.status == 1)
    }

    @Test func listsShowsVersionsAndProvenance() throws {
        let db = try Support.fixtureDatabase()
        let path = script("version \"2026.11.2\"\nsegment vip where aum >= 500k\nexport vip to list\nexport aum > 1m to list big")
        #expect(try Support.seg(["run", path, "--db", db, "--as-of", "2026-11-01"]).status == 0)
        #expect(try Support.seg(["run", path, "--db", db, "--as-of", "2026-11-01"]).status == 0)
        let all = try Support.seg(["lists", "--db", db, "--format", "csv"])
        #expect(all.status == 0)
        let rows = all.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.map { "\($0[0]) \($0[1]) \($0[2])" } == ["big 2 2", "big 1 2", "vip 2 5", "vip 1 5"])
        #expect(rows.allSatisfy { $0[4] == Substring(path) && $0[5] == "2026.11.2" && $0[6] == "2026-11-01" })
        let one = try Support.seg(["lists", "vip", "--db", db, "--format", "csv"])
        #expect(one.stdout.split(separator: "\n").count == 3)
    }

    @Test func demoBuildsOnFirstUseAndRefusesToOverwrite() throws {
        let dir = Support.tempDir()
        let cached = dir.appendingPathComponent("cache/demo.db").path
        let quick = script("count all")
        let r = try Support.seg(["run", quick], cwd: dir, env: ["SEG_DEMO_DB": cached])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "count all: 10,000\n")
        #expect(FileManager.default.fileExists(atPath: cached))
        let demo = dir.appendingPathComponent("d.db").path
        #expect(try Support.seg(["demo", "--customers", "50", "--db", demo]).status == 0)
        let again = try Support.seg(["demo", "--customers", "50", "--db", demo])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try Support.seg(["demo", "--customers", "60", "--db", demo, "--force"]).status == 0)
        #expect(try Support.seg(["run", quick, "--db", demo]).stdout == "count all: 60\n")
    }
}

@Suite struct TableFormattingTests {
    @Test(arguments: [
        ("20811037.09", "20,811,037.09"), ("10000", "10,000"), ("9999", "9999"), ("2016", "2016"),
        ("-1234567", "-1,234,567"), ("0.5", "0.5"), ("1e+20", "1e+20"), ("abc", "abc"),
    ])
    func separators(_ input: String, _ expected: String) {
        #expect(Printer.withSeparators(input) == expected)
    }

    /// A column of years has no separators; a column of counts that happen to fall between
    /// 1900 and 2100 does.
    @Test func countsAreNoYears() {
        #expect(!Printer.ColumnFormat(column: "open_year", values: [.integer(2019), .integer(2021)]).separators)
        #expect(Printer.ColumnFormat(column: "members", values: [.integer(2001)]).separators)
        #expect(Printer.ColumnFormat(column: "measured_members", values: [.integer(2001)]).separators)
        #expect(Printer.ColumnFormat(column: "count", values: [.integer(1999), .integer(2050)]).separators)
    }

    @Test func truncationKeepsDisplayWidth() {
        #expect(Printer.truncated("short", to: 10) == "short")
        #expect(Printer.truncated("abcdefghijkl", to: 10) == "abcdefghi…")
        // Wide characters count two columns.
        #expect(Printer.truncated("上海市浦东新区陆家嘴", to: 9) == "上海市浦…")
    }

    /// `seg run campaigns/a.seg` whose `use "../lib.seg"` names a file beside the folder:
    /// resolved from the script's folder even when the script is named by a relative path.
    @Test func useIsRelativeToTheScriptsFolder() throws {
        let dir = Support.tempDir()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("campaigns"), withIntermediateDirectories: true)
        try "segment rich where aum >= 100万\n".write(to: dir.appendingPathComponent("lib.seg"), atomically: true, encoding: .utf8)
        try "use \"../lib.seg\"\ncount rich\n".write(to: dir.appendingPathComponent("campaigns/a.seg"), atomically: true, encoding: .utf8)
        for command in ["run", "check"] {
            let r = try Support.seg([command, "campaigns/a.seg", "--db", Support.demoPath], cwd: dir)
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
    }

    /// `count in list L` on the line after a segment is a statement of its own, not the
    /// segment's trailing `count`.
    @Test func countInListAfterASegmentLine() throws {
        let dir = Support.tempDir()
        try "segment a where aum > 1m\ncount in list q3\n".write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["check", "s.seg", "--schema", "demo"], cwd: dir)
        #expect(!r.stderr.contains("E0202") && !r.stderr.contains("E0201"), "\(r.stderr)")
    }

    /// `.load FILE` in the REPL reads the file's `use` and model files from its folder, as
    /// `seg run FILE` does, from whatever folder the REPL was started in.
    @Test func replLoadReadsRelativeToTheFile() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let example = Support.root.appendingPathComponent("examples/churn_model.seg").path
        let repl = try Support.seg(["repl", "--db", db, "--as-of", "2026-11-01"], cwd: dir, stdin: ".load \(example)\n")
        #expect(!repl.stderr.contains("error"), "\(repl.stderr)")
        let run = try Support.seg(["run", example, "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        let count = run.stdout.split(separator: "\n").first { $0.hasPrefix("count watch: ") }
        #expect(count != nil && repl.stdout.contains(String(count!)), "\(repl.stdout)")
    }
}
