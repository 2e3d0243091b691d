import Foundation
import SegSyntax
import SegCheck

/// What a run will write, checked before any query runs (LANGUAGE.md §6): every file target
/// must be a regular file that can be written, or a new path in a folder that can be. A
/// directory, symbolic link, device, pipe or socket is refused, so an export can never
/// replace `/dev/full` or follow a link out of the folder it names.
enum Preflight {
    /// The files the actions will write, with where each is named.
    static func fileTargets(_ actions: [CheckedAction]) -> [(path: String, span: Span)] {
        actions.compactMap { a -> (String, Span)? in
            let destination: ExportDestination?
            switch a.kind {
            case .export(let d, _): destination = d
            case .campaign(let c): destination = c.destination
            default: destination = nil
            }
            switch destination {
            case .csv(let path, let span)?, .jsonl(let path, let span)?: return (path, span)
            default: return nil
            }
        }
    }

    /// Whether the actions write anything (files, lists, planned contacts, tables).
    static func hasEffects(_ actions: [CheckedAction]) -> Bool {
        actions.contains(where: \.writes)
    }

    /// Why `path` cannot be an export target; nil when it can.
    static func problem(with path: String) -> String? {
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
            // Opening for writing (without truncating) finds a read-only or immutable file now,
            // not after the queries have run.
            let fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd < 0 { return String(cString: strerror(errno)) }
            close(fd)
            return folderProblem(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        guard errno == ENOENT else { return String(cString: strerror(errno)) }
        // A new file: its nearest existing folder must be one, and writable.
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.path) { folder.deleteLastPathComponent() }
        return folderProblem(folder.path)
    }

    static func folderProblem(_ folder: String) -> String? {
        var st = stat()
        guard stat(folder, &st) == 0 else { return "its folder \(folder): " + String(cString: strerror(errno)) }
        guard st.st_mode & S_IFMT == S_IFDIR else { return "\(folder) is not a folder" }
        guard access(folder, W_OK) == 0 else { return "its folder \(folder) cannot be written: " + String(cString: strerror(errno)) }
        return nil
    }

    /// Every problem with the run's file targets, as diagnostics at the statements naming them:
    /// what `problem` finds, a file the run reads or keeps its data in (the database, a
    /// script), and a file two exports of the run would both write.
    static func check(_ actions: [CheckedAction], protected: [String] = []) -> [Diagnostic] {
        let guarded = Set(protected.map(resolved))
        var seen: [String: String] = [:]
        return fileTargets(actions).compactMap { target in
            if let p = problem(with: target.path) { return .cannotWrite(target.path, p, target.span) }
            let path = resolved(target.path)
            if guarded.contains(path) {
                return .cannotWrite(target.path, "it is a file this run reads or keeps its data in (the database or a script)", target.span)
            }
            if let first = seen[path] {
                return .cannotWrite(target.path, "another export of this run writes it too (`\(first)`); give each its own file", target.span)
            }
            seen[path] = target.path
            return nil
        }
    }

    /// A path as the file system resolves it: absolute, its folder's symbolic links followed.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var folder = url.deletingLastPathComponent().path
        if let real = realpath(folder, nil) {
            folder = String(cString: real)
            free(real)
        }
        return URL(fileURLWithPath: folder).appendingPathComponent(url.lastPathComponent).path
    }
}
