import Foundation
import Testing
import SegRun

/// The tag store (issue 18): a definition read from a tag table gives exactly what computing
/// it gives, and a table is never served stale — not after the data changes, not for another
/// date, not for a changed definition.
@Suite struct TagStoreTests {
    static func copy() throws -> (dir: URL, db: String) {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        return (dir, db)
    }

    static let rfm = ["recency_days", "frequency_180d", "monetary_180d", "r_score", "f_score", "m_score", "rfm_group",
                      "rfm_champions", "rfm_at_risk", "rfm_hibernating"]

    /// Every RFM definition for every customer, counts and groups over them: the same with the
    /// tag table as without, and `explain` says the tags were read.
    @Test func tagsGiveWhatComputingGives() throws {
        let (dir, db) = try Self.copy()
        let script = """
            use stdlib.rfm
            show all with customer_id, \(Self.rfm.joined(separator: ", ")) order by customer_id limit 100000
            count rfm_champions
            count rfm_at_risk and aum >= 10万 by city
            count all by rfm_group
            profile rfm_champions by city
            overlap rfm_champions, rfm_at_risk, rfm_hibernating
            count r_score >= 4 and any(transactions within 30 days)
            """
        try script.write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        try "use stdlib.rfm\nexplain rfm_champions\n".write(to: dir.appendingPathComponent("e.seg"), atomically: true, encoding: .utf8)
        let before = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(!(try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout.contains("tag table")))

        let build = try Support.seg(["tags", "build", "stdlib.rfm", "--db", db], cwd: dir)
        #expect(build.status == 0 && build.stdout.hasPrefix("built seg_tags_1: "), "\(build.stdout)\(build.stderr)")
        let explain = try Support.seg(["run", "e.seg", "--db", db], cwd: dir).stdout
        #expect(explain.contains("definitions read from tag table seg_tags_1") && explain.contains("FROM \"seg_tags_1\" AS \"customers\""), "\(explain)")
        let after = try Support.seg(["run", "q.seg", "--db", db], cwd: dir)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == before.stdout)
        let list = try Support.seg(["tags", "--db", db], cwd: dir).stdout
        #expect(list.contains("seg_tags_1") && list.contains(" yes "), "\(list)")
    }

    /// Changed data, another date, a changed definition: the table is not served, and the
    /// answers are those of the data as it is now.
    @Test func aTagTableIsNeverServedStale() throws {
        let (dir, db) = try Self.copy()
        try "define busy = count(transactions within 90 days) >= 3\nsegment rich where aum >= 50万\n"
            .write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        try "use \"m.seg\"\ncount busy\ncount rich\nexplain rich\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        func run(_ args: [String] = []) throws -> String {
            let r = try Support.seg(["run", "q.seg", "--db", db] + args, cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        func truth(_ sql: String) throws -> Int64 {
            guard case .integer(let n)? = try SQLiteDatabase(path: db).query(sql).first?.first else { return -1 }
            return n
        }
        #expect(try run().contains("tag table seg_tags_1"))

        // The entity's data changes: a customer becomes rich.
        let sqlite = try SQLiteDatabase(path: db)
        try sqlite.execute("UPDATE customers SET aum = 9000000 WHERE customer_id = (SELECT MIN(customer_id) FROM customers WHERE aum < 500000)")
        var out = try run()
        #expect(!out.contains("tag table"), "\(out)")
        #expect(out.contains("count rich: \(Cell.grouped(try truth("SELECT COUNT(*) FROM customers WHERE aum >= 500000")))"))

        // Rebuilt, then a relation grows: a new transaction for a customer.
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        #expect(try run().contains("tag table seg_tags_2"))
        try sqlite.execute("""
            INSERT INTO transactions (txn_id, customer_id, txn_date, type, amount, channel)
            SELECT MAX(txn_id) + 1, (SELECT MIN(customer_id) FROM customers), '2026-10-30', 'deposit', 100, 'app' FROM transactions
            """)
        out = try run()
        #expect(!out.contains("tag table"), "\(out)")

        // Rebuilt, then another date.
        #expect(try Support.seg(["tags", "build", "m.seg", "--db", db], cwd: dir).status == 0)
        #expect(try run().contains("tag table seg_tags_3"))
        #expect(!(try run(["--as-of", "2026-10-01"]).contains("tag table")))

        // A changed definition is computed; the unchanged one is still read.
        try "define busy = count(transactions within 90 days) >= 4\nsegment rich where aum >= 50万\n"
            .write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        out = try run()
        #expect(out.contains("tag table seg_tags_3") && out.contains(": rich") && !out.contains("busy,"), "\(out)")
        let list = try Support.seg(["tags", "--db", db], cwd: dir).stdout
        #expect(list.contains("seg_tags_1") && list.contains("no: the data changed"), "\(list)")
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"))
    func tagsOnPostgreSQL() throws {
        let database = try PostgresTests.copy(of: PostgresTests.templates.demo)
        let conn = Postgres.conninfo! + " dbname=\(database)"
        let dir = Support.tempDir()
        try "use stdlib.rfm\ncount rfm_champions\ncount all by rfm_group\nexplain rfm_champions\n".write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        let before = try Support.seg(["run", "q.seg", "--db", conn], cwd: dir)
        #expect(before.status == 0, "\(before.stderr)")
        let build = try Support.seg(["tags", "build", "stdlib.rfm", "--db", conn], cwd: dir)
        #expect(build.status == 0, "\(build.stderr)")
        let after = try Support.seg(["run", "q.seg", "--db", conn], cwd: dir)
        #expect(after.stdout.contains("tag table seg_tags_1"), "\(after.stdout)\(after.stderr)")
        func counts(_ s: String) -> [String] { s.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("--") && !$0.contains("seg_tags") && !$0.hasPrefix("SELECT") && !$0.hasPrefix("FROM") && !$0.hasPrefix("WHERE") } }
        #expect(counts(after.stdout).prefix(8) == counts(before.stdout).prefix(8))
    }
}
