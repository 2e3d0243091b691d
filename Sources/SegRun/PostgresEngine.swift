import CPostgres
import Foundation
import SegCheck
import SegCompile

/// PostgreSQL (and the servers that speak its protocol: Greenplum, GaussDB), over libpq.
/// Values are sent as text beside `$n::type` placeholders; results come back as text and are
/// read by their column's type.
public final class PostgresEngine: Engine, @unchecked Sendable {
    let conn: OpaquePointer
    let canceller: OpaquePointer?
    public let label: String
    public var dialect: Dialect { .postgres }
    var inTransaction = false

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
        canceller = PQgetCancel(c)
        label = "postgresql:\(String(cString: PQuser(c))):\(where_)/\(String(cString: PQdb(c)))"
        _ = try? exec("SET client_encoding TO 'UTF8'")
    }

    deinit {
        if let canceller { PQfreeCancel(canceller) }
        PQfinish(conn)
    }

    func error(_ result: OpaquePointer?) -> EngineError {
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

    /// Runs SQL with text parameters; returns the rows.
    @discardableResult
    func exec(_ sql: String, _ parameters: [SQLValue] = []) throws(EngineError) -> [[Value]] {
        let texts: [String?] = parameters.map { v in
            switch v {
            case .null: return nil
            case .integer(let i): return String(i)
            case .real(let d): return String(format: "%.17g", d)
            case .bool(let b): return b ? "true" : "false"
            case .text(let s), .date(let s): return s
            }
        }
        var pointers: [UnsafePointer<CChar>?] = texts.map { $0.map { UnsafePointer(strdup($0)) } ?? nil }
        defer { for p in pointers { free(UnsafeMutablePointer(mutating: p)) } }
        let result = PQexecParams(conn, sql, Int32(pointers.count), nil, &pointers, nil, nil, 0)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(result) }
        let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
        let types = (0..<columns).map { PQftype(result, Int32($0)) }
        var out: [[Value]] = []
        out.reserveCapacity(rows)
        for r in 0..<rows {
            var row: [Value] = []
            row.reserveCapacity(columns)
            for c in 0..<columns {
                if PQgetisnull(result, Int32(r), Int32(c)) != 0 { row.append(.null); continue }
                let text = String(cString: PQgetvalue(result, Int32(r), Int32(c)))
                row.append(Self.value(text, type: types[c]))
            }
            out.append(row)
        }
        return out
    }

    /// A text value read by its column type (OIDs from PostgreSQL's pg_type).
    static func value(_ text: String, type: UInt32) -> Value {
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)                      // bool
        case 20, 21, 23: return Int64(text).map { .integer($0) } ?? .text(text)  // int8, int2, int4
        case 700, 701, 1700: return Double(text).map { .real($0) } ?? .text(text) // float4, float8, numeric
        default: return .text(text)
        }
    }

    public func run(_ query: BoundQuery, row: ([Value]) throws -> Void) throws {
        for r in try exec(query.text, query.parameters) { try row(r) }
    }

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
                                                          timestamp: declared.hasPrefix("timestamp")))
        }
        var tables: [Catalog.Table] = []
        for t in order {
            let pk = keys.filter { text($0[0]) == t }.map { text($0[1]) }
            let fks = foreign.filter { text($0[0]) == t }.map { Catalog.ForeignKey(column: text($0[1]), referencedTable: text($0[2])) }
            tables.append(Catalog.Table(name: t, columns: byTable[t] ?? [], primaryKey: pk, foreignKeys: fks))
        }
        return Catalog(tables: tables)
    }

    static func segType(_ declared: String) -> SegType? {
        switch declared {
        case "smallint", "integer", "bigint", "numeric", "real", "double precision", "decimal": return .number
        case "text", "character varying", "character", "name", "uuid": return .string
        case "boolean": return .bool
        case "date": return .date
        default: return declared.hasPrefix("timestamp") ? .date : nil
        }
    }
}
