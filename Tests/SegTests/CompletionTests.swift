import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Tab in the REPL completes from where the cursor is (`Completion`); TerminalTests presses
/// Tab on a real terminal.
@Suite struct CompletionTests {
    static func completion() throws -> Completion {
        let c = Conversation(session: try Session(engine: try SQLiteEngine(path: Support.demoPath)))
        _ = c.evaluate("use stdlib.bank")
        return Completion(conversation: c)
    }

    @Test func aRelationsColumnsInsideItsAggregate() throws {
        let c = try Self.completion()
        let got = try #require(c.candidates(before: "count(transactions where ", word: "ty", quoted: false))
        #expect(got.first == "type", "\(got)")
        // Outside the aggregate, a bare `ty` is no column of the customer.
        #expect(c.candidates(before: "count ", word: "ty", quoted: false)?.contains("type") == false)
        // After a closed aggregate, back to the customer's names.
        #expect(c.candidates(before: "count count(transactions) > 1 and ", word: "ag", quoted: false) == ["age"])
    }

    @Test func valuesOfAFewValuedTextFieldInsideQuotes() throws {
        let c = try Self.completion()
        let db = try SQLiteDatabase(path: Support.demoPath)
        let cities = try db.query("SELECT DISTINCT city FROM customers ORDER BY city").compactMap { r -> String? in
            if case .text(let s) = r[0] { return s } else { return nil }
        }
        #expect(c.candidates(before: "count city = \"", word: "", quoted: true) == cities.sorted())
        #expect(c.candidates(before: "count city = \"", word: "上", quoted: true) == cities.filter { $0.hasPrefix("上") })
        #expect(c.candidates(before: "count city in [\"上海\", \"", word: "北", quoted: true) == cities.filter { $0.hasPrefix("北") })
        // A personal field's values are never offered; nor a field with many values.
        #expect(c.candidates(before: "count name = \"", word: "", quoted: true) == [])
        #expect(c.candidates(before: "count email = \"", word: "", quoted: true) == [])
        // A string that is not a value of a field and not a path: nothing.
        #expect(c.candidates(before: "sample 10 from all seed \"", word: "", quoted: true) == [])
    }

    @Test func pathsWherePathsGo() throws {
        let c = try Self.completion()
        #expect(c.candidates(before: "use \"", word: "ex", quoted: true) == nil)
        #expect(c.candidates(before: "export vip to csv \"", word: "o", quoted: true) == nil)
        #expect(c.candidates(before: "model m = \"", word: "", quoted: true) == nil)
        #expect(c.candidates(before: ".load \"", word: "", quoted: true) == nil)
    }

    @Test func listsOnlyAfterListAndEveryStandardModule() throws {
        let c = try Self.completion()
        #expect(c.candidates(before: "count in list ", word: "q3", quoted: false) == ["q3_deposit_drive"])
        #expect(c.candidates(before: "count ", word: "q3", quoted: false) == [])
        let modules = try #require(c.candidates(before: "use ", word: "stdlib.", quoted: false))
        for m in ["bank", "household", "rfm", "tags", "value", "lifecycle", "contact"] { #expect(modules.contains("stdlib." + m), "\(modules)") }
    }
}
