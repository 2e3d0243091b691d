import Testing
@testable import SegSyntax
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        var map = SourceMap()
        let (tokens, _) = Lexer.tokenize(map.add(path: "t", text: text))
        return tokens.map(\.kind).dropLast()
    }

    func errors(_ text: String) -> [Diagnostic] {
        var map = SourceMap()
        return Lexer.tokenize(map.add(path: "t", text: text)).diagnostics
    }

    @Test(arguments: [
        ("42", 42.0), ("12.5", 12.5), ("1_000_000", 1_000_000), ("1e6", 1e6), ("2.5E-3", 0.0025),
        ("500k", 500_000), ("1.5m", 1_500_000), ("2b", 2e9), ("50w", 500_000), ("50万", 500_000),
        ("3亿", 3e8), ("10%", 0.1), ("12.5%", 0.125), ("5k%", 50), ("600万", 6_000_000), ("7K", 7000),
    ])
    func numbers(_ text: String, _ value: Double) {
        guard case .number(let v, let t)? = kinds(text).first else {
            Issue.record("\(text) is not a number")
            return
        }
        #expect(abs(v - value) < 1e-9 * max(1, value))
        #expect(t == text)
    }

    @Test func durations() {
        #expect(kinds("30d") == [.duration(30, .days)])
        // `30 days` is a number and a word; the parser makes it a duration.
        #expect(kinds("30 days") == [.number(30, text: "30"), .identifier("days", quoted: false)])
    }

    @Test func dates() {
        #expect(kinds("2026-11-01") == [.date("2026-11-01")])
        #expect(kinds("2024-02-29") == [.date("2024-02-29")])
        #expect(!errors("2023-02-29").isEmpty)
        #expect(errors("2023-02-29").first?.code == "E0107")
        // Not a date: arithmetic.
        #expect(kinds("2026-11") == [.number(2026, text: "2026"), .symbol("-"), .number(11, text: "11")])
    }

    @Test func strings() {
        #expect(kinds(#""a\"b""#) == [.string("a\"b")])
        #expect(kinds(#"'it\'s'"#) == [.string("it's")])
        #expect(kinds(#""x\\y\n\t""#) == [.string("x\\y\n\t")])
        #expect(kinds(#""\u{4E07}元""#) == [.string("万元")])
        #expect(kinds(#"'say "hi"'"#) == [.string("say \"hi\"")])
        #expect(errors(#""open"#).map(\.code) == ["E0103"])
        #expect(errors(#""bad \q""#).map(\.code) == ["E0104"])
    }

    @Test func identifiers() {
        #expect(kinds("高净值客户 aum_3m _x") == [
            .identifier("高净值客户", quoted: false), .identifier("aum_3m", quoted: false), .identifier("_x", quoted: false),
        ])
        #expect(kinds("`first name`") == [.identifier("first name", quoted: true)])
        // Keywords are case-insensitive; identifiers keep their case.
        #expect(kinds("WHERE Where where Aum") == [.keyword(.where), .keyword(.where), .keyword(.where), .identifier("Aum", quoted: false)])
        #expect(kinds("`where`") == [.identifier("where", quoted: true)])
    }

    @Test func commentsAndShebang() {
        #expect(kinds("#!/usr/bin/env seg run\ncount -- note\n/* block /* nested */ */ all") == [.keyword(.count), .keyword(.all)])
        #expect(errors("/* open").map(\.code) == ["E0105"])
    }

    @Test func docComments() {
        var map = SourceMap()
        let (tokens, _) = Lexer.tokenize(map.add(path: "t", text: "-- Rich ones.\n-- Really rich.\nsegment x where a\n\n-- far\n\ncount x"))
        #expect(tokens[0].docComment == "Rich ones.\nReally rich.")
        #expect(tokens.first { $0.isKeyword(.count) }?.docComment == nil)
    }

    @Test func operators() {
        #expect(kinds("= != <> < <= > >= + - * / ( ) [ ] , . : ;").map { if case .symbol(let s) = $0 { return s } else { return "?" } }
                == ["=", "!=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".", ":", ";"])
    }

    @Test func badCharactersAreReportedAndSkipped() {
        var map = SourceMap()
        let (tokens, diagnostics) = Lexer.tokenize(map.add(path: "t", text: "count a & b"))
        #expect(diagnostics.map(\.code) == ["E0102"])
        #expect(diagnostics[0].suggestion == "write `and`")
        #expect(tokens.count == 4)
    }

    @Test func suffixErrors() {
        let d = errors("30days")
        #expect(d.map(\.code) == ["E0106"])
        #expect(d.first?.suggestion == "for a duration put a space: `30 days`")
    }
}
