import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The world changing under a run at its commit point (`SEG_PAUSE_AT` stops the process at a
/// step; the test changes a target, then lets it go on): before the commit, a target that is
/// no longer writable or a temporary file that is gone fails the run with nothing saved;
/// after it, the run says it committed, and the next `seg` says what it could not finish.
@Suite(.serialized) struct CommitPointTests {
    static let script = """
        segment vip where aum >= 1000
        export vip to csv "out/a.csv" with customer_id
        export vip to list v

        """

    struct Outcome {
        var status: Int32
        var stderr: String
        var versions: Int
        var ledgerOK: Int
        var journal: Int
    }

    /// Runs the script paused at `step`, applies `change`, resumes it; returns what is saved.
    static func run(pausedAt step: String, _ change: (URL) throws -> Void) throws -> (Outcome, URL, String) {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try script.write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = Support.segBinary
        p.arguments = ["run", "s.seg", "--db", db]
        p.currentDirectoryURL = dir
        let fifo = dir.appendingPathComponent("pause").path
        #expect(mkfifo(fifo, 0o600) == 0)
        p.environment = ProcessInfo.processInfo.environment.merging(["SEG_PAUSE_AT": step, "SEG_PAUSE_FIFO": fifo, "NO_COLOR": "1"]) { $1 }
        let err = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Opening the FIFO for writing returns when the run opens it to read: it is at `step`.
        let fd = open(fifo, O_WRONLY)
        #expect(fd >= 0)
        try change(dir)
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
        close(fd)
        p.waitUntilExit()
        let sqlite = try SQLiteDatabase(path: db)
        // A store table the rolled-back run would have made is not there: none of its rows.
        func count(_ sql: String) -> Int { if case .integer(let n)? = (try? sqlite.query(sql))?.first?.first { return Int(n) } else { return 0 } }
        let outcome = Outcome(status: p.terminationStatus, stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                              versions: count("SELECT count(*) FROM seg_lists WHERE name = 'v'"),
                              ledgerOK: count("SELECT count(*) FROM seg_runs WHERE status = 'ok'"),
                              journal: count("SELECT count(*) FROM seg_journal"))
        return (outcome, dir, db)
    }

    @Test func aFolderMadeAtTheTargetBeforeTheCommitSavesNothing() throws {
        let (o, dir, _) = try Self.run(pausedAt: "ledger-written") { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("out/a.csv"), withIntermediateDirectories: true)
        }
        #expect(o.status == 3 && o.stderr.contains("cannot write") && o.stderr.contains("it is a folder") && o.stderr.contains("nothing was saved"), "\(o.stderr)")
        #expect(o.versions == 0 && o.ledgerOK == 0 && o.journal == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path) == ["a.csv"])
    }

    @Test func theTargetFolderRemovedBeforeTheCommitSavesNothing() throws {
        let (o, _, _) = try Self.run(pausedAt: "ledger-written") { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("out"))
        }
        #expect(o.status == 3 && o.stderr.contains("is gone") && o.stderr.contains("nothing was saved"), "\(o.stderr)")
        #expect(o.versions == 0 && o.ledgerOK == 0 && o.journal == 0)
    }

    @Test func theTargetFolderRemovedAfterTheCommitIsToldNotDropped() throws {
        let (o, dir, db) = try Self.run(pausedAt: "committed") { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("out"))
        }
        // Committed: the list and the ledger row are saved, and the run says the file is not.
        #expect(o.status == 3 && o.stderr.contains("the run is committed"), "\(o.stderr)")
        #expect(o.versions == 1 && o.ledgerOK == 1 && o.journal == 1)
        // The next `seg` cannot finish it, and says so instead of dropping it silently.
        let next = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(next.stderr.contains("were lost before they could be put in place"), "\(next.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_journal") == [[.integer(0)]])
    }

    /// A run killed after its commit, then a later run writing the same file: the next `seg`
    /// keeps the later run's file, never the dead run's older one.
    @Test func recoveryNeverPutsAnOlderFileOverANewerOne() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        func script(_ tag: Int) -> String { "export all to csv \"a.csv\" with customer_id, \(tag)\nexport all to list v\n" }
        try script(1).write(to: dir.appendingPathComponent("a.seg"), atomically: true, encoding: .utf8)
        try script(2).write(to: dir.appendingPathComponent("b.seg"), atomically: true, encoding: .utf8)
        // The first run stops just after its commit, alive (its journal row is not recovered).
        let fifo = dir.appendingPathComponent("pause").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let p = Process()
        p.executableURL = Support.segBinary
        p.arguments = ["run", "a.seg", "--db", db]
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(["SEG_PAUSE_AT": "committed", "SEG_PAUSE_FIFO": fifo]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let fd = open(fifo, O_WRONLY)
        // A later run writes the same file and finishes; then the first dies before its rename.
        let b = try Support.seg(["run", "b.seg", "--db", db], cwd: dir)
        #expect(b.status == 0, "\(b.stderr)")
        kill(p.processIdentifier, SIGKILL)
        close(fd)
        p.waitUntilExit()
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_journal") == [[.integer(1)]])
        let next = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(next.stderr.contains("kept as a later run wrote it"), "\(next.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("a.csv"), encoding: .utf8)
        #expect(text.split(separator: "\r\n").dropFirst().allSatisfy { $0.hasSuffix(",2") }, "\(text.prefix(200))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_journal") == [[.integer(0)]])
    }

    /// A run that stops after its exports never says on stdout that it saved or wrote them;
    /// a run that commits says so, once.
    @Test func stdoutSaysOnlyWhatCommitted() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        let body = "segment vip where aum >= 1000\ncount vip\nexport vip to csv \"a.csv\" with customer_id\nexport vip to list v\nexport vip to table t with customer_id\n"
        try (body + "assert count vip < 5\n").write(to: dir.appendingPathComponent("stops.seg"), atomically: true, encoding: .utf8)
        try body.write(to: dir.appendingPathComponent("commits.seg"), atomically: true, encoding: .utf8)
        let stops = try Support.seg(["run", "stops.seg", "--db", db], cwd: dir)
        #expect(stops.status == 4)
        #expect(stops.stdout.contains("count vip: 10") && !stops.stdout.contains("saved") && !stops.stdout.contains("wrote"), "\(stops.stdout)")
        let commits = try Support.seg(["run", "commits.seg", "--db", db], cwd: dir)
        #expect(commits.status == 0)
        #expect(commits.stdout == "count vip: 10\nwrote 10 rows to a.csv\nsaved list v version 1 (10 members)\nwrote 10 rows to table t\n", "\(commits.stdout)")
    }

    /// Folders a failed run made for its exports go with it; ones that were there stay.
    @Test func aFailedRunLeavesNoFoldersItMade() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("kept"), withIntermediateDirectories: true)
        try "export all to csv \"newC/newD/x.csv\" with customer_id\nexport all to jsonl \"kept/new/y.jsonl\" with customer_id\nassert count all < 3\n"
            .write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "s.seg", "--db", db], cwd: dir)
        #expect(r.status == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["kept", "s.seg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("kept").path).isEmpty)
    }

    /// A run killed before its commit: the next `seg` undoes it, the folders it made included.
    @Test func undoingAKilledRunRemovesTheFoldersItMade() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        try "export all to csv \"newA/newB/x.csv\" with customer_id\nexport all to list v\n".write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let killed = try Support.seg(["run", "s.seg", "--db", db], cwd: dir, env: ["SEG_FAULT_AT": "statements-done"])
        #expect(killed.status == 9)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("newA/newB").path))
        let next = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(next.stderr.contains("undid run"), "\(next.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["s.seg"])
    }

    /// A module file `build tags` names is read by the run: no export of it may replace it.
    @Test func aBuildTagsModuleIsNeverReplaced() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try "define big = aum >= 500k\n".write(to: dir.appendingPathComponent("lib/mod.seg"), atomically: true, encoding: .utf8)
        try "segment s where aum >= 1000\nbuild tags \"lib/mod.seg\"\nexport s to csv \"lib/mod.seg\" with customer_id\n".write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "s.seg", "--db", db], cwd: dir)
        #expect(r.status == 3 && r.stderr.contains("cannot write"), "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("lib/mod.seg"), encoding: .utf8) == "define big = aum >= 500k\n")
    }

    /// A committed run that died before its rename, whose target became a folder since: the
    /// next `seg` cannot finish it and says so each time, keeping the row to try again.
    @Test func recoveryThatCannotFinishSaysSoAndKeepsTheRow() throws {
        let dir = Support.tempDir()
        let db = try Support.fixtureDatabase()
        try "export all to csv \"a.csv\" with customer_id\n".write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let killed = try Support.seg(["run", "s.seg", "--db", db], cwd: dir, env: ["SEG_FAULT_AT": "committed"])
        #expect(killed.status == 9)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("a.csv"), withIntermediateDirectories: true)
        let next = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(next.stderr.contains("is committed but could not finish") && next.stderr.contains("it is a folder"), "\(next.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_journal") == [[.integer(1)]])
        // Once the target can take it, the next `seg` puts the file in place.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("a.csv"))
        let then = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(then.stderr.contains("finished run"), "\(then.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.csv").path))
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM seg_journal") == [[.integer(0)]])
    }
}
