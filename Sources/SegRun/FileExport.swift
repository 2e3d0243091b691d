import Foundation
import SegCheck

/// Writes an export to a temporary file beside its destination. The file is moved into
/// place only when the whole run succeeds (`StagedFiles.commit`), so a failed run never
/// leaves a half-written or stale-but-replaced file.
struct FileExport {
    enum Format { case csv, jsonl }

    /// Renders the rows and writes them to a temporary file next to `path`; returns the temporary path.
    static func write(_ table: ResultTable, format: Format, to path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).seg-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let data: Data
        switch format {
        case .csv: data = csv(table)
        case .jsonl: data = jsonl(table)
        }
        // Written with the POSIX calls so a full disk (ENOSPC, EFBIG) is told as it is, and a
        // partly written temporary file is removed.
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EACCES) }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
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
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure != 0 {
            unlink(temp.path)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
        return temp.path
    }

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break
    /// (quotes doubled); UTF-8. Written here rather than with CSV.swift, whose writer makes one
    /// stream call per byte: 0.53 s for 45,211 rows against a few milliseconds (bench/README.md).
    static func csv(_ table: ResultTable) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(64 * (table.rows.count + 1))
        func field(_ s: String) {
            let utf8 = s.utf8
            if utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                for b in utf8 {
                    out.append(b)
                    if b == 34 { out.append(34) }
                }
                out.append(34)
            } else {
                out.append(contentsOf: utf8)
            }
        }
        func row(_ fields: [String]) {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(44) }
                field(f)
            }
            out.append(13)
            out.append(10)
        }
        row(table.columns)
        for r in table.rows { row(zip(r, table.types).map { Cell.text($0, $1) ?? "" }) }
        return Data(out)
    }

    /// One JSON object per line, keys in column order, values typed (numbers, booleans, null).
    static func jsonl(_ table: ResultTable) -> Data {
        var out = ""
        out.reserveCapacity(table.rows.count * 64)
        let keys = table.columns.map(jsonString)
        for row in table.rows {
            out += "{"
            for (i, v) in row.enumerated() {
                if i > 0 { out += "," }
                out += keys[i] + ":" + jsonValue(v, table.types[i])
            }
            out += "}\n"
        }
        return Data(out.utf8)
    }

    static func jsonValue(_ v: Value, _ type: SegType) -> String {
        guard let text = Cell.text(v, type) else { return "null" }
        switch type {
        case .number:
            if case .real(let d) = v, !d.isFinite { return "null" }
            return text
        case .bool: return text
        default: return jsonString(text)
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// A finished export that could not be moved into place.
struct MoveFailure: Error {
    var path: String
    var reason: String
}

/// Files written during a run, waiting to be moved into place when it succeeds.
struct StagedFiles {
    private(set) var pending: [(temp: String, final: String)] = []

    mutating func add(temp: String, final: String) { pending.append((temp, final)) }

    /// Moves every file into place (rename is atomic within a folder).
    mutating func commit() throws {
        for (temp, final) in pending {
            if rename(temp, final) != 0 {
                let reason = String(cString: strerror(errno))
                discard()
                throw MoveFailure(path: final, reason: reason)
            }
        }
        pending = []
    }

    /// Removes every temporary file: the run failed.
    mutating func discard() {
        for (temp, _) in pending { unlink(temp) }
        pending = []
    }
}
