import SegCheck
import SegCompile

/// Which engine holds Seg's own tables (lists, exclusions, planned contacts, the ledger): the
/// tables are the same everywhere, their DDL and guarantees differ (see `ListStore.schema`).
enum StoreKind: Sendable {
    case sqlite, postgres, spark
}

/// The few operations Seg's own tables need of an engine, so the list store and the ledger
/// live in the bank's database whichever engine that is. SQL is written with `?N`
/// parameters; each connection turns them into its own (`$N`, `:pN`).
protocol StoreConnection: AnyObject {
    var storeKind: StoreKind { get }
    /// Runs one statement with parameters and returns its rows.
    func storeQuery(_ sql: String, _ values: [SQLValue]) throws(EngineError) -> [[Value]]
    /// Runs statements with no parameters (DDL).
    func storeExecute(_ sql: String) throws(EngineError)
    /// Appends rows in bulk (prepared statement, COPY, or a DataFrame).
    func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError)
    func storeHasTable(_ name: String) throws(EngineError) -> Bool
    /// Creates a table for `export to table`.
    func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError)
    /// Whether a transaction is open (the ledger is written after the run's own).
    var inStoreTransaction: Bool { get }
}

/// A column's type in a table Seg writes, chosen from its values (`StoreColumnType.of`).
enum StoreColumnType: Sendable {
    case integer, real, text, bool, date

    /// Integers stay integers (keys keep comparing as keys); other numbers are doubles.
    static func of(_ type: SegType, values: some Sequence<Value>) -> StoreColumnType {
        switch type {
        case .number:
            return values.allSatisfy { if case .real = $0 { return false } else { return true } } ? .integer : .real
        case .bool: return .bool
        case .date: return .date
        default: return .text
        }
    }

    /// A column's type from what it computes, known before any row: a field keeps its
    /// column's type; a number is an integer only when it is one by construction (integer
    /// fields and literals, counts, and sums, differences and products of integers).
    static func of(_ e: TypedExpr, in program: CheckedProgram) -> StoreColumnType {
        switch e.type {
        case .bool: return .bool
        case .date: return .date
        case .number: return isInteger(e, program) ? .integer : .real
        default: return .text
        }
    }

    static func isInteger(_ e: TypedExpr, _ program: CheckedProgram) -> Bool {
        switch e.kind {
        case .literal(.number(let v)): return v == v.rounded() && abs(v) < 9e15
        case .field(let f): return program.entity.field(f)?.integer ?? false
        case .definition(let id): return isInteger(program.definitions[id].body, program)
        case .negate(let x): return isInteger(x, program)
        case .binary(let op, let l, let r) where op == .add || op == .subtract || op == .multiply:
            return isInteger(l, program) && isInteger(r, program)
        case .call(.coalesce, let args), .call(.min, let args), .call(.max, let args), .call(.abs, let args):
            return args.allSatisfy { isInteger($0, program) }
        case .conditional(_, let a, let b): return isInteger(a, program) && isInteger(b, program)
        case .aggregate(let a):
            switch a.kind {
            case .count, .distinctCount: return true
            case .sum, .min, .max, .first, .last:
                guard let v = a.value else { return false }
                if case .relationField(let col) = v.kind { return program.entity.relation(a.relation)?.column(col)?.integer ?? false }
                return false
            default: return false
            }
        case .ranking(let r): if case .ntile = r.kind { return true } else { return false }
        case .bucketOf: return true
        default: return false
        }
    }

    /// A value as this column's engine wants it bound.
    func bind(_ v: Value) -> SQLValue {
        switch (self, v) {
        case (_, .null): return .null
        case (.bool, .integer(let i)): return .bool(i != 0)
        case (.date, .text(let s)): return .date(s)
        case (.real, .integer(let i)): return .real(Double(i))
        case (.integer, .real(let d)) where d == d.rounded() && abs(d) < 9e15: return .integer(Int64(d))
        default: return v.sqlValue
        }
    }
}

extension Value {
    /// The value to bind back into a statement.
    var sqlValue: SQLValue {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .text(let s): return .text(s)
        }
    }
}

extension StoreConnection {
    /// The column names of a table of Seg's own.
    func storeColumns(of table: String) throws(EngineError) -> Set<String> {
        let q: String
        switch storeKind {
        case .sqlite: q = "SELECT name FROM pragma_table_info(?1)"
        case .postgres: q = "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?1"
        case .spark: q = "SHOW COLUMNS IN \(table)"
        }
        return Set(try storeQuery(q, storeKind == .spark ? [] : [.text(table)]).compactMap { r -> String? in
            if case .text(let n) = r[0] { return n.trimmingCharacters(in: .whitespaces) } else { return nil }
        })
    }

    /// Runs `body` holding the store's lock on PostgreSQL, where two first runs at once would
    /// otherwise both create the store's tables. (SQLite's write lock already serialises them.)
    func withStoreLock<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        guard storeKind == .postgres else { return try body() }
        if inStoreTransaction {
            // Tables created in a transaction are seen by others only when it commits: hold the lock till then.
            _ = try storeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('seg_store'))) t", [])
            return try body()
        }
        _ = try storeQuery("SELECT 1 FROM (SELECT pg_advisory_lock(hashtext('seg_store'))) t", [])
        defer { _ = try? storeQuery("SELECT 1 FROM (SELECT pg_advisory_unlock(hashtext('seg_store'))) t", []) }
        return try body()
    }

    /// Adds text columns a later release added to a table of Seg's own, where an older store lacks them.
    func storeAddColumns(to table: String, _ columns: [String]) throws(EngineError) {
        let present = try storeColumns(of: table)
        let missing = columns.filter { !present.contains($0) }
        guard !missing.isEmpty else { return }
        switch storeKind {
        case .sqlite, .postgres:
            for c in missing { try storeExecute("ALTER TABLE \(table) ADD COLUMN \(c) TEXT") }
        case .spark:
            try storeExecute("ALTER TABLE \(table) ADD COLUMNS (\(missing.map { "\($0) STRING" }.joined(separator: ", ")))")
        }
    }
}

extension SQLiteDatabase: StoreConnection {
    var storeKind: StoreKind { .sqlite }
    func storeQuery(_ sql: String, _ values: [SQLValue]) throws(EngineError) -> [[Value]] { try query(sql, values) }
    func storeExecute(_ sql: String) throws(EngineError) { try execute(sql) }
    func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError) {
        let d = Dialect.sqlite
        let insert = try prepare("INSERT INTO \(d.quote(table)) (\(columns.map(d.quote).joined(separator: ", "))) VALUES ("
                                 + columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ") + ")")
        for row in rows {
            try insert.bind(row)
            _ = try insert.step()
        }
    }
    func storeHasTable(_ name: String) throws(EngineError) -> Bool {
        try !query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = lower(?1)", [.text(name)]).isEmpty
    }
    func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError) {
        let d = Dialect.sqlite
        let defs = columns.map { c -> String in
            switch c.type {
            case .integer: return d.quote(c.name) + " INTEGER"
            case .real: return d.quote(c.name) + " REAL"
            case .text: return d.quote(c.name) + " TEXT"
            case .bool: return d.quote(c.name) + " BOOLEAN"
            case .date: return d.quote(c.name) + " DATE"
            }
        }
        try execute("CREATE TABLE \(d.quote(name)) (\(defs.joined(separator: ", ")))")
    }
    var inStoreTransaction: Bool { inTransaction }
}

/// `?N` parameters as another engine spells them (`$N` for PostgreSQL, `:pN` for Spark).
/// Seg's store SQL has no `?` inside its literals.
func renumberParameters(_ sql: String, prefix: String) -> String {
    var out = ""
    var i = sql.startIndex
    while i < sql.endIndex {
        let c = sql[i]
        let next = sql.index(after: i)
        if c == "?", next < sql.endIndex, sql[next].isNumber {
            out += prefix
        } else {
            out.append(c)
        }
        i = next
    }
    return out
}

extension Engine {
    /// Where this engine keeps Seg's own tables: its own database.
    var ownTables: (any StoreConnection)? {
        if let sqlite = self as? SQLiteEngine { return sqlite.db }
        return self as? any StoreConnection
    }
}
