import Foundation

/// Every script Seg reads (`seg run FILE`, `use "file.seg"`, the REPL's `.load`) is read here:
/// only a regular file, and a reason a person can act on when it is not one. A pipe or a
/// device would block or never end; a loop of symbolic links is not "no such file".
public enum ScriptFile {
    public struct Unreadable: Error, Sendable, Equatable {
        /// "no such file", "it is a folder", "it is a named pipe (FIFO)", …
        public var reason: String
    }

    /// `databaseFiles`: the engine's files, never opened here. Closing a second descriptor of
    /// the database would drop every POSIX lock this process holds on it (`DataVersionCache`);
    /// they are told apart by device and inode (`stat`), without opening anything.
    public static func read(_ path: String, databaseFiles: [String] = []) throws(Unreadable) -> Data {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Unreadable(reason: reason(errno)) }
        for file in databaseFiles {
            var other = stat()
            if stat(file, &other) == 0, other.st_dev == st.st_dev, other.st_ino == st.st_ino {
                throw Unreadable(reason: "it is the database, not a script")
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Unreadable(reason: "it is a folder")
        case S_IFIFO: throw Unreadable(reason: "it is a named pipe (FIFO), not a file")
        case S_IFCHR, S_IFBLK: throw Unreadable(reason: "it is a device, not a file")
        case S_IFSOCK: throw Unreadable(reason: "it is a socket, not a file")
        default: throw Unreadable(reason: "it is not a regular file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Unreadable(reason: reason(errno == 0 ? EACCES : errno)) }
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch { throw Unreadable(reason: "it could not be read (\(error.localizedDescription))") }
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case ELOOP: return "its symbolic links go round in a loop"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of its path is not a folder"
        case ENAMETOOLONG: return "its name is too long"
        default: return String(cString: strerror(code))
        }
    }
}
