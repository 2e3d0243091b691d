import Foundation
import Testing
@testable import SegSyntax
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// grammar/seg.ebnf must stay the truth: every keyword the lexer knows is in it, and every
/// example and script test parses (the scripts exercise each rule).
@Suite struct GrammarTests {
    static let grammar = (try? String(contentsOf: Support.root.appendingPathComponent("grammar/seg.ebnf"), encoding: .utf8)) ?? ""

    @Test(arguments: Keyword.allCases)
    func keywordIsInTheGrammar(_ k: Keyword) {
        #expect(Self.grammar.contains("\"\(k.rawValue)\"") || Self.grammar.contains(" \(k.rawValue) ") || Self.grammar.contains(" \(k.rawValue)\n"),
                "`\(k.rawValue)` is missing from grammar/seg.ebnf")
    }

    @Test func everyExampleParses() throws {
        for name in ScriptTests.examples {
            let text = try String(contentsOf: Support.root.appendingPathComponent("examples/\(name)"), encoding: .utf8)
            let (_, d, _) = Support.parse(text)
            #expect(d.isEmpty, "\(name): \(d.map(\.message))")
        }
    }

    @Test func everyStatementKindOfTheGrammarParses() {
        // One line for each production of `statement` and `action`.
        let text = """
            version "1"; use stdlib.bank; param p: number = 1; define d = 1; segment s where d > 0
            segment s2 from s where d > 0; segment s3 = s or s2; segment s4 where d > 1 export to list
            count s by d; show s with d order by d desc limit 5; explain s; explain s for customer 10042
            export s to csv "a.csv" with d; export s to jsonl "a.jsonl"; export s to list l; export s to table t
            assert count s between 1 and 2; assert count s >= 1
            """
        let (p, d, _) = Support.parse(text)
        #expect(d.isEmpty, "\(d.map(\.message))")
        #expect(p.statements.count == 18)
    }
}
