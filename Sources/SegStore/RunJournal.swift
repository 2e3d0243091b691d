import Foundation
import SegCompile
import SegEngine

/// The commit protocol of a run's effects (LANGUAGE.md §6, ARCHITECTURE.md "One commit point").
///
/// 1. Before any statement runs, the run's journal row is written and committed on its own:
///    its id, its process, and every file it will write as (temporary path, final path).
/// 2. Statements run. Files go to their temporary paths; lists, contacts and tables are
///    written in the engine's transaction.
/// 3. In that transaction the ledger row is written and the journal row marked `committed`;
///    then the transaction commits. That commit is the run's one commit point.
/// 4. The temporary files are renamed into place (each rename atomic), then the journal row
///    is deleted.
///
/// A run that dies before 3 leaves a `running` row: the next `seg` to open the store rolls it
/// back (its transaction never committed; its temporary files are removed). A run that dies
/// after 3 leaves a `committed` row: the next `seg` rolls it forward (renames what is left).
/// Either way every effect is in place, or none is. Spark has no transactions: there the
/// journal is not kept (list versions become visible by their header, written last).
package struct RunJournal {
    package let db: any StoreConnection
    package init(db: any StoreConnection) { self.db = db }

    package struct File: Codable, Equatable {
        package var temp: String
        package var final: String
        /// Folders that did not exist when the run planned the file: undoing the run removes
        /// them again, if still empty.
        package var folders: [String]? = nil

        package init(temp: String, final: String, folders: [String]? = nil) {
            self.temp = temp
            self.final = final
            self.folders = folders
        }
    }

    package var kept: Bool { db.storeTraits.transactional }

    /// The runs of this process that are under way (sessions of one process may run at once).
    private static let live = LiveRuns()
    package final class LiveRuns: @unchecked Sendable {
        private let lock = NSLock()
        private var ids = Set<String>()
        func insert(_ id: String) { lock.lock(); ids.insert(id); lock.unlock() }
        func remove(_ id: String) { lock.lock(); ids.remove(id); lock.unlock() }
        func contains(_ id: String) -> Bool { lock.lock(); defer { lock.unlock() }; return ids.contains(id) }
    }

    /// This machine and this boot of it: `hostname boot-id`. After a power cut the boot id
    /// differs, so every run recorded before it is known to be dead, whatever process now
    /// holds its pid.
    package static let host: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let hostname = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return hostname + " " + boot
    }()

    /// When process `pid` started (clock ticks since boot, /proc/PID/stat field 22): with the
    /// pid it names one process, so a pid reused by another is not taken for the run.
    package static func processStart(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }

    /// Step 1: the run's row, committed before anything else happens. On PostgreSQL the run
    /// also holds a lock named after itself for as long as its connection lives, so another
    /// `seg` can tell a live run from a dead one on any machine.
    package func open(_ runID: String, files: [File]) throws(EngineError) {
        guard kept else { return }
        RunJournal.live.insert(runID)
        try db.withStoreLock { () throws(EngineError) in
            try db.storePrepare(.journal)
        }
        try db.storeLock(RunJournal.lockName(runID), untilCommit: false)
        let encoded = String(decoding: (try? JSONEncoder().encode(files)) ?? Data("[]".utf8), as: UTF8.self)
        let started: SQLValue = RunJournal.processStart(getpid()).map { .text($0) } ?? .null
        _ = try db.storeQuery("""
            INSERT INTO \(raw: StoreNames.journal) (run_id, host, pid, started_at, state, files, process_start)
            VALUES (\(.text(runID)), \(.text(RunJournal.host)), \(.integer(Int64(getpid()))), \(.text(ISO8601DateFormatter().string(from: Date()))),
                    'running', \(.text(encoded)), \(started))
            """)
    }

    /// Step 3, inside the run's transaction.
    package func markCommitted(_ runID: String) throws(EngineError) {
        guard kept else { return }
        let now = Date().timeIntervalSince1970
        _ = try db.storeQuery("UPDATE \(raw: StoreNames.journal) SET state = 'committed', committed_at = \(.text(String(format: "%.6f", now))) WHERE run_id = \(.text(runID))")
    }

    /// The end of the run, committed or rolled back: its row goes.
    package func close(_ runID: String) {
        guard kept, RunJournal.live.contains(runID) else { return }
        RunJournal.live.remove(runID)
        _ = try? db.storeQuery("DELETE FROM \(raw: StoreNames.journal) WHERE run_id = \(.text(runID))")
        db.storeUnlock(RunJournal.lockName(runID))
    }

    /// Leaves the row for the next `seg` (files that could not be moved after the commit).
    package func leave(_ runID: String) {
        guard RunJournal.live.contains(runID) else { return }
        RunJournal.live.remove(runID)
        db.storeUnlock(RunJournal.lockName(runID))
    }

    /// Finishes or undoes the runs that died, as the protocol says; returns what it did.
    @discardableResult
    package func recover() -> [String] {
        guard kept, !db.inStoreTransaction, (try? db.storeHasTable(StoreNames.journal)) == true else { return [] }
        // A journal from an older `seg` gains the columns this one reads.
        _ = try? db.withStoreLock { () throws(EngineError) in try db.storePrepare(.journal) }
        guard let rows = try? db.storeQuery("SELECT run_id, host, pid, state, files, process_start, committed_at FROM \(raw: StoreNames.journal)") else { return [] }
        var done: [String] = []
        for r in rows {
            guard case .text(let runID) = r[0], case .text(let host) = r[1], case .text(let state) = r[3], case .text(let json) = r[4] else { continue }
            let pid: Int32 = { if case .integer(let p) = r[2] { return Int32(truncatingIfNeeded: p) } else { return 0 } }()
            let started: String? = { if case .text(let s) = r[5] { return s } else { return nil } }()
            // The files of a run live on its machine: only that machine moves or removes them.
            guard host == RunJournal.host || RunJournal.sameMachine(host),
                  !isAlive(runID: runID, host: host, pid: pid, started: started) else { continue }
            let files = (try? JSONDecoder().decode([File].self, from: Data(json.utf8))) ?? []
            if state == "committed" {
                // Committed: every file goes into place (one already moved has no temporary file left).
                var left: [String] = [], lost: [String] = [], newer: [String] = []
                let committedAt: Double? = { if case .text(let t) = r[6] { return Double(t) } else { return nil } }()
                for f in files {
                    if access(f.temp, F_OK) == 0, let committedAt, RunJournal.changedSince(f.final, committedAt) {
                        // A run that committed after this one already put its file there: the
                        // newer file stays, this run's goes.
                        unlink(f.temp)
                        newer.append(f.final)
                    } else if access(f.temp, F_OK) == 0 {
                        do { try FileDoor.moveIntoPlace(f.temp, f.final) } catch { left.append(error.description) }
                    } else if access(f.final, F_OK) != 0 {
                        // Neither the temporary file nor the target: the file is lost (its folder removed?).
                        lost.append(f.final)
                    }
                }
                if !left.isEmpty {
                    // Tried again by the next `seg`; said each time until it can be done.
                    done.append("run \(runID) is committed but could not finish: \(left.joined(separator: "; ")) (the next `seg` tries again)")
                    continue
                }
                RunJournal.syncFolders(of: files)
                if !newer.isEmpty {
                    done.append("finished run \(runID): \(newer.joined(separator: ", ")) kept as a later run wrote it (this run's older file is dropped)")
                }
                if lost.isEmpty {
                    if newer.count < files.count { done.append("finished run \(runID): its \(files.count - newer.count) file(s) are in place") }
                } else {
                    done.append("run \(runID) is committed (its lists, tables and ledger row are saved) but its file(s) \(lost.joined(separator: ", ")) were lost before they could be put in place; run it again to write them")
                }
            } else {
                // Never committed: the database undid its part; its temporary files go too.
                for f in files { unlink(f.temp) }
                for folder in Set(files.flatMap { $0.folders ?? [] }).sorted(by: { $0.count > $1.count }) { rmdir(folder) }
                done.append("undid run \(runID), which stopped before its commit")
            }
            _ = try? db.storeQuery("DELETE FROM \(raw: StoreNames.journal) WHERE run_id = \(.text(runID))")
            db.storeUnlock(RunJournal.lockName(runID))
        }
        return done
    }

    /// Whether the regular file at `path` was replaced or changed after `time` (seconds since
    /// 1970). Anything else there (a folder, a link) is no later run's file: the door refuses it.
    package static func changedSince(_ path: String, _ time: Double) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        let changed = max(Double(st.st_ctim.tv_sec) + Double(st.st_ctim.tv_nsec) / 1e9, Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
        return changed > time
    }

    /// The named lock a run holds while it lives, on engines with named locks.
    package static func lockName(_ runID: String) -> String { "seg_run " + runID }

    /// Whether the run that wrote a row still runs. Where the engine has named locks
    /// (PostgreSQL): whether its lock is held (taking it proves the owner's connection is gone;
    /// it is released again by the caller). Elsewhere: whether its process is alive on this
    /// machine (a row from another machine is left to that machine).
    package func isAlive(runID: String, host: String, pid: Int32, started: String?) -> Bool {
        if RunJournal.live.contains(runID) { return true }
        if let free = db.storeTryLock(RunJournal.lockName(runID)) { return !free }
        guard host == RunJournal.host else { return false }  // this machine, booted since: dead
        if pid == getpid() { return false }  // not under way in this process: it failed and left its row
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // The pid is taken: by the run itself only if that process started when the run's did.
        return started == nil || RunJournal.processStart(pid) == started
    }

    /// Whether a row's `hostname boot-id` names this machine (in this boot or an earlier one).
    package static func sameMachine(_ recorded: String) -> Bool {
        recorded.split(separator: " ").first == host.split(separator: " ").first
    }

    /// Makes renames durable: the folders' entries are flushed.
    package static func syncFolders(of files: [File]) {
        for final in Set(files.map(\.final)) { FileDoor.syncFolder(of: final) }
    }
}

/// A test-only hook (LANGUAGE.md §6's proof): `SEG_FAULT_AT=STEP` stops the process with
/// SIGKILL at that step of the commit protocol, as a power cut would; `SEG_PAUSE_AT=STEP`
/// pauses it there.
package enum Fault {
    package static let at = ProcessInfo.processInfo.environment["SEG_FAULT_AT"]

    /// `SEG_PAUSE_AT=STEP` with `SEG_PAUSE_FIFO=PATH` (test-only) waits at that step until a
    /// byte comes through the FIFO: a test opening it for writing knows the run is there, changes
    /// the world under it (a folder removed, a target replaced), then lets it go on.
    package static let pauseAt = ProcessInfo.processInfo.environment["SEG_PAUSE_AT"]
    package static let pauseFIFO = ProcessInfo.processInfo.environment["SEG_PAUSE_FIFO"]

    package static func point(_ step: String) {
        if let pauseAt, pauseAt == step, let pauseFIFO {
            let fd = open(pauseFIFO, O_RDONLY)
            if fd >= 0 {
                var byte: UInt8 = 0
                _ = read(fd, &byte, 1)
                close(fd)
            }
        }
        guard let at, at == step else { return }
        kill(getpid(), SIGKILL)
    }

    /// The steps, in order, for tests that stop at each.
    package static let steps = ["journal-opened", "statements-done", "tags-built", "ledger-written", "committed", "renamed-1", "renamed-all", "closed"]
}
