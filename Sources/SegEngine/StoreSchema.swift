import SegCompile


/// What an engine's store can and cannot guarantee, declared by each connection, so the
/// store's code asks about a capability and never about an engine's name.
package struct StoreTraits: Sendable {
    /// Statements run in transactions that commit or roll back whole; the run journal is kept.
    package var transactional: Bool
    /// A column may hold a value of any type (keys keep their kind without `key_type`).
    package var typelessColumns: Bool
    /// The engine numbers new rows itself (`serial` columns); else Seg takes the next number.
    package var numbersRows: Bool
    /// The longest name of a table or column, in bytes, the engine keeps whole (PostgreSQL cuts
    /// longer ones to 63); nil when it keeps any.
    package var identifierBytes: Int? = nil
    /// Rows sent in one bulk insert while a list or table is written: memory holds one such
    /// chunk. Spark writes new Parquet files and runs a job for each insert: fewer, larger ones.
    package var rowsPerInsert = 10_000
}

extension StoreConnection {
    /// Creates the table where it is absent, and adds the columns a later release added where
    /// an older store lacks them.
    package func storePrepare(_ table: StoreTable) throws(EngineError) {
        if try !storeHasTable(table.name) {
            try storeCreate(table)
            return
        }
        let present = try storeColumns(of: table.name)
        let missing = table.columns.filter { !present.contains($0.name) }
        guard !missing.isEmpty else { return }
        do {
            try storeAddColumns(missing, to: table.name)
        } catch {
            // Another process may have added them first.
            let now = try storeColumns(of: table.name)
            if !missing.allSatisfy({ now.contains($0.name) }) { throw error }
        }
    }
}
