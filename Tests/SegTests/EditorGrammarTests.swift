import Foundation
import Testing
import SegSyntax
import SegCheck
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The editor package's TextMate grammar (editors/vscode/syntaxes/seg.tmLanguage.json),
/// run by a small TextMate engine over every example and standard module: each token the
/// lexer finds gets the scope its kind calls for, and every keyword and function is known.
@Suite struct EditorGrammarTests {
    struct Rule {
        var name: String
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var inner: [Rule] = []
    }

    nonisolated(unsafe) static let grammar: [String: Any] = {
        let url = Support.root.appendingPathComponent("editors/vscode/syntaxes/seg.tmLanguage.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    /// The top-level rules in order, includes resolved.
    static let rules: [Rule] = {
        let repository = grammar["repository"] as! [String: Any]
        func rules(_ patterns: [[String: Any]], _ inheritedName: String? = nil) -> [Rule] {
            patterns.flatMap { p -> [Rule] in
                if let include = p["include"] as? String {
                    let item = repository[String(include.dropFirst())] as! [String: Any]
                    if let nested = item["patterns"] as? [[String: Any]] { return rules(nested, item["name"] as? String) }
                    return rules([item])
                }
                let name = p["name"] as? String ?? inheritedName ?? ""
                func re(_ key: String) -> NSRegularExpression? {
                    (p[key] as? String).map { try! NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
                }
                return [Rule(name: name, match: re("match"), begin: re("begin"), end: re("end"),
                             inner: rules(p["patterns"] as? [[String: Any]] ?? []))]
            }
        }
        return rules(grammar["patterns"] as! [[String: Any]])
    }()

    /// Scopes of a whole text: for each line, (UTF-16 range, scope), as a TextMate engine
    /// gives them (earliest match first; a begin/end rule runs to its end, across lines).
    static func scopes(_ text: String) -> [[(NSRange, String)]] {
        var out: [[(NSRange, String)]] = []
        var open: Rule?
        for (n, line) in text.components(separatedBy: "\n").enumerated() {
            let ns = line as NSString
            var found: [(NSRange, String)] = []
            var p = 0
            while p <= ns.length {
                if let rule = open {
                    // Inside a begin/end rule: its inner rules first where they match earlier.
                    let end = rule.end!.firstMatch(in: line, range: NSRange(location: p, length: ns.length - p))
                    let inner = rule.inner.compactMap { r in r.match?.firstMatch(in: line, range: NSRange(location: p, length: ns.length - p)) }
                        .filter { end == nil || $0.range.location < end!.range.location }.min { $0.range.location < $1.range.location }
                    if let inner, inner.range.length > 0 { p = inner.range.location + inner.range.length; continue }
                    guard let end else { found.append((NSRange(location: p, length: ns.length - p), rule.name)); break }
                    found.append((NSRange(location: p, length: end.range.location + end.range.length - p), rule.name))
                    p = end.range.location + end.range.length
                    open = nil
                    continue
                }
                var best: (NSTextCheckingResult, Rule)?
                for rule in rules {
                    guard let re = rule.match ?? rule.begin else { continue }
                    if n > 0, re.pattern.hasPrefix("\\A") { continue }
                    if let m = re.firstMatch(in: line, range: NSRange(location: p, length: ns.length - p)),
                       best == nil || m.range.location < best!.0.range.location { best = (m, rule) }
                }
                guard let (m, rule) = best, m.range.length > 0 || rule.begin != nil else { break }
                if rule.begin != nil {
                    open = rule
                    found.append((m.range, rule.name))
                    p = m.range.location + m.range.length
                } else {
                    found.append((m.range, rule.name))
                    p = m.range.location + max(1, m.range.length)
                }
            }
            out.append(found)
        }
        return out
    }

    static let files: [String] = {
        var out: [String] = []
        for folder in ["examples", "stdlib"] {
            let dir = Support.root.appendingPathComponent(folder)
            out += ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".seg") }.map { "\(folder)/\($0)" }
        }
        return out.sorted()
    }()

    @Test(arguments: files)
    func everyTokenHasItsScope(_ relative: String) throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent(relative), encoding: .utf8)
        let scopes = Self.scopes(text)
        var sources = SourceMap()
        let file = sources.add(path: relative, text: text)
        let lines = text.components(separatedBy: "\n")
        func scope(at offset: Int) -> String? {
            let (line, column) = file.location(of: offset)
            // The column in UTF-16 units, as the grammar engine counts.
            let lineText = lines[line - 1]
            let prefix = String(String.UnicodeScalarView(lineText.unicodeScalars.prefix(column - 1)))
            let u = (prefix as NSString).length
            return scopes[line - 1].first { NSLocationInRange(u, $0.0) }?.1
        }
        for t in Lexer.tokenize(file).tokens {
            let s = scope(at: t.span.start) ?? "none"
            let word = file.slice(t.span)
            switch t.kind {
            case .string: #expect(s.hasPrefix("string."), "\(relative): \(word) is \(s)")
            case .number, .duration: #expect(s == "constant.numeric.seg", "\(relative): \(word) is \(s)")
            case .date: #expect(s == "constant.other.date.seg", "\(relative): \(word) is \(s)")
            case .keyword:
                #expect(s.hasPrefix("keyword.") || s == "constant.language.seg" || s == "support.function.seg", "\(relative): \(word) is \(s)")
            case .identifier(_, quoted: true): #expect(s == "variable.other.quoted.seg", "\(relative): \(word) is \(s)")
            case .symbol(let sym) where ["=", "<", ">", "<=", ">=", "!=", "+", "*", "/"].contains(sym):
                #expect(s == "keyword.operator.seg", "\(relative): \(word) is \(s)")
            default: break
            }
        }
        // Every comment, and only comments, in comment scopes: each comment's first character.
        for (n, line) in lines.enumerated() {
            guard let r = line.range(of: "--"), !line[..<r.lowerBound].contains("\"") else { continue }
            let u = (String(line[..<r.lowerBound]) as NSString).length
            let s = scopes[n].first { NSLocationInRange(u, $0.0) }?.1 ?? "none"
            #expect(s.hasPrefix("comment."), "\(relative):\(n + 1): a comment is \(s)")
        }
    }

    /// The grammar knows every keyword of the lexer and every function of the checker.
    @Test func theGrammarKnowsTheLanguage() {
        let text = String(decoding: try! JSONSerialization.data(withJSONObject: Self.grammar), as: UTF8.self)
        for k in Keyword.allCases {
            let scopes = Self.scopes(k.rawValue + " ")
            #expect(scopes.first?.first.map { $0.1.hasPrefix("keyword.") || $0.1 == "constant.language.seg" } == true, "\(k.rawValue)")
        }
        for f in Function.allCases {
            #expect(Self.scopes(f.rawValue + "(x)").first?.first?.1 == "support.function.seg", "\(f.rawValue)")
        }
        #expect(text.contains("expect"))
    }
}
