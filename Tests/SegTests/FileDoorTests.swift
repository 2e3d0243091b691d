import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §6: every file Seg writes goes through one door (`FileDoor`). Each writer of
/// the registry (`FileWriter`) is driven end to end against every bad target — the database,
/// its journal and WAL, a script being read, a folder, a name ending in `/`, a symbolic link,
/// a device, a FIFO, a socket, `/dev/full` — and each must refuse, leaving the target exactly
/// as it was; then it writes a good target. A writer added to the registry without a way to
/// drive it here does not compile (the switch has no default), and a file write anywhere
/// but the door fails `noFileIsWrittenBesideTheDoor`.
@Suite(.serialized) struct FileDoorTests {
    /// A folder holding a database, a script, and one bad target of each kind.
    struct Place {
        let dir: URL
        let db: String
        let script: String
        /// (what it is, its path)
        var badTargets: [(String, String)] = []

        init() throws {
            dir = Support.tempDir()
            db = dir.appendingPathComponent("bank.db").path
            try FileManager.default.copyItem(atPath: try Support.fixtureDatabase(), toPath: db)
            script = dir.appendingPathComponent("read.seg").path
            try "define rich = aum >= 500k\n".write(toFile: script, atomically: true, encoding: .utf8)
            let folder = dir.appendingPathComponent("afolder").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let linked = dir.appendingPathComponent("linked.txt").path
            try "keep me\n".write(toFile: linked, atomically: true, encoding: .utf8)
            let link = dir.appendingPathComponent("alink.csv").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: linked)
            let fifo = dir.appendingPathComponent("afifo").path
            #expect(mkfifo(fifo, 0o644) == 0)
            let socketPath = dir.appendingPathComponent("asocket").path
            Self.bindSocket(socketPath)
            badTargets = [("the database", db), ("its journal", db + "-journal"), ("its WAL", db + "-wal"),
                          ("a script being read", script), ("a folder", folder), ("a name ending in /", dir.appendingPathComponent("newdir/").path + "/"),
                          ("a symbolic link", link), ("a FIFO", fifo), ("a socket", socketPath), ("/dev/full", "/dev/full")]
        }

        /// A Unix socket bound at `path` (left open for the test's life: a socket file stays).
        static func bindSocket(_ path: String) {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
            }
            _ = withUnsafePointer(to: &address) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }

        /// What a target is now: kind, inode, size and, for a small regular file, its bytes.
        func fingerprint(_ path: String) -> String {
            var st = stat()
            guard lstat(path, &st) == 0 else { return "absent" }
            // The database gains ledger rows of the refused runs: what must stay is its data.
            if path == db {
                let customers = (try? SQLiteDatabase(path: db).query("SELECT count(*) FROM customers"))?.first?.first
                return "\(st.st_mode & S_IFMT) \(st.st_ino) \(String(describing: customers))"
            }
            let bytes = st.st_mode & S_IFMT == S_IFREG && st.st_size < 1 << 20 ? String((FileManager.default.contents(atPath: path) ?? Data()).hashValue) : ""
            return "\(st.st_mode & S_IFMT) \(st.st_ino) \(st.st_size) \(st.st_nlink) \(bytes)"
        }
    }

    /// Drives one writer at `target`; returns whether it said it could not write.
    static func drive(_ writer: FileWriter, target: String, in place: Place) throws -> (refused: Bool, said: String) {
        let quoted = target.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        switch writer {
        case .runExport:
            let s = place.dir.appendingPathComponent("export.seg").path
            try "export all to csv \"\(quoted)\" with customer_id\n".write(toFile: s, atomically: true, encoding: .utf8)
            // Run beside the script being read, as one run.
            let r = try Support.seg(["run", place.script, s, "--db", place.db], cwd: place.dir)
            // A name ending in `/` is refused by the checker already (E0515).
            return (r.status != 0 && (r.stderr.contains("cannot write") || r.stderr.contains("E0515")), r.stderr)
        case .replOnce:
            let r = try Support.seg(["repl", "--db", place.db], cwd: place.dir, stdin: ".load \(place.script)\n.once \(target)\ncount all\n")
            return (r.stdout.contains("cannot write") && !r.stdout.contains("wrote 1 result"), r.stdout)
        case .replSave:
            let r = try Support.seg(["repl", "--db", place.db], cwd: place.dir, stdin: ".load \(place.script)\ndefine x = aum > 1\n.save \(target)\n")
            return (r.stdout.contains("cannot write") && !r.stdout.contains("saved"), r.stdout)
        case .replHistory:
            let screen = try TerminalTests().drive([["expect", "seg> "], ["send", ".load \(place.script)\r"], ["expect", "seg> "],
                                                    ["send", "count all\r"], ["expect", "count all:"], ["expect", "seg> "], ["send", "\u{4}"]],
                                                   db: place.db, cwd: place.dir, home: place.dir, env: ["SEG_HISTORY": target])
            return (screen.text.contains("history not saved: cannot write"), screen.text)
        case .report:
            let r = try Support.seg(["report", place.script, "-o", target, "--db", place.db], cwd: place.dir)
            return (r.status != 0 && r.stderr.contains("cannot write"), r.stderr)
        case .fmt:
            // fmt writes the script it reads: given the target, it must neither read nor replace it.
            let r = try Support.seg(["fmt", target], cwd: place.dir)
            return (!r.stdout.contains("formatted"), r.stderr)
        case .demoBank:
            let r = try Support.seg(["demo", "--db", target, "--force", "--customers", "20"], cwd: place.dir)
            return (r.status != 0 && r.stderr.contains("cannot write"), r.stderr)
        case .cache:
            do {
                try FileDoor.write(Data("x".utf8), to: target, by: .cache, protected: [place.db, place.db + "-journal", place.db + "-wal", place.script])
                return (false, "written")
            } catch { return (true, error.description) }
        }
    }

    /// A target each writer must be able to write, and what must be in it after.
    static func good(_ writer: FileWriter, in place: Place) throws -> Bool {
        let target = place.dir.appendingPathComponent("out-\(writer.rawValue).txt").path
        switch writer {
        case .fmt:
            try "count   all\n".write(toFile: target, atomically: true, encoding: .utf8)
            let link = place.dir.appendingPathComponent("fmt-link.seg").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            // Through a link, fmt formats the file it points to; the link stays a link.
            let r = try Support.seg(["fmt", link], cwd: place.dir)
            var st = stat()
            return r.status == 0 && (try? String(contentsOfFile: target, encoding: .utf8)) == "count all\n" && lstat(link, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK
        case .replOnce:
            _ = try drive(writer, target: target, in: place)
            return (try? String(contentsOfFile: target, encoding: .utf8)) == "count all: 12\n"
        default:
            let (refused, said) = try drive(writer, target: target, in: place)
            return !refused && FileManager.default.fileExists(atPath: target) && !said.contains("cannot write")
        }
    }

    @Test(arguments: FileWriter.allCases)
    func everyWriterRefusesEveryBadTarget(_ writer: FileWriter) throws {
        let place = try Place()
        // `seg demo --force` is meant to replace a database.
        for (what, target) in place.badTargets where !(writer == .demoBank && (what == "the database" || what == "a script being read")) {
            let before = place.fingerprint(target)
            let (refused, said) = try Self.drive(writer, target: target, in: place)
            #expect(refused, "\(writer) did not refuse \(what) (\(target)): \(said.prefix(300))")
            #expect(place.fingerprint(target) == before, "\(writer) changed \(what)")
        }
        // The database still works, and nothing was left beside the targets.
        let check = try SQLiteDatabase(path: place.db).query("PRAGMA integrity_check")
        #expect(check.count == 1 && check[0] == [.text("ok")])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: place.dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try Self.good(writer, in: place), "\(writer) did not write a good target")
    }

    /// `seg demo --force` over a database a dead writer left a WAL beside: replaced through
    /// SQLite (its backup API, under the database's locks), so the WAL is neither replayed
    /// into the new bank nor left to corrupt it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func demoForceReplacesADatabaseThroughSQLite() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("old.db").path
        #expect(try Support.seg(["demo", "--customers", "30", "--db", db]).status == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        writer.arguments = ["-c", """
            import sqlite3, os
            c = sqlite3.connect('\(db)', isolation_level=None)
            c.execute('pragma journal_mode=wal'); c.execute('pragma wal_autocheckpoint=0')
            c.execute('create table junk(x)'); c.execute('insert into junk values (1)')
            os._exit(0)
            """]
        try writer.run()
        writer.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: db + "-wal"))
        let r = try Support.seg(["demo", "--customers", "50", "--seed", "7", "--force", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try SQLiteDatabase(path: db)
        #expect(try check.query("PRAGMA integrity_check") == [[.text("ok")]])
        #expect(try check.query("SELECT count(*) FROM customers") == [[.integer(50)]])
        #expect(try check.query("SELECT count(*) FROM sqlite_master WHERE name = 'junk'") == [[.integer(0)]])
    }

    /// A module file a script `use`s is a file the run reads: no export, `.once`, `.save` or
    /// report may replace it.
    @Test func aUsedModuleIsNeverReplaced() throws {
        let place = try Place()
        let module = place.dir.appendingPathComponent("mod.seg").path
        try "define big = aum >= 500k\n".write(toFile: module, atomically: true, encoding: .utf8)
        let before = place.fingerprint(module)
        let script = place.dir.appendingPathComponent("u.seg").path
        try "use \"mod.seg\"\nsegment vip where big\nexport vip to csv \"mod.seg\" with customer_id\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", script, "--db", place.db], cwd: place.dir)
        #expect(run.status == 3 && run.stderr.contains("cannot write"), "\(run.stderr)")
        let repl = try Support.seg(["repl", "--db", place.db], cwd: place.dir, stdin: "use \"mod.seg\"\n.once mod.seg\ncount big\n.save mod.seg\n")
        #expect(repl.stdout.contains("cannot write mod.seg") && !repl.stdout.contains("saved"), "\(repl.stdout)")
        try "use \"mod.seg\"\ncount big\n".write(toFile: script, atomically: true, encoding: .utf8)
        let report = try Support.seg(["report", script, "-o", module, "--db", place.db], cwd: place.dir)
        #expect(report.status != 0 && report.stderr.contains("cannot write"), "\(report.stderr)")
        #expect(place.fingerprint(module) == before)
    }

    /// The door itself: content in place whole, permissions of the file it replaces kept.
    @Test func theDoorReplacesAtomicallyKeepingPermissions() throws {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("private.csv").path
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        try FileDoor.write(Data("new\n".utf8), to: path, by: .cache)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["private.csv"])
        // A fill that fails leaves the old file and no temporary one.
        #expect(throws: FileRefusal.self) {
            try FileDoor.write(to: path, by: .cache) { _ throws(FileRefusal) in throw FileRefusal(path: path, reason: "stop") }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["private.csv"])
    }

    /// No file is created or replaced anywhere in the sources but through `FileDoor` (and the
    /// engines' own clients: SQLite creates its database, readline only reads history).
    @Test func noFileIsWrittenBesideTheDoor() throws {
        let sources = Support.root.appendingPathComponent("Sources")
        let writes = [".write(to:", ".write(toFile:", "createFile(atPath:", "O_CREAT", "O_TRUNC", "write_history(", "append_history(",
                      "history_truncate_file(", "fopen(", "forWritingAtPath", "forWritingTo", "forUpdatingAtPath", "copyItem(", "moveItem(", "rename(", "creat("]
        var found: [String] = []
        for case let file as String in FileManager.default.enumerator(atPath: sources.path)! where file.hasSuffix(".swift") || file.hasSuffix(".h") {
            // The door; the fuzzer reads its corpus (opening files to read only).
            guard !file.hasSuffix("SegEngine/FileDoor.swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                for w in writes where code.contains(w) && !code.contains("FileDoor.write") && !code.contains("removeItem(") {
                    // A temporary file the door made, opened to be filled (history, demo CSVs).
                    if w == "write_history(" && code.contains("write_history(temp)") { continue }
                    if w == "forUpdatingAtPath" && code.contains("forUpdatingAtPath: temp") { continue }
                    if w == "fopen(" && file.hasSuffix("SegFuzz/Fuzz.swift") && code.contains("\"rb\"") { continue }
                    // SQLite writing its own database (the demo bank), not a file of Seg's.
                    if w == ".write(to:" && code.contains("DemoBank(") { continue }
                    found.append("\(file):\(n + 1): \(w)")
                }
            }
        }
        #expect(found.isEmpty, "file writes beside FileDoor:\n\(found.joined(separator: "\n"))")
    }
}
