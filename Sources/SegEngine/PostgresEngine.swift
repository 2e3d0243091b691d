import CPostgres
import Foundation
import SegCheck
import SegCompile

/// PostgreSQL (and the servers that speak its protocol: Greenplum, GaussDB), over libpq.
/// Values are sent as text beside `$n::type` placeholders; results come back as text and are
/// read by their column's type.
public final class PostgresEngine: Engine, @unchecked Sendable {
    package let conn: OpaquePointer
    package let canceller: OpaquePointer?
    public let label: String
    public var dialect: Dialect { .postgres }
    package var inTransaction = false
    /// A statement's rows are arriving in single-row mode: the connection can take no other
    /// statement until the last (libpq would silently throw the rest of the rows away).
    package var readingRows = false
    /// Callers of `storeWritingWhileReading`: their statements' rows come through a cursor.
    package var writersReading = 0
    /// Cursors opened so far, to name the next one.
    package var cursors = 0
    /// The last data version computed, and the server's snapshot taken just before (`dataVersion`).
    package var knownVersion: (question: String, snapshot: String, version: String)?
    /// Whether the server has `pg_current_snapshot()` (PostgreSQL 13 and later); asked once.
    package lazy var hasSnapshotFunction: Bool = {
        (try? exec("SELECT 1 FROM pg_proc WHERE proname = 'pg_current_snapshot'"))?.isEmpty == false
    }()

    /// Whether `--db` names a PostgreSQL server rather than a SQLite file.
    public static func isConnectionString(_ s: String) -> Bool {
        s.hasPrefix("postgresql://") || s.hasPrefix("postgres://") || s.contains("host=") || s.contains("dbname=")
    }

    /// Connects with a 5-second timeout unless the string sets one; `PG*` variables fill the rest.
    public init(_ conninfo: String) throws(EngineError) {
        var info = conninfo
        if !info.contains("connect_timeout") {
            if info.hasPrefix("postgres") { info += (info.contains("?") ? "&" : "?") + "connect_timeout=5" } else { info += " connect_timeout=5" }
        }
        guard let c = PQconnectdb(info) else { throw EngineError(kind: .cannotOpen, detail: "out of memory", path: conninfo) }
        let where_ = "\(String(cString: PQhost(c) ?? strdup("?"))):\(String(cString: PQport(c) ?? strdup("?")))"
        guard PQstatus(c) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(c)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(c)
            throw EngineError(kind: .cannotOpen, detail: message, path: "PostgreSQL at \(where_)")
        }
        conn = c
        // No server notice reaches the user's screen, whatever the server's settings: libpq's
        // default prints each to stderr.
        _ = PQsetNoticeProcessor(c, { _, _ in }, nil)
        canceller = PQgetCancel(c)
        label = "postgresql:\(String(cString: PQuser(c))):\(where_)/\(String(cString: PQdb(c)))"
        _ = try? exec("SET client_encoding TO 'UTF8'")
        // Seg reads every row of what it asks for: cursors are planned for all their rows too.
        _ = try? exec("SET cursor_tuple_fraction TO 1")
        // The server's notices ("schema pg_temp does not exist, skipping") are not the user's.
        _ = try? exec("SET client_min_messages TO warning")
    }

    deinit {
        if let canceller { PQfreeCancel(canceller) }
        PQfinish(conn)
    }

    package func error(_ result: OpaquePointer?) -> EngineError {
        let message = result.map { String(cString: PQresultErrorMessage($0)) } ?? String(cString: PQerrorMessage(conn))
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        let kind: EngineError.Kind
        switch state {
        case "57014": kind = .interrupted
        case "53100": kind = .full
        case "25006": kind = .readOnly
        case "54001", "54000": kind = .tooComplex
        case _ where state.hasPrefix("23"): kind = .constraint
        default: kind = PQstatus(conn) == CONNECTION_OK ? .query : .cannotOpen
        }
        return EngineError(kind: kind, detail: message.trimmingCharacters(in: .whitespacesAndNewlines), path: label)
    }

    /// Parameters as libpq takes them: text values (nil for NULL) and a type for each, so a
    /// parameter the statement does not use is not an error. The caller frees the texts.
    package static func parameters(_ values: [SQLValue]) -> (texts: [UnsafePointer<CChar>?], types: [Oid]) {
        let texts: [UnsafePointer<CChar>?] = values.map { v in
            let text: String?
            switch v {
            case .null: text = nil
            case .integer(let i): text = String(i)
            case .real(let d): text = String(format: "%.17g", d)
            case .bool(let b): text = b ? "true" : "false"
            case .text(let s), .date(let s): text = s
            }
            return text.map { UnsafePointer(strdup($0)) }
        }
        let types: [Oid] = values.map { v in
            switch v {
            case .integer: return 20        // int8
            case .real: return 701          // float8
            case .bool: return 16
            case .date: return 1082
            case .text, .null: return 25    // text (NULL casts from it to anything)
            }
        }
        return (texts, types)
    }

    /// Row `r` of a result, each value read by its column's type.
    package static func row(_ result: OpaquePointer?, _ r: Int32, types: [Oid]) -> [Value] {
        (0..<Int32(types.count)).map { c in
            PQgetisnull(result, r, c) != 0 ? .null : value(String(cString: PQgetvalue(result, r, c)), type: types[Int(c)])
        }
    }

    /// Runs SQL with text parameters; returns the rows (all in memory: for the store and the catalog).
    @discardableResult
    package func exec(_ sql: String, _ parameters: [SQLValue] = []) throws(EngineError) -> [[Value]] {
        try refuseWhileReadingRows()
        var (texts, oids) = Self.parameters(parameters)
        defer { for p in texts { free(UnsafeMutableRawPointer(mutating: p)) } }
        let result = PQexecParams(conn, sql, Int32(texts.count), oids, &texts, nil, nil, 0)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(result) }
        let types = (0..<PQnfields(result)).map { PQftype(result, $0) }
        return (0..<PQntuples(result)).map { Self.row(result, $0, types: types) }
    }

    /// A statement sent while another's rows are still arriving would make libpq drop the rest
    /// of them without a word (`PQexec` discards unread results): refused instead, loudly.
    package func refuseWhileReadingRows() throws(EngineError) {
        guard readingRows else { return }
        throw EngineError(kind: .query, detail: "Seg sent a statement on a connection still reading another's rows; the rows left would have been lost",
                          path: label)
    }

    /// Runs SQL and hands each row over as it arrives, so an export of millions of rows never
    /// holds them all in memory. Rows that go back into the store on this same connection
    /// (`storeWritingWhileReading`) come through a cursor; others in libpq's single-row mode.
    package func stream(_ sql: String, _ parameters: [SQLValue], row: ([Value]) throws -> Void) throws {
        if writersReading > 0 && inTransaction {
            try streamThroughCursor(sql, parameters, row: row)
        } else {
            try streamRows(sql, parameters, row: row)
        }
    }

    /// libpq's single-row mode: the connection is busy until the last row has arrived. If
    /// `row` throws, the server is asked to stop and the connection is drained before the
    /// error goes on.
    package func streamRows(_ sql: String, _ parameters: [SQLValue], row: ([Value]) throws -> Void) throws {
        try refuseWhileReadingRows()
        var (texts, oids) = Self.parameters(parameters)
        let sent = PQsendQueryParams(conn, sql, Int32(texts.count), oids, &texts, nil, nil, 0)
        for p in texts { free(UnsafeMutableRawPointer(mutating: p)) }
        guard sent == 1 else { throw error(nil) }
        _ = PQsetSingleRowMode(conn)
        readingRows = true
        defer { readingRows = false }
        var failure: Error?
        var types: [Oid]?
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            guard failure == nil else { continue }          // drain what is left
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                // (All the rows in one result if single-row mode could not be set.)
                if types == nil { types = (0..<PQnfields(result)).map { PQftype(result, $0) } }
                do {
                    for r in 0..<PQntuples(result) { try row(Self.row(result, r, types: types!)) }
                } catch { failure = error; cancel() }
            case PGRES_COMMAND_OK: break
            default: failure = self.error(result)
            }
        }
        if let failure { throw failure }
    }

    /// Rows at a time through a server-side cursor in the open transaction (`FETCH FORWARD`),
    /// so between batches the connection is free for the statements the rows cause: a list's
    /// members go in with COPY, in the same transaction, while the statement is still being read.
    /// (PostgreSQL plans no parallel workers for a cursor: other statements do not use one.)
    package func streamThroughCursor(_ sql: String, _ parameters: [SQLValue], row: ([Value]) throws -> Void) throws {
        cursors += 1
        let cursor = "seg_rows_\(cursors)"
        try exec("DECLARE \(cursor) NO SCROLL CURSOR FOR " + sql, parameters)
        var closed = false
        defer { if !closed { _ = try? exec("CLOSE \(cursor)") } }
        var types: [Oid]?
        while true {
            // One batch in memory at a time; the result is freed before its rows are handed over.
            let result = PQexec(conn, "FETCH FORWARD \(Self.fetchBatch) FROM \(cursor)")
            guard PQresultStatus(result) == PGRES_TUPLES_OK else { defer { PQclear(result) }; throw error(result) }
            if types == nil { types = (0..<PQnfields(result)).map { PQftype(result, $0) } }
            let batch = (0..<PQntuples(result)).map { Self.row(result, $0, types: types!) }
            PQclear(result)
            for r in batch { try row(r) }
            if batch.count < Self.fetchBatch { break }
        }
        try exec("CLOSE \(cursor)")
        closed = true
    }

    /// Rows fetched from a cursor at a time.
    package static let fetchBatch = 10_000

    /// A text value read by its column type (OIDs from PostgreSQL's pg_type).
    package static func value(_ text: String, type: UInt32) -> Value {
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)                      // bool
        case 20, 21, 23: return Int64(text).map { .integer($0) } ?? .text(text)  // int8, int2, int4
        case 700, 701, 1700: return Double(text).map { .real($0) } ?? .text(text) // float4, float8, numeric
        default: return .text(text)
        }
    }

    /// The entity's table and each relation's, whole: rows, and the sum of a hash of each
    /// row's text, so an insert, a delete or a change in any column shows as soon as it is
    /// committed, by any session. Every table is scanned, unless no transaction that writes
    /// has ended anywhere on the server since the last version this connection computed: the
    /// server's snapshot (`pg_current_snapshot()`: the next transaction id and those still
    /// running), taken before the scans, is then the same, and so is the version.
    public func dataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? {
        let tables = [entity] + Set(relations).sorted()
        let question = tables.joined(separator: ",")
        let snapshot = hasSnapshotFunction ? firstRowText("SELECT pg_current_snapshot()::text") : nil
        if let snapshot, let known = knownVersion, known.question == question, known.snapshot == snapshot { return known.version }
        let d = dialect
        var parts: [String] = []
        for table in tables {
            guard let v = firstRowText("SELECT COUNT(*), SUM(hashtext(\(d.quote("seg_t"))::text)::bigint) FROM \(d.quote(table)) AS \(d.quote("seg_t"))")
            else { return nil }
            parts.append("\(table):\(v)")
        }
        let version = parts.joined(separator: ";")
        if let snapshot { knownVersion = (question, snapshot, version) }
        return version
    }

    public func run(_ query: BoundQuery, row: ([Value]) throws -> Void) throws {
        try withoutJITForModels(query) { () throws -> Void in try stream(query.text, query.parameters, row: row) }
    }

    /// A pushed-down model is one huge expression: compiling it with LLVM costs seconds
    /// (6.4 s of 6.7 s for 20k customers), far more than it saves. JIT stays on otherwise.
    package func withoutJITForModels<T>(_ query: BoundQuery, _ body: () throws -> T) rethrows -> T {
        let model = query.scoresModelInSQL
        if model { _ = try? exec("SET jit = off") }
        defer { if model { _ = try? exec("RESET jit") } }
        return try body()
    }

    public func materialise(_ table: String, _ query: BoundQuery) throws(EngineError) {
        let name = dialect.quote(table)
        dropMaterialised(table)
        do {
            try withoutJITForModels(query) { () throws -> Void in
                try exec("CREATE TEMP TABLE \(name) AS " + query.text, query.parameters)
            }
        } catch let e as EngineError { throw e } catch { throw EngineError(kind: .query, detail: "\(error)", path: label) }
        // Temporary tables get no statistics of their own; the planner needs the row count.
        try exec("ANALYZE \(name)")
    }

    public func dropMaterialised(_ table: String) { _ = try? exec("DROP TABLE IF EXISTS pg_temp.\(dialect.quote(table))") }

    public func queryPlan(_ query: BoundQuery) throws(EngineError) -> [String] {
        try exec("EXPLAIN " + query.text, query.parameters).compactMap { if case .text(let t) = $0.first { return t } else { return nil } }
    }

    public func begin() throws(EngineError) { if !inTransaction { try exec("BEGIN"); inTransaction = true } }
    public func commit() throws(EngineError) { if inTransaction { try exec("COMMIT"); inTransaction = false } }
    public func rollback() { if inTransaction { _ = try? exec("ROLLBACK"); inTransaction = false } }

    /// Asks the server to stop the running query (PQcancel is safe in a signal handler).
    public func cancel() {
        guard let canceller else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(canceller, &buffer, 256)
    }
    public func clearCancel() {}

    public func catalog() throws(EngineError) -> Catalog {
        let columns = try exec("""
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text
            FROM information_schema.columns c JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type IN ('BASE TABLE', 'VIEW')
            ORDER BY c.table_name, c.ordinal_position
            """)
        let keys = try exec("""
            SELECT cl.relname::text, a.attname::text, k.n
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, n)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            WHERE con.contype = 'p' AND ns.nspname = current_schema() ORDER BY 1, 3
            """)
        let foreign = try exec("""
            SELECT cl.relname::text, a.attname::text, rc.relname::text
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class rc ON rc.oid = con.confrelid
            JOIN pg_namespace ns ON ns.oid = cl.relnamespace
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            WHERE con.contype = 'f' AND ns.nspname = current_schema() ORDER BY 1, 2
            """)
        func text(_ v: Value) -> String { if case .text(let t) = v { return t } else { return "" } }
        var order: [String] = []
        var byTable: [String: [Catalog.Column]] = [:]
        for r in columns {
            let t = text(r[0])
            if byTable[t] == nil { order.append(t) }
            let declared = text(r[2])
            byTable[t, default: []].append(Catalog.Column(name: text(r[1]), type: Self.segType(declared), notNull: text(r[3]) == "NO",
                                                          timestamp: declared.hasPrefix("timestamp"),
                                                          integer: ["integer", "bigint", "smallint"].contains(declared)))
        }
        var tables: [Catalog.Table] = []
        for t in order {
            let pk = keys.filter { text($0[0]) == t }.map { text($0[1]) }
            let fks = foreign.filter { text($0[0]) == t }.map { Catalog.ForeignKey(column: text($0[1]), referencedTable: text($0[2])) }
            tables.append(Catalog.Table(name: t, columns: byTable[t] ?? [], primaryKey: pk, foreignKeys: fks))
        }
        return Catalog(tables: tables)
    }

    package static func segType(_ declared: String) -> SegType? {
        switch declared {
        case "smallint", "integer", "bigint", "numeric", "real", "double precision", "decimal": return .number
        case "text", "character varying", "character", "name", "uuid": return .string
        case "boolean": return .bool
        case "date": return .date
        default: return declared.hasPrefix("timestamp") ? .date : nil
        }
    }
}

extension PostgresEngine: StoreConnection, KeepsStore {
    package var store: any StoreConnection { self }
    package var storeDialect: Dialect { .postgres }
    /// No typeless columns: keys are kept as text, with the kind of the list's keys in
    /// `seg_lists.key_type` to read them back.
    /// Names longer than 63 bytes (NAMEDATALEN - 1) the server would cut: refused before a run.
    package var storeTraits: StoreTraits { StoreTraits(transactional: true, typelessColumns: false, numbersRows: true, identifierBytes: 63) }

    package func storeQuery(_ q: SQLLiteral) throws(EngineError) -> [[Value]] {
        try exec(q.rendered(in: .postgres).text, q.values)
    }

    package func storeColumns(of table: String) throws(EngineError) -> Set<String> {
        Set(try storeQuery("SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(.text(table))")
            .compactMap { r -> String? in if case .text(let n) = r[0] { return n } else { return nil } })
    }


    /// Created only when absent (PostgreSQL has no `CREATE TRIGGER IF NOT EXISTS`), under the
    /// store's lock. Immutable tables refuse update, delete and truncate through a trigger.
    package func storeCreate(_ table: StoreTable) throws(EngineError) {
        let d = Dialect.postgres
        var sql = d.createTable(table, ifNotExists: false)
        if let message = table.immutable {
            let function = d.quote(table.name + "_refuse_change")
            sql += """

                CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN RAISE EXCEPTION \(d.literal(.text(message))); END $$;
                CREATE TRIGGER \(d.quote(table.name + "_immutable")) BEFORE UPDATE OR DELETE ON \(d.quote(table.name)) FOR EACH ROW EXECUTE FUNCTION \(function)();
                CREATE TRIGGER \(d.quote(table.name + "_no_truncate")) BEFORE TRUNCATE ON \(d.quote(table.name)) FOR EACH STATEMENT EXECUTE FUNCTION \(function)();
                """
        }
        try storeExecute(sql)
    }

    package func storeAddColumns(_ columns: [StoreTable.Column], to table: String) throws(EngineError) {
        for sql in Dialect.postgres.addColumns(columns, to: table) { try storeExecute(sql) }
    }

    /// PostgreSQL's advisory locks, named by a hash of the name.
    package func storeLock(_ name: String, untilCommit: Bool) throws(EngineError) {
        let function = untilCommit ? "pg_advisory_xact_lock" : "pg_advisory_lock"
        _ = try storeQuery("SELECT 1 FROM (SELECT \(raw: function)(hashtext(\(.text(name))))) t")
    }

    package func storeUnlock(_ name: String) {
        _ = try? storeQuery("SELECT 1 FROM (SELECT pg_advisory_unlock(hashtext(\(.text(name))))) t")
    }

    package func storeTryLock(_ name: String) -> Bool? {
        guard case .integer(let got)? = (try? storeQuery("SELECT CASE WHEN pg_try_advisory_lock(hashtext(\(.text(name)))) THEN 1 ELSE 0 END"))?.first?.first
        else { return false }
        return got == 1
    }

    /// Several statements at once (PQexec runs them in one implicit transaction when none is open).
    package func storeExecute(_ sql: String) throws(EngineError) {
        try refuseWhileReadingRows()
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else { throw error(result) }
    }

    /// `COPY … FROM STDIN` in text format: one round trip for any number of rows.
    package func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError) {
        guard !rows.isEmpty else { return }
        try refuseWhileReadingRows()
        let d = Dialect.postgres
        let start = PQexec(conn, "COPY \(d.quote(table)) (\(columns.map(d.quote).joined(separator: ", "))) FROM STDIN")
        let status = PQresultStatus(start)
        guard status == PGRES_COPY_IN else { defer { PQclear(start) }; throw error(start) }
        PQclear(start)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        var failed = false
        func flush() {
            guard !buffer.isEmpty else { return }
            let sent = buffer.utf8CString.withUnsafeBufferPointer { p in PQputCopyData(conn, p.baseAddress, Int32(p.count - 1)) }
            if sent != 1 { failed = true }
            buffer.removeAll(keepingCapacity: true)
        }
        for row in rows {
            for (i, v) in row.enumerated() {
                if i > 0 { buffer += "\t" }
                buffer += Self.copyText(v)
            }
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 { flush() }
        }
        flush()
        _ = PQputCopyEnd(conn, failed ? "seg could not send the rows" : nil)
        var firstError: EngineError?
        while let result = PQgetResult(conn) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, firstError == nil { firstError = error(result) }
            PQclear(result)
        }
        if let firstError { throw firstError }
    }

    /// A value in COPY's text format: `\N` for NULL, backslash escapes for the separators.
    package static func copyText(_ v: SQLValue) -> String {
        switch v {
        case .null: return "\\N"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? String(format: "%.17g", d) : (d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
        case .bool(let b): return b ? "t" : "f"
        case .text(let s), .date(let s):
            guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return s }
            var out = ""
            for c in s {
                switch c {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\r\n": out += "\\r\\n"
                default: out.append(c)
                }
            }
            return out
        }
    }

    package func storeHasTable(_ name: String) throws(EngineError) -> Bool {
        try !exec("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) = lower($1)",
                  [.text(name)]).isEmpty
    }

    package func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError) {
        _ = try exec(Dialect.postgres.createTable(name, columns: columns))
    }

    package var inStoreTransaction: Bool { inTransaction }

    /// The statements `body` reads come through cursors, so that their rows can go into the
    /// store on this connection while they are read (in the open transaction).
    package func storeWritingWhileReading<T>(_ body: () throws -> T) rethrows -> T {
        writersReading += 1
        defer { writersReading -= 1 }
        return try body()
    }
}

/// PostgreSQL's answers for the capabilities that are SQLite's alone, declared by conformance
/// (`Engine+Capabilities.swift`) or stated here.
extension PostgresEngine: PushesModelsDown, VersionsByReading, NoRunTransaction {
    /// The database is a server's: no file of it can be a target of an export.
    public var databaseFiles: [String] { [] }
    /// A tag table made by `CREATE TABLE … AS` keeps each column's collation here: nothing to lose.
    public func comparesByCollation(_ table: String) -> Bool { false }
}
