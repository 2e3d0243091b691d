/// The bank's personal-data policy as one run sees it (LANGUAGE.md §5): which columns are
/// personal, and what the run's role may do. It is read from the store (SegRun's
/// `PolicyStore`), never from a script or a file the person running Seg can write; the
/// checker reads it from the catalog, and a script may add `pii`, never take it away.
public struct Policy: Sendable, Equatable {
    /// A column of a table, as the store names it (compared without case).
    public struct Column: Hashable, Sendable, Comparable {
        public var table: String
        public var column: String
        public init(table: String, column: String) {
            self.table = table.lowercased()
            self.column = column.lowercased()
        }
        public var description: String { "\(table).\(column)" }
        public static func < (a: Column, b: Column) -> Bool { a.description < b.description }
    }

    /// What the store's administrators decided for a column: personal or not, whatever its
    /// name. A column not listed here follows the default names (`Policy.byName`).
    public var classified: [Column: Bool] = [:]
    /// The run's role (nil: none), and what it was granted.
    public var role: String?
    /// The role may see personal values unmasked.
    public var mayReveal = false
    /// The role may declare a personal column `not pii` in a script (recorded with the run).
    public var mayReclassify = false

    public init(classified: [Column: Bool] = [:], role: String? = nil, mayReveal: Bool = false, mayReclassify: Bool = false) {
        self.classified = classified
        self.role = role
        self.mayReveal = mayReveal
        self.mayReclassify = mayReclassify
    }

    /// Whether a column is personal under the policy: as classified in the store, else by
    /// its name and type.
    public func personal(table: String, column: String, type: SegType) -> Bool {
        classified[Column(table: table, column: column)] ?? Policy.byName(column, type: type)
    }

    /// Whether the store classified this column (so a script's `not pii` lowers the bank's
    /// decision, not just the default).
    public func isClassified(table: String, column: String) -> Bool {
        classified[Column(table: table, column: column)] != nil
    }

    /// The default policy (LANGUAGE.md §5): where nothing is classified, a text column is
    /// personal when its name is one a bank uses for a person's name, phone, ID number, email
    /// or address, and a date column when its name is a birth date's. A number or flag is
    /// never personal by its name (`mobile_banking`).
    public static func byName(_ column: String, type: SegType) -> Bool {
        let c = column.lowercased()
        switch type {
        case .date: return birthDateNames.contains(c) || birthDateSuffixes.contains { c.hasSuffix($0) }
        case .string: break
        default: return false
        }
        if personalNames.contains(c) { return true }
        // `home_phone`, `contact_email`, `mailing_address`: a kind of the same thing; Chinese
        // names have no separator (`客户手机号`, `法人身份证号`, `家庭地址`).
        return personalSuffixes.contains { c.hasSuffix("_" + $0) } || chineseSuffixes.contains { c.hasSuffix($0) }
            || birthDateNames.contains(c) || birthDateSuffixes.contains { c.hasSuffix($0) }
    }

    /// A birth date, whether stored as a date or as text (`19880505`).
    static let birthDateNames: Set<String> = [
        "birth_date", "birthdate", "birthday", "date_of_birth", "dob", "birth_dt", "birth_day", "born_on", "bday",
        "出生日期", "生日", "出生年月日",
    ]
    static let birthDateSuffixes = ["_birth_date", "_birthday", "_date_of_birth", "_dob", "出生日期", "生日"]

    static let personalNames: Set<String> = [
        "name", "full_name", "first_name", "last_name", "given_name", "family_name", "surname", "middle_name",
        "customer_name", "client_name", "cust_name", "holder_name", "account_name", "account_holder", "nickname", "nick_name",
        "alias", "maiden_name", "spouse_name", "contact_name", "name_cn", "name_en", "cust_nm", "customer_nm",
        "phone", "phone_number", "phone_no", "phone_num", "mobile", "mobile_phone", "mobile_number", "mobile_no", "mobile_num",
        "cellphone", "cell_phone", "telephone", "tel", "msisdn", "contact_number", "contact_no", "contact_phone",
        "id_number", "id_no", "id_num", "idno", "id_card", "id_card_no", "id_card_number", "idcard", "national_id", "passport",
        "passport_no", "passport_number", "ssn", "certificate_no", "certificate_number", "cert_no", "cert_number",
        "email", "email_address", "e_mail", "mail", "email_addr",
        "address", "home_address", "street_address", "residential_address", "mailing_address", "postal_address", "addr",
        "street", "address_line1", "address_line2", "address1", "address2",
        "card_no", "card_number", "bank_card", "bank_card_no", "account_no", "account_number", "iban", "wechat", "wechat_id", "qq",
        "姓名", "名字", "客户姓名", "客户名称", "户名", "联系人", "昵称", "曾用名",
        "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "移动电话", "联系号码",
        "身份证", "身份证号", "身份证号码", "证件号", "证件号码", "护照号",
        "邮箱", "电子邮箱", "邮件地址",
        "地址", "住址", "家庭住址", "家庭地址", "联系地址", "通讯地址", "居住地址", "街道",
    ]
    static let personalSuffixes = ["phone", "phone_number", "phone_no", "mobile", "mobile_no", "email", "address", "id_number",
                                   "id_card", "id_no", "full_name", "card_no", "card_number", "account_no", "contact_number",
                                   "certificate_number", "certificate_no", "nickname", "street"]
    static let chineseSuffixes = ["姓名", "手机", "手机号", "手机号码", "电话", "电话号码", "身份证", "身份证号", "身份证号码", "证件号",
                                  "证件号码", "护照号", "邮箱", "邮箱地址", "地址", "住址", "卡号", "账号", "银行卡号", "微信号", "昵称"]
}
