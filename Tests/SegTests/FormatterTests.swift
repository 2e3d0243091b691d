import Foundation
import Testing
import SegSyntax
import SegCheck
import SegCompile
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg fmt` (SegSyntax/Formatter.swift): on every script of the project it is idempotent,
/// keeps every comment and token, and the formatted script compiles to the same SQL; its
/// layout depends on the tokens and line breaks only, not on the spaces the author typed.
@Suite struct FormatterTests {
    /// Every .seg file of the project: examples, the standard library, the test scripts.
    static let scripts: [String] = {
        var out: [String] = []
        for folder in ["examples", "stdlib", "Tests/scripts", "Tests/repl"] {
            let dir = Support.root.appendingPathComponent(folder)
            let found = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".seg") }
            out += found.map { "\(folder)/\($0)" }
        }
        return out.sorted()
    }()

    static func read(_ relative: String) throws -> String {
        try String(contentsOf: Support.root.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test func thereAreScripts() { #expect(Self.scripts.count > 60) }

    /// fmt(fmt(x)) = fmt(x), and the formatted text holds the same tokens and comments.
    @Test(arguments: scripts)
    func idempotentAndLossless(_ relative: String) throws {
        let text = try Self.read(relative)
        guard case .success(let once) = ScriptFormatter.format(text, path: relative) else {
            // Only a script with syntax errors is refused.
            var sources = SourceMap()
            let (_, errors) = Parser.parse(sources.add(path: relative, text: text))
            let lexed = Lexer.tokenize(sources.add(path: relative, text: text)).diagnostics
            #expect((errors + lexed).hasErrors, "\(relative) was refused without a syntax error")
            return
        }
        #expect(formatted(once) == once, "\(relative): not idempotent")
        #expect(Self.comments(text) == Self.comments(once), "\(relative): comments differ")
        #expect(!once.contains("\t") || text.contains("\t"))
        #expect(once.hasSuffix("\n") && !once.hasSuffix("\n\n"))
    }

    /// The formatted examples and standard modules check to the same diagnostics and compile
    /// to byte-identical SQL on every dialect.
    @Test(arguments: scripts.filter { $0.hasPrefix("examples/") || $0.hasPrefix("stdlib/") })
    func sameSQL(_ relative: String) throws {
        let text = try Self.read(relative)
        guard case .success(let formatted) = ScriptFormatter.format(text, path: relative) else { Issue.record("refused \(relative)"); return }
        var options = RunOptions()
        options.asOf = "2026-11-01"
        options.stdlibPaths = [Support.root.appendingPathComponent("stdlib").path]
        let session = try Session(engine: try SQLiteEngine(path: Support.demoPath), options: options)
        // Same folder, so `use` and model paths resolve alike.
        let path = Support.root.appendingPathComponent(relative).path
        var a = SourceMap(), b = SourceMap()
        let (p1, d1) = session.check(path: path, text: text, sources: &a)
        let (p2, d2) = session.check(path: path, text: formatted, sources: &b)
        #expect(d1.map { "\($0.code) \($0.message)" } == d2.map { "\($0.code) \($0.message)" }, "\(relative)")
        guard let p1, let p2 else { return }
        for d in Dialect.Name.allCases {
            let s1 = Compiler.compile(p1, dialect: .named(d), asOf: options.asOf, plan: .correlated).0.map(\.inlineText)
            let s2 = Compiler.compile(p2, dialect: .named(d), asOf: options.asOf, plan: .correlated).0.map(\.inlineText)
            #expect(s1 == s2, "\(relative) on \(d)")
        }
    }

    /// The layout depends on the tokens and the line breaks only: each script with its spaces
    /// changed at random (more, fewer, indentation lost or added) formats to the same text.
    @Test(arguments: scripts.filter { $0.hasPrefix("examples/") })
    func spacesDoNotMatter(_ relative: String) throws {
        let text = try Self.read(relative)
        guard case .success(let canonical) = ScriptFormatter.format(text) else { return }
        var rng = SplitMix(seed: UInt64(truncatingIfNeeded: relative.hashValue & 0xffff) &+ 7)
        for _ in 0..<5 {
            let messy = Self.respace(canonical, &rng)
            #expect(formatted(messy) == canonical, "\(relative):\n\(messy)")
        }
    }

    /// Spaces changed without changing a token: between tokens only where one is optional or
    /// required, never inside a string, comment or word; indentation of continuation lines
    /// changed (a statement's first line stays at column 1, which the parser reads).
    static func respace(_ text: String, _ rng: inout SplitMix) -> String {
        var sources = SourceMap()
        let file = sources.add(path: "t", text: text)
        let tokens = Lexer.tokenize(file).tokens
        var out = ""
        var previous: Token?
        for t in tokens {
            var newlineSeen = false
            for item in t.leading {
                switch item {
                case .newline: out += "\n"; newlineSeen = true
                case .comment(let c): out += (newlineSeen ? "" : " ") + c
                }
            }
            if t.kind == .eof { break }
            if newlineSeen || previous == nil {
                if !t.atColumnOne { out += String(repeating: " ", count: 1 + Int(rng.next() % 9)) }
            } else if let p = previous {
                let adjacent = p.span.end == t.span.start
                // Keep a bracket on its function and `->` together; elsewhere any number of spaces.
                let keep: Bool = {
                    if case .symbol("(") = t.kind, adjacent { return true }
                    if case .symbol("-") = p.kind, adjacent { return true }
                    if case .symbol(".") = t.kind { return true }
                    if case .symbol(".") = p.kind { return true }
                    return false
                }()
                if !keep {
                    let n = Int(rng.next() % 4)
                    out += String(repeating: " ", count: adjacent && needsNoSpace(p, t) ? n : max(1, n))
                }
            }
            out += file.slice(t.span)
            previous = t
        }
        return out
    }

    /// Pairs that lex the same with or without a space between them: a bracket or
    /// punctuation on one side (two operators together could lex as one, or as a comment).
    static func needsNoSpace(_ p: Token, _ t: Token) -> Bool {
        if case .symbol(let s) = p.kind, ["(", "[", ",", ";", ":"].contains(s) { return true }
        if case .symbol(let s) = t.kind, [")", "]", ",", ";", ":"].contains(s) { return true }
        return false
    }

    static func comments(_ text: String) -> [String] {
        var sources = SourceMap()
        return Lexer.tokenize(sources.add(path: "t", text: text)).tokens.flatMap { t in
            t.leading.compactMap { if case .comment(let c) = $0 { return c.trimmingCharacters(in: .whitespaces) } else { return nil } }
        }
    }

    /// The layout, by example: every rule of the formatter once.
    @Test func theLayout() throws {
        let messy = """
            -- Q4 campaign
            version "1.0"
            param   min_aum : number=50万


            define  tenure=months_since( open_date )   -- months
            define a=1 -- one
            define bb = 22 -- two
            segment vip where aum>=min_aum and (city in ["上海","北京"]
            or age<-1*-2)   -- two lines
              and not( churn_risk>0.7 ) count
            campaign q4 priority 10 target vip
               exclude contacted via phone within 14 days -- recent
                 holdout 10% seed "q4"
            scorecard s base 600
              age: under 25 -> -10, else -> 5
              tenure_years: missing->-20,else->10
            count vip by city;count vip
            /* done */
            """
        let expected = """
            -- Q4 campaign
            version "1.0"
            param min_aum: number = 50万

            define tenure = months_since(open_date)  -- months
            define a = 1                             -- one
            define bb = 22                           -- two
            segment vip where aum >= min_aum and (city in ["上海", "北京"]
                    or age < -1 * -2)  -- two lines
                and not(churn_risk > 0.7) count
            campaign q4
              priority 10
              target vip
              exclude contacted via phone within 14 days  -- recent
              holdout 10% seed "q4"
            scorecard s base 600
              age:          under 25 -> -10, else -> 5
              tenure_years: missing -> -20,  else -> 10
            count vip by city;
            count vip
            /* done */

            """
        #expect(formatted(messy) == expected)
    }

    /// Cases a tester found: blank lines between comment blocks at the top (they part a file's
    /// header from a statement's description), a block comment left last on a line by a
    /// break, alignment in screen columns (a CJK character takes two).
    @Test func whatATesterFound() throws {
        let header = "-- a\n-- a2\n\n\n-- b\n\n-- c\ncount all\n"
        #expect(formatted(header) == "-- a\n-- a2\n\n-- b\n\n-- c\ncount all\n")
        let inline = try #require(formatted("count a /* x */ ; /* y */ count all\n"))
        #expect(formatted(inline) == inline)
        #expect(inline == "count a /* x */ ;  /* y */\ncount all\n")
        #expect(formatted("define a = 50万 -- x\ndefine bb = 1 -- y\n") == "define a = 50万  -- x\ndefine bb = 1    -- y\n")
        #expect(formatted("scorecard s base 1\n  年龄: under 2 -> 1\n  x: else -> 2\n") == "scorecard s base 1\n  年龄: under 2 -> 1\n  x:    else -> 2\n")
        // `expect` at column one begins a statement, even after an optional name.
        #expect(formatted("segment v where aum > 1 export to list\nexpect count v >= 1\n") == "segment v where aum > 1 export to list\nexpect count v >= 1\n")
    }

    /// Through a symlink the target is formatted, and the file keeps its permissions.
    @Test func theFileKeepsItsLinkAndMode() throws {
        let dir = Support.tempDir()
        let real = dir.appendingPathComponent("real.seg"), link = dir.appendingPathComponent("link.seg")
        try "count  all\n".write(to: real, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real.path)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try Support.seg(["fmt", "link.seg"], cwd: dir)
        #expect(r.status == 0)
        #expect(try String(contentsOf: real, encoding: .utf8) == "count all\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect((try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int) == 0o640)
    }

    @Test func aScriptWithSyntaxErrorsIsLeftAsItIs() throws {
        guard case .failure(let refusal) = ScriptFormatter.format("segment vip where aum >= \ncount vip\n") else {
            Issue.record("formatted a broken script"); return
        }
        #expect(refusal.diagnostics.hasErrors)
    }

    /// The command: rewrites in place, names what it changed; --check changes nothing and exits 1.
    @Test func theCommand() throws {
        let dir = Support.tempDir()
        let file = dir.appendingPathComponent("a.seg")
        try "segment vip where aum>=500k\ncount  vip\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try Support.seg(["fmt", "--check", "a.seg"], cwd: dir)
        // What would change, line by line, with the line numbers of the file as written.
        #expect(check.status == 1 && check.stdout == """
            a.seg: not formatted
              1 - segment vip where aum>=500k
              1 + segment vip where aum >= 500k
              2 - count  vip
              2 + count vip

            """, "\(check.stdout)\(check.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "segment vip where aum>=500k\ncount  vip\n")
        let fmt = try Support.seg(["fmt", "a.seg"], cwd: dir)
        #expect(fmt.status == 0 && fmt.stdout == "formatted a.seg\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "segment vip where aum >= 500k\ncount vip\n")
        let again = try Support.seg(["fmt", "--check", "."], cwd: dir)
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again.stdout)")
        let piped = try Support.seg(["fmt", "-"], cwd: dir, stdin: "count   vip\n")
        #expect(piped.stdout == "count vip\n")
        try "segment vip where\n".write(to: file, atomically: true, encoding: .utf8)
        let broken = try Support.seg(["fmt", "a.seg"], cwd: dir)
        #expect(broken.status == 1 && broken.stderr.contains("a.seg:"), "\(broken.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "segment vip where\n")
    }
}

/// A small seeded generator, so a failing case can be rerun.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// The formatted text; nil when the script was refused.
func formatted(_ text: String) -> String? {
    if case .success(let out) = ScriptFormatter.format(text) { return out }
    return nil
}
