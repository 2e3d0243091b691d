import Foundation
import Testing
import SegSyntax
import SegCheck
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The exact text of the main diagnostics, as a user sees them (snapshots in Tests/snapshots/diagnostics).
@Suite struct DiagnosticTests {
    static let cases: [(String, String)] = [
        ("unknown_suggestion", "segment vip where aum >= 500k and citty = \"上海\""),
        ("unknown_list", "count balanse > 5"),
        ("type_mismatch", "segment young where age > \"abc\""),
        ("date_in_quotes", "count open_date >= \"2020-01-01\""),
        ("unterminated_string", "segment a where name = \"张"),
        ("cycle", "segment a where b\ndefine b = if c then 1 else 2\nsegment c where a and aum > 1"),
        ("wide_characters", "segment 高净值 where aum >= 600万 and 城市 = \"上海\""),
        ("argument_count", "count round(aum, 1, 2) > 3"),
        ("unfinished", "segment vip where aum >="),
        ("keyword_as_name", "define count = 3"),
        ("statement_typo", "segmnt vip where aum > 1"),
        ("several", "count aum > \"x\"\ncount agee > 1\ncount name contains 5"),
        ("bad_suffix", "count aum > 30days"),
        ("list_name", "export aum > 1 to list"),
    ]

    @Test(arguments: cases.map(\.0))
    func rendered(_ name: String) throws {
        let text = Self.cases.first { $0.0 == name }!.1
        let engine = try SQLiteEngine(path: try Support.fixtureDatabase())
        let session = try Session(engine: engine)
        var sources = SourceMap()
        let (_, diagnostics) = session.check(path: "campaign.seg", text: text, sources: &sources)
        #expect(!diagnostics.isEmpty)
        assertSnapshot(DiagnosticRenderer().render(diagnostics, in: sources), named: "diagnostics/\(name).txt")
    }

    @Test func colourOnlyWhenAsked() {
        var map = SourceMap()
        let f = map.add(path: "x.seg", text: "count a")
        let d = Diagnostic(code: "E0301", message: "unknown name `a`", span: Span(file: f.id, start: 6, end: 7))
        #expect(!DiagnosticRenderer(colour: false).render(d, in: map).contains("\u{1B}["))
        #expect(DiagnosticRenderer(colour: true).render(d, in: map).contains("\u{1B}[1;31m"))
    }

    @Test func suggestions() {
        #expect(Suggest.closest(to: "balanse", in: ["balance", "age"]) == "balance")
        #expect(Suggest.closest(to: "AUM", in: ["aum", "age"]) == "aum")
        #expect(Suggest.closest(to: "xyz", in: ["balance", "age"]) == nil)
        #expect(Suggest.closest(to: "bal", in: ["balance", "age"]) == "balance")
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }

    /// Every code is used by exactly one message factory (stable codes, one place).
    /// `Suggest.distance` is the optimal-string-alignment distance: checked against the
    /// textbook full-table definition on random short words over a small alphabet.
    @Test func suggestionDistanceCountsASwapAsOneEdit() {
        func reference(_ a: [Character], _ b: [Character]) -> Int {
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            if !a.isEmpty, !b.isEmpty {
                for i in 1...a.count {
                    for j in 1...b.count {
                        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                    }
                }
            }
            return d[a.count][b.count]
        }
        var rng = SplitMix64(seed: 11)
        let letters: [Character] = ["a", "b", "c", "名"]
        for _ in 0..<3000 {
            let a = (0..<Int(rng.next() % 7)).map { _ in letters[Int(rng.next() % 4)] }
            let b = (0..<Int(rng.next() % 7)).map { _ in letters[Int(rng.next() % 4)] }
            #expect(Suggest.distance(String(a), String(b)) == reference(a, b), "\(String(a)) \(String(b))")
        }
        #expect(Suggest.distance("nmae", "name") == 1 && Suggest.closest(to: "age_bnad", in: ["age_band", "age"]) == "age_band")
    }

    @Test func codesAreUnique() throws {
        var codes: [String: String] = [:]
        for dir in ["SegSyntax", "SegCheck", "SegCompile", "SegEngine", "SegStore", "SegMemory", "SegDemo", "SegRun"] {
            let folder = Support.root.appendingPathComponent("Sources/\(dir)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                let regex = try NSRegularExpression(pattern: "code: \"([EW]\\d{4})\"")
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let code = String(text[Range(m.range(at: 1), in: text)!])
                    #expect(codes[code] == nil, "\(code) is used in \(file) and \(codes[code] ?? "")")
                    codes[code] = file
                }
            }
        }
        #expect(codes.count > 40)
    }
}
