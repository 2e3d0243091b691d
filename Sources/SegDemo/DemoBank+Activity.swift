import Foundation
import SegCheck
import SegCompile
import SegEngine
import SegStore

/// The demo bank's activity: transactions, holdings, app events and contact history over
/// the half year before `DemoBank.asOf`, each table with a foreign key to `customers`.
extension DemoBank {
    public static let activitySchema = """
        CREATE TABLE transactions (
            txn_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            txn_date DATE NOT NULL,
            type TEXT NOT NULL,
            amount DOUBLE PRECISION NOT NULL,
            channel TEXT NOT NULL,
            merchant_category TEXT
        );
        CREATE TABLE accounts (
            account_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            account_type TEXT NOT NULL,
            status TEXT NOT NULL,
            opened_date DATE NOT NULL,
            balance DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE holdings (
            holding_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            product_id INTEGER NOT NULL REFERENCES products (product_id),
            product_type TEXT NOT NULL,
            balance DOUBLE PRECISION NOT NULL,
            balance_3m_ago DOUBLE PRECISION NOT NULL,
            opened_date DATE NOT NULL
        );
        CREATE TABLE app_events (
            event_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            event_time TIMESTAMP NOT NULL,
            event_type TEXT NOT NULL
        );
        CREATE TABLE contact_history (
            contact_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            contact_date DATE NOT NULL,
            campaign TEXT NOT NULL,
            channel TEXT NOT NULL,
            outcome TEXT NOT NULL
        );
        """

    /// Indexes built after the bulk insert (faster than keeping them up to date row by row).
    public static let activityIndexes = """
        CREATE INDEX transactions_customer_date ON transactions (customer_id, txn_date);
        CREATE INDEX holdings_customer ON holdings (customer_id);
        CREATE INDEX accounts_customer ON accounts (customer_id);
        CREATE INDEX app_events_customer_time ON app_events (customer_id, event_time);
        CREATE INDEX contact_history_customer_date ON contact_history (customer_id, contact_date);
        """

    /// Every table of the demo bank, parents first.
    public static let tables = [StoreNames.settings, "branches", "products", "households", "customers", "accounts", "transactions", "holdings", "app_events", "contact_history"]

    /// The product catalogue: one row per (type, risk level) the holdings use.
    package static let products: [(type: String, name: String, risk: String)] = [
        ("deposit", "活期存款", "R1"), ("time_deposit", "定期存款", "R1"), ("wealth", "稳健理财", "R2"),
        ("fund", "混合基金", "R3"), ("insurance", "年金保险", "R2"), ("bond", "国债", "R1"),
    ]

    /// Branches (eight per city) and products.
    package static func writeCatalogues(_ db: SQLiteDatabase) throws(EngineError) {
        let branch = try db.prepare("INSERT INTO branches VALUES (?1, ?2, ?3)")
        for (c, city) in cities.enumerated() {
            for b in 1...8 {
                try branch.bind(values: [.integer(Int64((c + 1) * 100 + b)), .text(city.0), .text("\(city.0)第\(b)支行")])
                _ = try branch.step()
            }
        }
        let product = try db.prepare("INSERT INTO products VALUES (?1, ?2, ?3, ?4)")
        for (i, p) in products.enumerated() {
            try product.bind(values: [.integer(Int64(i + 1)), .text(p.type), .text(p.name), .text(p.risk)])
            _ = try product.step()
        }
    }
}

/// The parts of a customer row that drive their activity.
package struct DemoCustomer {
    package var id: Int64
    package var age: Int
    package var occupation: String
    package var income: Double?
    package var aum: Double
    package var deposit: Double
    package var wealth: Double
    package var mobile: Bool
    var open: CivilDate

    package init(_ v: [Value]) {
        func int(_ x: Value) -> Int64 { if case .integer(let i) = x { return i } else { return 0 } }
        func real(_ x: Value) -> Double? { x.double }
        func text(_ x: Value) -> String { if case .text(let t) = x { return t } else { return "" } }
        id = int(v[0])
        age = Int(int(v[4]))
        open = CivilDate(iso: text(v[7])) ?? DemoBank.asOf
        occupation = text(v[11])
        income = real(v[13])
        aum = real(v[14]) ?? 0
        deposit = real(v[15]) ?? 0
        wealth = real(v[16]) ?? 0
        mobile = int(v[22]) != 0
    }
}

/// What happens to a customer, drawn first so their label and their activity agree.
package struct DemoFate {
    /// Activity stopped weeks or months ago (the dormant tail).
    package var dormant: Bool
    /// Moving money out: AUM three months ago was 30–100% higher.
    package var declining: Bool

    package init(_ rng: inout SplitMix64) {
        dormant = rng.unit() < 0.08
        declining = rng.unit() < 0.1
    }

    /// Churn in the next 90 days: driven by falling AUM, inactivity and age, less likely for
    /// mobile users — real signal for the churn models.
    package func churns(_ c: DemoCustomer, _ rng: inout SplitMix64) -> Bool {
        let z = -3.2 + (declining ? 2.2 : 0) + (dormant ? 1.6 : 0) + 0.02 * Double(c.age - 40) - (c.mobile ? 0.7 : 0) + (c.aum < 10_000 ? 0.5 : 0)
        return rng.unit() < 1 / (1 + exp(-z))
    }
}

/// Writes one customer's activity with prepared statements, inside the caller's transaction.
package struct ActivityWriter {
    package let transactions, holdings, events, contacts, accounts: SQLiteDatabase.Statement
    package var nextTxn: Int64 = 1, nextHolding: Int64 = 1, nextEvent: Int64 = 1, nextContact: Int64 = 1, nextAccount: Int64 = 1
    /// Members of the demo's past campaign: key and whether held out.
    package var pastCampaign: [(Int64, Bool)] = []

    package init(db: SQLiteDatabase) throws(EngineError) {
        accounts = try db.prepare("INSERT INTO accounts VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        transactions = try db.prepare("INSERT INTO transactions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        holdings = try db.prepare("INSERT INTO holdings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        events = try db.prepare("INSERT INTO app_events VALUES (?1, ?2, ?3, ?4)")
        contacts = try db.prepare("INSERT INTO contact_history VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    }

    package static let history = 180  // days of activity before as_of
    package static let categories = ["餐饮", "超市", "交通", "网购", "娱乐", "医疗", "教育", "旅游"]

    package mutating func write(_ c: DemoCustomer, _ fate: DemoFate, _ rng: inout SplitMix64) throws(EngineError) {
        let asOf = DemoBank.asOf
        let first = max(asOf.adding(days: -Self.history).dayNumber, c.open.dayNumber)
        let dormant = fate.dormant, declining = fate.declining
        let last = dormant ? asOf.dayNumber - 60 - Int(rng.unit() * 120) : asOf.dayNumber
        func date(_ day: Int) -> Value { .text(CivilDate(dayNumber: day).description) }
        func money(_ x: Double) -> Value { .real((x * 100).rounded() / 100) }

        // Holdings: deposits and wealth products that add up to the customer's AUM.
        var parts: [(String, Double)] = []
        if c.deposit > 0 {
            let time = c.deposit > 50_000 && rng.unit() < 0.5 ? c.deposit * (0.3 + 0.5 * rng.unit()) : 0
            parts.append(("deposit", c.deposit - time))
            if time > 0 { parts.append(("time_deposit", time)) }
        }
        if c.wealth > 0 {
            let products = ["wealth", "fund", "insurance", "bond"]
            let n = 1 + Int(rng.unit() * 3)
            var left = c.wealth
            for k in 0..<n {
                let share = k == n - 1 ? left : left * (0.3 + 0.4 * rng.unit())
                parts.append((products[Int(rng.unit() * 4)], share))
                left -= share
            }
        }
        for (product, balance) in parts {
            let before = declining ? balance * (1.3 + 0.7 * rng.unit()) : balance * (0.9 + 0.2 * rng.unit())
            let opened = CivilDate(dayNumber: c.open.dayNumber + Int(rng.unit() * Double(max(1, asOf.dayNumber - c.open.dayNumber))))
            let productID = Int64((DemoBank.products.firstIndex { $0.type == product } ?? 0) + 1)
            try holdings.bind(values: [.integer(nextHolding), .integer(c.id), .integer(productID), .text(product), money(balance), money(before), date(opened.dayNumber)])
            _ = try holdings.step()
            nextHolding += 1
        }

        // Accounts: a current account for everyone, a savings account for some. An account is
        // effective (有效户) at 5,000 or more, dormant when its owner went quiet, else basic.
        let currentBalance = parts.first { $0.0 == "deposit" }?.1 ?? 0
        var owned: [(String, Double)] = [("current", currentBalance)]
        if rng.unit() < 0.4 { owned.append(("savings", (parts.first { $0.0 == "time_deposit" }?.1 ?? 0))) }
        for (type, balance) in owned {
            let status = dormant ? "dormant" : balance >= 5000 ? "effective" : "basic"
            try accounts.bind(values: [.integer(nextAccount), .integer(c.id), .text(type), .text(status), date(c.open.dayNumber), money(balance)])
            _ = try accounts.step()
            nextAccount += 1
        }

        // Transactions: monthly payroll for most employees, card spending, deposits,
        // withdrawals, transfers and fund purchases.
        guard first <= last else { return }
        let employed = !["退休", "学生", "个体经营", "企业主", "自由职业"].contains(c.occupation)
        let payroll = employed && rng.unit() < 0.75
        let spendRate = (c.mobile ? 5.0 : 2.0) * (0.3 + 1.4 * rng.unit()) / 30
        // Funds sell to salaried customers with idle deposits (the cross-sell signal), and
        // more to those who already hold wealth products.
        let fundRate = (payroll && c.deposit >= 50_000 ? 0.5 : 0.05) * (c.wealth > 0 ? 1.5 : 0.6) / 30
        let channel = { (r: inout SplitMix64) -> String in
            c.mobile ? (r.unit() < 0.8 ? "mobile" : "atm") : (r.unit() < 0.6 ? "branch" : r.unit() < 0.7 ? "atm" : "online")
        }
        for day in first...last {
            let d = CivilDate(dayNumber: day)
            var rows: [(String, Double, String?)] = []
            if payroll, d.day == 10 { rows.append(("payroll", (c.income ?? 96_000) / 12, nil)) }
            if rng.unit() < spendRate {
                rows.append(("card_spend", exp(log(180) + 0.9 * rng.normal()), Self.categories[Int(rng.unit() * Double(Self.categories.count))]))
            }
            let scale = max(1000, min(c.aum, 2_000_000))
            if rng.unit() < 1.2 / 30 { rows.append(("deposit", scale * 0.05 * exp(0.8 * rng.normal()), nil)) }
            if rng.unit() < (declining ? 3.0 : 1.0) / 30 { rows.append(("withdrawal", scale * 0.05 * exp(0.8 * rng.normal()) * (declining ? 3 : 1), nil)) }
            if rng.unit() < 0.6 / 30 { rows.append(("transfer", scale * 0.03 * exp(0.8 * rng.normal()), nil)) }
            if rng.unit() < fundRate { rows.append(("fund_purchase", max(1000, max(c.wealth, c.deposit) * 0.05 * exp(0.5 * rng.normal())), nil)) }
            for (type, amount, category) in rows {
                let ch = type == "payroll" ? "system" : channel(&rng)
                try transactions.bind(values: [.integer(nextTxn), .integer(c.id), date(day), .text(type), money(amount), .text(ch),
                                               category.map { .text($0) } ?? .null])
                _ = try transactions.step()
                nextTxn += 1
            }
        }

        // App events: mobile customers log in at a rate of their own (heavy, medium, light users).
        if c.mobile {
            let rate = [0.7, 0.2, 0.04][rng.weighted([0.3, 0.45, 0.25])]
            let from = max(first, asOf.dayNumber - 90)
            for day in stride(from: from, through: last, by: 1) where rng.unit() < rate {
                let time = String(format: "%02d:%02d:%02d", 7 + Int(rng.unit() * 16), Int(rng.unit() * 60), Int(rng.unit() * 60))
                let type = ["login", "login", "login", "transfer", "fund_view", "bill_pay"][Int(rng.unit() * 6)]
                try events.bind(values: [.integer(nextEvent), .integer(c.id), .text("\(CivilDate(dayNumber: day)) \(time)"), .text(type)])
                _ = try events.step()
                nextEvent += 1
            }
        }

        // A past campaign with a planted effect, for `evaluate campaign`: affluent, active
        // customers were called on 2026-09-01, a 20% holdout by the md5 rule was not, and a
        // call made a deposit of 10,000 or more in the next 30 days more likely: much more for
        // the persuadable (mobile-banking customers under 45), a little for the others.
        if c.aum >= 50_000, !dormant, c.open < DemoBank.campaignDate {
            let held = Buckets.bucket(seed: DemoBank.campaignSeed, key: String(c.id)) < 2000
            pastCampaign.append((c.id, held))
            if !held {
                try contacts.bind(values: [.integer(nextContact), .integer(c.id), date(DemoBank.campaignDate.dayNumber), .text(DemoBank.campaignName),
                                           .text("phone"), .text(rng.unit() < 0.3 ? "interested" : "no_answer")])
                _ = try contacts.step()
                nextContact += 1
                if rng.unit() < DemoBank.plantedEffect(age: c.age, mobile: c.mobile) {
                    let day = DemoBank.campaignDate.dayNumber + 1 + Int(rng.unit() * 20)
                    try transactions.bind(values: [.integer(nextTxn), .integer(c.id), date(day), .text("deposit"),
                                                   money(10_000 + 40_000 * rng.unit()), .text(channel(&rng)), .null])
                    _ = try transactions.step()
                    nextTxn += 1
                }
            }
        }

        // Contact history: earlier campaigns reached about a third of customers.
        if rng.unit() < 0.35 {
            let campaigns = ["q3_wealth_upsell", "mobile_activation", "card_promo", "deposit_retention"]
            for _ in 0..<(1 + Int(rng.unit() * 3)) {
                let day = asOf.dayNumber - 1 - Int(rng.unit() * Double(Self.history))
                let outcome = ["no_answer", "declined", "interested", "converted"][rng.weighted([0.4, 0.35, 0.17, 0.08])]
                try contacts.bind(values: [.integer(nextContact), .integer(c.id), date(day), .text(campaigns[Int(rng.unit() * 4)]),
                                           .text(["phone", "sms", "app_push", "email"][Int(rng.unit() * 4)]), .text(outcome)])
                _ = try contacts.step()
                nextContact += 1
            }
        }
    }
}
