import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The UCI Bank Marketing data (45,211 real customers of a Portuguese bank), loaded into a
/// temporary SQLite file: each segment condition's members, as `seg` exports them, must equal
/// the same condition computed directly in Swift over the CSV rows.
@Suite(.enabled(if: Support.sharedData != nil, "../shared/data is absent: the real-data tests need it"))
struct RealDataTests {
    struct Row {
        var id: Int
        var age: Int
        var job: String?
        var marital: String
        var education: String?
        var `default`: String
        var balance: Int
        var housing: String
        var loan: String
        var contact: String?
        var day: Int
        var month: String
        var duration: Int
        var campaign: Int
        var pdays: Int
        var previous: Int
        var poutcome: String?
        var y: String
    }

    /// Loaded once: the rows, and the SQLite file holding them. "unknown" is a missing value.
    static let data: (rows: [Row], db: String) = {
        let text = Support.gunzip(Support.sharedData!.appendingPathComponent("uci-bank-marketing/bank-full.csv.gz"))
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        func field(_ s: Substring) -> String { s.hasPrefix("\"") ? String(s.dropFirst().dropLast()) : String(s) }
        func known(_ s: String) -> String? { s == "unknown" ? nil : s }
        var rows: [Row] = []
        for (i, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(field)
            rows.append(Row(id: i + 1, age: Int(f[0])!, job: known(f[1]), marital: f[2], education: known(f[3]), default: f[4],
                            balance: Int(f[5])!, housing: f[6], loan: f[7], contact: known(f[8]), day: Int(f[9])!, month: f[10],
                            duration: Int(f[11])!, campaign: Int(f[12])!, pdays: Int(f[13])!, previous: Int(f[14])!,
                            poutcome: known(f[15]), y: f[16]))
        }
        let path = Support.tempDir().appendingPathComponent("bank-full.db").path
        let db = try! SQLiteDatabase(path: path, create: true)
        try! db.execute("""
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, age INTEGER NOT NULL, job TEXT, marital TEXT NOT NULL,
              education TEXT, "default" TEXT NOT NULL, balance INTEGER NOT NULL, housing TEXT NOT NULL, loan TEXT NOT NULL,
              contact TEXT, day INTEGER NOT NULL, month TEXT NOT NULL, duration INTEGER NOT NULL, campaign INTEGER NOT NULL,
              pdays INTEGER NOT NULL, previous INTEGER NOT NULL, poutcome TEXT, y TEXT NOT NULL);
            BEGIN;
            """)
        let insert = try! db.prepare("INSERT INTO customers VALUES (\((1...18).map { "?\($0)" }.joined(separator: ",")))")
        func t(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
        func n(_ i: Int) -> Value { .integer(Int64(i)) }
        for r in rows {
            try! insert.bind(values: [n(r.id), n(r.age), t(r.job), t(r.marital), t(r.education), t(r.default), n(r.balance),
                                      t(r.housing), t(r.loan), t(r.contact), n(r.day), t(r.month), n(r.duration), n(r.campaign),
                                      n(r.pdays), n(r.previous), t(r.poutcome), t(r.y)])
            _ = try! insert.step()
        }
        try! db.execute("COMMIT")
        return (rows, path)
    }()

    /// Segments every case may use.
    static let prelude = """
        segment 富裕 where balance >= 5k
        segment older where age >= 50
        segment 富裕老年 = 富裕 and older
        define balance_per_contact = balance / campaign

        """

    /// (condition in Seg, the same condition in Swift, with missing values counting as false).
    static let cases: [(String, @Sendable (Row) -> Bool)] = [
        ("age >= 60", { $0.age >= 60 }),
        ("balance > 10k", { $0.balance > 10_000 }),
        ("balance >= 1w and balance < 1.5w", { $0.balance >= 10_000 && $0.balance < 15_000 }),
        ("default = \"yes\"", { $0.default == "yes" }),
        ("`default` = \"no\" and loan = \"yes\"", { $0.default == "no" && $0.loan == "yes" }),
        ("job in [\"admin.\", \"technician\"]", { ["admin.", "technician"].contains($0.job ?? "") }),
        ("job not in [\"admin.\", \"technician\"]", { $0.job.map { !["admin.", "technician"].contains($0) } ?? false }),
        ("not (job in [\"admin.\", \"technician\"])", { !["admin.", "technician"].contains($0.job ?? "") }),
        ("education is missing", { $0.education == nil }),
        ("contact is not missing and balance between 0 and 1000", { $0.contact != nil && (0...1000).contains($0.balance) }),
        ("job starts with \"blue\"", { $0.job?.hasPrefix("blue") ?? false }),
        ("job ends with \"ed\"", { $0.job?.hasSuffix("ed") ?? false }),
        ("job contains \"-\"", { $0.job?.contains("-") ?? false }),
        ("not (job contains \"-\")", { !($0.job?.contains("-") ?? false) }),
        ("balance_per_contact > 500", { Double($0.balance) / Double($0.campaign) > 500 }),
        ("duration * 2 + 10 >= 1k", { $0.duration * 2 + 10 >= 1000 }),
        ("富裕老年", { $0.balance >= 5000 && $0.age >= 50 }),
        ("富裕 and not older", { $0.balance >= 5000 && $0.age < 50 }),
        ("not 富裕 or older", { $0.balance < 5000 || $0.age >= 50 }),
        ("(if balance > 0 then balance else 0) > 100", { max($0.balance, 0) > 100 }),
        ("pdays = -1 and previous = 0", { $0.pdays == -1 && $0.previous == 0 }),
        ("y = \"yes\" and poutcome = \"success\"", { $0.y == "yes" && $0.poutcome == "success" }),
        ("not (poutcome = \"failure\")", { $0.poutcome != "failure" }),
        ("coalesce(poutcome, \"none\") = \"none\"", { $0.poutcome == nil }),
        ("abs(balance) > 2000", { abs($0.balance) > 2000 }),
        ("month in [\"may\", \"jun\"] and day between 1 and 15", { ["may", "jun"].contains($0.month) && (1...15).contains($0.day) }),
        ("marital != \"married\" and age < 30", { $0.marital != "married" && $0.age < 30 }),
        ("balance < -500", { $0.balance < -500 }),
        ("campaign > previous * 3", { $0.campaign > $0.previous * 3 }),
        ("housing = \"yes\" or loan = \"yes\" or default = \"yes\"", { $0.housing == "yes" || $0.loan == "yes" || $0.default == "yes" }),
        ("all", { _ in true }),
    ]

    @Test(arguments: 0..<cases.count)
    func members(_ index: Int) throws {
        let (condition, predicate) = Self.cases[index]
        let (rows, db) = Self.data
        let out = Support.tempDir().appendingPathComponent("members.csv").path
        let script = Self.prelude + "export \(condition) to csv \"\(out)\" with customer_id\ncount \(condition)\ncount not (\(condition))\n"
        let result = try Support.run(script, db: db)
        #expect(result.failure == nil, "\(condition): \(Support.rendered(result))")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let keys = Set(text.split(separator: "\r\n").dropFirst().compactMap { Int($0) })
        let expected = Set(rows.filter(predicate).map(\.id))
        #expect(keys == expected, "\(condition): seg \(keys.count), Swift \(expected.count)")
        // `count c` + `count not c` = `count all`.
        let counts = result.outputs.compactMap { o -> Int64? in if case .count(_, let n) = o { return n } else { return nil } }
        #expect(counts == [Int64(expected.count), Int64(rows.count - expected.count)], "\(condition)")
    }

    @Test func loadedEveryRow() {
        #expect(Self.data.rows.count == 45_211)
    }
}
