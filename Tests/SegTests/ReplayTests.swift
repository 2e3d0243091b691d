import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

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
        #expect(moved.stdout.hasPrefix("replayed,identical,entered,left,moved,same_data\nlist rich version 1,false,1,2,0,false\n"), "\(moved.stdout)")
        var lines = moved.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("entered,") || $0.hasPrefix("left,") }
        lines.sort()
        let expected = (["entered,\(o),,"] + members.compactMap { if case .integer(let k) = $0 { return "left,\(k),," } else { return nil } }).sorted()
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

    /// What a replay compares is the run's own: `in list L` reads L's version of then, a model
    /// the file it was scored with, ranks count, and nothing is exported again (a table the run
    /// made, or a folder now at its file's path, does not stop it).
    @Test func aReplayReadsWhatTheRunRead() throws {
        let (db, dir) = try demoCopy()
        let model = dir.appendingPathComponent("churn.json")
        try FileManager.default.copyItem(at: Support.root.appendingPathComponent("examples/models/churn_xgb.json"), to: model)
        try FileManager.default.copyItem(at: Support.root.appendingPathComponent("examples/models/features.seg"), to: dir.appendingPathComponent("features.seg"))
        try "use stdlib.bank\nexport aum > 200万 to list big\n".write(to: dir.appendingPathComponent("big.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "big.seg", "--db", db], cwd: dir).status == 0)
        try """
            use "features.seg"
            model churn_risk = "churn.json"
            segment watch where aum > 50万 and churn_risk > 0.3 and not in list big
            campaign watchers
              target watch
              rank by churn_risk desc
              channel phone
              export to list
            export watch to table watch_copy
            export watch to csv "watch.csv"
            """.write(to: dir.appendingPathComponent("w.seg"), atomically: true, encoding: .utf8)
        let ran = try Support.seg(["run", "w.seg", "--db", db], cwd: dir)
        #expect(ran.status == 0, "\(ran.stderr)")
        // Since: a new version of `big`, the model file changed, the csv's path a folder.
        try "use stdlib.bank\nexport aum > 50万 to list big\n".write(to: dir.appendingPathComponent("big.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "big.seg", "--db", db], cwd: dir).status == 0)
        let trained = try String(contentsOf: model, encoding: .utf8)
        #expect(trained.contains("\"base_score\":\"[5.5E-2]\""))
        try trained.replacingOccurrences(of: "\"base_score\":\"[5.5E-2]\"", with: "\"base_score\":\"[6.5E-1]\"").write(to: model, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("watch.csv"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("watch.csv"), withIntermediateDirectories: false)
        let r = try Support.seg(["replay", "watchers", "--db", db], cwd: dir)
        #expect(r.status == 0 && r.stdout.hasPrefix("list watchers version 1: identical"), "\(r.stdout)\(r.stderr)")
        // Run now, with the new version of `big` and the changed model, the members differ.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("watch.csv"))
        try SQLiteDatabase(path: db).execute("DROP TABLE watch_copy")
        let now = try Support.seg(["run", "w.seg", "--db", db, "--format", "csv"], cwd: dir)
        let counts = try SQLiteDatabase(path: db).query("SELECT version, members FROM seg_lists WHERE name = 'watchers' ORDER BY version")
        #expect(counts.count == 2 && counts[0][1] != counts[1][1], "the changes since move members: \(counts) \(now.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try Support.seg(["replay", "watchers", "--db", db, "--as-of", "2026-10-01"], cwd: dir).status != 0, "--as-of is refused")
    }

    /// Ranks are part of a version: two members' places swapped in the data are reported as moved.
    @Test func aChangedRankIsADifference() throws {
        let (db, dir) = try demoCopy()
        try "use stdlib.bank\ncampaign top\n  target aum > 100万\n  rank by aum desc\n  limit 5\n  channel phone\n  export to list\n"
            .write(to: dir.appendingPathComponent("top.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "top.seg", "--db", db], cwd: dir).status == 0)
        let sqlite = try SQLiteDatabase(path: db)
        let top = try sqlite.query("SELECT member_key FROM seg_list_members WHERE name = 'top' AND version = 1 ORDER BY rnk LIMIT 2")
        guard top.count == 2, case .integer(let a) = top[0][0], case .integer(let b) = top[1][0] else { Issue.record("no ranks"); return }
        try sqlite.execute("UPDATE customers SET aum = CASE customer_id WHEN \(a) THEN (SELECT aum FROM customers WHERE customer_id = \(b)) ELSE (SELECT aum FROM customers WHERE customer_id = \(a)) END WHERE customer_id IN (\(a), \(b))")
        let r = try Support.seg(["replay", "top", "--db", db], cwd: dir)
        #expect(r.status == 1 && r.stdout.hasPrefix("list top version 1: differs (0 entered, 0 left, 2 moved in group or rank)"), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("moved   \(a)") || r.stdout.contains("moved  \(a)"), "\(r.stdout)")
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
