import Foundation

/// Every program of Seg that writes a file, by name: the registry `FileDoor` serves.
/// `FileDoorTests` drives each of them against every bad target; a writer added here
/// without a case there does not compile, and a file write outside `FileDoor` fails the
/// test that reads the sources.
public enum FileWriter: String, CaseIterable, Sendable {
    /// `export … to csv/jsonl` and campaigns' files: staged during the run, moved at its commit.
    case runExport
    /// The REPL's `.once FILE`.
    case replOnce
    /// The REPL's `.save FILE`.
    case replSave
    /// The REPL's history file (`SEG_HISTORY`, else `~/.seg_history`).
    case replHistory
    /// `seg report -o FILE`.
    case report
    /// `seg fmt FILE`, which rewrites the script it reads.
    case fmt
    /// Seg's own cache (`CacheDirectory`: data versions, the Spark driver, demo CSVs).
    case cache
    /// `seg demo --db FILE`: the demo bank, built by SQLite beside its name, then moved there.
    case demoBank
}

/// Why a file was not written: what is wrong with the target, or the system's word.
public struct FileRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The one way Seg writes a file (LANGUAGE.md §6). A target is checked before anything is
/// written (`problem`: a regular file that can be written, or a new name in a folder that
/// can be; never a folder, link, device, pipe or socket, nor a file the process reads or
/// keeps its data in); the content goes to a new temporary file beside it, is synced, the
/// target is checked again, and the temporary file is renamed over it (atomic); the folder
/// is synced. A failure at any step leaves the target as it was and removes the temporary
/// file. Runs use the same steps split around their commit point (`StagedFiles`).
public enum FileDoor {
    /// Writes `data` to `path` through the door.
    public static func write(_ data: Data, to path: String, by writer: FileWriter, protected: [String] = []) throws(FileRefusal) {
        try write(to: path, by: writer, protected: protected) { temp throws(FileRefusal) in
            // The empty file the door made a moment ago (never a link: O_NOFOLLOW).
            let fd = open(temp, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw FileRefusal(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            let failure: Int32 = data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += n
                }
                return fsync(fd) == 0 ? 0 : errno
            }
            if failure != 0 { throw FileRefusal(path: path, reason: String(cString: strerror(failure))) }
        }
    }

    /// Writes `path` through the door, its content made by `fill` at the temporary path it is
    /// given (a new, empty file), which it must leave complete; `fill` may return false for a failure.
    public static func write(to path: String, by writer: FileWriter, protected: [String] = [],
                             fill: (String) throws(FileRefusal) -> Void) throws(FileRefusal) {
        if let reason = problem(path, protected: protected) { throw FileRefusal(path: path, reason: reason) }
        let temp = temporaryPath(beside: path)
        do throws(FileRefusal) {
            // Made here (O_EXCL): never an existing file, link or device at the temporary name.
            let fd = openTemporary(temp)
            guard fd >= 0 else { throw FileRefusal(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
            // A file replacing another keeps its permissions (a private 0600 file stays private).
            var st = stat()
            if stat(path, &st) == 0 { chmod(temp, st.st_mode & 0o7777) }
            try fill(temp)
            try durable(temp, path)
            try moveIntoPlace(temp, path, protected: protected)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// The last steps, shared with a run's staged files: the target checked again, the
    /// temporary file renamed over it, the folder synced.
    public static func moveIntoPlace(_ temp: String, _ path: String, protected: [String] = []) throws(FileRefusal) {
        var st = stat()
        guard lstat(temp, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw FileRefusal(path: path, reason: "its temporary file \(temp) is gone (was its folder removed?)")
        }
        if let reason = problem(path, protected: protected) { throw FileRefusal(path: path, reason: reason) }
        guard rename(temp, path) == 0 else { throw FileRefusal(path: path, reason: String(cString: strerror(errno))) }
        syncFolder(of: path)
    }

    /// Why `path` cannot be written; nil when it can. `protected`: files this process reads or
    /// keeps its data in (the database and its journals, the scripts), compared as resolved.
    public static func problem(_ path: String, protected: [String] = []) -> String? {
        if path.isEmpty { return "no file name was given" }
        if path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..") || path == "." || path == ".." {
            return "it names a folder (give a file name)"
        }
        // Before anything opens the target: opening and closing the database would drop
        // the locks this process holds on it.
        let real = resolved(path)
        if Set(protected.map(resolved)).contains(real) {
            return "it is a file this run reads or keeps its data in (the database or a script)"
        }
        // SQLite's own files beside a database: a file there is taken for its journal.
        for suffix in ["-journal", "-wal", "-shm"] where real.hasSuffix(suffix) && FileManager.default.fileExists(atPath: String(real.dropLast(suffix.count))) {
            return "it is the name of the \(suffix.dropFirst()) of the SQLite database \(String(path.dropLast(suffix.count)))"
        }
        var st = stat()
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: return "it is a folder"
            case S_IFLNK: return "it is a symbolic link (Seg writes only regular files, never through a link)"
            case S_IFCHR, S_IFBLK: return "it is a device"
            case S_IFIFO: return "it is a pipe"
            case S_IFSOCK: return "it is a socket"
            default: return "it is not a regular file"
            }
            // Another name of a protected file (a hard link) is that file.
            for p in protected {
                var other = stat()
                if stat(p, &other) == 0, other.st_dev == st.st_dev, other.st_ino == st.st_ino {
                    return "it is a file this run reads or keeps its data in (the database or a script)"
                }
            }
            // A read-only file is found now, not after the work is done.
            if access(path, W_OK) != 0 { return String(cString: strerror(errno)) }
            return folderProblem(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        guard errno == ENOENT else { return String(cString: strerror(errno)) }
        // A new file: its nearest existing folder must be one, and writable.
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.path) { folder.deleteLastPathComponent() }
        return folderProblem(folder.path)
    }

    package static func folderProblem(_ folder: String) -> String? {
        var st = stat()
        guard stat(folder, &st) == 0 else { return "its folder \(folder): " + String(cString: strerror(errno)) }
        guard st.st_mode & S_IFMT == S_IFDIR else { return "\(folder) is not a folder" }
        guard access(folder, W_OK) == 0 else { return "its folder \(folder) cannot be written: " + String(cString: strerror(errno)) }
        return nil
    }

    /// A path as the file system resolves it: absolute, its folder's symbolic links followed.
    package static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var folder = url.deletingLastPathComponent().path
        if let real = realpath(folder, nil) {
            folder = String(cString: real)
            free(real)
        }
        return URL(fileURLWithPath: folder).appendingPathComponent(url.lastPathComponent).path
    }

    /// A fresh name beside `path`, in its folder (a rename never crosses file systems).
    package static func temporaryPath(beside path: String, tag: String? = nil) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let tag = tag ?? "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).seg-\(tag).tmp").path
    }

    /// Creates a temporary file for writing: new (O_EXCL), so never an existing file, link or device.
    package static func openTemporary(_ temp: String) -> Int32 {
        open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }

    /// The temporary file's bytes on disk before it replaces anything.
    package static func durable(_ temp: String, _ path: String) throws(FileRefusal) {
        let fd = open(temp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FileRefusal(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw FileRefusal(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Makes a rename durable: the folder's entries are flushed.
    package static func syncFolder(of path: String) {
        let fd = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
