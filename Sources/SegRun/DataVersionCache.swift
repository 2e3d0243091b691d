import Foundation

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

    static func file(_ path: String, question: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in (URL(fileURLWithPath: path).standardized.path + "\n" + question).utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return CacheDirectory.path + "/data-versions/" + String(h, radix: 16)
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
            try? FileManager.default.createDirectory(atPath: CacheDirectory.path + "/data-versions", withIntermediateDirectories: true)
            try? Data((state + "\n" + version).utf8).write(to: URL(fileURLWithPath: cache), options: .atomic)
        }
        return version
    }
}
