import SegSyntax

/// What the database holds, as Seg sees it: tables and their typed columns.
/// An engine builds it (SegRun); the checker reads it and knows nothing of SQL.
public struct Catalog: Sendable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// nil when the column's type is one Seg cannot use (a blob).
        public var type: SegType?
        public var notNull: Bool
        /// How a date column's values are stored; every one is read as its date.
        public var dateStorage: DateStorage
        /// A date column that holds times of day too: it counts by its date.
        public var timestamp: Bool { dateStorage != .date }
        /// A number column of an integer type (exported tables keep it so).
        public var integer: Bool
        public init(name: String, type: SegType?, notNull: Bool, timestamp: Bool = false, dateStorage: DateStorage? = nil, integer: Bool = false) {
            self.name = name
            self.type = type
            self.notNull = notNull
            self.dateStorage = dateStorage ?? (timestamp ? .timestamp : .date)
            self.integer = integer
        }
    }

    /// `column` of this table refers to `referencedTable`.
    public struct ForeignKey: Sendable, Equatable {
        public var column: String
        public var referencedTable: String
        public init(column: String, referencedTable: String) {
            self.column = column
            self.referencedTable = referencedTable
        }
    }

    public struct Table: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        public var primaryKey: [String]
        public var foreignKeys: [ForeignKey]
        public init(name: String, columns: [Column], primaryKey: [String], foreignKeys: [ForeignKey] = []) {
            self.name = name
            self.columns = columns
            self.primaryKey = primaryKey
            self.foreignKeys = foreignKeys
        }
        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    public var tables: [Table]
    /// Names of the lists saved in the store (`in list L`).
    public var savedLists: Set<String> = []
    /// The catalog came from a schema alone (`seg check --schema`): saved lists are data it
    /// cannot know, so `in list L` is taken on trust.
    public var listsUnknown = false
    /// The bank's personal-data policy and the run's rights, from the store (`Policy`).
    public var policy = Policy()
    public init(tables: [Table]) { self.tables = tables.filter { !$0.name.hasPrefix("seg_") && !$0.name.hasPrefix("sqlite_") } }

    public func table(_ name: String) -> Table? { tables.first { $0.name == name } ?? tables.first { $0.name.lowercased() == name.lowercased() } }

    /// The entity scripts segment when they declare none: the `customers` table, or the
    /// only table, keyed by its primary key (LANGUAGE.md §3).
    public func inferEntity() -> Result<Entity, Diagnostic> {
        let table: Table
        if let t = self.table("customers") {
            table = t
        } else if tables.count == 1 {
            table = tables[0]
        } else if let root = onlyRoot() {
            table = root
        } else if tables.isEmpty {
            return .failure(.noTables)
        } else {
            return .failure(.noEntityTable(tables.map(\.name)))
        }
        guard let key = entityKey(table) else { return .failure(.noKey(table.name)) }
        let fields = table.columns.compactMap { c -> Field? in
            guard let type = c.type else { return nil }
            return Field(name: c.name, type: type, nullable: !(c.notNull || c.name == key), pii: personal(table.name, c.name, type: type), dateStorage: c.dateStorage, integer: c.integer)
        }
        let name = table.name.lowercased().hasSuffix("s") ? String(table.name.dropLast()) : table.name
        // Tables with a foreign key to the entity's table are its `has many` relations,
        // dated by their one date column when they have exactly one.
        // DECISION: in a warehouse that declares no foreign keys at all (Spark, Hive), a
        // table with a column named like the entity's key is taken as a relation.
        let noConstraints = tables.allSatisfy { $0.foreignKeys.isEmpty }
        let relations = tables.compactMap { t -> Relation? in
            guard t.name != table.name else { return nil }
            let column: String
            if let fk = t.foreignKeys.first(where: { $0.referencedTable.lowercased() == table.name.lowercased() }) {
                column = fk.column
            } else if noConstraints, let c = t.columns.first(where: { $0.name == key }) {
                column = c.name
            } else {
                return nil
            }
            let dates = t.columns.filter { $0.type == .date }
            return relation(named: t.name, table: t, key: column, date: dates.count == 1 ? dates[0].name : nil)
        }
        return .success(Entity(name: name, table: table.name, key: key, fields: fields, relations: relations))
    }

    /// A relation over `table`, its columns typed.
    public func relation(named name: String, table t: Table, key: String, date: String?) -> Relation {
        Relation(name: name, table: t.name, key: key, date: date,
                 columns: t.columns.compactMap { c in
                    c.type.map { Field(name: c.name, type: $0, nullable: !c.notNull, pii: personal(t.name, c.name, type: $0), dateStorage: c.dateStorage, integer: c.integer) }
                 },
                 primaryKey: rowKey(t, joinedOn: key))
    }

    /// The key `first`/`last` break date ties by: the primary key; where the engine declares
    /// none (Spark never does), a column named `<table>_id` or `id`, else the first column
    /// named `…_id` that is not the join column (DECISION, grammar/seg.ebnf).
    func rowKey(_ t: Table, joinedOn join: String) -> String? {
        if t.primaryKey.count == 1 { return t.primaryKey[0] }
        if let k = entityKey(t), k.lowercased() != join.lowercased() { return k }
        return t.columns.first { $0.name.lowercased().hasSuffix("_id") && $0.name.lowercased() != join.lowercased() }?.name
    }

    /// The one table that others' foreign keys point to and that points to none itself.
    func onlyRoot() -> Table? {
        let referenced = Set(tables.flatMap { $0.foreignKeys.map { $0.referencedTable.lowercased() } })
        let roots = tables.filter { referenced.contains($0.name.lowercased()) && $0.foreignKeys.isEmpty }
        return roots.count == 1 ? roots[0] : nil
    }

    /// The primary key; without one, a column named `<entity>_id` or `id`.
    func entityKey(_ t: Table) -> String? {
        if t.primaryKey.count == 1 { return t.primaryKey[0] }
        let singular = t.name.lowercased().hasSuffix("s") ? String(t.name.lowercased().dropLast()) : t.name.lowercased()
        return t.columns.first { $0.name.lowercased() == singular + "_id" }?.name ?? t.columns.first { $0.name.lowercased() == "id" }?.name
    }

    /// Whether a column of a table is personal under the store's policy (LANGUAGE.md §5).
    public func personal(_ table: String, _ column: String, type: SegType) -> Bool {
        policy.personal(table: table, column: column, type: type)
    }
}

/// How a date column's values are stored. Seg reads every one as its date (LANGUAGE.md §4:
/// a timestamp counts by its date), so each needs its own way to the date.
public enum DateStorage: Sendable, Equatable {
    /// Dates (`YYYY-MM-DD` text in SQLite, a `date` type elsewhere).
    case date
    /// A date with a time of day: the engine's timestamp, or ISO text (`2026-10-31 21:11:50`),
    /// which orders like the time itself.
    case timestamp
    /// SQLite: a Julian day number (`julianday(…)`).
    case julianDay
    /// SQLite: seconds since 1970-01-01 UTC.
    case unixSeconds
    /// SQLite: milliseconds since 1970-01-01 UTC.
    case unixMilliseconds
}

/// A field of the entity.
public struct Field: Sendable, Equatable {
    public var name: String
    public var type: SegType
    public var nullable: Bool
    public var pii: Bool
    /// How a date field is stored; it is read as its date (LANGUAGE.md §4).
    public var dateStorage: DateStorage = .date
    /// A date field stored with a time of day (or as a number); it counts by its date.
    public var timestamp: Bool { dateStorage != .date }
    /// A number stored as an integer type.
    public var integer: Bool = false
}

/// `has many R from table T on K dated by D`: rows of another table that belong to an entity.
public struct Relation: Sendable, Equatable {
    public var name: String
    public var table: String
    /// The related table's column holding the entity's key.
    public var key: String
    /// The date column windows use; nil when the relation has none.
    public var date: String?
    public var columns: [Field]
    /// Orders rows with the same date for `first` and `last`.
    public var primaryKey: String?

    public func column(_ name: String) -> Field? { columns.first { $0.name == name } }
}

/// The thing scripts segment: one row per customer (or account, …).
public struct Entity: Sendable, Equatable {
    public var name: String
    public var table: String
    public var key: String
    public var fields: [Field]
    public var relations: [Relation] = []
    /// The personal columns (`table.column`) a script declared `not pii` under a role that may
    /// reclassify: recorded with the run like a reveal.
    public var reclassified: [String] = []

    public init(name: String, table: String, key: String, fields: [Field], relations: [Relation] = []) {
        self.name = name
        self.table = table
        self.key = key
        self.fields = fields
        self.relations = relations
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
    public func relation(_ name: String) -> Relation? { relations.first { $0.name == name } }
    public var keyField: Field? { field(key) }

    /// The relation campaigns read contacts from (`exclude contacted`, `cap … contacts`,
    /// channels): the one named `contacts` (LANGUAGE.md §3), else the only dated relation on a
    /// contact-history table (a database that names it so, like the demo's `contact_history`).
    public var contactsRelation: Relation? {
        if let r = relation("contacts") { return r }
        let candidates = relations.filter { $0.table.lowercased().contains("contact") && $0.date != nil }
        return candidates.count == 1 ? candidates[0] : nil
    }
}
