import Foundation
import SegCheck
import SegCompile
import SegEngine
import SegStore

/// A deterministic synthetic bank: the same `--seed` and `--customers` always give the
/// same bytes of data. Distributions follow what Chinese retail banks report: AUM
/// log-normal (a long tail of wealthy customers), more wealth with age, mobile use
/// falling with age, customers in the large cities.
public struct DemoBank {
    public var customers: Int
    public var seed: UInt64
    /// The demo bank's tables without rows, and its declared date: what `seg check` and `seg
    /// compile` check against when no database is named.
    public static var emptySchema: String {
        schema + activitySchema + "\nINSERT INTO \(StoreNames.settings) (name, value) VALUES ('as_of', '\(asOf)');"
    }
    /// The date the demo data describes; ages and tenures are as of this day.
    public static let asOf = CivilDate(2026, 11, 1)
    /// Bumped whenever the generator's output changes, so cached demo banks are rebuilt.
    public static let generatorVersion = 10
    /// The past campaign the demo bank carries in its list store (docs/demo-bank.md).
    public static let campaignName = "q3_deposit_drive", campaignSeed = "q3-2026"
    public static let campaignDate = CivilDate(2026, 9, 1)
    /// The past campaign's truth: the chance a call adds a deposit of 10,000 or more within 20
    /// days, for the persuadable (mobile banking, under 45) and for everyone else. The uplift
    /// an evaluation should find is this times the share who would not have deposited anyway.
    public static let persuadableEffect = 0.45, otherEffect = 0.05
    public static func plantedEffect(age: Int, mobile: Bool) -> Double { mobile && age < 45 ? persuadableEffect : otherEffect }

    public init(customers: Int = 10_000, seed: UInt64 = 42) {
        self.customers = customers
        self.seed = seed
    }

    public static let schema = """
        CREATE TABLE \(StoreNames.settings) (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE branches (
            branch_id INTEGER PRIMARY KEY,
            city TEXT NOT NULL,
            name TEXT NOT NULL
        );
        CREATE TABLE products (
            product_id INTEGER PRIMARY KEY,
            product_type TEXT NOT NULL,
            name TEXT NOT NULL,
            risk_level TEXT NOT NULL
        );
        CREATE TABLE households (
            household_id INTEGER PRIMARY KEY,
            city TEXT NOT NULL,
            branch_id INTEGER NOT NULL REFERENCES branches (branch_id),
            member_count INTEGER NOT NULL,
            total_aum DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE customers (
            customer_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            gender TEXT NOT NULL,
            birth_date DATE NOT NULL,
            age INTEGER NOT NULL,
            city TEXT NOT NULL,
            branch_id INTEGER NOT NULL REFERENCES branches (branch_id),
            open_date DATE NOT NULL,
            phone TEXT NOT NULL,
            id_number TEXT NOT NULL,
            email TEXT,
            occupation TEXT NOT NULL,
            marital_status TEXT,
            annual_income DOUBLE PRECISION,
            aum DOUBLE PRECISION NOT NULL,
            deposit_balance DOUBLE PRECISION NOT NULL,
            wealth_balance DOUBLE PRECISION NOT NULL,
            loan_balance DOUBLE PRECISION NOT NULL,
            credit_score INTEGER,
            risk_level TEXT NOT NULL,
            channel_pref TEXT NOT NULL,
            has_credit_card BOOLEAN NOT NULL,
            mobile_banking BOOLEAN NOT NULL,
            do_not_disturb BOOLEAN NOT NULL,
            last_contact_date DATE,
            churned_next_90d BOOLEAN NOT NULL,
            household_id INTEGER NOT NULL REFERENCES households (household_id)
        );
        CREATE INDEX customers_aum ON customers (aum);
        CREATE INDEX customers_city ON customers (city);
        """

    package static let cities: [(String, String, Double)] = [
        ("上海", "310101", 14), ("北京", "110101", 13), ("深圳", "440304", 11), ("广州", "440104", 10),
        ("杭州", "330106", 8), ("南京", "320102", 7), ("成都", "510104", 8), ("武汉", "420102", 7),
        ("苏州", "320505", 6), ("重庆", "500103", 6), ("西安", "610102", 5), ("天津", "120101", 5),
    ]
    package static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
    package static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉丹宇浩凯健俊帆瑶琳晨欣怡子涵梓轩思雨嘉")
    package static let occupations = ["企业职员", "公务员", "教师", "医生", "个体经营", "企业主", "工程师", "自由职业", "金融从业", "销售"]

    /// Writes the `customers` table; `progress` is told how many rows are done.
    public func write(to db: SQLiteDatabase, progress: (Int) -> Void = { _ in }) throws(EngineError) {
        try db.execute("BEGIN")
        do {
            try db.execute(DemoBank.schema)
            try db.execute(DemoBank.activitySchema)
            try DemoBank.writeCatalogues(db)
            // The bank declares the day its data describes: windows end there, not on the wall clock.
            try db.execute("INSERT INTO \(StoreNames.settings) (name, value) VALUES ('as_of', '\(DemoBank.asOf)')")
            let insert = try db.prepare("INSERT INTO customers VALUES (\((1...27).map { "?\($0)" }.joined(separator: ", ")))")
            var activity = try ActivityWriter(db: db)
            var rng = SplitMix64(seed: seed)
            var households = Households(seed: seed)
            for i in 0..<customers {
                var values = row(i, &rng)
                // Each customer's activity has its own random stream, so it does not depend on order.
                var own = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i))
                let customer = DemoCustomer(values)
                let fate = DemoFate(&own)
                values.append(.integer(fate.churns(customer, &own) ? 1 : 0))
                values.append(.integer(households.place(values)))
                try insert.bind(values: values)
                _ = try insert.step()
                try activity.write(customer, fate, &own)
                if i % 1000 == 999 || i == customers - 1 { progress(i + 1) }
            }
            try households.write(db)
            try db.execute(DemoBank.activityIndexes)
            try writePastCampaign(activity.pastCampaign, db)
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// The past campaign's list version, as `seg run` would have saved it on its date (its
    /// contacts are already in contact_history, so none are planned again).
    package func writePastCampaign(_ members: [(Int64, Bool)], _ db: SQLiteDatabase) throws(EngineError) {
        var groups: [Value: (group: String, rank: Int)] = [:]
        for (i, m) in members.enumerated() { groups[.integer(m.0)] = (m.1 ? "holdout" : "treatment", i + 1) }
        let table = ResultTable(title: DemoBank.campaignName, columns: ["customer_id", "group"], types: [.number, .string],
                                rows: members.map { [.integer($0.0), .text($0.1 ? "holdout" : "treatment")] })
        _ = try ListStore(db: db).save(
            name: DemoBank.campaignName, table: table,
            provenance: .init(script: "seg demo", scriptVersion: nil, asOf: DemoBank.campaignDate.description, campaign: DemoBank.campaignName),
            campaign: .init(groups: groups, reasons: [], channel: "phone", recordContacts: false))
    }

    /// Writes one table as CSV with a header (for engines that load files) and returns its
    /// Spark schema: INTEGER columns as BIGINT, REAL and DOUBLE as DOUBLE, DATE, TIMESTAMP,
    /// BOOLEAN, and the rest as STRING.
    public static func export(_ table: String, from db: SQLiteDatabase, csv: String) throws(EngineError) -> String {
        let info = try db.query("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", [.text(table)])
        var names: [String] = [], types: [SegType] = [], ddl: [String] = []
        for r in info {
            guard case .text(let name) = r[0], case .text(let declared) = r[1] else { continue }
            let d = declared.uppercased()
            let spark = d.contains("INT") ? "BIGINT" : d.contains("REAL") || d.contains("DOUBLE") || d.contains("NUMERIC") ? "DOUBLE"
                : d.contains("TIMESTAMP") ? "TIMESTAMP" : d.contains("DATE") ? "DATE" : d.contains("BOOL") ? "BOOLEAN" : "STRING"
            names.append(name)
            types.append(spark == "BOOLEAN" ? .bool : spark == "STRING" ? .string : spark == "DATE" || spark == "TIMESTAMP" ? .date : .number)
            ddl.append("`\(name)` \(spark)")
        }
        // In chunks: a 10M-customer bank's transactions do not fit in memory as values.
        do throws(FileRefusal) {
            try FileDoor.write(to: csv, by: .cache) { temp throws(FileRefusal) in
                guard let out = FileHandle(forUpdatingAtPath: temp) else { throw FileRefusal(path: csv, reason: "cannot open \(temp)") }
                defer { try? out.close() }
                do throws(EngineError) { try writeCSV(table, names: names, types: types, from: db, to: out, csv: csv) } catch {
                    throw FileRefusal(path: csv, reason: error.detail)
                }
            }
        } catch {
            throw EngineError(kind: .cannotOpen, detail: error.reason, path: csv)
        }
        return ddl.joined(separator: ", ")
    }

    package static func writeCSV(_ table: String, names: [String], types: [SegType], from db: SQLiteDatabase, to out: FileHandle, csv: String) throws(EngineError) {
        let header = FileExport.csv(ResultTable(title: table, columns: names, types: types, rows: []))
        var chunk: [[Value]] = []
        var first = true
        func flush() throws(EngineError) {
            let data = FileExport.csv(ResultTable(title: table, columns: names, types: types, rows: chunk))
            do { try out.write(contentsOf: first ? data : data.dropFirst(header.count)) } catch {
                throw EngineError(kind: .full, detail: "\(error)", path: csv)
            }
            first = false
            chunk.removeAll(keepingCapacity: true)
        }
        let stmt = try db.prepare("SELECT * FROM \"\(table)\"")
        while try stmt.step() {
            chunk.append(stmt.row())
            if chunk.count == 200_000 { try flush() }
        }
        try flush()
    }

    package func row(_ i: Int, _ rng: inout SplitMix64) -> [Value] {
        let asOf = DemoBank.asOf
        let id = 10_001 + i
        let male = rng.unit() < 0.49
        let age = Int(min(85, max(18, 42 + 14 * rng.normal())))
        let birth = CivilDate(asOf.year - age - 1, 1, 1).adding(days: Int(rng.unit() * 365))
        let realAge = birth.years(until: asOf)
        let city = DemoBank.cities[rng.weighted(DemoBank.cities.map(\.2))]
        let cityIndex = DemoBank.cities.firstIndex { $0.0 == city.0 }!
        let branch = (cityIndex + 1) * 100 + 1 + Int(rng.unit() * 8)
        let earliestOpen = max(CivilDate(2005, 1, 1).dayNumber, birth.adding(days: 18 * 366).dayNumber)
        let open = CivilDate(dayNumber: earliestOpen + Int(rng.unit() * Double(asOf.dayNumber - 30 - earliestOpen)))
        let name = String(DemoBank.surnames[Int(rng.unit() * Double(DemoBank.surnames.count))])
            + String((0..<(rng.unit() < 0.7 ? 2 : 1)).map { _ in DemoBank.givenChars[Int(rng.unit() * Double(DemoBank.givenChars.count))] })
        let prefixes = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 158, 159, 177, 180, 182, 186, 187, 188, 189]
        let phone = "\(prefixes[Int(rng.unit() * Double(prefixes.count))])" + String(format: "%08d", Int(rng.unit() * 1e8))
        let idNumber = DemoBank.idNumber(area: city.1, birth: birth, sequence: Int(rng.unit() * 500) * 2 + (male ? 1 : 0))
        let retired = realAge >= 60 && rng.unit() < 0.8
        let occupation = retired ? "退休" : realAge < 23 && rng.unit() < 0.6 ? "学生" : DemoBank.occupations[Int(rng.unit() * Double(DemoBank.occupations.count))]
        let married: String? = rng.unit() < 0.05 ? nil : realAge < 26 ? (rng.unit() < 0.8 ? "未婚" : "已婚") : (rng.unit() < 0.8 ? "已婚" : rng.unit() < 0.5 ? "未婚" : "离异")
        let income: Double? = rng.unit() < 0.1 ? nil : (exp(log(120_000) + 0.7 * rng.normal()) / 100).rounded() * 100
        // AUM: log-normal around 50k, growing with age.
        let aum = (exp(log(50_000) + 0.025 * Double(realAge - 40) + 1.6 * rng.normal()) * 100).rounded() / 100
        // Many customers keep nearly everything in deposits; the rest hold 10–90% in wealth products.
        let wealthShare = rng.unit() < 0.45 ? rng.unit() * 0.08 : aum < 50_000 ? rng.unit() * 0.2 : min(0.9, 0.1 + rng.unit() * 0.8)
        let wealth = (aum * wealthShare * 100).rounded() / 100
        let deposit = ((aum - wealth) * 100).rounded() / 100
        let loan = rng.unit() < 0.25 ? (exp(log(800_000) + 0.6 * rng.normal())).rounded() : 0
        let credit: Int? = rng.unit() < 0.08 ? nil : Int(min(850, max(300, 650 + 80 * rng.normal())))
        let riskBase = realAge < 35 ? 3.2 : realAge < 55 ? 2.8 : 2.0
        let risk = "R\(Int(min(5, max(1, (riskBase + rng.normal()).rounded()))))"
        let mobileP = realAge < 30 ? 0.92 : realAge < 50 ? 0.8 : realAge < 65 ? 0.5 : 0.2
        let mobile = rng.unit() < mobileP
        let channel = mobile ? (rng.unit() < 0.7 ? "mobile" : "wechat") : (rng.unit() < 0.6 ? "branch" : rng.unit() < 0.7 ? "phone" : "sms")
        let lastContact: Value = rng.unit() < 0.6 ? .text(asOf.adding(days: -Int(rng.unit() * 180)).description) : .null
        // A mailbox of its own, not made of the key or any other column: a masked email
        // (`k***@example.com`) cannot be rebuilt from what is shown beside it.
        var own = SplitMix64(seed: seed &+ UInt64(id) &* 0xD1B5_4A32_D192_ED03)
        let mailbox = String((0..<(5 + Int(own.unit() * 4))).map { _ in Character(UnicodeScalar(UInt8(97 + Int(own.unit() * 26)))) })
            + String(Int(own.unit() * 100))
        let email: Value = rng.unit() < 0.4 ? .text("\(mailbox)@example.com") : .null
        return [
            .integer(Int64(id)), .text(name), .text(male ? "M" : "F"), .text(birth.description), .integer(Int64(realAge)),
            .text(city.0), .integer(Int64(branch)), .text(open.description), .text(phone), .text(idNumber), email,
            .text(occupation), married.map { .text($0) } ?? .null, income.map { .real($0) } ?? .null,
            .real(aum), .real(deposit), .real(wealth), .real(loan), credit.map { .integer(Int64($0)) } ?? .null,
            .text(risk), .text(channel), .integer(rng.unit() < 0.45 ? 1 : 0), .integer(mobile ? 1 : 0),
            .integer(rng.unit() < 0.05 ? 1 : 0), lastContact,
        ]
    }

    /// An 18-character resident ID: area, birth date, sequence (odd for men), ISO 7064 MOD 11-2 check.
    package static func idNumber(area: String, birth: CivilDate, sequence: Int) -> String {
        let body = area + birth.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap { $0.wholeNumberValue }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}

/// A small, fast, seedable generator (SplitMix64), so demo data is the same on every machine.
package struct SplitMix64 {
    package var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    package mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    package mutating func normal() -> Double {
        let u = max(unit(), 1e-12), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    package mutating func weighted(_ weights: [Double]) -> Int {
        var x = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }
}
