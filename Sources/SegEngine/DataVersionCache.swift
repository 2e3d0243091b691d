import Foundation
import SegModels

/// A SQLite file's data version, computed by scanning (`SQLiteEngine.dataVersion`), kept
/// beside what SQLite itself says of the file: the header's change counter (one more for
/// every write transaction, whoever commits it), read through the connection's own file
/// handle, with the file's size and inode from `stat`. While those have not moved, nothing
/// was written, so the version stands without scanning again. Never `open` of the database:
/// closing a second descriptor of a file drops every POSIX lock the process holds on it
/// (SQLite's "How To Corrupt An SQLite Database File", 2.2). In WAL mode the counter does not
/// count commits, so nothing is cached there. Kept in `CacheDirectory/data-versions/`, one
/// small file per database and question; a cache that cannot be read or written is not used.
package enum DataVersionCache {
    /// What says "unchanged" of the database, or nil when nothing can (WAL mode, no file).
    package static func fileState(_ db: SQLiteDatabase) -> String? {
        guard let counter = db.changeCounter() else { return nil }
        var st = stat()
        guard stat(db.path, &st) == 0 else { return nil }
        return "\(counter):\(st.st_size):\(st.st_ino):\(st.st_dev)"
    }

    package static func hash(_ text: String) -> String { fingerprint(text.utf8) }

    /// One folder per database, one file per question.
    package static func folder(_ path: String) -> String {
        CacheDirectory.path + "/data-versions/" + hash(URL(fileURLWithPath: path).standardized.path)
    }

    package static func file(_ path: String, question: String) -> String { folder(path) + "/" + hash(question) }

    /// Seg's own write to the database (the ledger row of a run), which changes no table a
    /// data version reads: when it was the only write (the change counter moved by one), the
    /// versions cached before it stand after it, and the next run need not scan again.
    /// `body` commits a transaction holding the write lock (taken here when none is open), so
    /// no one else wrote between the two readings of the counter.
    package static func ownWrite<T>(_ db: SQLiteDatabase, _ body: () throws -> T) rethrows -> T {
        guard db.path != ":memory:", !db.path.isEmpty else { return try body() }
        if !db.inTransaction {
            guard (try? db.execute("BEGIN IMMEDIATE")) != nil else { return try body() }
        }
        let stateBefore = fileState(db)
        let result: T
        do { result = try body() } catch {
            if db.inTransaction { try? db.execute("ROLLBACK") }
            throw error
        }
        if db.inTransaction { try? db.execute("COMMIT") }
        guard let stateBefore, let before = UInt32(stateBefore.prefix { $0 != ":" }) else { return result }
        guard let stateAfter = fileState(db), UInt32(stateAfter.prefix { $0 != ":" }) == before &+ 1 else { return result }
        let dir = folder(db.path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            let file = dir + "/" + name
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == stateBefore {
                try? FileDoor.write(Data((stateAfter + "\n" + parts[1]).utf8), to: file, by: .cache)
            }
        }
        return result
    }

    /// The version for `question` when it is cached and the file untouched since; nil (no scan) otherwise.
    package static func cached(_ db: SQLiteDatabase, question: String) -> String? {
        guard let state = fileState(db),
              let text = try? String(contentsOfFile: file(db.path, question: question), encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
        return parts.count == 2 && parts[0] == state ? parts[1] : nil
    }

    /// The version for `question` (what is scanned) of the database: cached while the file is
    /// untouched, else `compute`d and cached (only when the file did not move meanwhile).
    package static func version(_ db: SQLiteDatabase, question: String, compute: () -> String?) -> String? {
        let state = fileState(db)
        if state != nil, let hit = cached(db, question: question) { return hit }
        guard let version = compute() else { return nil }
        if let state, fileState(db) == state {
            try? FileManager.default.createDirectory(atPath: folder(db.path), withIntermediateDirectories: true)
            try? FileDoor.write(Data((state + "\n" + version).utf8), to: file(db.path, question: question), by: .cache)
        }
        return version
    }
}
