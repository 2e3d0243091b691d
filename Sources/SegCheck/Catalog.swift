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
            return Field(name: c.name, type: type, nullable: !(c.notNull || c.name == key), pii: Catalog.defaultPersonal(c.name, type: type), dateStorage: c.dateStorage, integer: c.integer)
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
                    c.type.map { Field(name: c.name, type: $0, nullable: !c.notNull, pii: Catalog.defaultPersonal(c.name, type: $0), dateStorage: c.dateStorage, integer: c.integer) }
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

    /// The default policy (LANGUAGE.md §5): where nothing is declared, a text column is
    /// personal when its name is one a bank uses for a person's name, phone, ID number, email
    /// or address. A number, date or flag is never personal by its name (`mobile_banking`).
    public static func defaultPersonal(_ column: String, type: SegType) -> Bool {
        guard type == .string else { return false }
        let c = column.lowercased()
        if personalNames.contains(c) { return true }
        // `home_phone`, `contact_email`, `mailing_address`: a kind of the same thing; Chinese
        // names have no separator (`客户手机号`, `法人身份证号`, `家庭地址`).
        return personalSuffixes.contains { c.hasSuffix("_" + $0) } || chineseSuffixes.contains { c.hasSuffix($0) }
    }

    static let personalNames: Set<String> = [
        "name", "full_name", "first_name", "last_name", "given_name", "family_name", "surname", "middle_name",
        "customer_name", "client_name", "cust_name", "holder_name", "account_name", "account_holder",
        "phone", "phone_number", "phone_no", "mobile", "mobile_phone", "mobile_number", "mobile_no", "cellphone",
        "cell_phone", "telephone", "tel", "msisdn",
        "id_number", "id_no", "id_card", "id_card_no", "id_card_number", "idcard", "national_id", "passport",
        "passport_no", "passport_number", "ssn", "certificate_no",
        "email", "email_address", "e_mail", "mail",
        "address", "home_address", "street_address", "residential_address", "mailing_address", "postal_address", "addr",
        "姓名", "名字", "客户姓名", "客户名称", "户名", "联系人",
        "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "移动电话",
        "身份证", "身份证号", "身份证号码", "证件号", "证件号码", "护照号",
        "邮箱", "电子邮箱", "邮件地址",
        "地址", "住址", "家庭住址", "联系地址", "通讯地址", "居住地址",
        "contact_name", "spouse_name", "name_cn", "name_en", "cust_nm", "customer_nm", "email_addr", "phone_num", "mobile_num",
        "id_num", "idno", "id_no_", "cert_no", "cert_number", "address_line1", "address_line2", "address1", "address2",
        "card_no", "card_number", "bank_card", "bank_card_no", "account_no", "account_number", "iban", "wechat", "wechat_id", "qq",
    ]
    static let personalSuffixes = ["phone", "phone_number", "phone_no", "mobile", "mobile_no", "email", "address", "id_number",
                                   "id_card", "id_no", "full_name", "card_no", "card_number", "account_no"]
    static let chineseSuffixes = ["姓名", "手机", "手机号", "手机号码", "电话", "电话号码", "身份证", "身份证号", "身份证号码", "证件号",
                                  "证件号码", "护照号", "邮箱", "邮箱地址", "地址", "住址", "卡号", "账号", "银行卡号", "微信号"]
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
}
