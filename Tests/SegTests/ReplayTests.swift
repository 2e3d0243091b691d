import Foundation
import Testing
import SegRun

/// `seg replay` (LANGUAGE.md §6): a list version computed again from the texts the store kept,
/// as of its date, saving nothing — identical on unchanged data, exactly the changed members
/// after an edit, whatever the script file holds now.
@Suite struct ReplayTests {
    func demoCopy() throws -> (db: String, dir: URL) {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        return (path, dir)
    }

    /// The examples that save lists.
    static let saving = ScriptTests.examples.filter { name in
        let text = (try? String(contentsOf: Support.root.appendingPathComponent("examples/\(name)"), encoding: .utf8)) ?? ""
        return text.contains("to list") || text.contains("\ncampaign ")
    }

    /// Every list an example saves replays identical, and the store is left as it was.
    @Test(arguments: saving)
    func everyExamplesListsReplayIdentical(_ name: String) throws {
        let (db, _) = try demoCopy()
        let run = try Support.seg(["run", "examples/\(name)", "--db", db], cwd: Support.root)
        #expect(run.status == 0, "\(run.stderr)")
        let lists = try SQLiteDatabase(path: db).query("SELECT name, version FROM seg_lists WHERE sources IS NOT NULL ORDER BY name")
        #expect(!lists.isEmpty, "\(name) saved no list with its sources")
        let before = try SQLiteDatabase(path: db).query("SELECT COUNT(*) FROM seg_list_members")
        for row in lists {
            guard case .text(let list) = row[0], case .integer(let v) = row[1] else { continue }
            let replay = try Support.seg(["replay", list, String(v), "--db", db], cwd: Support.tempDir())
            #expect(replay.status == 0, "\(name): \(list) v\(v)\n\(replay.stdout)\(replay.stderr)")
            #expect(replay.stdout.hasPrefix("list \(list) version \(v): identical; the data is as the run read it, so identical is guaranteed"), "\(replay.stdout)")
        }
        #expect(try SQLiteDatabase(path: db).query("SELECT COUNT(*) FROM seg_list_members") == before, "a replay saves nothing")
    }

    /// After the data changes, exactly the members the change moves are reported, by hand:
    /// two members brought under the line leave, one customer lifted over it enters. The
    /// script file edited since changes nothing: the kept text runs.
    @Test func aChangeReportsExactlyTheMembersItMoves() throws {
        let (db, dir) = try demoCopy()
        let script = dir.appendingPathComponent("rich.seg")
        try "use stdlib.bank\nsegment rich where aum > 100万\nexport rich to list\n".write(to: script, atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "rich.seg", "--db", db], cwd: dir).status == 0)
        let same = try Support.seg(["replay", "rich", "--db", db], cwd: dir)
        #expect(same.status == 0 && same.stdout.contains("identical"), "\(same.stdout)\(same.stderr)")
        let repl = try Support.seg(["repl", "--db", db], cwd: dir, stdin: ".replay rich 1\n")
        #expect(repl.stdout.contains("list rich version 1: identical; the data is as the run read it"), "the REPL's .replay: \(repl.stdout)\(repl.stderr)")

        try "use stdlib.bank\nsegment rich where aum > 1\nexport rich to list\n".write(to: script, atomically: true, encoding: .utf8)
        let sqlite = try SQLiteDatabase(path: db)
        let members = try sqlite.query("SELECT member_key FROM seg_list_members WHERE name = 'rich' ORDER BY member_key LIMIT 2").map { $0[0] }
        let outsider = try sqlite.query("SELECT customer_id FROM customers WHERE aum <= 1000000 ORDER BY customer_id LIMIT 1")[0][0]
        for case .integer(let k) in members { try sqlite.execute("UPDATE customers SET aum = 100 WHERE customer_id = \(k)") }
        guard case .integer(let o) = outsider else { Issue.record("no outsider"); return }
        try sqlite.execute("UPDATE customers SET aum = 5000000 WHERE customer_id = \(o)")

        let moved = try Support.seg(["replay", "rich", "1", "--db", db, "--format", "csv"], cwd: dir)
        #expect(moved.status == 1, "\(moved.stderr)")
        #expect(moved.stdout.hasPrefix("replayed,identical,entered,left,changed_group,same_data\nlist rich version 1,false,1,2,0,false\n"), "\(moved.stdout)")
        var lines = moved.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("entered,") || $0.hasPrefix("left,") }
        lines.sort()
        let expected = (["entered,\(o),"] + members.compactMap { if case .integer(let k) = $0 { return "left,\(k)," } else { return nil } }).sorted()
        #expect(lines == expected, "\(moved.stdout)")
        let told = try Support.seg(["replay", "rich", "1", "--db", db], cwd: dir)
        #expect(told.stdout.hasPrefix("list rich version 1: differs (1 entered, 2 left); the data changed since the run"), "\(told.stdout)")
        #expect(told.stdout.contains("explain rich for customer \(o)"), "a sample is explained: \(told.stdout)")
    }

    /// Another campaign run since plans contacts the replayed campaign excludes: the replay
    /// counts only the contacts planned by then, so it is still identical. A list exported from
    /// a condition (not a segment) is explained by that condition.
    @Test func laterCampaignsDoNotChangeAReplay() throws {
        let (db, dir) = try demoCopy()
        try FileManager.default.copyItem(at: Support.root.appendingPathComponent("examples/campaign_vip_retention.seg"), to: dir.appendingPathComponent("camp.seg"))
        #expect(try Support.seg(["run", "camp.seg", "--db", db], cwd: dir).status == 0)
        try """
            use stdlib.bank
            campaign other_vip_call
              target aum >= 50万
              holdout 5% seed "o"
              channel phone
              export to list
            """.write(to: dir.appendingPathComponent("other.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "other.seg", "--db", db], cwd: dir).status == 0)
        let r = try Support.seg(["replay", "q4_vip_retention", "1", "--db", db], cwd: dir)
        #expect(r.status == 0 && r.stdout.hasPrefix("list q4_vip_retention version 1: identical"), "\(r.stdout)\(r.stderr)")

        try "use stdlib.bank\nexport aum > 300万 to list big\n".write(to: dir.appendingPathComponent("big.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "big.seg", "--db", db], cwd: dir).status == 0)
        try SQLiteDatabase(path: db).execute("UPDATE customers SET aum = 9000000 WHERE customer_id = 10002")
        let big = try Support.seg(["replay", "big", "--db", db], cwd: dir)
        #expect(big.status == 1 && big.stdout.contains("explain (aum > 300万) for customer 10002"), "\(big.stdout)\(big.stderr)")
    }

    /// A run without a list is replayed by what it printed.
    @Test func aRunIsReplayedByItsCountsAndTables() throws {
        let (db, dir) = try demoCopy()
        try "use stdlib.bank\ncount aum > 100万 by city\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "q.seg", "--db", db], cwd: dir).status == 0)
        guard case .integer(let id)? = try SQLiteDatabase(path: db).query("SELECT MAX(run_id) FROM seg_runs").first?.first else {
            Issue.record("no run"); return
        }
        let same = try Support.seg(["replay", "--run", String(id), "--db", db], cwd: dir)
        // A run that saved nothing records the data version only where it is known without a
        // scan (SQLite's is, once a run computed it; a fresh copy's is not): not asserted here.
        #expect(same.status == 0 && same.stdout.hasPrefix("run \(id): identical; "), "\(same.stdout)\(same.stderr)")
        try SQLiteDatabase(path: db).execute("UPDATE customers SET aum = 9000000 WHERE customer_id = 10002")
        let changed = try Support.seg(["replay", "--run", String(id), "--db", db], cwd: dir)
        #expect(changed.status == 1 && changed.stdout.hasPrefix("run \(id): differs; "), "\(changed.stdout)")
    }

    /// What cannot be replayed says why, with exit 3.
    @Test func whatCannotBeReplayedSaysWhy() throws {
        let (db, dir) = try demoCopy()
        let none = try Support.seg(["replay", "nosuch", "--db", db], cwd: dir)
        #expect(none.status == 3 && none.stderr.contains("there is no list named nosuch"), "\(none.stderr)")
        let both = try Support.seg(["replay", "--db", db], cwd: dir)
        #expect(both.status == 64 || both.status == 2, "\(both.stderr)")
    }
}
