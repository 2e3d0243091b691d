import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg repl`: a session that lives across entries; piped input prints results only.
@Suite struct ReplTests {
    @Test func completenessComesFromTheParser() {
        #expect(Conversation.completeness("count vip") == .complete)
        #expect(Conversation.completeness("segment vip where") == .incomplete)
        #expect(Conversation.completeness("segment vip where aum >= 500k and") == .incomplete)
        #expect(Conversation.completeness("count (aum > 1") == .incomplete)
        #expect(Conversation.completeness("count name = \"abc") == .incomplete)
        #expect(Conversation.completeness("count /* still open") == .incomplete)
        #expect(Conversation.completeness("segment vip where;") == .complete)
        #expect(Conversation.completeness("count aum >> 1") == .complete)  // an error, not an unfinished entry
        #expect(Conversation.completeness("   -- just a comment") == .empty)
    }

    @Test func definitionsPersistAndMayBeRedefined() throws {
        let session = try Session(engine: try SQLiteEngine(path: try Support.fixtureDatabase()))
        let c = Conversation(session: session)
        #expect(c.evaluate("segment vip where aum >= 500k").failure == nil)
        #expect(c.evaluate("count vip").outputs == [.count(title: "vip", value: 5)])
        #expect(c.evaluate("segment vip_young from vip where age < 40").failure == nil)
        // Redefining vip: later uses see the new one.
        #expect(c.evaluate("segment vip where aum >= 1m").failure == nil)
        #expect(c.evaluate("count vip").outputs == [.count(title: "vip", value: 2)])
        // An error is reported for its entry and the session goes on.
        let bad = c.evaluate("count vipp")
        #expect(bad.failure == .inScript)
        #expect(bad.diagnostics.first?.suggestion == "did you mean `vip`?")
        #expect(c.evaluate("count vip_young").outputs == [.count(title: "vip_young", value: 0)])
        #expect(c.script == ["segment vip_young from vip where age < 40", "segment vip where aum >= 1m"])
    }

    /// Modules used in separate entries share what they use (stdlib.tags and stdlib.rfm both use
    /// stdlib.bank): the entity is declared once, as in one script, and both modules' names are known.
    @Test func modulesUsedInSeparateEntriesShareTheirEntity() throws {
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath))
        let c = Conversation(session: session)
        for entry in ["use stdlib.tags", "use stdlib.rfm", "use stdlib.tags"] {
            let r = c.evaluate(entry)
            #expect(r.failure == nil, "\(entry): \(r.diagnostics.map(\.message))")
        }
        let both = c.evaluate("count payroll and rfm_champions")
        #expect(both.failure == nil, "\(both.diagnostics.map(\.message))")
        let script = try Support.run("use stdlib.tags\nuse stdlib.rfm\ncount payroll and rfm_champions\n", db: Support.demoPath)
        #expect(both.outputs == script.outputs)
    }

    @Test func pipedInput() throws {
        let input = """
            segment vip where aum >= 500k
            count vip
            segment big where
              aum >= 1m
            count big

            count nosuch > 1
            .fields ag
            count vip and big
            """
        let r = try Support.seg(["repl", "--db", try Support.fixtureDatabase()], stdin: input)
        #expect(r.status == 1)
        #expect(r.stdout == "count vip: 5\ncount big: 2\nage  number\nvip_flag  bool\ncount vip and big: 2\n")
        #expect(r.stderr.contains("unknown name `nosuch`"))
        let ok = try Support.seg(["repl", "--db", try Support.fixtureDatabase(), "--format", "json"], stdin: "count all\n")
        #expect(ok.status == 0)
        #expect(ok.stdout == "{\"segment\":\"all\",\"count\":12}\n")
    }

    /// A pasted definition whose condition goes on over lines starting with `and` / `or` is
    /// the same definition as in a script; such a line after a statement that ran is E0216.
    @Test func linesStartingWithAndOrContinueADefinition() throws {
        let db = try Support.fixtureDatabase()
        let pasted = try Support.seg(["repl", "--db", db], stdin: """
            segment x where aum >= 100k
              and age < 60
              or aum >= 1m
            count x
            define y = aum > 0
            and age > 30
            count y
            """)
        let dir = Support.tempDir()
        try "segment x where aum >= 100k and age < 60 or aum >= 1m\ncount x\ncount aum > 0 and age > 30\n"
            .write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let script = try Support.seg(["run", "t.seg", "--db", db], cwd: dir)
        #expect(pasted.status == 0, "\(pasted.stderr)")
        #expect(pasted.stdout == script.stdout.replacingOccurrences(of: "count aum > 0 and age > 30", with: "count y"))
        let ran = try Support.seg(["repl", "--db", db], stdin: "count aum > 1\n  and age > 30\ncount all\n")
        #expect(ran.status == 1)
        #expect(ran.stdout == "count aum > 1: 11\ncount all: 12\n")
        #expect(ran.stderr.contains("error[E0216]: `and` continues a condition, but the entry before it already ran"), "\(ran.stderr)")
    }

    /// A comment line typed just above a definition describes it, as in a script; `.segments`
    /// shows the text and the description, whole when one definition is asked for.
    @Test func aCommentAboveADefinitionDescribesIt() throws {
        let r = try Support.seg(["repl", "--db", try Support.fixtureDatabase()], stdin: """
            -- Customers with half a million or more.
            segment rich where aum >= 500k
            -- This one is parted from the next by a blank line.

            define young = age < 30
            .segments
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            segment rich  bool    = aum >= 500k  -- Customers with half a million or more.
            define young  bool    = age < 30

            """)
    }

    @Test func pipedJSON() throws {
        let ok = try Support.seg(["repl", "--db", try Support.fixtureDatabase(), "--format", "json"], stdin: "count all\n")
        #expect(ok.status == 0)
        #expect(ok.stdout == "{\"segment\":\"all\",\"count\":12}\n")
    }

    /// `.memory`: what the process takes now and at most, and what the session keeps to
    /// answer questions — nothing before a question reads tags, then the tag table's rows and
    /// columns.
    @Test func memorySaysWhatIsKept() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let r = try Support.seg(["repl", "--db", db], cwd: dir, stdin: "use stdlib.tags\n.memory\nbuild tags\ncount payroll and card_holder\n.memory\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let usage = lines.filter { $0.hasPrefix("memory: ") }
        #expect(usage.count == 2, "\(r.stdout)")
        for line in usage {
            // "memory: 38.8 MB now, 40.1 MB at most (this process)": at most is at least now.
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            #expect(numbers.count == 2 && numbers[0] > 0 && numbers[1] >= numbers[0], "\(line)")
        }
        let kept = lines.filter { $0.hasPrefix("kept for questions: ") }
        #expect(kept.first?.contains("nothing yet") == true, "\(kept)")
        let customers = try SQLiteDatabase(path: db).query("SELECT COUNT(*) FROM customers")[0][0]
        #expect(kept.last?.contains("\(Cell.grouped(customers.double.map { Int64($0) } ?? 0)) rows × ") == true, "\(kept)")
    }
}

/// `seg repl` on a real pseudo-terminal (Tests/repl/pty_drive.py types and reads the screen):
/// prompt, counts, a multi-line entry, an error that keeps the session, Tab completion,
/// history in $HOME, and Ctrl-C stopping a slow query.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3 (its pty module drives the terminal)"))
struct TerminalTests {
    struct Screen {
        var status: Int32
        var text: String
        var log: String
    }

    func drive(_ steps: [[Any]], db: String, cwd: URL, home: URL, size: [Int]? = nil, env: [String: String] = [:]) throws -> Screen {
        var spec: [String: Any] = [
            "argv": [Support.segBinary.path, "repl", "--db", db],
            "cwd": cwd.path,
            "env": ["HOME": home.path, "NO_COLOR": "1"].merging(env) { $1 },
            "steps": steps,
        ]
        if let size { spec["size"] = size }
        let file = Support.tempDir().appendingPathComponent("steps.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Support.root.appendingPathComponent("Tests/repl/pty_drive.py").path, file.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Screen(status: p.terminationStatus, text: String(decoding: o, as: UTF8.self), log: String(decoding: e, as: UTF8.self))
    }

    @Test func aSessionAtTheKeyboard() throws {
        let cwd = Support.tempDir(), home = Support.tempDir()
        try "define from_file = aum > 0\n".write(to: cwd.appendingPathComponent("notes.seg"), atomically: true, encoding: .utf8)
        let screen = try drive([
            ["expect", "seg> "],
            ["send", "count all\r"], ["expect", "count all: 12"],
            // A statement that is not finished continues on the next line.
            ["send", "segment rich where\r"], ["expect", "...> "], ["send", "  aum >= 500k\r"], ["expect", "seg> "],
            ["send", "count rich\r"], ["expect", "count rich: 5"],
            // An error keeps the session.
            ["send", "count richh\r"], ["expect", "did you mean `rich`?"], ["expect", "seg> "],
            // Tab completes a segment, a relation's field and a file path in quotes.
            ["send", "count ric\t\r"], ["expect", "count rich: 5"],
            ["send", "count sum(transactions.amo\t) > 1000\r"], ["expect", "count sum(transactions.amount ) > 1000: 4"],
            ["send", "use \"no\t\r"], ["expect", "seg> "],
            // A text field's values complete inside quotes (and the quote closes).
            ["send", "count city = \"上\t\r"], ["expect", "count city = \"上海\": 4"],
            ["send", "count count(transactions where ty\t = \"deposit\") > 0\r"], ["expect", "count count(transactions where type  = \"deposit\") > 0: "],
            ["send", "count from_file\r"], ["expect", "count from_file: 11"],
            // Ctrl-D at the prompt ends the session (once readline is reading again).
            ["expect", "seg> "], ["sleep", 0.3], ["send", "\u{4}"],
        ], db: try Support.fixtureDatabase(), cwd: cwd, home: home)
        #expect(screen.status == 0, "\(screen.log)\n\(screen.text)")
        #expect(screen.text.contains("use \"notes.seg\""), "\(screen.text)")
        let history = (try? String(contentsOf: home.appendingPathComponent(".seg_history"), encoding: .utf8)) ?? ""
        #expect(!history.isEmpty, "no history in \(home.path): \(screen.log)\n\(screen.text)")
        #expect(history.contains("count all"))
        #expect(history.contains("count rich"))
    }

    /// Ctrl-C at a `...>` prompt drops the pending entry; a line starting with `and`
    /// continues the definition just entered; each whole entry is one history item, stamped
    /// in the file so that a multi-line one reads back whole.
    @Test func ctrlCClearsAnEntryAndHistoryKeepsWholeEntries() throws {
        let cwd = Support.tempDir(), home = Support.tempDir()
        let screen = try drive([
            ["expect", "seg> "],
            ["send", "segment rich where\r"], ["expect", "...> "], ["sleep", 0.2], ["send", "\u{3}"],
            ["expect", "(entry cleared)"], ["expect", "seg> "],
            ["send", "count rich\r"], ["expect", "unknown name `rich`"], ["expect", "seg> "],
            ["send", "segment big where aum >= 100k\r"], ["expect", "seg> "],
            ["send", "  and aum < 1m\r"], ["expect", "seg> "],
            ["send", "count big\r"], ["expect", "count big: "], ["expect", "seg> "],
            ["sleep", 0.3], ["send", "\u{4}"],
        ], db: try Support.fixtureDatabase(), cwd: cwd, home: home)
        #expect(screen.status == 0, "\(screen.log)\n\(screen.text)")
        let direct = try Support.seg(["run", "t.seg", "--db", try Support.fixtureDatabase()], cwd: {
            let d = Support.tempDir()
            try? "count aum >= 100k and aum < 1m\n".write(to: d.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
            return d
        }())
        let n = direct.stdout.replacingOccurrences(of: "count aum >= 100k and aum < 1m: ", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(screen.text.contains("count big: \(n)"), "\(screen.text)")
        let history = (try? String(contentsOf: home.appendingPathComponent(".seg_history"), encoding: .utf8)) ?? ""
        let entries = history.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(entries == ["count rich", "segment big where aum >= 100k", "  and aum < 1m", "count big"], "\(history)")
        // Entries are stamped, so a multi-line one reads back whole; the `and …` line is part
        // of the definition it continued: one item, not two.
        #expect(history.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 3, "\(history)")
    }

    /// On a 12×70 terminal: a result taller than the screen goes through the pager (here a
    /// `sed` that marks each line), a short one does not; `.pager off` prints; `.x auto`
    /// shows a table wider than the screen as blocks; `.once` sends a result to a file.
    @Test func pagerExpandedDisplayAndOnce() throws {
        let cwd = Support.tempDir(), home = Support.tempDir()
        let screen = try drive([
            ["expect", "seg> "],
            ["send", "show all with customer_id limit 12\r"], ["expect", ">> show all"], ["expect", ">> (12 rows)"], ["expect", "seg> "],
            ["send", "count all\r"], ["expect", "count all: 12"], ["expect", "seg> "],
            ["send", ".pager off\r"], ["expect", "pager is off"],
            ["send", "show all with customer_id limit 12\r"], ["expect", "(12 rows)"], ["expect", "seg> "],
            ["send", ".x auto\r"], ["expect", "expanded display is auto"],
            ["send", "show customer_id = 3 with customer_id, name, city, age, aum, open_date, vip_flag, age * 1000000000, aum * 1000\r"],
            ["expect", "-[ row 1 ]"], ["expect", "aum * 1000       | 5,000,000,000"], ["expect", "seg> "],
            ["send", ".once out.csv\r"], ["send", "show customer_id = 3 with customer_id, city\r"], ["expect", "wrote 1 result to out.csv"],
            ["expect", "seg> "], ["sleep", 0.3], ["send", "\u{4}"],
        ], db: try Support.fixtureDatabase(), cwd: cwd, home: home, size: [12, 70], env: ["PAGER": "sed 's/^/>> /'"])
        #expect(screen.status == 0, "\(screen.log)\n\(screen.text)")
        #expect(!screen.text.contains(">> count all"))
        #expect(screen.text.components(separatedBy: "(12 rows)").count == 3 && screen.text.components(separatedBy: ">> (12 rows)").count == 2,
                "paged once, printed once: \(screen.text)")
        #expect((try? String(contentsOf: cwd.appendingPathComponent("out.csv"), encoding: .utf8)) == "customer_id,city\n3,上海\n")
    }

    /// Ctrl-C at the prompt, then a statement typed at once: every key of it arrives (the
    /// interrupt may reach any thread; the key reader wakes on it and drops nothing typed after).
    /// Values complete after `use stdlib.bank`; `.save` keeps a date set with `.asof`.
    @Test func ctrlCAtThePromptLosesNoKeyTypedAfter() throws {
        let cwd = Support.tempDir(), home = Support.tempDir()
        let db = cwd.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        var steps: [[Any]] = [["expect", "seg> "]]
        for _ in 0..<3 {
            steps += [["sleep", 0.2], ["send", "\u{3}"], ["sleep", 0.2], ["send", "count all\r"], ["expect", "count all: "], ["expect", "seg> "]]
        }
        // A Ctrl-C at the prompt also asks the engine to stop its next query: Tab's lookup of
        // a field's values right after must not be the one stopped (it then completed nothing).
        steps += [["sleep", 0.2], ["send", "\u{3}"], ["sleep", 0.2], ["send", "count gender = \"F\t\r"], ["expect", "count gender = \"F\": "], ["expect", "seg> "]]
        steps += [
            ["send", "use stdlib.bank\r"], ["expect", "seg> "],
            ["send", "count city = \"上\t\r"], ["expect", "count city = \"上海\": "], ["expect", "seg> "],
            // A related row's values complete inside its aggregate.
            ["send", "count any(transactions where type = \"payr\t)\r"], ["expect", "count any(transactions where type = \"payroll\" ): "], ["expect", "seg> "],
            ["send", ".asof 2026-10-01\r"], ["expect", "seg> "],
            ["send", "segment rich where aum > 1m\r"], ["expect", "seg> "],
            ["send", ".save s.seg\r"], ["expect", "saved"], ["expect", "seg> "],
            ["sleep", 0.3], ["send", "\u{4}"],
        ]
        let screen = try drive(steps, db: db, cwd: cwd, home: home)
        #expect(screen.status == 0, "\(screen.log)\n\(screen.text)")
        #expect(!screen.text.contains("ount all`"), "\(screen.text)")
        let saved = (try? String(contentsOf: cwd.appendingPathComponent("s.seg"), encoding: .utf8)) ?? ""
        #expect(saved.hasPrefix("param as_of: date = 2026-10-01"), "\(saved)")
    }

    @Test func ctrlCStopsASlowQueryAndTheSessionGoesOn() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: """
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, aum REAL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000)
            INSERT INTO customers SELECT i, (i * 7919) % 1000003 FROM n;
            """, in: dir)
        let slow = "count ntile(aum, 7) = 1 and percent_rank(aum * 2) > 0.5 and percent_rank(aum * 3) > 0.2 and percent_rank(aum * 5) > 0.1\r"
        let screen = try drive([
            ["expect", "seg> "],
            ["send", slow], ["sleep", 0.7], ["send", "\u{3}"],
            ["expect", "the query was cancelled", 5], ["expect", "seg> ", 5],
            ["send", "count customer_id < 10\r"], ["expect", "count customer_id < 10: 9"],
            ["expect", "seg> "], ["sleep", 0.3], ["send", "\u{4}"],
        ], db: db, cwd: dir, home: dir)
        #expect(screen.status == 0, "\(screen.log)\n\(screen.text)")
        // The caret marks where the statement starts, not all of it (which filled the screen).
        #expect(!screen.text.contains("^^"), "\(screen.text)")
    }
}
