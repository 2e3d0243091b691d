import Foundation
import Testing
@testable import SegSyntax
@testable import SegCheck
@testable import SegEngine
@testable import SegStore
@testable import SegRun

/// A marketer's first hour: each wrong turn a new user took says what to do, at the right
/// place (issue 31). Values no row holds, dates as people type them, SQL habits, campaigns
/// that warn, files for Excel.
@Suite struct FirstHourTests {
    /// The demo bank, copied: tests that save write to their own copy.
    static func demo() throws -> String {
        let db = Support.tempDir().appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        return db
    }

    // MARK: dates as people type them

    /// Every day of two years (a leap year among them), in each form people type: one error,
    /// E0112, that names the ISO date; read as that date, so nothing else is reported.
    @Test func everyDayTypedAnyWayIsShownInTheISOForm() throws {
        var checked = 0
        for year in [2024, 2026] {
            for month in 1...12 {
                for day in 1...31 {
                    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
                    let iso = "\(year)-\(two(month))-\(two(day))"
                    let forms = ["\(year)/\(two(month))/\(two(day))", "\(year)/\(month)/\(day)", "\(year)-\(month)-\(day)",
                                 "\(year).\(month).\(day)", "\(year)年\(month)月\(day)日", "\(year)年\(two(month))月\(two(day))号"]
                    for form in forms where form != iso {
                        var map = SourceMap()
                        let f = map.add(path: "t.seg", text: "count open_date > \(form)")
                        let (tokens, diagnostics) = Lexer.tokenize(f)
                        if isValidDate(iso) {
                            #expect(diagnostics.map(\.code) == ["E0112"], "\(form)")
                            #expect(diagnostics.first?.message.contains("`\(iso)`") == true, "\(form): \(diagnostics)")
                            #expect(tokens.contains { $0.kind == .date(iso) }, "\(form)")
                        } else {
                            // `2026/02/30` is no date: left as the arithmetic it spells (the checker then says a date is not a number).
                            #expect(!diagnostics.contains { $0.code == "E0112" }, "\(form)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 4000)
    }

    @Test func arithmeticThatLooksLikeADateStaysArithmetic() throws {
        for text in ["count aum > 2026-5-100", "count aum > 2026 - 5 - 1", "count aum > 20260-5-1", "count aum > 2026-13-1"] {
            var map = SourceMap()
            let (tokens, diagnostics) = Lexer.tokenize(map.add(path: "t.seg", text: text))
            #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
            #expect(!tokens.contains { if case .date = $0.kind { true } else { false } }, "\(text)")
        }
    }

    @Test func eightDigitsBesideADateNameTheDate() throws {
        let db = try Self.demo()
        let d = try Support.run("count open_date > 20260501", db: db).diagnostics
        #expect(d.map(\.code) == ["E0401"])
        #expect(d.first?.suggestion?.contains("`2026-05-01`") == true, "\(d)")
    }

    // MARK: SQL habits and typos

    @Test func sqlHabitsSayWhatToWrite() throws {
        let db = try Self.demo()
        func first(_ text: String) throws -> Diagnostic? { try Support.run(text, db: db).diagnostics.first }
        let null = try first("count email = null")
        #expect(null?.code == "E0331" && null?.suggestion == "write `email is missing`", "\(String(describing: null))")
        let notNull = try first("count email != NULL")
        #expect(notNull?.suggestion == "write `email is not missing`")
        let space = try first("count aum >= 50 w")
        #expect(space?.code == "E0202" && space?.suggestion?.contains("`50w`") == true, "\(String(describing: space))")
        let comma = try first("show aum > 1m with name phone limit 2")
        #expect(comma?.code == "E0218" && comma?.suggestion?.contains("`name, phone`") == true, "\(String(describing: comma))")
        let group = try first("count all group by city")
        #expect(group?.message.contains("`by`") == true && group?.suggestion?.contains("count vip by city") == true)
        let escape = try first("count \"\\u{41\" = \"A\"")
        #expect(escape?.code == "E0104" && escape?.suggestion?.contains("}") == true)
        let key = try first("explain all for customer 999999999999999999999")
        #expect(key?.code == "E0533")
        let half = try first("explain all for customer 1.5")
        #expect(half?.code == "E0533")
    }

    /// `profile … by a vs all`, `sample … seed`: the grammar's own words after a list are no missing comma.
    @Test func wordsOfTheGrammarAfterAListAreNoMissingComma() throws {
        for text in ["profile aum > 1m by city, gender vs all", "count all by city", "overlap aum > 1m, age < 30"] {
            let (_, diagnostics, _) = Support.parse(text)
            #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
        }
    }

    @Test func aPercentAfterASpaceIsOneError() throws {
        var map = SourceMap()
        let f = map.add(path: "h.seg", text: "campaign c1\n  target aum > 1m\n  holdout 10 % seed \"x\"\n")
        let (_, d) = Parser.parse(f)
        #expect(d.map(\.code) == ["E0102"], "\(d)")
    }

    /// Full-width punctuation from a Chinese input method: one error each, read as meant.
    @Test func fullWidthPunctuationIsOneErrorEach() throws {
        let (_, d, _) = Support.parse("show all with customer_id，aum limit 1\ncount（aum > 1m）")
        #expect(d.map(\.code) == ["E0102", "E0102", "E0102"], "\(d)")
    }

    /// A missing word at the end of a line: the caret where it belongs, and nothing more.
    @Test func aMissingWordAtTheEndOfALineIsShownThere() throws {
        var map = SourceMap()
        let f = map.add(path: "m.seg", text: "campaign c\n  target aum > 1m\n  holdout 10%\n  rank by aum\n  export to list\n")
        let (_, d) = Parser.parse(f)
        #expect(d.count == 1, "\(d)")
        let place = f.location(of: d[0].span.start)
        #expect(d.first?.code == "E0201" && place.line == 3 && place.column == 14, "\(d)")
    }

    @Test func theEndOfInputIsShownAfterTheLastWord() throws {
        var map = SourceMap()
        let f = map.add(path: "h.seg", text: "campaign c1\n  target aum > 1m\n  holdout 10%\n")
        let (_, d) = Parser.parse(f)
        #expect(d.first?.code == "E0200")
        let place = f.location(of: d.first!.span.start)
        #expect(place.line == 3 && place.column == 14, "\(place)")
        #expect(d.first?.message.contains("seed") == true)
    }

    @Test func aSingleCharacterIsNoTypoOfAnother() {
        #expect(Suggest.closest(to: "𠀋", in: ["s", "x", "aum"]) == nil)
        #expect(Suggest.closest(to: "aun", in: ["s", "aum"]) == "aum")
    }

    @Test func aReversedBetweenWarns() throws {
        let db = try Self.demo()
        let r = try Support.run("count age between 60 and 30\ncount age between 30 and 60", db: db)
        #expect(r.diagnostics.map(\.code) == ["W0303"])
        #expect(r.diagnostics.first?.suggestion == "write the smaller bound first: `between 30 and 60`")
    }

    @Test func aBadParameterIsTheOnlyError() throws {
        let dir = Support.tempDir()
        try "param min_aum: number = 500k\ncount aum > min_aum\n".write(to: dir.appendingPathComponent("p.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "p.seg", "--db", try Self.demo(), "--param", "min_aum=abc"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("E0505") && !r.stderr.contains("E0301"), "\(r.stderr)")
    }

    @Test func tooManyColumnsSaySo() throws {
        let db = try Self.demo()
        let columns = Array(repeating: "aum", count: 1001).joined(separator: ", ")
        let d = try Support.run("show all with \(columns) limit 1", db: db).diagnostics
        #expect(d.map(\.code) == ["E0532"], "\(d.map(\.code))")
    }

    /// Only a regular file is read as a script, and the reason names what the path is.
    /// The database given as a script, or `use`d, is refused without opening it (closing a
    /// second descriptor would drop the engine's locks).
    @Test func theDatabaseIsNeverReadAsAScript() throws {
        let dir = Support.tempDir(), db = try Self.demo()
        let r = try Support.seg(["run", db, "--db", db], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("it is the database"), "\(r.stderr)")
        try "use \"\(db)\"\ncount all\n".write(to: dir.appendingPathComponent("u.seg"), atomically: true, encoding: .utf8)
        let u = try Support.seg(["run", "u.seg", "--db", db], cwd: dir)
        #expect(u.status == 1 && u.stderr.contains("E0535") && u.stderr.contains("it is the database"), "\(u.stderr)")
    }

    @Test func aScriptThatIsNotAFileSaysWhatItIs() throws {
        let dir = Support.tempDir()
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("a").path, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("b").path, withDestinationPath: "a")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let db = try Self.demo()
        for (path, reason) in [("fifo", "named pipe"), ("/dev/null", "device"), ("a", "loop"), ("folder", "folder"), ("none.seg", "no such file")] {
            let r = try Support.seg(["run", path, "--db", db], cwd: dir)
            #expect(r.status == 1 && r.stderr.contains("E0721") && r.stderr.contains(reason), "\(path): \(r.stderr)")
        }
        // `use` of one says the same, at the `use`.
        for (path, reason) in [("fifo", "named pipe"), ("a", "loop")] {
            try "use \"\(path)\"\ncount all\n".write(to: dir.appendingPathComponent("u.seg"), atomically: true, encoding: .utf8)
            let r = try Support.seg(["run", "u.seg", "--db", db], cwd: dir)
            #expect(r.status == 1 && r.stderr.contains("E0535") && r.stderr.contains(reason) && r.stderr.contains("u.seg:1:1"), "\(path): \(r.stderr)")
        }
    }

    // MARK: values no row holds (W0707)

    @Test func aValueNoRowHoldsWarnsWithTheNearest() throws {
        let db = try Self.demo()
        let r = try Support.run("""
            count city = "上海市"
            count gender = "male"
            count city in ["北京", "Shanghai"]
            count any(transactions where type = "salary" within 30 days)
            count city = "上海" and gender = "F"
            count name = "nobody at all"
            """, db: db)
        let w = r.diagnostics.filter { $0.code == "W0707" }
        #expect(w.count == 4, "\(r.diagnostics)")
        #expect(w[0].suggestion == "did you mean \"上海\"?", "\(w[0])")
        #expect(w[1].suggestion == "did you mean \"M\"?", "\(w[1])")
        #expect(w[2].message.contains("\"Shanghai\""))
        #expect(w[3].message.contains("`transactions`") && w[3].notes.first?.contains("\"payroll\"") == true, "\(w[3])")
        // A personal column's values are never shown, not even as a suggestion.
        #expect(!r.diagnostics.contains { $0.message.contains("nobody at all") })
        // The counts are what SQL says: 0 for the value no one has.
        #expect(r.diagnostics.allSatisfy { !$0.isError })
    }

    /// For every text column with few values and random values (held ones, and held ones
    /// changed by a character), W0707 is said exactly when SQL counts no one with the value.
    @Test func theWarningIsSaidExactlyWhenNoRowHoldsTheValue() throws {
        let db = try Self.demo()
        let sqlite = try SQLiteDatabase(path: db)
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for column in ["city", "gender", "occupation", "marital_status", "risk_level", "channel_pref"] {
            let held = try sqlite.query("SELECT DISTINCT \(column) FROM customers WHERE \(column) IS NOT NULL").compactMap { r -> String? in
                if case .text(let s) = r[0] { return s } else { return nil }
            }
            guard !held.isEmpty else { continue }
            for _ in 0..<6 {
                var value = held.randomElement(using: &rng)!
                if Bool.random(using: &rng) {
                    var chars = Array(value)
                    chars[Int.random(in: 0..<chars.count, using: &rng)] = ["x", "市", "A", " "].randomElement(using: &rng)!
                    value = String(chars)
                }
                let literal = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                let r = try Support.run("count \(column) = \"\(literal)\"", db: db)
                guard case .count(_, let n)? = r.outputs.first else { Issue.record("\(column) = \(value): \(r.diagnostics)"); continue }
                let sql = try sqlite.query("SELECT count(*) FROM customers WHERE \(column) = ?1", [.text(value)]).first?.first
                #expect(sql == .integer(Int64(n)))
                #expect(r.diagnostics.contains { $0.code == "W0707" } == (n == 0), "\(column) = \(value): \(n), \(r.diagnostics.map(\.code))")
                checked += 1
            }
        }
        #expect(checked >= 24)
    }

    /// Values are equal by their bytes, as SQL compares them: a compatibility ideograph that
    /// Swift deems equal to 北 is no row's value. Each place a wrong value is written is warned at.
    @Test func valuesCompareByTheirBytesAndEachPlaceIsWarned() throws {
        let db = try Self.demo()
        let lookalike = "\u{F963}京"
        #expect(lookalike == "北京")  // Swift's equality: canonically equivalent
        let r = try Support.run("count city = \"\(lookalike)\"\ncount city = \"上海市\" or city = \"上海市\"", db: db)
        let w = r.diagnostics.filter { $0.code == "W0707" }
        #expect(w.count == 3, "\(r.diagnostics)")
        #expect(w.first?.suggestion == "did you mean \"北京\"?", "\(String(describing: w.first))")
        #expect(Set(w.map(\.span.start)).count == 3)
    }

    /// The values come from the first rows; a value further down is looked up before a warning.
    @Test func aValuePastTheFirstRowsIsFound() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: """
            CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(ValueLookup.sampleRows))
            INSERT INTO t SELECT i, CASE i % 2 WHEN 0 THEN 'a' ELSE 'b' END FROM n;
            INSERT INTO t VALUES (\(ValueLookup.sampleRows + 1), 'late');
            """, in: dir)
        let engine = try SQLiteEngine(path: db)
        #expect(engine.fewValues(table: "t", column: "c", atMost: 10) == ["a", "b"])
        #expect(engine.holds(table: "t", column: "c", value: "late") == true)
        #expect(engine.holds(table: "t", column: "c", value: "never") == false)
        // Asked again, the answers come from the cache, and stand.
        #expect(engine.fewValues(table: "t", column: "c", atMost: 10) == ["a", "b"])
        #expect(engine.holds(table: "t", column: "c", value: "late") == true)
    }

    // MARK: campaigns

    static let typoCampaign = """
        use stdlib.bank
        campaign first_hour
          target city = "上海市" or aum > 1m
          exclude aum < 10
          cap 1 contacts via sms per 7 days
          holdout 10% seed "x"
          rank by aum
          limit 3
          channel phone
        """

    /// A warning that doubts the answer stops a campaign run before it saves anything;
    /// `--accept-warnings` saves. The funnel lists every step, and `rank by` without a
    /// direction takes the largest first.
    @Test func aCampaignThatWarnsSavesNothingUnlessAccepted() throws {
        let dir = Support.tempDir(), db = try Self.demo()
        try Self.typoCampaign.write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        let stopped = try Support.seg(["run", "c.seg", "--db", db], cwd: dir)
        #expect(stopped.status == 1 && stopped.stderr.contains("W0707") && stopped.stderr.contains("E0736"), "\(stopped.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_list_members'").first?.first == .integer(0)
                || (try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_list_members WHERE name = 'first_hour'").first?.first) == .integer(0))
        let saved = try Support.seg(["run", "c.seg", "--db", db, "--accept-warnings"], cwd: dir)
        #expect(saved.status == 0, "\(saved.stderr)")
        let steps = saved.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(steps.contains { $0.hasPrefix("excluded: aum < 10") && $0.hasSuffix(" 0") }, "\(saved.stdout)")
        #expect(steps.contains { $0.hasPrefix("over limit 3 (treatment only") }, "\(saved.stdout)")
        // The three treated are the three largest `aum` of those kept, as SQL orders them.
        let members = try SQLiteDatabase(path: db).query(
            "SELECT member_key FROM seg_list_members WHERE name = 'first_hour' AND grp = 'treatment' ORDER BY rnk").map { "\($0[0])" }
        #expect(members.count == 3)
        let ranks = try SQLiteDatabase(path: db).query(
            "SELECT m.member_key, c.aum FROM seg_list_members m JOIN customers c ON c.customer_id = m.member_key WHERE m.name = 'first_hour' AND m.grp = 'treatment' ORDER BY m.rnk")
        let aums = ranks.compactMap { $0[1].double }
        #expect(aums == aums.sorted(by: >) && aums.count == 3, "\(ranks)")
        // Every member, treated or held out, by rank: the largest first (rank 1 the largest of all).
        let all = try SQLiteDatabase(path: db).query(
            "SELECT c.aum FROM seg_list_members m JOIN customers c ON c.customer_id = m.member_key WHERE m.name = 'first_hour' ORDER BY m.rnk")
            .compactMap { $0[0].double }
        #expect(all == all.sorted(by: >) && all.first == all.max() && all.count >= 3, "\(all)")
    }

    // MARK: Excel

    @Test func aCSVForExcelHasAByteOrderMarkAndPlainCSVNone() throws {
        let dir = Support.tempDir(), db = try Self.demo()
        try """
            export aum > 2m to csv "excel.csv" excel with name, city
            export aum > 2m to csv "plain.csv" with name, city
            """.write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "e.seg", "--db", db], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let excel = try Data(contentsOf: dir.appendingPathComponent("excel.csv"))
        let plain = try Data(contentsOf: dir.appendingPathComponent("plain.csv"))
        #expect(Array(excel.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(plain.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(excel.dropFirst(3) == plain, "the same rows, lines ending CRLF")
        #expect(String(decoding: plain, as: UTF8.self).hasPrefix("customer_id,name,city\r\n"))
        // `--csv-excel` makes every CSV file one for Excel.
        let flag = try Support.seg(["run", "e.seg", "--db", db, "--csv-excel"], cwd: dir)
        #expect(flag.status == 0)
        #expect(try Array(Data(contentsOf: dir.appendingPathComponent("plain.csv")).prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    // MARK: tools

    @Test func explainForACustomerShowsTheValueANamedConditionTested() throws {
        let db = try Self.demo()
        let r = try Support.run("segment rich where aum > 1m\nexplain rich for customer 10001", db: db)
        guard case .table(let t)? = r.outputs.first else { Issue.record("no table: \(r.outputs)"); return }
        #expect(t.rows.count == 2, "\(t.rows)")
        #expect(t.rows.last?[0] == .text("  aum > 1m"))
        let aum = try SQLiteDatabase(path: db).query("SELECT aum FROM customers WHERE customer_id = 10001").first?.first
        #expect(t.rows.last?[2] == .text(aum.flatMap { Cell.text($0, .number) } ?? "missing"), "\(t.rows)")
    }

    /// `use stdlib.rfm` after an entry written with the database's own relation names: the
    /// error is the `use`'s, and the earlier entry keeps working.
    @Test func aUseThatBreaksAnEarlierEntryIsBlamed() throws {
        let c = Conversation(session: try Session(engine: try SQLiteEngine(path: try Self.demo())))
        #expect(c.evaluate("define active = count(app_events within 30 days) > 3").failure == nil)
        let use = c.evaluate("use stdlib.rfm")
        #expect(use.diagnostics.map(\.code) == ["E0534"], "\(use.diagnostics)")
        let place = use.sources.file(use.diagnostics[0].span.file)?.path
        #expect(place == "<entry 2>")
        #expect(use.diagnostics[0].notes.first?.contains("`app_events` is not a relation") == true)
        #expect(c.evaluate("count active").failure == nil)
    }

    /// `any(R where …)` shows how many rows matched, as SQL counts them.
    @Test func explainShowsHowManyRowsAnAnyMatched() throws {
        let db = try Self.demo()
        let sqlite = try SQLiteDatabase(path: db)
        let row = try sqlite.query("""
            SELECT customer_id, count(*) FROM transactions WHERE type = 'payroll' AND txn_date > '2026-09-02' AND txn_date <= '2026-11-01'
            GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1
            """).first
        guard let row, case .integer(let key) = row[0], case .integer(let n) = row[1] else { Issue.record("no payroll in the demo"); return }
        let r = try Support.run("explain any(transactions where type = \"payroll\" within 60 days) for customer \(key)", db: db,
                                options: { var o = RunOptions(); o.asOf = "2026-11-01"; return o }())
        guard case .table(let t)? = r.outputs.first else { Issue.record("\(r.diagnostics)"); return }
        #expect(t.rows.first?[1] == .text("yes") && t.rows.first?[2] == .text("\(n)"), "\(t.rows)")
    }

    @Test func compilingOnlyDefinitionsSaysWhy() throws {
        let dir = Support.tempDir()
        try "segment rich where aum > 1m\ndefine young = age < 30\n".write(to: dir.appendingPathComponent("d.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["compile", "d.seg"], cwd: dir)
        #expect(r.status == 0)
        // Compiling writes nothing: the folder holds the script alone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["d.seg"])
        #expect(r.stdout.contains("declares 2 definitions (rich, young)") && r.stdout.contains("`count rich`"), "\(r.stdout)")
    }

    @Test func dryRunWarnsThatAsOfIsIgnored() throws {
        let dir = Support.tempDir()
        try "param as_of: date = 2026-10-01\ncount aum > 1m\n".write(to: dir.appendingPathComponent("a.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "a.seg", "--dry-run", "--as-of", "2026-09-01", "--db", try Self.demo()], cwd: dir)
        #expect(r.status == 0 && r.stderr.contains("W0705"), "\(r.stderr)")
    }

    @Test func theREPLsHelpNamesEveryStatement() throws {
        let r = try Support.seg(["repl", "--db", try Self.demo()], stdin: ".help\n")
        for keyword in Keyword.allCases where keyword.beginsStatement {
            #expect(r.stdout.contains(keyword.rawValue), "\(keyword) is not in .help:\n\(r.stdout)")
        }
        for word in ["expect", "build tags"] { #expect(r.stdout.contains(word)) }
    }

    @Test func helpParagraphsAreWrappedOnce() throws {
        for command in [["tags", "build"], ["fmt"], ["repl"], ["compile"], ["policy"], ["report"]] {
            let r = try Support.seg(command + ["--help"], env: ["COLUMNS": "80"])
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // A paragraph line cut short mid-sentence is followed by one that goes on in lower case.
            for (a, b) in zip(lines, lines.dropFirst()) where !a.isEmpty && a.count < 50 && !a.hasSuffix(":") && !a.hasPrefix(" ") {
                #expect(!(b.first?.isLowercase ?? false), "\(command): “\(a)” / “\(b)”")
            }
        }
    }
}
