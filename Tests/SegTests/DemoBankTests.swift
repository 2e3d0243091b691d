import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg demo`: deterministic for a seed, shaped like a bank.
@Suite struct DemoBankTests {
    static func build(seed: UInt64, customers: Int = 400) throws -> SQLiteDatabase {
        let path = Support.tempDir().appendingPathComponent("demo.db").path
        let db = try SQLiteDatabase(path: path, create: true)
        try DemoBank(customers: customers, seed: seed).write(to: db)
        return db
    }

    /// Row counts and sums of every table.
    static func fingerprint(_ db: SQLiteDatabase) throws -> [[Value]] {
        try db.query("""
            SELECT (SELECT count(*) FROM customers), (SELECT sum(aum) FROM customers), (SELECT group_concat(name, '') FROM customers),
                   (SELECT count(*) FROM transactions), (SELECT sum(amount) FROM transactions),
                   (SELECT count(*) FROM holdings), (SELECT sum(balance_3m_ago) FROM holdings),
                   (SELECT count(*) FROM app_events), (SELECT max(event_time) FROM app_events),
                   (SELECT count(*) FROM contact_history), (SELECT group_concat(outcome, '') FROM contact_history),
                   (SELECT count(*) FROM households), (SELECT sum(household_id * customer_id) FROM customers)
            """)
    }

    @Test func sameSeedSameBank() throws {
        let a = try Self.fingerprint(Self.build(seed: 1)), b = try Self.fingerprint(Self.build(seed: 1))
        #expect(a == b)
        #expect(a != (try Self.fingerprint(Self.build(seed: 2))))
    }

    /// Every customer lives in one household of one to four in their own city; a household's
    /// size and total AUM are its members', counted again here.
    @Test func householdsHoldTheirMembers() throws {
        let db = try SQLiteDatabase(path: Support.demoPath)
        let wrong = try db.query("""
            SELECT count(*) FROM households h
            WHERE member_count NOT BETWEEN 1 AND 4
               OR member_count <> (SELECT count(*) FROM customers c WHERE c.household_id = h.household_id)
               OR abs(total_aum - (SELECT sum(aum) FROM customers c WHERE c.household_id = h.household_id)) > 0.01
               OR EXISTS (SELECT 1 FROM customers c WHERE c.household_id = h.household_id AND c.city <> h.city)
            """)
        #expect(wrong.first?.first == .integer(0))
        let orphans = try db.query("SELECT count(*) FROM customers WHERE household_id NOT IN (SELECT household_id FROM households)")
        #expect(orphans.first?.first == .integer(0))
        let sizes = try db.query("SELECT count(DISTINCT member_count), count(*) FROM households")
        #expect(sizes.first?.first == .integer(4))
    }

    @Test func looksLikeABank() throws {
        let db = try SQLiteDatabase(path: Support.demoPath)
        // A few percent of customers hold most of the money: the top 5% hold over 40% of AUM.
        let top = try db.query("""
            WITH r AS (SELECT aum, row_number() OVER (ORDER BY aum DESC) AS rn, count(*) OVER () AS n, sum(aum) OVER () AS total FROM customers)
            SELECT sum(aum) / max(total) FROM r WHERE rn <= n * 0.05
            """)
        #expect((top.first?.first?.double ?? 0) > 0.4)
        // AUM is the sum of the customer's holdings, to the cent.
        let mismatched = try db.query("""
            SELECT count(*) FROM customers c
            WHERE abs(aum - (SELECT coalesce(sum(balance), 0) FROM holdings h WHERE h.customer_id = c.customer_id)) > 0.05
            """)
        #expect(mismatched == [[.integer(0)]])
        // Payroll arrives monthly, on the 10th.
        let days = try db.query("SELECT DISTINCT CAST(strftime('%d', txn_date) AS INTEGER) FROM transactions WHERE type = 'payroll'")
        #expect(days == [[.integer(10)]])
        // Every activity row belongs to a customer, and nothing happens after the demo's date.
        for table in ["transactions", "holdings", "app_events", "contact_history"] {
            let orphans = try db.query("SELECT count(*) FROM \(table) t WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = t.customer_id)")
            #expect(orphans == [[.integer(0)]], "\(table)")
        }
        #expect(try db.query("SELECT max(txn_date) <= '2026-11-01', min(txn_date) >= '2026-05-05' FROM transactions") == [[.integer(1), .integer(1)]])
        // A dormant tail: some customers with history but nothing in the last 60 days.
        let dormant = try db.query("""
            SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id)
              AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.txn_date > '2026-09-02')
            """)
        let n = dormant.first?.first?.double ?? 0
        #expect(n > 0.02 * 3000 && n < 0.2 * 3000)
    }
}
