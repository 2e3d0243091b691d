import Foundation
import Testing
import SegCheck
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Windows and aggregates on real bank data: the Berka (PKDD'99) Czech bank's accounts and
/// the first 49,102 of their transactions (1993-01-01 to 1994-03-31), loaded into SQLite with a
/// foreign key. Each condition's members, as `seg` exports them, must equal the same
/// condition computed directly in Swift over the rows, with LANGUAGE.md §4's window rules.
@Suite(.enabled(if: Support.sharedData != nil, "../shared/data is absent: the Berka tests need it"))
struct BerkaTests {
    struct Txn {
        var id: Int
        var account: Int
        var date: CivilDate
        var type: String
        var operation: String?
        var amount: Double
        var balance: Double
        var kSymbol: String?
    }

    static let data: (accounts: [Int], txns: [Int: [Txn]], db: String) = {
        let dir = Support.sharedData!.appendingPathComponent("berka-pkdd99-financial")
        func lines(_ text: String) -> [[String]] {
            text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst().map { line in
                line.split(separator: ";", omittingEmptySubsequences: false).map { f in
                    var s = f.trimmingCharacters(in: .whitespacesAndNewlines)
                    if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { s = String(s.dropFirst().dropLast()) }
                    return s
                }
            }
        }
        func date(_ yymmdd: String) -> CivilDate {
            let n = Int(yymmdd)!
            return CivilDate(1900 + n / 10000, n / 100 % 100, n % 100)
        }
        let accountText = try! String(contentsOf: dir.appendingPathComponent("account.asc"), encoding: .utf8)
        let transText = Support.gunzip(dir.appendingPathComponent("trans_partial_first_49102_rows.asc.gz"))

        let path = Support.tempDir().appendingPathComponent("berka.db").path
        let db = try! SQLiteDatabase(path: path, create: true)
        try! db.execute("""
            CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, district_id INTEGER NOT NULL, frequency TEXT NOT NULL, opened DATE NOT NULL);
            CREATE TABLE transactions (trans_id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (account_id),
              trans_date DATE NOT NULL, type TEXT NOT NULL, operation TEXT, amount DOUBLE PRECISION NOT NULL,
              balance DOUBLE PRECISION NOT NULL, k_symbol TEXT);
            BEGIN;
            """)
        var accounts: [Int] = []
        let insertAccount = try! db.prepare("INSERT INTO accounts VALUES (?1, ?2, ?3, ?4)")
        for f in lines(accountText) {
            accounts.append(Int(f[0])!)
            try! insertAccount.bind(values: [.integer(Int64(f[0])!), .integer(Int64(f[1])!), .text(f[2]), .text(date(f[3]).description)])
            _ = try! insertAccount.step()
        }
        var txns: [Int: [Txn]] = [:]
        let insertTxn = try! db.prepare("INSERT INTO transactions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        for f in lines(transText) {
            let blankToNil = { (s: String) -> String? in s.trimmingCharacters(in: .whitespaces).isEmpty ? nil : s }
            let t = Txn(id: Int(f[0])!, account: Int(f[1])!, date: date(f[2]), type: f[3], operation: blankToNil(f[4]),
                        amount: Double(f[5])!, balance: Double(f[6])!, kSymbol: blankToNil(f[7]))
            txns[t.account, default: []].append(t)
            try! insertTxn.bind(values: [.integer(Int64(t.id)), .integer(Int64(t.account)), .text(t.date.description), .text(t.type),
                                         t.operation.map { .text($0) } ?? .null, .real(t.amount), .real(t.balance),
                                         t.kSymbol.map { .text($0) } ?? .null])
            _ = try! insertTxn.step()
        }
        try! db.execute("COMMIT; CREATE INDEX transactions_account_date ON transactions (account_id, trans_date);")
        return (accounts, txns, path)
    }()

    /// `within N days|months` up to `asOf` (months clamp to the month's end).
    static func within(_ t: Txn, days: Int = 0, months: Int = 0, asOf: CivilDate) -> Bool {
        let start = months > 0 ? asOf.adding(months: -months) : asOf.adding(days: -days)
        return t.date > start && t.date <= asOf
    }

    typealias Case = (seg: String, asOf: String, swift: @Sendable ([Txn], CivilDate) -> Bool)

    static let cases: [Case] = [
        ("count(transactions within 30 days) >= 3", "1994-03-31", { ts, d in ts.filter { within($0, days: 30, asOf: d) }.count >= 3 }),
        ("any(transactions where type = \"PRIJEM\" within 1 month)", "1994-03-31",
         { ts, d in ts.contains { $0.type == "PRIJEM" && within($0, months: 1, asOf: d) } }),
        // 1994-02-28 minus a month is 1994-01-28; 1993-03-31 minus a month is 1993-02-28.
        ("any(transactions within 1 month)", "1994-02-28", { ts, d in ts.contains { within($0, months: 1, asOf: d) } }),
        ("count(transactions within 1 month) >= 2", "1993-03-31", { ts, d in ts.filter { within($0, months: 1, asOf: d) }.count >= 2 }),
        ("sum(transactions.amount where type = \"VYDAJ\" within 90 days) > 20k", "1994-03-31",
         { ts, d in ts.filter { $0.type == "VYDAJ" && within($0, days: 90, asOf: d) }.reduce(0) { $0 + $1.amount } > 20_000 }),
        ("avg(transactions.balance within 2 weeks) > 30k", "1994-03-31", { ts, d in
            let w = ts.filter { within($0, days: 14, asOf: d) }
            return !w.isEmpty && w.reduce(0) { $0 + $1.balance } / Double(w.count) > 30_000 }),
        ("avg(transactions.balance within 2 weeks) is missing", "1994-03-31", { ts, d in !ts.contains { within($0, days: 14, asOf: d) } }),
        ("max(transactions.amount) >= 50k", "1994-03-31", { ts, _ in (ts.map(\.amount).max() ?? 0) >= 50_000 }),
        ("min(transactions.trans_date) < 1993-06-01", "1994-03-31", { ts, _ in ts.contains { $0.date < CivilDate(1993, 6, 1) } }),
        ("count(transactions between 1993-12-01 and 1993-12-31) = 0 and any(transactions before 1993-12-01)", "1994-03-31", { ts, _ in
            !ts.contains { $0.date >= CivilDate(1993, 12, 1) && $0.date <= CivilDate(1993, 12, 31) } && ts.contains { $0.date < CivilDate(1993, 12, 1) } }),
        ("last(transactions.balance) < 1000", "1994-03-31", { ts, _ in
            guard let last = ts.max(by: { ($0.date, $0.id) < ($1.date, $1.id) }) else { return false }
            return last.balance < 1000 }),
        ("first(transactions.operation within 3 months) = \"VKLAD\"", "1994-03-31", { ts, d in
            guard let first = ts.filter({ within($0, months: 3, asOf: d) }).min(by: { ($0.date, $0.id) < ($1.date, $1.id) }) else { return false }
            return first.operation == "VKLAD" }),
        ("distinct_count(transactions.k_symbol within 3 months) >= 2", "1994-03-31",
         { ts, d in Set(ts.filter { within($0, months: 3, asOf: d) }.compactMap(\.kSymbol)).count >= 2 }),
        ("count(transactions within 1 year) > 50", "1994-03-31", { ts, d in ts.filter { within($0, months: 12, asOf: d) }.count > 50 }),
        ("not any(transactions within 6 months)", "1994-03-31", { ts, d in !ts.contains { within($0, months: 6, asOf: d) } }),
        ("count(transactions where operation is missing and amount > 100) >= 2", "1994-03-31",
         { ts, _ in ts.filter { $0.operation == nil && $0.amount > 100 }.count >= 2 }),
        ("sum(transactions.amount where k_symbol = \"UROK\") = 0", "1994-03-31",
         { ts, _ in ts.filter { $0.kSymbol == "UROK" }.reduce(0) { $0 + $1.amount } == 0 }),
    ]

    @Test(arguments: 0..<cases.count)
    func members(_ index: Int) throws {
        let c = Self.cases[index]
        let (accounts, txns, db) = Self.data
        let out = Support.tempDir().appendingPathComponent("m.csv").path
        var options = RunOptions()
        options.asOf = c.asOf
        let result = try Support.run("export \(c.seg) to csv \"\(out)\" with account_id\n", db: db, options: options)
        #expect(result.failure == nil, "\(c.seg): \(Support.rendered(result))")
        let keys = Set(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\r\n").dropFirst().compactMap { Int($0) })
        let asOf = CivilDate(iso: c.asOf)!
        let expected = Set(accounts.filter { c.swift(txns[$0] ?? [], asOf) })
        #expect(keys == expected, "\(c.seg) as of \(c.asOf): seg \(keys.count), Swift \(expected.count)")
        #expect(!expected.isEmpty && expected.count < accounts.count, "\(c.seg) should split the accounts to prove anything")
    }

    @Test func loaded() {
        #expect(Self.data.accounts.count == 4_500)
        #expect(Self.data.txns.values.reduce(0) { $0 + $1.count } == 49_102)
    }
}
