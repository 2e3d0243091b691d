import Foundation
import SegCheck
import SegCompile
import SegEngine
import SegStore

/// The demo bank copied from its SQLite build into another engine, so every engine segments
/// the same seeded customers: the same DDL (it is portable), the rows in bulk, then the list
/// store's past campaign with keys as that engine's store keeps them.
extension DemoBank {
    /// Seg's own tables in the demo, in the order they are copied (headers last).
    package static let storeTables: [(table: String, columns: [String])] = [
        (StoreNames.members, ["name", "version", "member_key", "data", "grp", "rnk"]),
        (StoreNames.exclusions, ["name", "version", "member_key", "reason"]),
        (StoreNames.contacts, ["campaign", "list", "version", "member_key", "channel", "contact_date"]),
        (StoreNames.lists, ["name", "version", "created_at", "members", "script", "script_version", "as_of", "columns",
                       "campaign", "script_sha256", "params", "engine", "role", "masked", "key_type"]),
    ]

    /// Loads the bank in `sqlite` into the PostgreSQL database `pg` (its current schema), in
    /// one transaction. With `replace`, the demo's tables and Seg's own are dropped first;
    /// without it, a database that already has them is refused.
    public static func load(from sqlite: SQLiteDatabase, into pg: PostgresEngine, replace: Bool,
                            progress: (String, Int) -> Void = { _, _ in }) throws(EngineError) {
        let own = [StoreNames.runs] + storeTables.map(\.table)
        var present: [String] = []
        for t in tables + own where try pg.storeHasTable(t) { present.append(t) }
        if !present.isEmpty && !replace {
            throw EngineError(kind: .constraint, detail: "the database already has \(present.joined(separator: ", ")); use --force to replace them",
                              path: pg.label)
        }
        try pg.begin()
        do {
            if !present.isEmpty {
                try pg.storeExecute("DROP TABLE IF EXISTS \((tables + own).joined(separator: ", ")) CASCADE;"
                                    + " DROP FUNCTION IF EXISTS seg_refuse_change() CASCADE; DROP FUNCTION IF EXISTS seg_refuse_ledger_change() CASCADE")
            }
            try pg.storeExecute(schema + activitySchema)
            for table in tables {
                let info = try sqlite.query("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", [.text(table)])
                let columns = info.compactMap { r -> String? in if case .text(let n) = r[0] { return n } else { return nil } }
                let boolean = info.map { $0[1] == .text("BOOLEAN") }
                var batch: [[SQLValue]] = []
                var copied = 0
                let stmt = try sqlite.prepare("SELECT * FROM \"\(table)\"")
                while try stmt.step() {
                    batch.append(stmt.row().enumerated().map { i, v in
                        if boolean[i], case .integer(let b) = v { return .bool(b != 0) }
                        return v.sqlValue
                    })
                    if batch.count == 100_000 {
                        try pg.storeInsert(into: table, columns: columns, rows: batch)
                        copied += batch.count
                        progress(table, copied)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                try pg.storeInsert(into: table, columns: columns, rows: batch)
                progress(table, copied + batch.count)
            }
            try pg.storeExecute(activityIndexes)
            try copyStore(from: sqlite, into: pg)
            try pg.commit()
        } catch {
            pg.rollback()
            throw error
        }
        try pg.storeExecute("ANALYZE")
    }

    /// The past campaign's list version (and anything else in the store), with keys as the
    /// target's store keeps them.
    public static func copyStore(from sqlite: SQLiteDatabase, into target: some Engine) throws(EngineError) {
        guard try sqlite.storeHasTable(StoreNames.lists), let db = target.ownTables else { return }
        let store = ListStore(db: db)
        try store.prepare()
        for (table, columns) in storeTables {
            let select = columns.map { $0 == "key_type" ? "COALESCE(key_type, 'integer')" : "\"\($0)\"" }.joined(separator: ", ")
            let rows = try sqlite.query("SELECT \(select) FROM \(table)").map { row in
                zip(columns, row).map { c, v in c == "member_key" ? store.stored(v) : v.sqlValue }
            }
            try db.storeInsert(into: table, columns: columns, rows: rows)
        }
    }
}
