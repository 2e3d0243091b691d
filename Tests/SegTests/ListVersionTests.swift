import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `in list L version N` of a version the store does not hold is an error before any query
/// (it would otherwise count nobody); a run that saves L itself is not refused.
@Suite struct ListVersionTests {
    func run(_ script: String) throws -> Support.Run {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        try script.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        return try Support.seg(["run", "t.seg", "--db", db], cwd: dir)
    }

    @Test func aMissingVersionIsAnError() throws {
        for script in ["count in list q3_deposit_drive version 9\n", "count in list q3_deposit_drive version 0 by group\n",
                       "count aum > 0\ncount in list q3_deposit_drive version 2 and group = \"holdout\"\n"] {
            let r = try run(script)
            #expect(r.status == 3, "\(script): \(r.stdout)")
            #expect(r.stdout.isEmpty, "nothing ran: \(r.stdout)")
            #expect(r.stderr.contains("list `q3_deposit_drive` has no version") && r.stderr.contains("its versions run from 1 to 1"), "\(r.stderr)")
        }
    }

    @Test func anExistingVersionOrOneTheRunSavesIsFine() throws {
        let db = try SQLiteDatabase(path: Support.demoPath)
        guard case .integer(let n)? = try db.query("SELECT COUNT(*) FROM seg_list_members WHERE name = 'q3_deposit_drive' AND version = 1").first?.first else {
            Issue.record("no demo list"); return
        }
        let ok = try run("count in list q3_deposit_drive version 1\n")
        #expect(ok.stdout == "count in list q3_deposit_drive version 1: \(Cell.grouped(n))\n", "\(ok.stderr)")
        let saved = try run("export aum >= 100万 to list big\ncount in list big version 1\n")
        #expect(saved.status == 0, "\(saved.stderr)")
    }

    /// A list saved earlier in the same script (or REPL session) may be named with `in list`.
    @Test func aListSavedInTheRunIsKnown() throws {
        let r = try run("segment rich where aum >= 100万\nexport rich to list\ncount in list rich\n")
        #expect(r.status == 0, "\(r.stderr)")
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)  // never the shared bank
        let repl = try Support.seg(["repl", "--db", db], cwd: dir,
                                   stdin: "segment rich2 where aum >= 100万\nexport rich2 to list\ncount in list rich2\n")
        #expect(repl.status == 0 && repl.stdout.contains("count in list rich2: "), "\(repl.stdout)\(repl.stderr)")
    }
}
