import SegCheck
import SegCompile

/// The few operations Seg's own tables need of an engine, so the list store, the ledger and
/// the journal live in the bank's database whichever engine that is. Their SQL is written
/// once, as `SQLLiteral`s with interpolated values; each connection renders it in its dialect.
/// What differs between engines is a trait (`StoreTraits`) or a method here, never a branch
/// on an engine's name.
package protocol StoreConnection: AnyObject {
    var storeDialect: Dialect { get }
    var storeTraits: StoreTraits { get }
    /// Runs one statement and returns its rows.
    func storeQuery(_ query: SQLLiteral) throws(EngineError) -> [[Value]]
    /// Runs statements with no parameters (DDL).
    func storeExecute(_ sql: String) throws(EngineError)
    /// Appends rows in bulk (prepared statement, COPY, or a DataFrame).
    func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError)
    func storeHasTable(_ name: String) throws(EngineError) -> Bool
    /// The column names of a table.
    func storeColumns(of table: String) throws(EngineError) -> Set<String>
    /// Creates one of Seg's own tables as this engine writes it.
    func storeCreate(_ table: StoreTable) throws(EngineError)
    /// Adds columns to one of Seg's own tables (always nullable).
    func storeAddColumns(_ columns: [StoreTable.Column], to table: String) throws(EngineError)
    /// Creates a table for `export to table`.
    func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError)
    /// Whether a transaction is open (the ledger is written after the run's own).
    var inStoreTransaction: Bool { get }
    /// Runs `body`, which reads a statement's rows and writes them to the store as they come,
    /// on this same connection (PostgreSQL then reads them through a cursor).
    func storeWritingWhileReading<T>(_ body: () throws -> T) rethrows -> T

    /// Named locks shared by every connection to the database, where the engine has them:
    /// `untilCommit` ends with the transaction, else with `storeUnlock` or the connection.
    func storeLock(_ name: String, untilCommit: Bool) throws(EngineError)
    func storeUnlock(_ name: String)
    /// Takes a free lock and says so; nil where the engine has no named locks.
    func storeTryLock(_ name: String) -> Bool?
}

extension StoreConnection {
    // Engines without named locks: SQLite's write lock serialises writers; Spark has none.
    package func storeLock(_ name: String, untilCommit: Bool) throws(EngineError) {}
    package func storeUnlock(_ name: String) {}
    package func storeTryLock(_ name: String) -> Bool? { nil }
    // SQLite writes while a statement steps; Spark's rows have all arrived before the first is handed over.
    package func storeWritingWhileReading<T>(_ body: () throws -> T) rethrows -> T { try body() }
}

/// A column's type in a table Seg writes, chosen from its values (`StoreColumnType.of`).
/// An exported table's column types (`ColumnType`, rendered by `Dialect`).
package typealias StoreColumnType = ColumnType

extension ColumnType {
    /// Integers stay integers (keys keep comparing as keys); other numbers are doubles.
    package static func of(_ type: SegType, values: some Sequence<Value>) -> ColumnType {
        switch type {
        case .number:
            return values.allSatisfy { if case .real = $0 { return false } else { return true } } ? .integer : .real
        case .bool: return .bool
        case .date: return .date
        default: return .text
        }
    }

    /// A value as this column's engine wants it bound.
    package func bind(_ v: Value) -> SQLValue {
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
    package var sqlValue: SQLValue {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .text(let s): return .text(s)
        }
    }
}

extension StoreConnection {
    /// Runs `body` holding the store's lock, where two first runs at once would otherwise
    /// both create the store's tables.
    package func withStoreLock<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        if inStoreTransaction {
            // Tables created in a transaction are seen by others only when it commits: hold the lock till then.
            try storeLock("seg_store", untilCommit: true)
            return try body()
        }
        try storeLock("seg_store", untilCommit: false)
        defer { storeUnlock("seg_store") }
        return try body()
    }
}

/// A column type of Seg's own tables in an engine's DDL.

extension SQLiteDatabase: StoreConnection {
    package var storeDialect: Dialect { .sqlite }
    package var storeTraits: StoreTraits { StoreTraits(transactional: true, typelessColumns: true, numbersRows: true) }
    package func storeQuery(_ q: SQLLiteral) throws(EngineError) -> [[Value]] { try query(q.rendered(in: .sqlite).text, q.values) }
    package func storeExecute(_ sql: String) throws(EngineError) { try execute(sql) }
    package func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError) {
        let d = Dialect.sqlite
        let insert = try prepare("INSERT INTO \(d.quote(table)) (\(columns.map(d.quote).joined(separator: ", "))) VALUES ("
                                 + columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ") + ")")
        for row in rows {
            try insert.bind(row)
            _ = try insert.step()
        }
    }
    package func storeHasTable(_ name: String) throws(EngineError) -> Bool {
        try !query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = lower(?1)", [.text(name)]).isEmpty
    }
    package func storeColumns(of table: String) throws(EngineError) -> Set<String> {
        Set(try query("SELECT name FROM pragma_table_info(?1)", [.text(table)]).compactMap { r -> String? in
            if case .text(let n) = r[0] { return n } else { return nil }
        })
    }
    package func storeCreate(_ table: StoreTable) throws(EngineError) {
        let d = Dialect.sqlite
        // SQLite's store has no lock of its own: IF NOT EXISTS makes two first runs at once safe.
        var sql = d.createTable(table, ifNotExists: true)
        if let message = table.immutable {
            for (suffix, event) in [("u", "UPDATE"), ("d", "DELETE")] {
                sql += "\nCREATE TRIGGER IF NOT EXISTS \(d.quote(table.name + "_immutable_" + suffix)) BEFORE \(event) ON \(d.quote(table.name))"
                    + " BEGIN SELECT RAISE(ABORT, \(d.literal(.text(message)))); END;"
            }
        }
        try execute(sql)
    }
    package func storeAddColumns(_ columns: [StoreTable.Column], to table: String) throws(EngineError) {
        for sql in Dialect.sqlite.addColumns(columns, to: table) { try execute(sql) }
    }
    package func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError) {
        try execute(Dialect.sqlite.createTable(name, columns: columns))
    }
    package var inStoreTransaction: Bool { inTransaction }
}

/// An engine that keeps Seg's own tables in its own database.
package protocol KeepsStore {
    var store: any StoreConnection { get }
}

extension SQLiteEngine: KeepsStore {
    package var store: any StoreConnection { db }
}

extension Engine {
    /// Where this engine keeps Seg's own tables: its own database.
    package var ownTables: (any StoreConnection)? { (self as? KeepsStore)?.store }
}
