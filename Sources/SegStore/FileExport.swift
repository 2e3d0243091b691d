import Foundation
import SegCheck
import SegCompile
import SegSyntax
import SegEngine

/// Writes an export to a temporary file beside its destination. The file is moved into
/// place only when the whole run commits (`StagedFiles`, `RunJournal`), so a failed run never
/// leaves a half-written or stale-but-replaced file.
public struct FileExport {
    /// `csvForExcel`: RFC 4180 with a UTF-8 byte-order mark first, without which Excel reads
    /// the file in the system's code page (names and cities garbled on Chinese Windows).
    package enum Format { case csv, csvForExcel, jsonl }

    /// Writes rows to `temp`, a temporary file beside `path`, as they come: a bounded buffer
    /// whatever the number of rows. Written with the POSIX calls so a full disk (ENOSPC,
    /// EFBIG) is told as it is; a failed file is removed.
    package final class Writer {
        let format: Format
        let types: [SegType]
        let keys: [String]
        let temp: String
        private var fd: Int32
        private var buffer: [UInt8] = []
        package private(set) var rows = 0

        package init(format: Format, columns: [String], types: [SegType], path: String, temp: String) throws {
            self.format = format
            self.types = types
            self.keys = columns.map(FileExport.jsonString)
            self.temp = temp
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            fd = FileDoor.openTemporary(temp)
            guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EACCES) }
            buffer.reserveCapacity(1 << 20)
            if format == .csvForExcel { buffer += [0xEF, 0xBB, 0xBF] }
            if format != .jsonl { FileExport.csvRow(columns, into: &buffer) }
        }

        package func append(_ row: [Value]) throws {
            switch format {
            case .csv, .csvForExcel:
                for (i, v) in row.enumerated() {
                    if i > 0 { buffer.append(44) }
                    switch (v, types[i]) {
                    case (.null, _): break
                    case (.integer(let n), .number): buffer.append(contentsOf: String(n).utf8)
                    case (.text(let t), .string): FileExport.csvField(t, into: &buffer)
                    default: FileExport.csvField(Cell.text(v, types[i]) ?? "", into: &buffer)
                    }
                }
                buffer.append(13)
                buffer.append(10)
            case .jsonl: FileExport.jsonlRow(row, keys: keys, types: types, into: &buffer)
            }
            rows += 1
            if buffer.count >= 1 << 20 { try flush() }
        }

        private func flush() throws {
            var failure: Int32 = 0
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
            if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        }

        /// Everything on disk (fsync) and closed.
        package func finish() throws {
            do {
                try flush()
                if fsync(fd) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                abandon()
                throw error
            }
            close(fd)
            fd = -1
        }

        /// The file is removed: the export failed.
        package func abandon() {
            if fd >= 0 { close(fd); fd = -1 }
            unlink(temp)
        }
    }

    /// Renders a whole table to `temp` (tests, the demo's copies).
    package static func write(_ table: ResultTable, format: Format, to path: String, temp: String) throws {
        let w = try Writer(format: format, columns: table.columns, types: table.types, path: path, temp: temp)
        do {
            for r in table.rows { try w.append(r) }
            try w.finish()
        } catch {
            w.abandon()
            throw error
        }
    }

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break
    /// (quotes doubled); UTF-8. Written here rather than with CSV.swift, whose writer makes one
    /// stream call per byte: 0.53 s for 45,211 rows against a few milliseconds (bench/README.md).
    /// Every CSV Seg writes (files, and `--format csv` on standard output, which ends lines
    /// with LF alone: `crlf` false) goes through here.
    package static func csvRow(_ fields: [String], into out: inout [UInt8], crlf: Bool = true) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(44) }
            csvField(f, into: &out)
        }
        if crlf { out.append(13) }
        out.append(10)
    }

    /// One field, quoted only when it holds a comma, quote or line break.
    package static func csvField(_ f: String, into out: inout [UInt8]) {
        var f = f
        f.withUTF8 { bytes in
            if !bytes.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(contentsOf: bytes)
                return
            }
            out.append(34)
            for b in bytes {
                out.append(b)
                if b == 34 { out.append(34) }
            }
            out.append(34)
        }
    }

    public static func csv(_ table: ResultTable, crlf: Bool = true) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(64 * (table.rows.count + 1))
        csvRow(table.columns, into: &out, crlf: crlf)
        for r in table.rows { csvRow(zip(r, table.types).map { Cell.text($0, $1) ?? "" }, into: &out, crlf: crlf) }
        return Data(out)
    }

    /// One JSON object per line, keys in column order, values typed (numbers, booleans, null).
    package static func jsonlRow(_ row: [Value], keys: [String], types: [SegType], into out: inout [UInt8]) {
        out.append(123)
        for (i, v) in row.enumerated() {
            if i > 0 { out.append(44) }
            out.append(contentsOf: keys[i].utf8)
            out.append(58)
            out.append(contentsOf: jsonValue(v, types[i]).utf8)
        }
        out.append(125)
        out.append(10)
    }

    package static func jsonl(_ table: ResultTable) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(table.rows.count * 64)
        let keys = table.columns.map(jsonString)
        for row in table.rows { jsonlRow(row, keys: keys, types: table.types, into: &out) }
        return Data(out)
    }

    /// A value as JSON: numbers and booleans bare (a number that is not finite is null),
    /// text quoted, missing null. Every JSON Seg writes goes through here.
    public static func jsonValue(_ v: Value, _ type: SegType) -> String {
        guard let text = Cell.text(v, type) else { return "null" }
        switch type {
        case .number:
            if case .real(let d) = v, !d.isFinite { return "null" }
            // A figure held back as text (a suppressed `<10`) stays a string: JSON has no bare `<10`.
            if case .text(let s) = v, Double(s) == nil { return jsonString(s) }
            return text
        case .bool: return text
        default: return jsonString(text)
        }
    }

    public static func jsonString(_ s: String) -> String { JSONText.string(s) }
}

/// A finished export that could not be moved into place.
package struct MoveFailure: Error {
    package var path: String
    package var reason: String
    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The files a run writes: each planned before the run starts (a temporary path beside its
/// final one, recorded in the run's journal), written during it, moved into place after its
/// commit (`RunJournal`).
package struct StagedFiles {
    package private(set) var planned: [RunJournal.File] = []
    private var taken = Set<Int>()
    /// Folders that did not exist when an export to them was planned (the writer makes them):
    /// a run that fails removes them again, if they are still empty.
    private var newFolders = Set<String>()

    package init(targets: [String] = [], runID: String = UUID().uuidString) {
        let tag = runID.prefix(8).lowercased()
        // Absolute paths: the next `seg`, which may finish the run, may start in another folder.
        planned = targets.enumerated().map { i, final in
            let url = URL(fileURLWithPath: final).standardizedFileURL
            return RunJournal.File(temp: FileDoor.temporaryPath(beside: url.path, tag: "\(tag)-\(i + 1)"), final: url.path,
                                   folders: StagedFiles.missingFolders(of: url.path))
        }
    }

    /// The folders above `final` that do not exist yet, deepest first.
    package static func missingFolders(of final: String) -> [String] {
        var out: [String] = []
        var folder = URL(fileURLWithPath: final).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.path) {
            out.append(folder.path)
            folder.deleteLastPathComponent()
        }
        return out
    }

    /// The temporary path for the next export to `final`.
    package mutating func temp(for final: String) -> String {
        let final = URL(fileURLWithPath: final).standardizedFileURL.path
        newFolders.formUnion(Self.missingFolders(of: final))
        if let i = planned.indices.first(where: { !taken.contains($0) && planned[$0].final == final }) {
            taken.insert(i)
            return planned[i].temp
        }
        // Not planned (a statement outside a run's plan): a fresh temporary path, planned now.
        let temp = FileDoor.temporaryPath(beside: final)
        planned.append(RunJournal.File(temp: temp, final: final))
        taken.insert(planned.count - 1)
        return temp
    }

    /// The files written, in order.
    package var written: [RunJournal.File] { planned.indices.filter(taken.contains).map { planned[$0] } }

    /// Makes the written temporary files durable before the commit: a file replacing another
    /// takes its permissions (a private 0600 list stays private), and the folders' entries are synced.
    package func prepareForCommit() {
        var st = stat()
        for f in written where stat(f.final, &st) == 0 {
            chmod(f.temp, st.st_mode & 0o7777)
        }
        RunJournal.syncFolders(of: written)
    }

    /// What stops a written file from going into place: its temporary file gone, or its
    /// target no longer one Seg writes (checked at the commit point, before anything commits).
    package func problems(protected: [String]) -> [Diagnostic] {
        written.compactMap { f -> Diagnostic? in
            var st = stat()
            guard lstat(f.temp, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
                return .cannotWrite(f.final, "its temporary file \(f.temp) is gone (was its folder removed?); nothing was saved", .none)
            }
            return FileDoor.problem(f.final, protected: protected).map { .cannotWrite(f.final, $0 + "; nothing was saved", .none) }
        }
    }

    /// Moves every written file into place (rename is atomic within a folder).
    package func moveIntoPlace() throws {
        let files = written
        for (i, f) in files.enumerated() {
            do { try FileDoor.moveIntoPlace(f.temp, f.final) } catch {
                throw MoveFailure(path: f.final, reason: error.reason)
            }
            Fault.point("renamed-\(i + 1)")
        }
        RunJournal.syncFolders(of: files)
        Fault.point("renamed-all")
    }

    /// Removes every temporary file: the run failed.
    package func discard() {
        for f in planned { unlink(f.temp) }
        // Deepest first; rmdir leaves a folder that holds anything.
        for folder in newFolders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
    }
}

extension Diagnostic {
    public static func cannotWrite(_ path: String, _ reason: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0710", message: "cannot write `\(path)`: \(reason)", span: span)
    }
}
