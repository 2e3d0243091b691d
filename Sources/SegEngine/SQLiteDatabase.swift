import CSQLite
import Foundation
import SegCompile

/// A value read back from an engine.
public enum Value: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var isNull: Bool { self == .null }
    public var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }
}

/// An engine failure, classified so it can be told to the user plainly.
public struct EngineError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case missingFile, notADatabase, locked, readOnly, interrupted, cannotOpen, query, constraint, full, tooComplex
        /// The store's policy refused the run (a role the user does not hold).
        case refused
    }
    public var kind: Kind
    /// The engine's own words, kept for a note.
    public var detail: String
    public var path: String

    public init(kind: Kind, detail: String, path: String) {
        self.kind = kind
        self.detail = detail
        self.path = path
    }
}

/// The SQLite C API, thinly: open, prepare, bind, step. Statements are finalized on every path.
public final class SQLiteDatabase: @unchecked Sendable {
    package let handle: OpaquePointer
    public let path: String

    /// Opens an existing database (`create: false`) or creates it.
    public init(path: String, create: Bool = false, readOnly: Bool = false) throws(EngineError) {
        self.path = path
        if !create, path != ":memory:", !FileManager.default.fileExists(atPath: path) {
            throw EngineError(kind: .missingFile, detail: "no such file", path: path)
        }
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw EngineError(kind: rc == SQLITE_NOTADB ? .notADatabase : .cannotOpen, detail: message, path: path)
        }
        handle = db
        sqlite3_busy_timeout(db, Self.lockWaitMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        Buckets.register(on: db)
        sqlite3_progress_handler(db, 10_000, { flag in
            flag?.assumingMemoryBound(to: Int32.self).pointee ?? 0
        }, UnsafeMutableRawPointer(cancelRequested))
    }

    /// How long a run waits for another's lock on the database before giving up (E0703):
    /// `SEG_LOCK_WAIT` seconds, else ten minutes — a nightly tag build beside analysts'
    /// runs makes them wait, then succeed, rather than fail.
    package static let lockWaitMilliseconds: Int32 = {
        let seconds = ProcessInfo.processInfo.environment["SEG_LOCK_WAIT"].flatMap(Double.init) ?? 600
        return Int32(max(0, min(seconds, 86_400)) * 1000)
    }()

    deinit {
        sqlite3_close_v2(handle)
        cancelRequested.deallocate()
    }

    /// Set by `interrupt()` (from a signal handler) and read by SQLite's progress handler, so a
    /// Ctrl-C that lands just before a query starts still stops it. Cleared by `clearInterrupt()`.
    package let cancelRequested: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    /// Stops the query running now, or the next one to start, from another thread (Ctrl-C).
    public func interrupt() {
        cancelRequested.pointee = 1
        sqlite3_interrupt(handle)
    }

    /// Forgets an earlier Ctrl-C: a new entry starts.
    public func clearInterrupt() { cancelRequested.pointee = 0 }

    package func error(_ rc: Int32) -> EngineError {
        let message = String(cString: sqlite3_errmsg(handle))
        let kind: EngineError.Kind
        switch rc & 0xFF {
        case SQLITE_NOTADB: kind = .notADatabase
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .locked
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_INTERRUPT: kind = .interrupted
        case SQLITE_CANTOPEN: kind = .cannotOpen
        case SQLITE_CONSTRAINT: kind = .constraint
        case SQLITE_FULL: kind = .full
        default:
            // SQLite parses with a bounded stack and caps expression depth.
            kind = message.contains("parser stack overflow") || message.contains("too large") || message.contains("too many") ? .tooComplex : .query
        }
        return EngineError(kind: kind, detail: message, path: path)
    }

    /// Runs statements with no parameters and no results (DDL, BEGIN, COMMIT).
    public func execute(_ sql: String) throws(EngineError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if let errorMessage { sqlite3_free(errorMessage) }
        if rc != SQLITE_OK { throw error(rc) }
    }

    /// A prepared statement; call `finalize` or let it go out of scope.
    public final class Statement {
        let stmt: OpaquePointer
        unowned let db: SQLiteDatabase
        init(_ stmt: OpaquePointer, _ db: SQLiteDatabase) { self.stmt = stmt; self.db = db }
        deinit { sqlite3_finalize(stmt) }

        public func bind(_ values: [SQLValue]) throws(EngineError) {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
            for (i, v) in values.enumerated() {
                let index = Int32(i + 1)
                let rc: Int32
                switch v {
                case .null: rc = sqlite3_bind_null(stmt, index)
                case .integer(let n): rc = sqlite3_bind_int64(stmt, index, n)
                case .real(let d): rc = sqlite3_bind_double(stmt, index, d)
                case .bool(let b): rc = sqlite3_bind_int64(stmt, index, b ? 1 : 0)
                case .text(let s), .date(let s):
                    rc = sqlite3_bind_text(stmt, index, s, -1, SQLITE_TRANSIENT_PTR)
                }
                if rc != SQLITE_OK { throw db.error(rc) }
            }
        }

        public func bind(values: [Value]) throws(EngineError) {
            try bind(values.map { v -> SQLValue in
                switch v {
                case .null: return .null
                case .integer(let i): return .integer(i)
                case .real(let d): return .real(d)
                case .text(let s): return .text(s)
                }
            })
        }

        /// Steps once; returns false when there are no more rows.
        public func step() throws(EngineError) -> Bool {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_ROW { return true }
            if rc == SQLITE_DONE { return false }
            throw db.error(rc)
        }

        public var columnCount: Int { Int(sqlite3_column_count(stmt)) }

        public func value(_ i: Int) -> Value {
            let c = Int32(i)
            switch sqlite3_column_type(stmt, c) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, c))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, c))
            case SQLITE_NULL: return .null
            default:
                guard let p = sqlite3_column_text(stmt, c) else { return .null }
                return .text(String(cString: p))
            }
        }

        public func row() -> [Value] { (0..<columnCount).map(value) }
    }

    public func prepare(_ sql: String) throws(EngineError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc) }
        return Statement(stmt, self)
    }

    /// Runs a query and returns every row.
    public func query(_ sql: String, _ values: [SQLValue] = []) throws(EngineError) -> [[Value]] {
        let stmt = try prepare(sql)
        try stmt.bind(values)
        var rows: [[Value]] = []
        while try stmt.step() { rows.append(stmt.row()) }
        return rows
    }

    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Makes this database a copy of `source` through SQLite's backup API: under the
    /// database's own locks (a run writing it finishes first; a hot journal or WAL left by a
    /// dead writer is recovered, not replayed into the copy), never by replacing the file
    /// under the processes that have it open (`seg demo --force`).
    public func replaceContents(with source: SQLiteDatabase) throws(EngineError) {
        guard let backup = sqlite3_backup_init(handle, "main", source.handle, "main") else { throw error(sqlite3_errcode(handle)) }
        // All pages in one step; a lock held by another run is waited for by the busy handler.
        let rc = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        if rc != SQLITE_DONE { throw error(rc) }
        if finished != SQLITE_OK { throw error(finished) }
    }

    /// The header's file change counter (bytes 24–27: one more for each write transaction,
    /// by any process), read through SQLite's own file handle under a shared lock; nil in WAL
    /// mode (where it does not count commits) or without a file. Never a second `open` of the
    /// database: closing it would drop the locks this process holds (see `DataVersionCache`).
    public func changeCounter() -> UInt32? {
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard path != ":memory:", !path.isEmpty,
              sqlite3_file_control(handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK,
              let file, let read = file.pointee.pMethods?.pointee.xRead else { return nil }
        // The counter is only meaningful under a shared lock: a read transaction holds one.
        let own = !inTransaction
        if own { guard (try? execute("BEGIN")) != nil else { return nil } }
        defer { if own { try? execute("COMMIT") } }
        guard (try? query("SELECT 1 FROM sqlite_master LIMIT 1")) != nil else { return nil }
        var header = [UInt8](repeating: 0, count: 28)
        let rc = header.withUnsafeMutableBytes { read(file, $0.baseAddress, 28, 0) }
        // Byte 18, the read version: 1 rollback journal, 2 WAL.
        guard rc == SQLITE_OK, header[18] == 1 else { return nil }
        return header[24...27].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// SQLite's "copy the bytes now" destructor.
package let SQLITE_TRANSIENT_PTR = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
