import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// A tag table is served only while the data it was built from is unchanged, as SQLite itself
/// says (its change counter, read through the connection), not as the file's size and time
/// suggest: an edit that keeps both (a copy put in place with `cp -p`, a restored mtime) is
/// seen by runs and by `seg tags` alike.
@Suite struct FreshnessTests {
    static func countRich(_ db: String) throws -> Int {
        let rows = try SQLiteDatabase(path: db).query("SELECT count(*) FROM customers WHERE aum >= 500000")
        guard case .integer(let n) = rows[0][0] else { return -1 }
        return Int(n)
    }

    @Test func anEditThatKeepsSizeAndTimeIsSeen() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: try Support.fixtureDatabase(), toPath: db)
        try "define rich = aum >= 500k\n".write(to: dir.appendingPathComponent("defs.seg"), atomically: true, encoding: .utf8)
        try "use \"defs.seg\"\ncount rich\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let built = try Support.seg(["tags", "build", "defs.seg", "--db", db], cwd: dir)
        #expect(built.status == 0, "\(built.stderr)")
        let before = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(before.stdout.contains("count rich: \(try Self.countRich(db))"), "\(before.stdout)")
        #expect(try Support.seg(["tags", "--db", db], cwd: dir).stdout.contains("yes"))
        try "use \"defs.seg\"\nexplain rich\n".write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
        let explained = try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout
        #expect(explained.contains("read from tag table seg_tags_1"), "\(explained)")

        // Another program edits one customer in place, then puts the file's time back.
        var st = stat()
        #expect(stat(db, &st) == 0)
        let (size, mtime) = (st.st_size, st.st_mtim)
        let edit = try SQLiteDatabase(path: db)
        try edit.execute("UPDATE customers SET aum = 900000 WHERE customer_id = (SELECT min(customer_id) FROM customers WHERE aum < 500000)")
        var times = [timespec(tv_sec: mtime.tv_sec, tv_nsec: mtime.tv_nsec), timespec(tv_sec: mtime.tv_sec, tv_nsec: mtime.tv_nsec)]
        #expect(utimensat(AT_FDCWD, db, &times, 0) == 0)
        #expect(stat(db, &st) == 0 && st.st_size == size && st.st_mtim.tv_sec == mtime.tv_sec && st.st_mtim.tv_nsec == mtime.tv_nsec)

        let expected = try Self.countRich(db)
        let after = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(after.stdout.contains("count rich: \(expected)"), "stale tags served: \(after.stdout)")
        #expect(!(try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout.contains("read from tag table")))
        let listed = try Support.seg(["tags", "--db", db], cwd: dir)
        #expect(listed.stdout.contains("no: the data changed"), "\(listed.stdout)")
    }
}
