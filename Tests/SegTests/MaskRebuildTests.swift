import CSV
import Foundation
import Testing
import SegCheck
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §5: no masked value may be rebuilt from what the same output shows beside it.
/// The demo bank's customers (identity numbers made from their city and birth date, as real
/// ones are) go out in one CSV with every column a script could put beside them — the
/// masked personal values, the clear neighbours (city, gender, age) and values computed from
/// the birth date. For each row an attacker then counts the identity numbers, birth dates,
/// phones and emails consistent with everything the row shows. None may come down to one.
/// The same attack on the output as it was before (birth dates in clear) rebuilds nearly
/// every identity number, so the attack itself is shown to work.
@Suite struct MaskRebuildTests {
    static let columns = "customer_id, name, gender, city, age, birth_date, id_number, phone, email, year(birth_date), month(birth_date), birth_date + 200 days, days_since(birth_date), coalesce(email, phone)"

    func export(_ header: String, db: String) throws -> [[String: String]] {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("all.csv").path
        let r = try Support.run(header + "export all to csv \"\(path)\" with \(Self.columns)\n", db: db)
        #expect(r.failure == nil, "\(Support.rendered(r))")
        let reader = try CSVReader(string: try String(contentsOfFile: path, encoding: .utf8), hasHeaderRow: true)
        let names = reader.headerRow ?? []
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(names, row))) }
        return rows
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static func check(_ body: String) -> Character {
        Array("10X98765432")[zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// Birth dates consistent with what a row shows: its birth date's visible part, and its age as of the bank's date.
    static func birthDates(_ row: [String: String]) -> [CivilDate] {
        let shown = row["birth_date"] ?? ""
        let age = Int(row["age"] ?? "")
        let asOf = DemoBank.asOf
        var out: [CivilDate] = []
        for y in 1900...2026 {
            if shown.count >= 4, let year = Int(shown.prefix(4)), year != y { continue }
            var d = CivilDate(y, 1, 1)
            while d.year == y {
                if (age == nil || d.years(until: asOf) == age!) && (shown.contains("*") || shown.count < 10 || shown == d.description) { out.append(d) }
                d = d.adding(days: 1)
            }
        }
        return out
    }

    /// Identity numbers consistent with the row: the region of its city (told the attacker
    /// outright), a birth date above, the visible characters, and the check digit.
    static func identityNumbers(_ row: [String: String]) -> Int {
        guard let shown = row["id_number"], shown.count == 18, let region = DemoBank.cities.first(where: { $0.0 == row["city"] })?.1 else { return 0 }
        let chars = Array(shown)
        let gender = row["gender"]
        var n = 0
        // Only the sequences the visible characters allow (all 1000 when hidden).
        let sequences = (0..<1000).filter { sequence in
            zip(Array(String(format: "%03d", sequence)), chars[14..<17]).allSatisfy { $1 == "*" || $0 == $1 }
                && !(gender == "M" && sequence % 2 == 0 || gender == "F" && sequence % 2 == 1)
        }
        for d in birthDates(row) {
            let date = d.description.replacingOccurrences(of: "-", with: "")
            for sequence in sequences {
                let body = region + date + String(format: "%03d", sequence)
                let candidate = Array(body) + [check(body)]
                if zip(candidate, chars).allSatisfy({ $1 == "*" || $0 == $1 }) { n += 1 }
            }
        }
        return n
    }

    @Test func noMaskedValueIsRebuiltFromItsNeighbours() throws {
        let rows = try export("use stdlib.bank\n", db: Support.demoPath)
        #expect(rows.count == 3000)
        var fewestIDs = Int.max, fewestDates = Int.max
        for row in rows.prefix(400) {
            // Values computed from the birth date are hidden whole: nothing to walk through.
            for computed in ["year(birth_date)", "month(birth_date)", "birth_date + 200 days", "days_since(birth_date)"] {
                #expect(row[computed] == "****", "\(computed): \(row[computed] ?? "nil")")
            }
            #expect(row["birth_date"]?.hasSuffix("-**-**") == true, "\(row)")
            fewestDates = min(fewestDates, Self.birthDates(row).count)
            fewestIDs = min(fewestIDs, Self.identityNumbers(row))
            // A phone keeps 3 + 4 digits: the 4 it hides are nowhere else in the row.
            let phone = row["phone"] ?? ""
            #expect(phone.filter { $0 == "*" }.count == 4, "\(phone)")
            // An email keeps its first letter and domain; its mailbox is made of nothing shown.
            if let email = row["email"], !email.isEmpty {
                #expect(email.contains("***@"), "\(email)")
                let mailbox = Self.stored("email", of: row).prefix { $0 != "@" }
                let others = row.filter { $0.key != "email" && $0.key != "coalesce(email, phone)" }.values.joined(separator: " ")
                #expect(mailbox.count > 1 && !others.contains(mailbox.dropFirst()), "\(mailbox) beside \(others)")
            }
        }
        // Several candidates for every row: never one.
        #expect(fewestIDs >= 2, "an identity number was rebuilt from its neighbours (\(fewestIDs) candidate)")
        #expect(fewestDates >= 2, "a birth date was rebuilt (\(fewestDates) candidate)")
        // The control: with the birth date in clear, as before, the same attack rebuilds them.
        let clear = try export("use stdlib.bank\n", db: Support.demoPath).prefix(50).map { row -> [String: String] in
            var r = row
            r["birth_date"] = Self.stored("birth_date", of: row)
            return r
        }
        let rebuilt = clear.filter { Self.identityNumbers($0) == 1 }.count
        #expect(rebuilt >= 40, "the attack should rebuild identity numbers beside a clear birth date: \(rebuilt) of 50")
    }

    /// A column as the demo bank stored it (what an output showing it in clear gave).
    static func stored(_ column: String, of row: [String: String]) -> String {
        let db = try! SQLiteDatabase(path: Support.demoPath)
        let r = try! db.query("SELECT \(column) FROM customers WHERE customer_id = ?1", [.integer(Int64(row["customer_id"]!)!)])
        if case .text(let d)? = r.first?.first { return d }
        return ""
    }
}
