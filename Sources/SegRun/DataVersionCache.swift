import Foundation
import SegModels

/// A SQLite file's data version, computed by scanning (`SQLiteEngine.dataVersion`), kept
/// beside the file's own state — size and modification time of the database and of its
/// write-ahead log. While those have not moved, nothing was written to the file, so the
/// version stands without scanning again: a run that reads tags pays two `stat`s, not a
/// scan of the entity's table. Kept in `CacheDirectory/data-versions/`, one small file per
/// database and question; a cache that cannot be read or written is simply not used.
enum DataVersionCache {
    static func fileState(_ path: String) -> String {
        ["", "-wal"].map { suffix -> String in
            var st = stat()
            guard stat(path + suffix, &st) == 0 else { return "-" }
            return "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ino)"
        }.joined(separator: "/")
    }

    static func hash(_ text: String) -> String { fingerprint(text.utf8) }

    /// One folder per database, one file per question.
    static func folder(_ path: String) -> String {
        CacheDirectory.path + "/data-versions/" + hash(URL(fileURLWithPath: path).standardized.path)
    }

    static func file(_ path: String, question: String) -> String { folder(path) + "/" + hash(question) }

    /// The file change counter of a SQLite database in rollback-journal mode (header bytes
    /// 24–27): one more for each write transaction. nil in WAL mode, where it does not count.
    static func changeCounter(_ path: String) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 28), header.count == 28, header[18] == 1 else { return nil }
        return header[24...27].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Seg's own write to the database (the ledger row of a run), which changes no table a
    /// data version reads: when it was the only write (the change counter moved by one), the
    /// versions cached before it stand after it, and the next run need not scan again.
    static func ownWrite<T>(path: String?, _ body: () throws -> T) rethrows -> T {
        guard let path, let before = changeCounter(path) else { return try body() }
        let stateBefore = fileState(path)
        let result = try body()
        guard changeCounter(path) == before &+ 1 else { return result }
        let stateAfter = fileState(path)
        let dir = folder(path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            let file = dir + "/" + name
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == stateBefore {
                try? Data((stateAfter + "\n" + parts[1]).utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            }
        }
        return result
    }

    /// The version for `question` when it is cached and the file untouched since; nil (no scan) otherwise.
    static func cached(path: String, question: String) -> String? {
        guard let text = try? String(contentsOfFile: file(path, question: question), encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
        return parts.count == 2 && parts[0] == fileState(path) ? parts[1] : nil
    }

    /// The version for `question` (what is scanned) of the database at `path`: cached while
    /// the file is untouched, else `compute`d and cached.
    static func version(path: String, question: String, compute: () -> String?) -> String? {
        let cache = file(path, question: question)
        let state = fileState(path)
        if let text = try? String(contentsOfFile: cache, encoding: .utf8) {
            let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == state { return parts[1] }
        }
        guard let version = compute() else { return nil }
        // Only when the file did not move while it was scanned.
        if fileState(path) == state {
            try? FileManager.default.createDirectory(atPath: folder(path), withIntermediateDirectories: true)
            try? Data((state + "\n" + version).utf8).write(to: URL(fileURLWithPath: cache), options: .atomic)
        }
        return version
    }
}
