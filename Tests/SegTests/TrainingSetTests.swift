import Foundation
import Testing
import SegRun
import SegCheck
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Training snapshots (`export … as of [d1, …] label L = C after N days`): one row per member
/// and date, every column as of its date, the label from the window after it.
@Suite struct TrainingSetTests {
    static let script = """
        use stdlib.bank
        define n90 = count(transactions within 90 days)
        define spend = sum(transactions.amount)
        define last_txn = last(transactions.txn_date)
        define logins = count(app_logins)
        segment active where any(transactions within 90 days)
        export active to csv "train.csv" with customer_id, n90, spend, last_txn, days_since(last_txn), logins, year(last_txn)
          as of [DATES]
          LABEL
        """

    func demoCopy(_ dir: URL) throws -> String {
        let path = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        return path
    }

    func rows(_ csv: URL) throws -> [[String]] {
        try String(contentsOf: csv, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// No row reads anything after its date: each date's rows are the same when every row of
    /// every relation dated after it is deleted first.
    @Test func noRowReadsAfterItsDate() throws {
        let dir = Support.tempDir()
        let db = try demoCopy(dir)
        let dates = ["2026-06-30", "2026-08-31"]
        let whole = Self.script.replacingOccurrences(of: "DATES", with: dates.joined(separator: ", "))
            .replacingOccurrences(of: "LABEL", with: "label churned = not any(transactions within 30 days) after 30 days")
        try whole.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let run = try Support.seg(["run", "t.seg", "--db", db], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let all = try rows(dir.appendingPathComponent("train.csv"))
        #expect(all.count > 1000)
        for date in dates {
            let cut = Support.tempDir()
            let past = try demoCopy(cut)
            let sqlite = try SQLiteDatabase(path: past)
            for (table, column) in [("transactions", "txn_date"), ("app_events", "date(event_time)"), ("holdings", "opened_date"),
                                    ("accounts", "opened_date"), ("contact_history", "contact_date")] {
                try sqlite.execute("DELETE FROM \(table) WHERE \(column) > '\(date)'")
            }
            let one = Self.script.replacingOccurrences(of: "DATES", with: date).replacingOccurrences(of: "LABEL", with: "")
            try one.write(to: cut.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
            let r = try Support.seg(["run", "t.seg", "--db", past], cwd: cut)
            #expect(r.status == 0, "\(r.stderr)")
            let pastRows = try rows(cut.appendingPathComponent("train.csv"))
            let fullRows = all.filter { $0.first == date }.map { Array($0.dropLast()) }
            #expect(pastRows.count == fullRows.count && pastRows == fullRows, "rows of \(date) read after it: \(pastRows.count) vs \(fullRows.count)")
        }
        // The label by hand: no transaction in (date, date + 30 days].
        for date in dates {
            let end = CivilDate(iso: date)!.adding(days: 30).description
            let active = Set(try SQLiteDatabase(path: db).query(
                "SELECT DISTINCT customer_id FROM transactions WHERE txn_date > ?1 AND txn_date <= ?2", [.text(date), .text(end)]).compactMap { r -> String? in
                    if case .integer(let k) = r[0] { return String(k) } else { return nil }
                })
            for row in all where row.first == date {
                #expect(row.last == (active.contains(row[1]) ? "false" : "true"), "label of \(row[1]) at \(date)")
            }
        }
    }

    @Test func aTrainingSetIsWrittenToAFile() throws {
        let dir = Support.tempDir()
        try "use stdlib.bank\nexport aum > 1 to list x as of [2026-06-30]\n".write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["check", "t.seg"], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("E0520"), "\(r.stderr)")
        try "use stdlib.bank\nexport aum > 1 to csv \"t.csv\" as of [2026-06-30] label l = aum > 1 after 40\n".write(to: dir.appendingPathComponent("u.seg"), atomically: true, encoding: .utf8)
        let u = try Support.seg(["check", "u.seg"], cwd: dir)
        #expect(u.status == 1 && u.stderr.contains("E0523"), "\(u.stderr)")
        // A date before the data begins is said (the demo's transactions start in May 2026).
        try "use stdlib.bank\nexport aum > 1 to csv \"early.csv\" with customer_id, count(transactions) as of [2026-03-31, 2026-06-30]\n"
            .write(to: dir.appendingPathComponent("w.seg"), atomically: true, encoding: .utf8)
        let w = try Support.seg(["run", "w.seg", "--db", Support.demoPath], cwd: dir)
        #expect(w.status == 0 && w.stderr.contains("W0708") && w.stderr.contains("2026-03-31") && !w.stderr.contains("2026-06-30:"), "\(w.stderr)")
        // Every read stops at the run's as_of: a date or a label window past it is refused, and nothing is written.
        for (dates, label, why) in [("2026-06-30, 2026-10-31", "", "the training date 2026-10-31 is after this run's as_of 2026-08-31"),
                                    ("2026-08-15", "label l = aum > 1 after 30 days", "the label of the rows of 2026-08-15 looks to 2026-09-14")] {
            try "use stdlib.bank\nparam as_of: date = 2026-08-31\nexport aum > 1 to csv \"t.csv\" with customer_id as of [\(dates)] \(label)\n"
                .write(to: dir.appendingPathComponent("v.seg"), atomically: true, encoding: .utf8)
            let v = try Support.seg(["run", "v.seg", "--db", Support.demoPath], cwd: dir)
            #expect(v.status == 1 && v.stderr.contains("E0733") && v.stderr.contains(why), "\(v.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.csv").path))
        }
    }
}
