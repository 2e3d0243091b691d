import Foundation
import Testing
import SegSyntax
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §6's edges that are checked before anything runs: control characters in the
/// source, undeclared parameters, export targets that are not regular files, and the REPL's
/// bound on what one entry may print.
@Suite struct GuardTests {
    /// Every control character but tab, line feed and carriage return, wherever it stands
    /// (in a string, a comment, between tokens, or as a `\u{…}` escape), is E0111 at its place.
    @Test func everyControlCharacterIsRefusedWhereItStands() {
        let controls = (0x00...0x1F).compactMap(Unicode.Scalar.init).filter { !["\t", "\n", "\r"].contains($0) }
            + [Unicode.Scalar(0x7F)!, Unicode.Scalar(0x85)!]
        for c in controls {
            let char = String(Character(c))
            let hex = String(c.value, radix: 16)
            let cases: [(String, Int)] = [
                ("count city = \"上海\(char)x\"", 17),
                ("count all -- a\(char)b", 15),
                ("count \(char) all", 7),
                ("count city = \"a\\u{\(hex)}b\"", 16),
            ]
            for (text, column) in cases {
                let (_, diagnostics, map) = Support.parse(text)
                let d = diagnostics.first { $0.code == "E0111" }
                #expect(d != nil, "U+\(hex) in \(text.debugDescription): \(diagnostics.map(\.message))")
                if let d { #expect(map.file(d.span.file)?.location(of: d.span.start).column == column, "U+\(hex) in \(text.debugDescription)") }
            }
        }
        // Tabs and both line ends are white space, and `\t`, `\n` escapes are fine.
        let (_, fine, _) = Support.parse("count\tall\r\ncount city = \"a\\tb\\nc\"\n")
        #expect(fine.isEmpty, "\(fine.map(\.message))")
    }

    @Test func aNulByteNeverCutsAValueShort() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let script = dir.appendingPathComponent("nul.seg")
        try Data("count city = \"上海\u{0}anything\"\nexport all to csv \"a\u{0}b.csv\"\n".utf8).write(to: script)
        let r = try Support.seg(["run", script.path, "--db", db], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.components(separatedBy: "error[E0111]").count == 3, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["nul.seg"])
    }

    @Test func anUndeclaredParameterIsAUsageErrorWithASuggestion() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let script = dir.appendingPathComponent("p.seg")
        try "param min_aum: number = 500k\ncount aum >= min_aum\nexport aum >= min_aum to list big\n".write(to: script, atomically: true, encoding: .utf8)
        let misspelt = try Support.seg(["run", script.path, "--db", db, "--param", "min_aun=1m"], cwd: dir)
        #expect(misspelt.status == 2)
        #expect(misspelt.stdout.isEmpty, "nothing runs: \(misspelt.stdout)")
        #expect(misspelt.stderr.contains("unknown parameter `min_aun`") && misspelt.stderr.contains("did you mean `min_aum`?"), "\(misspelt.stderr)")
        let unrelated = try Support.seg(["run", script.path, "--db", db, "--param", "region=north"], cwd: dir)
        #expect(unrelated.status == 2 && unrelated.stderr.contains("parameters: `min_aum`"), "\(unrelated.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'") == [[.integer(0)]])
        let right = try Support.seg(["run", script.path, "--db", db, "--param", "min_aum=1m"], cwd: dir)
        #expect(right.status == 0 && right.stdout.contains("count aum >= min_aum: 2"), "\(right.stdout)\(right.stderr)")
    }

    /// A folder, a symbolic link, a device and a pipe are refused before any query; each is
    /// left exactly as it was, and nothing else the script would write is written.
    @Test func exportTargetsMustBeRegularFilesOrNewPaths() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.appendingPathComponent("folder.csv").path, withIntermediateDirectories: true)
        try "keep me\n".write(to: dir.appendingPathComponent("real.csv"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: dir.appendingPathComponent("real.csv").path)
        #expect(mkfifo(dir.appendingPathComponent("pipe.csv").path, 0o644) == 0)
        for target in ["folder.csv", "link.csv", "pipe.csv", "/dev/full", "/dev/null"] {
            let script = dir.appendingPathComponent("s.seg")
            try "count all\nexport all to list everyone\nexport all to csv \"fine.csv\"\nexport all to csv \"\(target)\"\n"
                .write(to: script, atomically: true, encoding: .utf8)
            let r = try Support.seg(["run", script.path, "--db", db], cwd: dir)
            #expect(r.status == 3, "\(target): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(target): a query ran: \(r.stdout)")
            #expect(r.stderr.contains("cannot write `\(target)`"), "\(target): \(r.stderr)")
            #expect(!fm.fileExists(atPath: dir.appendingPathComponent("fine.csv").path), "\(target)")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("real.csv"), encoding: .utf8) == "keep me\n")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path).hasSuffix("real.csv"))
        var st = stat()
        #expect(lstat(dir.appendingPathComponent("pipe.csv").path, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
        #expect(stat("/dev/full", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'") == [[.integer(0)]])
        // Leftover temporary files: none.
        #expect(try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    /// Garbage piped to the REPL prints a bounded number of diagnostics per entry, each with a
    /// bounded window of its line.
    @Test func theREPLBoundsWhatOneEntryPrints() throws {
        var garbage = ""
        for i in 0..<200 { garbage += String(repeating: "§¤\u{1}", count: 300 + i) + "\n" }
        let r = try Support.seg(["repl", "--db", try Support.fixtureDatabase()], stdin: garbage)
        let errors = r.stderr.components(separatedBy: "error[").count - 1
        #expect(errors == 200 * 5, "\(errors) diagnostics for 200 entries")
        #expect(r.stderr.contains("more in this entry"))
        #expect(r.stderr.utf8.count < 200 * 5 * 1200, "\(r.stderr.utf8.count) bytes")
        #expect(!r.stderr.unicodeScalars.contains("\u{1}"), "a control character reached the terminal")
    }

    /// Runs saving the same list at once on PostgreSQL (the first run of a new store, too):
    /// every run succeeds, with distinct and complete versions.
    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func concurrentSavesGetDistinctCompleteVersions() throws {
        let database = try PostgresTests.copy(of: PostgresTests.templates.fixture)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        let dir = Support.tempDir()
        let script = dir.appendingPathComponent("c.seg")
        try "segment vip where aum >= 1000\nexport vip to list\nexport vip to list everyone_rich\n".write(to: script, atomically: true, encoding: .utf8)
        let runs = 6
        // Started together, as processes: each `seg run` is its own connection.
        let processes = (0..<runs).map { _ -> Process in
            let p = Process()
            p.executableURL = Support.segBinary
            p.arguments = ["run", script.path, "--db", Postgres.conninfo! + " dbname=\(database)"]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: runs))
        let versions = try Postgres.psql("SELECT name, version, members, (SELECT count(*) FROM seg_list_members m WHERE m.name = l.name AND m.version = l.version) FROM seg_lists l ORDER BY 1, 2;", database: database)
        let rows = versions.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows == ["everyone_rich", "vip"].flatMap { name in (1...runs).map { [name, String($0), "10", "10"] } }, "\(versions.stdout)")
    }

    /// A long `in [...]` list (bound as one JSON value) selects exactly what the short form
    /// selects: numbers, texts, dates, negated, with missing values, on SQLite and PostgreSQL.
    @Test func longInListsMeanWhatShortOnesMean() throws {
        let ids = (1...100_000).map(String.init)
        let filler = (1...200).map { "\"城市\($0)\"" }.joined(separator: ", ")
        let dates = (0..<100).map { "2019-01-\(String(format: "%02d", $0 % 28 + 1))" }.joined(separator: ", ")
        let script = """
            count customer_id in [\(ids.joined(separator: ", "))]
            count customer_id in [3, 5, \((1000...1200).map(String.init).joined(separator: ", "))]
            count customer_id not in [3, 5, \((1000...1200).map(String.init).joined(separator: ", "))]
            count city in ["上海", "北京", \(filler)]
            count city not in ["上海", \(filler)]
            count open_date in [2020-01-15, 2018-03-31, \(dates)]
            count aum in [1000, 499999.99, \((1...100).map { "\($0).5" }.joined(separator: ", "))]

            """
        // By hand from fixture.sql: 12 customers; city 上海 4, 北京 3, missing 1; two open dates.
        let expected: [Int64] = [12, 2, 10, 7, 7, 2, 2]
        let lite = try Support.run(script, db: try Support.fixtureDatabase())
        #expect(lite.failure == nil, "\(Support.rendered(lite))")
        #expect(lite.outputs.compactMap { if case .count(_, let n) = $0 { return n } else { return nil } } == expected)
        if Postgres.conninfo != nil {
            let database = try PostgresTests.copy(of: PostgresTests.templates.fixture)
            defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
            let pg = try Support.run(script, engine: try PostgresEngine(Postgres.conninfo! + " dbname=\(database)"))
            #expect(pg.failure == nil, "\(Support.rendered(pg))")
            #expect(pg.outputs.compactMap { if case .count(_, let n) = $0 { return n } else { return nil } } == expected)
        }
    }

    /// A file the run keeps its data in or reads (the database and its journal files, the
    /// script) is refused, and so is one file written by two exports of a run (however its
    /// path is spelt); a file replaced keeps its permissions.
    @Test func theRunsOwnFilesAndDoubleTargetsAreRefused() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: try String(contentsOf: Support.root.appendingPathComponent("Tests/scripts/fixture.sql"), encoding: .utf8),
                                      in: dir, name: "bank.db")
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("sub").path, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: dir.appendingPathComponent("sub").path)
        let cases = [
            ("export all to csv \"bank.db\"", "a file this run reads or keeps its data in"),
            ("export all to csv \"bank.db-journal\"", "a file this run reads or keeps its data in"),
            ("export all to csv \"s.seg\"", "a file this run reads or keeps its data in"),
            ("export all to csv \"x.csv\"\nexport all to csv \"./sub/../x.csv\"", "another export of this run writes it too"),
            ("export all to csv \"sub/y.csv\"\nexport all to jsonl \"link/y.csv\"", "another export of this run writes it too"),
        ]
        for (text, message) in cases {
            let script = dir.appendingPathComponent("s.seg")
            try (text + "\n").write(to: script, atomically: true, encoding: .utf8)
            let r = try Support.seg(["run", script.path, "--db", db], cwd: dir)
            #expect(r.status == 3 && r.stderr.contains(message), "\(text): \(r.stderr)")
        }
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM customers") == [[.integer(12)]])
        // Permissions of a replaced file stay.
        let privy = dir.appendingPathComponent("private.csv")
        try "old\n".write(to: privy, atomically: true, encoding: .utf8)
        chmod(privy.path, 0o600)
        let script = dir.appendingPathComponent("p.seg")
        try "export all to csv \"private.csv\" with customer_id\n".write(to: script, atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", script.path, "--db", db], cwd: dir).status == 0)
        var st = stat()
        #expect(stat(privy.path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOf: privy, encoding: .utf8).hasPrefix("customer_id\r\n"))
    }

    /// `--param` for a parameter no script declares is a usage error in every command that
    /// reads scripts; a parameter given twice is too.
    @Test func parametersAreCheckedByEveryCommand() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let script = dir.appendingPathComponent("p.seg")
        try "param min_aum: number = 500k\ncount aum >= min_aum\n".write(to: script, atomically: true, encoding: .utf8)
        for command in [["check"], ["compile"], ["run", "--dry-run"]] {
            let r = try Support.seg(command + [script.path, "--db", db, "--param", "min_aun=1"], cwd: dir)
            #expect(r.status == 2 && r.stderr.contains("did you mean `min_aum`?"), "\(command): \(r.status) \(r.stderr)")
        }
        let twice = try Support.seg(["run", script.path, "--db", db, "--param", "min_aum=1", "--param", "min_aum=2"], cwd: dir)
        #expect(twice.status == 2 && twice.stderr.contains("given twice"), "\(twice.stderr)")
    }

    /// The REPL's saves are in the ledger, one row per entry with what that entry wrote, traced
    /// to the entry's own text.
    @Test func theREPLsSavesAreInTheLedgerOnePerEntry() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let entries = ["export aum > 1m to list ra", "export aum > 1m to csv \"r.csv\"", "export aum > 2m to list rb"]
        let r = try Support.seg(["repl", "--db", db], cwd: dir, stdin: entries.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try SQLiteDatabase(path: db).query("SELECT scripts, wrote, script_sha256 FROM seg_runs ORDER BY run_id")
        #expect(rows.map { [$0[0], $0[1]] } == [[.text("<repl>"), .text("ra v1")], [.text("<repl>"), .text("")], [.text("<repl>"), .text("rb v1")]])
        #expect(rows.map { $0[2] } == entries.map { .text(Ledger.sha256($0)) })
    }

    /// In the REPL a campaign runs in the entry that wrote it; a later `explain CAMPAIGN for
    /// customer K` only reads: no new version, no planned contacts, no ledger row.
    @Test func explainingACampaignInTheREPLOnlyReads() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let input = """
            use stdlib.bank
            segment rich where aum > 1m
            campaign rc target rich holdout 10% seed "x" channel sms export to list
            explain rc for customer 10001
            explain rc for customer 10002
            count in list rc

            """
        let r = try Support.seg(["repl", "--db", db, "--as-of", "2026-11-01"], cwd: dir, stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        let store = try SQLiteDatabase(path: db)
        #expect(try store.query("SELECT version FROM seg_lists WHERE name = 'rc'") == [[.integer(1)]])
        #expect(try store.query("SELECT count(DISTINCT version) FROM seg_contacts WHERE list = 'rc'") == [[.integer(1)]])
        #expect(try store.query("SELECT count(*) FROM seg_runs WHERE wrote LIKE '%rc v%'") == [[.integer(1)]])
    }

    /// Caps count each campaign's plans from its latest version only: running campaign A
    /// twice does not double its customers' planned contacts for campaign B's cap. An empty
    /// target saves its empty version with a warning.
    @Test func capsCountOnlyEachCampaignsLatestPlans() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        func run(_ text: String) throws -> Support.Run {
            let path = dir.appendingPathComponent("c.seg")
            try ("use stdlib.bank\nsegment rich where aum > 1m\n" + text).write(to: path, atomically: true, encoding: .utf8)
            // Far past the demo's contact history: only Seg's own plans fall in the windows.
            return try Support.seg(["run", path.path, "--db", db, "--as-of", "2030-01-01"], cwd: dir)
        }
        let a = "campaign a target rich channel sms export to list\n"
        #expect(try run(a).status == 0)
        #expect(try run(a).status == 0)
        let planned = try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_contacts WHERE list = 'a' AND version = 2")
        let b = try run("campaign b target rich cap 2 contacts per 30 days channel sms export to list\n")
        #expect(b.status == 0, "\(b.stderr)")
        // Each rich customer has one plan (a's latest) + this one = 2: nobody is capped.
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_list_exclusions WHERE name = 'b'") == [[.integer(0)]], "\(b.stdout)")
        let c = try run("campaign c target rich cap 1 contacts per 30 days channel sms export to list\n")
        #expect(c.status == 0)
        // With a cap of 1, a's latest plans and b's exclude exactly the rich customers planned.
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_list_exclusions WHERE name = 'c' AND reason LIKE 'cap%'") == planned)
        // Two caps: every one must hold. Overall 5 per 30 days holds; 1 via sms per 7 days
        // does not for anyone a and b planned by sms, so exactly they are capped — by the second.
        let d = try run("campaign d target rich cap 5 contacts per 30 days cap 1 contacts via sms per 7 days channel phone export to list\n")
        #expect(d.status == 0, "\(d.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_list_exclusions WHERE name = 'd' AND reason = 'cap: 1/7d via sms'") == planned)
        let empty = try run("campaign nobody target rich and aum < 0 channel sms export to list\n")
        #expect(empty.status == 0 && empty.stderr.contains("warning[W0701]: campaign `nobody` has no one in its target"), "\(empty.stderr)")
    }

    /// A campaign typed or piped into the REPL line by line, its clauses indented, is one
    /// entry, as in a script; the first line that is not indented starts the next.
    @Test func theREPLReadsABlockLineByLine() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let input = "use stdlib.bank\nsegment rich where aum > 1m\ncampaign rc\n  target rich\n  channel sms\n  export to list\ncount in list rc\n"
        let r = try Support.seg(["repl", "--db", db, "--as-of", "2026-11-01"], cwd: dir, stdin: input)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("saved list rc version 1") && r.stdout.contains("count in list rc: "), "\(r.stdout)")
    }

    /// A table an export would make that exists already is refused before any query runs.
    @Test func anExistingTableIsRefusedBeforeAnyQuery() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let script = dir.appendingPathComponent("t.seg")
        try "count all\nexport all to list everyone\nexport all to table customers\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", script.path, "--db", db], cwd: dir)
        #expect(r.status == 3 && r.stdout.isEmpty && r.stderr.contains("E0711"), "\(r.stdout)\(r.stderr)")
    }

    /// `seg check`, `seg compile` and a run of `explain`s (of a segment, for a customer, of a
    /// campaign for a customer) only read: no store table, no ledger row, no file.
    @Test func checkCompileAndExplainWriteNothing() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let before = try SQLiteDatabase(path: db).query("SELECT name FROM sqlite_master ORDER BY name")
        let script = dir.appendingPathComponent("e.seg")
        try """
            use stdlib.bank
            segment rich where aum > 1m
            explain rich
            explain rich for customer 10001

            """.write(to: script, atomically: true, encoding: .utf8)
        let campaign = dir.appendingPathComponent("c.seg")
        try "use stdlib.bank\nsegment rich where aum > 1m\ncampaign rc target rich channel sms export to csv \"rc.csv\"\n"
            .write(to: campaign, atomically: true, encoding: .utf8)
        for args in [["check", script.path], ["compile", script.path], ["run", script.path], ["check", campaign.path], ["compile", campaign.path]] {
            let r = try Support.seg(args + ["--db", db, "--as-of", "2026-11-01"], cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let repl = try Support.seg(["repl", "--db", db, "--as-of", "2026-11-01"], cwd: dir,
                                   stdin: "use stdlib.bank\nsegment rich where aum > 1m\nexplain rich for customer 10001\n")
        #expect(repl.status == 0, "\(repl.stderr)")
        let store = try SQLiteDatabase(path: db)
        // No table appears: not the ledger (the demo bank has none yet), not the journal.
        #expect(try store.query("SELECT name FROM sqlite_master ORDER BY name") == before)
        #expect(try store.query("SELECT count(*) FROM seg_lists") == [[.integer(1)]])  // the demo's own past campaign
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bank.db", "c.seg", "e.seg"])
    }
}

/// `Cell.number`'s fast path prints exactly what `%.15g` prints, for random doubles of every
/// magnitude and for the sums of cents that tempt float noise.
@Suite struct NumberTextTests {
    @Test func theFastPathIsPercentPointFifteenG() {
        var rng = SystemRandomNumberGenerator()
        var samples: [Double] = [0.1 + 0.2, 6615034.79, 1e-4, 9.99999999999999e14, 123456789012345.6, 0.7, -2.5, 1e-5, 1234.5678901234567]
        for _ in 0..<200_000 {
            let exponent = Double.random(in: -6...16, using: &rng)
            samples.append((Bool.random(using: &rng) ? 1 : -1) * pow(10, exponent) * Double.random(in: 1..<10, using: &rng))
            samples.append(Double(Int.random(in: 0...10_000_000, using: &rng)) / 100 + Double(Int.random(in: 0...100, using: &rng)) / 100)
        }
        for d in samples where d != d.rounded() || abs(d) >= 1e15 {
            #expect(Cell.number(d) == String(format: "%.15g", d), "\(d)")
        }
    }
}
