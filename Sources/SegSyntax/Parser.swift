/// Recursive descent over tokens, one method per grammar rule (grammar/seg.ebnf);
/// expressions by precedence climbing. On an error the parser records it and
/// resynchronises at the next statement keyword, so every error in a file is reported.
public struct Parser {
    var tokens: [Token]
    var pos = 0
    public private(set) var diagnostics: [Diagnostic] = []
    var depth = 0
    /// Parsing an aggregate's `where`: a `between` after a whole condition is its window.
    var inAggregateFilter = false
    /// The statement being read is a block (campaign, entity, scorecard): see `synchronize`.
    var inBlockStatement = false
    /// The definition being parsed, so a syntax error in it can be remembered by name.
    var declaring: String?
    /// Nesting deeper than this is an error, never a stack overflow.
    public static let maxDepth = 200

    struct Abort: Error {}

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Lexes and parses a whole file.
    public static func parse(_ file: SourceFile) -> (program: Program, diagnostics: [Diagnostic]) {
        let (tokens, lexErrors) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens)
        let program = parser.parseProgram()
        return (program, lexErrors + parser.diagnostics)
    }

    // MARK: helpers

    var current: Token { tokens[pos] }
    func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .eof }
    /// True when every token has been read.
    public var isAtEnd: Bool { atEnd }
    var previousEnd: Span { pos > 0 ? tokens[pos - 1].span : current.span }

    @discardableResult
    mutating func advance() -> Token {
        let t = current
        if !atEnd { pos += 1 }
        return t
    }

    mutating func match(_ k: Keyword) -> Bool {
        if current.isKeyword(k) { advance(); return true }
        return false
    }

    mutating func matchSymbol(_ s: String) -> Bool {
        if current.isSymbol(s) { advance(); return true }
        return false
    }

    mutating func matchWord(_ w: String) -> Bool {
        if current.isWord(w) { advance(); return true }
        return false
    }

    /// Reports an error and reads on (the parse can carry on past it).
    mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    mutating func fail(_ d: Diagnostic) throws -> Never {
        var d = d
        // At the end of input the caret goes right after the last word, not on an empty line.
        if d.code == "E0200", current.kind == .eof, pos > 0, d.span == current.span {
            let last = tokens[pos - 1].span
            d.span = Span(file: last.file, start: last.end, end: last.end + 1)
        }
        // What was expected at the end of a line, found on the next: the caret goes where the
        // missing word belongs (after `holdout 10%`), not on the next line's first word.
        if d.code == "E0201", current.startsLine, d.span == current.span, pos > 0 {
            let last = tokens[pos - 1].span
            d.span = Span(file: last.file, start: last.end, end: last.end + 1)
            d.message = d.message.replacingOccurrences(of: ", found ", with: " at the end of the line, before ")
        }
        diagnostics.append(d)
        throw Abort()
    }

    mutating func expected(_ what: String) throws -> Never {
        try fail(.expected(what, found: current))
    }

    @discardableResult
    mutating func expect(_ k: Keyword, _ what: String? = nil) throws -> Token {
        guard current.isKeyword(k) else { try expected(what ?? "`\(k.rawValue)`") }
        return advance()
    }

    @discardableResult
    mutating func expectSymbol(_ s: String, _ what: String? = nil) throws -> Token {
        guard current.isSymbol(s) else { try expected(what ?? "`\(s)`") }
        return advance()
    }

    mutating func expectWord(_ w: String, _ what: String? = nil) throws {
        guard current.isWord(w) else { try expected(what ?? "`\(w)`") }
        advance()
    }

    mutating func name(_ what: String) throws -> Name {
        if case .identifier(let n, _) = current.kind { return Name(n, advance().span) }
        if case .keyword(let k) = current.kind {
            // Step over the keyword so recovery does not read it as the next statement.
            let span = advance().span
            try fail(.keywordAsName(k.rawValue, what: what, span))
        }
        try expected(what)
    }

    /// Skips to the next token that can begin a statement. After an error in a block (a
    /// campaign's clauses), only a statement at column 1 ends it: its indented `export to list`
    /// is a clause, not a statement of its own (which would be a second, bogus error).
    mutating func synchronize() {
        let inBlock = inBlockStatement
        inBlockStatement = false
        while !atEnd {
            if current.isSymbol(";") { advance(); return }
            if case .keyword(let k) = current.kind, k.beginsStatement, !(k == .count && peek().isSymbol("(")),
               !inBlock || current.atColumnOne { return }
            if Self.beginsExpectation(current) { return }
            advance()
        }
    }

    // MARK: program and statements

    public mutating func parseProgram() -> Program {
        var statements: [Statement] = []
        var broken: Set<String> = []
        while !atEnd {
            if matchSymbol(";") { continue }
            let start = pos
            do {
                if let s = try statement() { statements.append(s) }
                _ = matchSymbol(";")
            } catch {
                if let n = declaring { broken.insert(n) }
                if pos == start { advance() }
                synchronize()
            }
            declaring = nil
            if diagnostics.count > 100 { break }
        }
        var program = Program(statements: statements)
        program.brokenNames = broken
        return program
    }

    mutating func statement() throws -> Statement? {
        let first = current
        if case .identifier(let word, false) = first.kind, word.lowercased() == "expect" {
            return Statement(kind: .action(try expectation()), span: first.span.to(previousEnd), doc: first.docComment)
        }
        if first.isWord("plan"), peek().isKeyword(.campaign) {
            return Statement(kind: try planCampaign(), span: first.span.to(previousEnd), doc: first.docComment)
        }
        if first.isWord("plan"), case .identifier(let w, false) = peek().kind, Suggest.closest(to: w.lowercased(), in: ["campaign"]) != nil {
            advance()
            try fail(.misspeltWord(w, meant: "campaign", current.span))
        }
        if case .identifier(let word, false) = first.kind, word.lowercased() == "build", peek().isWord("tags") {
            return Statement(kind: .action(try buildTags()), span: first.span.to(previousEnd), doc: first.docComment)
        }
        guard case .keyword(let k) = first.kind else {
            // A campaign's or entity's clause after a blank line or an error: say where it belongs.
            if case .identifier(let word, false) = first.kind {
                let w = word.lowercased()
                if ["has", "field"].contains(w) { try fail(.clauseOutsideBlock(word, block: "an `entity`", first.span)) }
                if ["exclude", "target", "cap", "holdout", "rank", "channel", "priority"].contains(w) {
                    try fail(.clauseOutsideBlock(word, block: "a `campaign`", first.span))
                }
            }
            try fail(.expectedStatement(found: first, after: pos > 0 && !first.startsLine ? tokens[pos - 1] : nil))
        }
        var kind: Statement.Kind
        inBlockStatement = k == .campaign || k == .entity || k == .scorecard
        switch k {
        case .version:
            advance()
            guard case .string(let v) = current.kind else { try expected("a version string, like \"2026.11.2\"") }
            advance()
            kind = .version(v)
        case .use: kind = try useStatement()
        case .param: kind = try paramStatement()
        case .define:
            advance()
            let n = try name("a name for the definition")
            declaring = n.text
            try expectSymbol("=", "`=` after the definition's name")
            kind = .define(n, try expression())
        case .segment: kind = try segmentStatement()
        case .count, .show, .explain, .export, .assert, .profile, .overlap, .diff:
            kind = .action(try action(target: true))
        case .entity:
            kind = .entity(try entityStatement())
        case .campaign: kind = .campaign(try campaignStatement())
        case .evaluate where peek().isKeyword(.campaign):
            advance()
            advance()
            let n = try name("the campaign to evaluate")
            kind = .evaluateCampaign(n, try campaignQuestion(plan: false))
        case .split: kind = try splitStatement()
        case .sample:
            let kw = advance()
            let n = try integer("how many to sample (as in `sample 1000 from vip seed \"pilot\"`)")
            try expect(.from, "`from` and the segment to sample")
            let target = try expression()
            try expectWord("seed")
            let seed = try string("a seed in quotes (as in `seed \"pilot\"`)")
            var columns: [Expr] = []
            if match(.with) { columns = try commaList { try $0.expression() } }
            kind = .action(Action(kind: .sample(n, seed: seed, columns: columns), target: target, span: kw.span.to(previousEnd), keywordSpan: kw.span))
        case .model: kind = .model(try modelStatement())
        case .scorecard: kind = .scorecard(try scorecardStatement())
        case .evaluate:
            advance()
            // `evaluate campain q3…`: a misspelt `campaign`, not a model named `campain`.
            if case .identifier(let w, false) = current.kind, Suggest.closest(to: w.lowercased(), in: ["campaign"]) != nil,
               case .identifier = peek().kind, !peek().isWord("on") {
                try fail(.misspeltWord(w, meant: "campaign", current.span))
            }
            let m = try name("the model to evaluate (or `campaign NAME`)")
            try expectWord("on")
            let on = try expression()
            try expectWord("against")
            let label = try expression()
            var vs: Expr?
            if matchWord("vs") { vs = try expression() }
            kind = .evaluateModel(m, on: on, against: label, vs: vs)
        default:
            try fail(.expectedStatement(found: first))
        }
        return Statement(kind: kind, span: first.span.to(previousEnd), doc: first.docComment)
    }

    mutating func string(_ what: String) throws -> String {
        guard case .string(let v) = current.kind else { try expected(what) }
        advance()
        return v
    }

    mutating func useStatement() throws -> Statement.Kind {
        advance()
        if case .string(let path) = current.kind { advance(); return .use(.file(path)) }
        if match(.entity) { return .use(.entity(try name("an entity name"))) }
        var parts = [try name("a module like `stdlib.bank` or a file in quotes").text]
        while matchSymbol(".") { parts.append(try name("a module name").text) }
        return .use(.module(parts))
    }

    mutating func paramStatement() throws -> Statement.Kind {
        advance()
        let n = try name("a parameter name")
        declaring = n.text
        var type: TypeName?
        var typeSpan: Span?
        if matchSymbol(":") {
            let t = try name("a type (number, string, bool, date, duration)")
            guard let tn = TypeName(rawValue: t.text.lowercased()) else {
                try fail(.unknownType(t.text, t.span))
            }
            type = tn
            typeSpan = t.span
        }
        var value: Expr?
        if matchSymbol("=") { value = try expression() }
        if type == nil, value == nil { try fail(.paramNeedsTypeOrValue(n.text, n.span)) }
        return .param(n, type: type, typeSpan: typeSpan, defaultValue: value)
    }

    mutating func segmentStatement() throws -> Statement.Kind {
        advance()
        let n = try name("a segment name")
        declaring = n.text
        var from: Name?
        let condition: Expr
        if matchSymbol("=") {
            condition = try expression()
        } else {
            if match(.from) { from = try name("the segment to start from") }
            if match(.where) {
                condition = try expression()
            } else if let f = from {
                condition = Expr(.name(f.text), f.span)
                from = nil
            } else {
                try expected("`where`, `from` or `=` after the segment's name")
            }
        }
        var trailing: Action?
        if isTrailingAction() { trailing = try action(target: false) }
        return .segment(n, from: from, condition: condition, action: trailing)
    }

    /// An action keyword right after a segment's condition runs on that segment when
    /// what follows it cannot begin a condition (`export to list`, `count by x`, `show with …`).
    func isTrailingAction() -> Bool {
        guard case .keyword(let k) = current.kind, [.count, .show, .explain, .export, .profile].contains(k) else { return false }
        // `count in list L` on the next line is a statement of its own, about the list.
        if peek().isKeyword(.in) { return false }
        return !canBeginExpression(peek())
    }

    /// The statements that begin with a word, not a keyword (`expect …`, `build tags`): at
    /// column 1 such a word ends a trailing action or an optional name before it, so the word
    /// stays free as a name everywhere else.
    static func beginsExpectation(_ t: Token) -> Bool { t.atColumnOne && (t.isWord("expect") || t.isWord("build") || t.isWord("plan")) }

    func canBeginExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier: return !Self.beginsExpectation(t)
        case .number, .string, .date, .duration: return true
        case .symbol(let s): return s == "(" || s == "-" || s == "["
        case .keyword(let k): return [.not, .if, .true, .false, .all, .today].contains(k) || (k.beginsStatement && !t.startsLine)
        case .eof: return false
        }
    }

    mutating func action(target: Bool) throws -> Action {
        let kw = advance()
        guard case .keyword(let k) = kw.kind else { try expected("an action") }
        var targetExpr: Expr?
        var snapshots: Snapshots?
        if target, k != .assert { targetExpr = try expression() }
        let kind: Action.Kind
        switch k {
        case .count:
            var by: [Expr] = []
            var order: [OrderItem] = []
            var limit: Int?
            if match(.by) {
                by = try commaList { try $0.expression() }
                if match(.order) {
                    try expect(.by, "`by` after `order`")
                    order = try commaList { p in
                        let e: Expr
                        if case .keyword(.count) = p.current.kind {
                            e = Expr(.name("count"), p.advance().span)
                        } else {
                            e = try p.expression()
                        }
                        let desc = p.match(.desc)
                        if !desc { _ = p.match(.asc) }
                        return OrderItem(expr: e, descending: desc)
                    }
                }
                if match(.limit) { limit = try integer("a row count after `limit`") }
            }
            kind = .count(by: by, orderBy: order, limit: limit)
        case .show:
            var columns: [Expr] = []
            if match(.with) { columns = try commaList { try $0.expression() } }
            var order: [OrderItem] = []
            if match(.order) {
                try expect(.by, "`by` after `order`")
                order = try commaList { p in
                    let e = try p.expression()
                    let desc = p.match(.desc)
                    if !desc { _ = p.match(.asc) }
                    return OrderItem(expr: e, descending: desc)
                }
            }
            var limit: Int?
            if match(.limit) { limit = try integer("a row count after `limit`") }
            kind = .show(columns: columns, orderBy: order, limit: limit)
        case .profile:
            try expect(.by, "`by` and the fields to profile (as in `profile vip by age_band, city`)")
            let by = try commaList { try $0.expression() }
            var base: Expr?
            if matchWord("vs") { base = try expression() }
            kind = .profile(by: by, base: base)
        case .diff:
            try expectWord("against")
            try expectWord("list")
            let list = try name("a list name")
            var version: Int?
            if match(.version) { version = try integer("a version number") }
            kind = .diff(list: list, version: version)
        case .overlap:
            var others: [Expr] = []
            while matchSymbol(",") { others.append(try expression()) }
            if others.isEmpty { try expected("`,` and at least one more segment to overlap with") }
            kind = .overlap(others: others)
        case .explain:
            var key: Expr?
            if matchWord("for") {
                _ = matchWord("customer")
                key = try primary()
            }
            kind = .explain(forKey: key)
        case .export:
            try expect(.to, "`to` after the segment to export")
            let dest = try exportDestination()
            var columns: [Expr] = []
            if match(.with) { columns = try commaList { try $0.expression() } }
            kind = .export(dest, columns: columns)
            if current.isWord("as"), peek().isWord("of") { snapshots = try snapshotDates() }
        case .assert:
            try expect(.count, "`count` (as in `assert count vip between 1000 and 50k`)")
            let whole = try expression()
            switch whole.kind {
            case .between(let t, let lo, let hi, false):
                targetExpr = t
                kind = .assertCount(.between(lo, hi))
            case .binary(let op, let t, let bound) where op.isComparison:
                targetExpr = t
                kind = .assertCount(.compare(op, bound))
            default:
                try fail(.assertNeedsBound(whole.span))
            }
        default:
            try expected("an action")
        }
        return Action(kind: kind, target: targetExpr, span: kw.span.to(previousEnd), keywordSpan: kw.span, snapshots: snapshots)
    }

    /// `as of [d1, d2, …] [label NAME = CONDITION after N days]`, after an export's columns.
    mutating func snapshotDates() throws -> Snapshots {
        let start = advance().span  // as
        _ = advance()               // of
        _ = try expectSymbol("[", "`[` and the dates (as in `as of [2026-06-30, 2026-09-30]`)")
        var dates: [Expr] = []
        repeat { dates.append(try additive()) } while matchSymbol(",")
        _ = try expectSymbol("]", "`]` after the dates")
        var label: Snapshots.Label?
        if matchWord("label") {
            let n = try name("the label's name (as in `label churned = … after 30 days`)")
            _ = try expectSymbol("=", "`=` and the label's condition")
            let condition = try expression()
            _ = try expect(.after, "`after` and how long after each date the label looks (as in `after 30 days`)")
            label = .init(name: n, condition: condition, horizon: try additive())
        }
        return Snapshots(dates: dates, label: label, span: start.to(previousEnd))
    }

    mutating func exportDestination() throws -> ExportDestination {
        let t = current
        if matchWord("csv") || matchWord("jsonl") {
            guard case .string(let path) = current.kind else { try expected("a file path in quotes") }
            let span = advance().span
            // `to csv "x.csv" excel`: a file Excel opens right (byte-order mark, CRLF).
            return t.isWord("csv") ? .csv(path: path, span: span, excel: matchWord("excel")) : .jsonl(path: path, span: span)
        }
        if matchWord("list") {
            if case .identifier = current.kind, !Self.beginsExpectation(current) { return .list(try name("a list name")) }
            return .list(nil)
        }
        if matchWord("table") { return .table(try name("a table name")) }
        try fail(.badExportDestination(found: t))
    }

    mutating func integer(_ what: String) throws -> Int {
        guard case .number(let v, _) = current.kind, v >= 0, v == v.rounded(), v < 1e12 else { try expected(what) }
        advance()
        return Int(v)
    }

    /// Words the grammar reads in one place (`vs`, `seed`, `per`, …): after a list they go
    /// on the statement, so they are never a missing comma.
    static let contextualWords: Set<String> = [
        "adjusted", "against", "as", "base", "because", "build", "cap", "channel", "contact", "contacted", "contacts", "csv",
        "customer", "dated", "decile", "excel", "exclude", "expect", "field", "for", "format", "has", "holdout", "inputs",
        "into", "jsonl", "key", "label", "list", "many", "of", "on", "per", "pii", "plan", "power", "priority", "rank", "response",
        "seed", "significance", "table", "tags", "target", "under", "uplift", "via", "vs",
    ]

    mutating func commaList<T>(_ item: (inout Parser) throws -> T) throws -> [T] {
        var items = [try item(&self)]
        while true {
            if matchSymbol(",") { items.append(try item(&self)); continue }
            // `with name phone`: a second name on the same line is a missing comma.
            if case .identifier(let w, false) = current.kind, !current.startsLine, pos > 0,
               !Self.contextualWords.contains(w.lowercased()) {
                try fail(.missingComma(after: tokens[pos - 1], before: current))
            }
            return items
        }
    }
}
