/// `seg fmt`: one canonical layout for a script, rebuilt from its tokens and the trivia
/// kept on them (`Token.leading`), so every comment stays where it was and no token is
/// added, dropped or respelled (`50万` stays `50万`, `WHERE` stays `WHERE`).
///
/// The layout: a statement starts at column 1, one statement per line; a block's clauses
/// (campaign, entity, scorecard) one per line, indented two spaces; other continuation
/// lines four spaces deeper, and four more per open bracket. One space between tokens,
/// none inside brackets or before `,` `;` `:`, spaces around operators. The author's line
/// breaks stay; at most one blank line; comments that end consecutive lines aligned; a
/// scorecard's bins aligned after their feature names. Idempotent: formatting formatted
/// text changes nothing.
public enum ScriptFormatter {
    public static let clauseIndent = 2
    public static let continuationIndent = 4

    /// Why a script was not formatted: its errors (it does not lex or parse), with the
    /// sources to render them.
    public struct Refusal: Error {
        public var diagnostics: [Diagnostic]
        public var sources: SourceMap
    }

    /// The formatted text, or why the script is left as it is.
    public static func format(_ text: String, path: String = "<text>") -> Result<String, Refusal> {
        var sources = SourceMap()
        let file = sources.add(path: path, text: text)
        let (tokens, lexErrors) = Lexer.tokenize(file)
        if lexErrors.hasErrors { return .failure(Refusal(diagnostics: lexErrors, sources: sources)) }
        let (program, parseErrors) = Parser.parse(file)
        if parseErrors.hasErrors { return .failure(Refusal(diagnostics: parseErrors, sources: sources)) }
        var layout = Layout(file: file, tokens: tokens, program: program)
        let out = layout.render()
        // The guarantee, checked on every call: the same tokens and comments, in order.
        guard sameTokens(text, out) else {
            return .failure(Refusal(diagnostics: [Diagnostic(code: "E0001", message: "seg fmt could not format this script without changing it; it is left as it is",
                                                             span: Span(file: file.id, start: 0, end: 0),
                                                             suggestion: "please report it with the script")], sources: sources))
        }
        return .success(out)
    }

    /// Whether two texts lex to the same tokens, spelled the same, with the same comments.
    static func sameTokens(_ a: String, _ b: String) -> Bool {
        func words(_ text: String) -> [String] {
            var sources = SourceMap()
            let file = sources.add(path: "t", text: text)
            var out: [String] = []
            for t in Lexer.tokenize(file).tokens {
                for case .comment(let c) in t.leading { out.append("#" + c.trimmingTrailingSpaces()) }
                out.append(file.slice(t.span))
            }
            return out
        }
        return words(a) == words(b)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// One pass over the tokens, building lines.
struct Layout {
    struct Line {
        var indent = 0
        var code = ""
        var trailing: String?
        var blankBefore = false
        /// A line that is only a comment (or a block comment's text).
        var isComment = false
        /// For scorecard lines: the scorecard's statement and the length of `feature:`.
        var scorecard: Int?
        var featureEnd: Int?
    }

    let file: SourceFile
    let tokens: [Token]
    var statementStarts: [Int: Int] = [:]   // token offset → statement index
    var clauseStarts = Set<Int>()
    var scorecardLineStarts: [Int: Int] = [:]  // token offset → statement index
    var blockStatements = Set<Int>()
    var lines: [Line] = []

    init(file: SourceFile, tokens: [Token], program: Program) {
        self.file = file
        self.tokens = tokens
        let offsets = tokens.map(\.span.start)
        func tokenIndex(at offset: Int) -> Int? {
            var lo = 0, hi = offsets.count - 1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if offsets[mid] == offset { return mid }
                if offsets[mid] < offset { lo = mid + 1 } else { hi = mid - 1 }
            }
            return nil
        }
        for (n, st) in program.statements.enumerated() {
            statementStarts[st.span.start] = n
            switch st.kind {
            case .campaign(let c):
                blockStatements.insert(n)
                for item in c.items { clauseStarts.insert(item.span.start) }
            case .entity(let e):
                blockStatements.insert(n)
                // `field F` and `has many R`: the clause starts one or two tokens before the name.
                for f in e.fields { if let i = tokenIndex(at: (f.relation ?? f.name).span.start), i >= 1 { clauseStarts.insert(offsets[i - 1]) } }
                for r in e.relations { if let i = tokenIndex(at: r.name.span.start), i >= 2 { clauseStarts.insert(offsets[i - 2]) } }
            case .evaluateCampaign, .planCampaign:
                // `response = …`, `on …`, `adjusted by …`, `by decile(…)`, `uplift 2%`: clauses,
                // as LANGUAGE.md writes `response` under `evaluate campaign`.
                blockStatements.insert(n)
                var depth = 0
                for (i, t) in tokens.enumerated() where t.span.start > st.span.start && t.span.start < st.span.end {
                    if t.isSymbol("(") || t.isSymbol("[") { depth += 1 }
                    if t.isSymbol(")") || t.isSymbol("]") { depth -= 1 }
                    guard depth == 0 else { continue }
                    let clause = ["response", "on", "adjusted", "uplift", "power", "significance"].contains { t.isWord($0) }
                        || (t.isKeyword(.by) && i + 1 < tokens.count && tokens[i + 1].isWord("decile") && !(i > 0 && tokens[i - 1].isWord("adjusted")))
                    if clause { clauseStarts.insert(t.span.start) }
                }
            case .scorecard(let sc):
                blockStatements.insert(n)
                for line in sc.lines {
                    clauseStarts.insert(line.feature.span.start)
                    scorecardLineStarts[line.feature.span.start] = n
                }
            default: break
            }
        }
    }

    func text(_ t: Token) -> String { file.slice(t.span) }

    /// Tokens after which a value ends (so a following `-` is binary).
    func endsOperand(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier, .number, .duration, .string, .date: return true
        case .symbol(let s): return s == ")" || s == "]"
        case .keyword(let k): return [.true, .false, .missing, .today, .all].contains(k)
        case .eof: return false
        }
    }

    /// The space between two tokens on one line: one, except inside brackets, before
    /// `,` `;` `:` `)` `]`, around `.`, after a unary minus, within `->`, and between a
    /// function's name and its bracket when they were written together.
    func space(_ p: Token, _ t: Token, prevUnary: Bool, prevArrow: Bool) -> String {
        if case .symbol(let s) = t.kind {
            if [",", ";", ")", "]", ":", "."].contains(s) { return "" }
            if s == "(", p.span.end == t.span.start {
                switch p.kind {
                case .identifier, .keyword: return ""
                default: break
                }
            }
        }
        if case .symbol(let s) = p.kind {
            if s == "(" || s == "[" || s == "." { return "" }
            if s == "-" && (prevUnary || prevArrow) { return "" }
        }
        return " "
    }

    mutating func render() -> String {
        var current = Line()
        var hasCurrent = false
        var pendingNewlines = 0
        var pendingComments: [(text: String, blankBefore: Bool)] = []
        var depth = 0
        var inBlock = false
        var prev: Token?
        var prevUnary = false
        var prevArrow = false
        var afterInlineComment = false
        /// A block comment that is, so far, the last thing on the line.
        var inlineTail: String?

        for (index, t) in tokens.enumerated() {
            // Trivia: newlines and comments before this token.
            for (k, item) in t.leading.enumerated() {
                switch item {
                case .newline:
                    pendingNewlines += 1
                case .comment(let c):
                    let c = c.trimmingTrailingSpaces()
                    if pendingNewlines == 0 && hasCurrent && pendingComments.isEmpty {
                        let lineGoesOn = !t.leading[(k + 1)...].contains(.newline) && t.kind != .eof
                        if lineGoesOn && c.hasPrefix("/*") && !c.contains("\n") {
                            // A block comment between two tokens of a line stays between them.
                            current.code += " " + c
                            afterInlineComment = true
                            inlineTail = c
                        } else {
                            current.trailing = current.trailing.map { $0 + " " + c } ?? c
                        }
                    } else {
                        pendingComments.append((c, pendingNewlines >= 2))
                        pendingNewlines = 0
                    }
                }
            }
            let isEOF = t.kind == .eof
            let startsStatement = statementStarts[t.span.start] != nil
            let startsClause = clauseStarts.contains(t.span.start)
            if !hasCurrent || pendingNewlines > 0 || !pendingComments.isEmpty || startsStatement || (startsClause && inBlock) || isEOF {
                // Where the new line goes: a statement at column 1, a clause two in, the rest deeper.
                var lineDepth = depth
                if case .symbol(let s) = t.kind, s == ")" || s == "]" { lineDepth = max(0, depth - 1) }
                if let n = statementStarts[t.span.start] { inBlock = blockStatements.contains(n); depth = 0; lineDepth = 0 }
                let indent: Int
                if startsStatement || isEOF {
                    indent = 0
                } else if startsClause && inBlock {
                    indent = ScriptFormatter.clauseIndent
                } else {
                    indent = (inBlock ? ScriptFormatter.clauseIndent : 0) + ScriptFormatter.continuationIndent * (1 + lineDepth)
                }
                let blank = pendingNewlines >= 2
                // A block comment left last on its line by the break ends the line as a comment.
                if let tail = inlineTail, current.code.hasSuffix(" " + tail) {
                    current.code.removeLast(tail.count + 1)
                    current.trailing = current.trailing.map { tail + " " + $0 } ?? tail
                }
                inlineTail = nil
                if hasCurrent { lines.append(current) }
                for c in pendingComments {
                    lines.append(Line(indent: isEOF ? 0 : indent, code: c.text, blankBefore: c.blankBefore && !lines.isEmpty, isComment: true))
                }
                pendingComments = []
                pendingNewlines = 0
                hasCurrent = false
                if isEOF { break }
                current = Line(indent: indent, blankBefore: blank && !lines.isEmpty)
                if let n = scorecardLineStarts[t.span.start] { current.scorecard = n }
                hasCurrent = true
                prev = nil
                afterInlineComment = false
            }
            if let p = prev {
                current.code += afterInlineComment ? " " : space(p, t, prevUnary: prevUnary, prevArrow: prevArrow)
            }
            afterInlineComment = false
            inlineTail = nil
            current.code += text(t)
            // Bookkeeping for the next token.
            var unary = false
            var arrow = false
            if case .symbol(let s) = t.kind {
                switch s {
                case "(", "[": depth += 1
                case ")", "]": depth = max(0, depth - 1)
                case "-":
                    let next = tokens[index + 1]
                    if case .symbol(">") = next.kind, next.span.start == t.span.end { arrow = true }
                    else { unary = prev.map { !endsOperand($0) } ?? true }
                case ":":
                    if current.scorecard != nil && current.featureEnd == nil { current.featureEnd = current.code.count }
                default: break
                }
            }
            prevUnary = unary
            prevArrow = arrow
            prev = t
        }
        align()
        var out = ""
        for (n, line) in lines.enumerated() {
            if line.blankBefore && n > 0 { out += "\n" }
            var text = String(repeating: " ", count: line.indent) + line.code
            if let c = line.trailing { text += "  " + c }
            out += text.trimmingTrailingSpaces() + "\n"
        }
        return out
    }

    /// Columns a text takes on screen: East Asian wide characters take two.
    static func width(_ s: some StringProtocol) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
            let zero = u.properties.generalCategory == .nonspacingMark || u.properties.generalCategory == .enclosingMark
            return n + (zero ? 0 : wide ? 2 : 1)
        }
    }

    /// A scorecard line's bins (after `feature:`), split at the commas outside quotes.
    static func bins(_ text: Substring) -> [String] {
        var out: [String] = [], current = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == "," {
                out.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(c)
            }
        }
        out.append(current.trimmingSpaces())
        return out
    }

    /// Scorecard bins after the longest feature name of their scorecard; comments that end
    /// consecutive lines at one column. Widths are screen columns.
    mutating func align() {
        var widest: [Int: Int] = [:]
        for line in lines {
            if let s = line.scorecard, let f = line.featureEnd { widest[s] = max(widest[s] ?? 0, Layout.width(line.code.prefix(f))) }
        }
        // Each bin in a column of its own: the widest bin at each place in the scorecard.
        var binWidths: [Int: [Int]] = [:]
        for line in lines {
            guard let s = line.scorecard, let f = line.featureEnd else { continue }
            let bins = Self.bins(line.code.dropFirst(f))
            var widths = binWidths[s] ?? []
            for (k, bin) in bins.dropLast().enumerated() {
                if k < widths.count { widths[k] = max(widths[k], Layout.width(bin)) } else { widths.append(Layout.width(bin)) }
            }
            binWidths[s] = widths
        }
        for i in lines.indices {
            guard let s = lines[i].scorecard, let f = lines[i].featureEnd, let w = widest[s] else { continue }
            let code = lines[i].code
            let head = String(code.prefix(f))
            let bins = Self.bins(code.dropFirst(f))
            let widths = binWidths[s] ?? []
            var rest = ""
            for (k, bin) in bins.enumerated() {
                if k == bins.count - 1 { rest += bin; break }
                rest += bin + ","
                // A bin that ends its line (the feature goes on below) gets no padding.
                if k + 1 < bins.count, !(k + 1 == bins.count - 1 && bins[k + 1].isEmpty) {
                    rest += String(repeating: " ", count: widths[k] - Layout.width(bin) + 1)
                }
            }
            lines[i].code = head + String(repeating: " ", count: w - Layout.width(head) + 1) + rest
        }
        var i = 0
        while i < lines.count {
            guard lines[i].trailing != nil, !lines[i].isComment else { i += 1; continue }
            var j = i
            while j + 1 < lines.count, lines[j + 1].trailing != nil, !lines[j + 1].isComment, !lines[j + 1].blankBefore { j += 1 }
            let width = (i...j).map { lines[$0].indent + Layout.width(lines[$0].code) }.max()!
            for k in i...j {
                let pad = width - (lines[k].indent + Layout.width(lines[k].code))
                lines[k].code += String(repeating: " ", count: pad)
            }
            i = j + 1
        }
    }
}
