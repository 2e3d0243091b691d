import SegCheck
import SegCompile

/// What Seg needs of a database engine. SQLite is the embedded default; PostgreSQL and
/// Spark come behind the same protocol.
public protocol Engine: AnyObject, Sendable {
    var dialect: Dialect { get }
    /// A label for messages and the ledger ("sqlite:bank.db").
    var label: String { get }
    func catalog() throws(EngineError) -> Catalog
    /// Runs a query, handing each row to `row` as it arrives.
    func run(_ query: BoundQuery, row: ([Value]) throws -> Void) throws
    /// Runs a query, handing each row to `row` to read column by column (no values built).
    func scan(_ query: BoundQuery, row: (ScanRow) throws -> Void) throws
    /// The engine's own plan for a query, one line per step.
    func queryPlan(_ query: BoundQuery) throws(EngineError) -> [String]
    /// Writes a query's rows to a temporary table of this connection, replacing one of that
    /// name (a condition computed once for a run: `SharedConditions`).
    func materialise(_ table: String, _ query: BoundQuery) throws(EngineError)
    /// Drops a table `materialise` wrote, if it is there.
    func dropMaterialised(_ table: String)
    func begin() throws(EngineError)
    /// Starts a run: one transaction from its first read to its commit, so every statement
    /// reads one state of the database and no other process can drop what the run chose to
    /// read (a tag table) halfway. `writing`: the run will write, so it takes the write lock
    /// first (SQLite's `BEGIN IMMEDIATE`): writers queue in one order instead of deadlocking
    /// on an upgrade. Ended by `commit` or `rollback`. Engines without such transactions do nothing.
    func beginRun(writing: Bool) throws(EngineError)
    /// Ends what `beginRun` began, if it is still open: committed (`keep`: a run that only
    /// read, whose temporary tables stay) or rolled back.
    func endRun(keep: Bool)
    func commit() throws(EngineError)
    func rollback()
    /// Stops the running query, or the next to start (from another thread or a signal handler).
    func cancel()
    /// Forgets an earlier `cancel()`.
    func clearCancel()
    /// The files the engine's database lives in, which no export may overwrite.
    var databaseFiles: [String] { get }
    /// Makes a program's models callable inside its queries, where the engine runs Swift
    /// functions (`Dialect.runsSwiftFunctions`); elsewhere they are pushed down as SQL.
    func prepare(models: [CheckedModel])
    /// Makes `function(key)` return each entity's score computed beforehand (models scored in
    /// blocks: `CheckedProgram.scoredModels`), where the engine runs Swift functions.
    func provideScores(_ function: String, keys: [Value], scores: [Double])
    /// What the data a tag table reads looks like now: two calls give the same text only if
    /// the entity's table and its relations' are unchanged (`TagStore`). nil where the engine
    /// cannot tell: its tag tables are never served.
    func dataVersion(entity: String, numericColumns: [String], relations: [String]) -> String?
    /// `dataVersion` when the engine knows it without scanning (SQLite keeps it against the
    /// file's state); nil otherwise. The REPL's memory and its kept scores ask this one.
    func knownDataVersion(entity: String, numericColumns: [String], relations: [String]) -> String?
    /// Whether a table's columns compare by a collation other than the bytes (SQLite's
    /// `COLLATE NOCASE`): a tag table, made with `CREATE TABLE … AS`, would not keep it.
    func comparesByCollation(_ table: String) -> Bool
    /// Runs `body`, a write of Seg's own that changes no table a data version reads (a ledger
    /// row, lists, tag tables) and commits it: data versions known before stand after it.
    func ownWrite<T>(_ body: () throws -> T) rethrows -> T
    /// Writes a query's rows to a new table of the database that lasts (a tag table), looked
    /// up by `key`; `dropTable` removes one.
    func createTable(_ name: String, as query: BoundQuery, key: String) throws(EngineError)
    func dropTable(_ name: String)
}

extension Engine {
    // No silent defaults: every engine states what it does for each capability (a new engine
    // that forgets one does not compile). Only adapters that are right for every engine live here.
    public func scan(_ query: BoundQuery, row: (ScanRow) throws -> Void) throws {
        try run(query) { values in try values.withUnsafeBufferPointer { try row(ScanRow(values: $0)) } }
    }

    /// SQL engines: `CREATE TABLE … AS` and a unique index on the key.
    public func createTable(_ name: String, as query: BoundQuery, key: String) throws(EngineError) {
        let d = dialect
        do {
            try run(BoundQuery(text: "CREATE TABLE \(d.quote(name)) AS " + query.text, parameters: query.parameters,
                               scoresModelInSQL: query.scoresModelInSQL)) { _ in }
            try run(BoundQuery(text: "CREATE UNIQUE INDEX \(d.quote(name + "_key")) ON \(d.quote(name)) (\(d.quote(key)))", parameters: [])) { _ in }
        } catch let e as EngineError {
            throw e
        } catch {
            throw EngineError(kind: .query, detail: "\(error)", path: label)
        }
    }

    public func dropTable(_ name: String) {
        try? run(BoundQuery(text: "DROP TABLE IF EXISTS \(dialect.quote(name))", parameters: [])) { _ in }
    }

    /// The values of a one-row query as text, or nil when it fails.
    package func firstRowText(_ sql: String) -> String? {
        var out: String?
        do {
            try run(BoundQuery(text: sql, parameters: [])) { r in
                out = r.map { v -> String in
                    switch v {
                    case .null: return "null"
                    case .integer(let i): return String(i)
                    case .real(let d): return String(d)
                    case .text(let s): return s
                    }
                }.joined(separator: ",")
            }
        } catch { return nil }
        return out
    }
}

/// SQLite, over the C API.
public final class SQLiteEngine: Engine {
    public let db: SQLiteDatabase
    public var dialect: Dialect { .sqlite }
    public var label: String { "sqlite:\(db.path)" }
    public var databaseFiles: [String] { ["", "-journal", "-wal", "-shm"].map { db.path + $0 } }

    /// A schema without data (`seg check --schema`): what its catalog does not hold (saved lists) is not checked.
    package let schemaOnly: Bool

    public init(path: String, create: Bool = false) throws(EngineError) {
        db = try SQLiteDatabase(path: path, create: create)
        schemaOnly = false
    }

    /// Tables from SQL DDL alone (`CREATE TABLE …`), in memory: checking and compiling need
    /// a catalog, not the bank's database.
    public init(schema ddl: String, label: String) throws(EngineError) {
        db = try SQLiteDatabase(path: ":memory:", create: true)
        schemaOnly = true
        do { try db.execute(ddl) } catch {
            throw EngineError(kind: .query, detail: "the schema does not load: \(error.detail)", path: label)
        }
    }

    public func prepare(models: [CheckedModel]) { ModelFunctions.register(models, on: db) }
    public func provideScores(_ function: String, keys: [Value], scores: [Double]) {
        ModelFunctions.registerScores(function, keys: keys, scores: scores, on: db)
    }

    /// The entity's table whole (rows, last rowid, the total of every number column: any
    /// insert, delete or change of a number shows), and each relation's last rowid (rows
    /// appended show; old rows changed in place do not).
    public func knownDataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? {
        guard db.path != ":memory:", !db.path.isEmpty else { return nil }
        return DataVersionCache.cached(db, question: Self.versionQuestion(entity, numericColumns, relations))
    }

    public func ownWrite<T>(_ body: () throws -> T) rethrows -> T { try DataVersionCache.ownWrite(db, body) }

    public func comparesByCollation(_ table: String) -> Bool {
        guard let sql = try? db.query("SELECT sql FROM sqlite_master WHERE name = ?1", [.text(table)]).first?.first,
              case .text(let text) = sql else { return false }
        // Any `COLLATE x` but BINARY (the default) in the table's definition.
        let words = text.uppercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }
        return zip(words, words.dropFirst()).contains { $0 == "COLLATE" && $1 != "BINARY" }
    }

    package static func versionQuestion(_ entity: String, _ numericColumns: [String], _ relations: [String]) -> String {
        ([entity] + numericColumns + ["|"] + relations).joined(separator: ",")
    }

    public func dataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? {
        let question = Self.versionQuestion(entity, numericColumns, relations)
        guard db.path != ":memory:", !db.path.isEmpty else { return scanDataVersion(entity: entity, numericColumns: numericColumns, relations: relations) }
        return DataVersionCache.version(db, question: question) {
            scanDataVersion(entity: entity, numericColumns: numericColumns, relations: relations)
        }
    }

    /// Every row of the entity's table and of each relation's, whole: rows, last rowid and
    /// the sum of a hash of each row (rowid and every column), so an insert, a delete or a
    /// change in any column shows. A scan; `DataVersionCache` keeps it while the file is untouched.
    package func scanDataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? {
        RowChecksum.register(on: db)
        let d = dialect
        var parts: [String] = []
        for table in [entity] + Set(relations).sorted() {
            guard let columns = try? db.query("SELECT name FROM pragma_table_info(?1)", [.text(table)]).compactMap({ r -> String? in
                if case .text(let n) = r[0] { return d.quote(n) } else { return nil }
            }), !columns.isEmpty else { return nil }
            guard let v = firstRowText("SELECT COUNT(*), MAX(rowid), SUM(seg_row_hash(rowid, \(columns.joined(separator: ", ")))) FROM \(d.quote(table))")
            else { return nil }
            parts.append("\(table):\(v)")
        }
        return parts.joined(separator: ";")
    }

    public func catalog() throws(EngineError) -> Catalog {
        let names = try db.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        var tables: [Catalog.Table] = []
        for row in names {
            guard case .text(let name) = row[0] else { continue }
            let info = try db.query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid", [.text(name)])
            var columns: [Catalog.Column] = []
            var keys: [(Int64, String)] = []
            for c in info {
                guard case .text(let col) = c[0] else { continue }
                var declared = ""
                if case .text(let t) = c[1] { declared = t }
                var type = SQLiteEngine.segType(declared: declared)
                if declared.isEmpty { type = try sniffType(table: name, column: col) }
                let notNull = c[2] == .integer(1)
                if case .integer(let pk) = c[3], pk > 0 { keys.append((pk, col)) }
                let storage = type == .date ? try dateStorage(table: name, column: col, declared: declared) : .date
                columns.append(Catalog.Column(name: col, type: type, notNull: notNull, dateStorage: storage,
                                              integer: type == .number && declared.uppercased().contains("INT")))
            }
            let fks = try db.query("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)", [.text(name)]).compactMap { r -> Catalog.ForeignKey? in
                guard case .text(let from) = r[0], case .text(let to) = r[1] else { return nil }
                return Catalog.ForeignKey(column: from, referencedTable: to)
            }
            tables.append(Catalog.Table(name: name, columns: columns, primaryKey: keys.sorted { $0.0 < $1.0 }.map(\.1), foreignKeys: fks))
        }
        var catalog = Catalog(tables: tables)
        catalog.listsUnknown = schemaOnly
        return catalog
    }

    /// SQLite's type affinity rules, plus the date and boolean names tools write.
    package static func segType(declared: String) -> SegType? {
        let t = declared.uppercased()
        if t.contains("BOOL") { return .bool }
        if t.contains("DATE") || t.contains("TIME") { return .date }
        if t.contains("INT") { return .number }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .string }
        if t.contains("BLOB") { return nil }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.contains("NUM") || t.contains("DEC") { return .number }
        return .string
    }

    /// How a date column's values are stored, judged by its first values (SQLite keeps any
    /// value in any column): ISO text with a time (or a column declared with `TIME`), a Julian
    /// day number, or Unix seconds or milliseconds. Each is then read as its date.
    package func dateStorage(table: String, column: String, declared: String) throws(EngineError) -> DateStorage {
        let c = dialect.quote(column)
        let q = "SELECT typeof(\(c)), length(\(c)), \(c) FROM (SELECT \(c) FROM \(dialect.quote(table)) WHERE \(c) IS NOT NULL LIMIT 64)"
        var storage: DateStorage = declared.uppercased().contains("TIME") ? .timestamp : .date
        for row in try db.query(q) {
            let number: Double?
            switch row[2] {
            case .integer(let i): number = Double(i)
            case .real(let r): number = r
            default: number = nil
            }
            if let n = number {
                // Julian days of our era are about 2.4 million; Unix seconds passed 10 million in 1970.
                return n < 1e7 ? .julianDay : n < 1e11 ? .unixSeconds : .unixMilliseconds
            }
            if case .integer(let length) = row[1], length > 10 { storage = .timestamp }
        }
        return storage
    }

    /// A column declared without a type: judge by its first value.
    package func sniffType(table: String, column: String) throws(EngineError) -> SegType? {
        let q = "SELECT typeof(\(dialect.quote(column))) FROM \(dialect.quote(table)) WHERE \(dialect.quote(column)) IS NOT NULL LIMIT 1"
        guard let row = try db.query(q).first, case .text(let t) = row[0] else { return .string }
        switch t {
        case "integer", "real": return .number
        case "blob": return nil
        default: return .string
        }
    }

    public func run(_ query: BoundQuery, row: ([Value]) throws -> Void) throws {
        let stmt = try db.prepare(query.text)
        try stmt.bind(query.parameters)
        while try stmt.step() { try row(stmt.row()) }
    }

    public func scan(_ query: BoundQuery, row: (ScanRow) throws -> Void) throws {
        let stmt = try db.prepare(query.text)
        try stmt.bind(query.parameters)
        while try stmt.step() { try row(ScanRow(statement: stmt.stmt)) }
    }

    public func queryPlan(_ query: BoundQuery) throws(EngineError) -> [String] {
        let rows = try db.query("EXPLAIN QUERY PLAN " + query.text, query.parameters)
        // Rows are (id, parent, notused, detail); indent by depth.
        var depth: [Int64: Int] = [0: 0]
        return rows.map { r in
            guard case .integer(let id) = r[0], case .integer(let parent) = r[1], case .text(let detail) = r[3] else { return "" }
            let d = (depth[parent] ?? 0) + 1
            depth[id] = d
            return String(repeating: "  ", count: d - 1) + detail
        }
    }

    public func materialise(_ table: String, _ query: BoundQuery) throws(EngineError) {
        dropMaterialised(table)
        let stmt = try db.prepare("CREATE TEMP TABLE \(dialect.quote(table)) AS " + query.text)
        try stmt.bind(query.parameters)
        while try stmt.step() {}
    }

    public func dropMaterialised(_ table: String) { try? db.execute("DROP TABLE IF EXISTS temp.\(dialect.quote(table))") }

    public func begin() throws(EngineError) { if !db.inTransaction { try db.execute("BEGIN IMMEDIATE") } }
    public func beginRun(writing: Bool) throws(EngineError) {
        guard !db.inTransaction, db.path != ":memory:" else { return }
        try db.execute(writing ? "BEGIN IMMEDIATE" : "BEGIN")
    }
    public func endRun(keep: Bool) {
        guard db.inTransaction else { return }
        if keep, (try? db.execute("COMMIT")) != nil { return }
        try? db.execute("ROLLBACK")
    }
    public func commit() throws(EngineError) { if db.inTransaction { try db.execute("COMMIT") } }
    public func rollback() { if db.inTransaction { try? db.execute("ROLLBACK") } }
    public func cancel() { db.interrupt() }
    public func clearCancel() { db.clearInterrupt() }
}
