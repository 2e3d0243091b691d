/// Expressions, lowest precedence first (grammar/seg.ebnf: `expression` … `primary`), with
/// calls, relation aggregates and their windows.
extension Parser {
    public mutating func expression() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { try fail(.tooDeep(current.span, limit: Parser.maxDepth)) }
        return try orExpr()
    }

    mutating func orExpr() throws -> Expr {
        var left = try andExpr()
        while match(.or) {
            let right = try andExpr()
            left = Expr(.binary(.or, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func andExpr() throws -> Expr {
        var left = try notExpr()
        while match(.and) {
            let right = try notExpr()
            left = Expr(.binary(.and, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func notExpr() throws -> Expr {
        if current.isKeyword(.not) {
            let start = advance().span
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { try fail(.tooDeep(current.span, limit: Parser.maxDepth)) }
            let inner = try notExpr()
            return Expr(.unary(.not, inner), start.to(inner.span))
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        var left = try additive()
        while true {
            if case .symbol(let s) = current.kind, let op = BinaryOp(rawValue: s), op.isComparison {
                advance()
                let right = try additive()
                left = Expr(.binary(op, left, right), left.span.to(right.span))
            } else if current.isKeyword(.not), peek().isKeyword(.in) || peek().isKeyword(.between) {
                advance()
                left = try membership(left, negated: true)
            } else if current.isKeyword(.between), inAggregateFilter, isCondition(left) {
                // `count(R where c between d1 and d2)`: after a whole condition, `between`
                // begins the aggregate's window, not a comparison.
                return left
            } else if current.isKeyword(.in) || current.isKeyword(.between) {
                left = try membership(left, negated: false)
            } else if match(.is) {
                let negated = match(.not)
                try expect(.missing, "`missing` (as in `x is missing`)")
                left = Expr(.isMissing(left, negated: negated), left.span.to(previousEnd))
            } else if match(.contains) {
                let right = try additive()
                left = Expr(.stringMatch(.contains, left, right), left.span.to(right.span))
            } else if current.isKeyword(.starts) || current.isKeyword(.ends) {
                let op: StringOp = advance().isKeyword(.starts) ? .startsWith : .endsWith
                try expect(.with, "`with` (as in `name \(op == .startsWith ? "starts" : "ends") with \"x\"`)")
                let right = try additive()
                left = Expr(.stringMatch(op, left, right), left.span.to(right.span))
            } else {
                return left
            }
        }
    }

    /// Whether an expression is already a condition by its form (a comparison, a test).
    func isCondition(_ e: Expr) -> Bool {
        switch e.kind {
        case .binary(let op, _, _): return op.isComparison || op == .and || op == .or
        case .between, .inList, .isMissing, .stringMatch, .unary(.not, _), .bool: return true
        default: return false
        }
    }

    mutating func membership(_ left: Expr, negated: Bool) throws -> Expr {
        if match(.in) {
            let open = try expectSymbol("[", "`[` to start the list of values")
            var items: [Expr] = []
            if !current.isSymbol("]") { items = try commaList { try $0.additive() } }
            let close = try expectSymbol("]", "`]` or `,` in the list of values")
            _ = open
            return Expr(.inList(left, items, negated: negated), left.span.to(close.span))
        }
        try expect(.between)
        let low = try additive()
        try expect(.and, "`and` (as in `between 30 and 60`)")
        let high = try additive()
        return Expr(.between(left, low: low, high: high, negated: negated), left.span.to(high.span))
    }

    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            advance()
            let right = try multiplicative()
            left = Expr(.binary(s == "+" ? .add : .subtract, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" {
            advance()
            let right = try unary()
            left = Expr(.binary(s == "*" ? .multiply : .divide, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func unary() throws -> Expr {
        if current.isSymbol("-") {
            let start = advance().span
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { try fail(.tooDeep(current.span, limit: Parser.maxDepth)) }
            let inner = try unary()
            if case .number(let v) = inner.kind { return Expr(.number(-v), start.to(inner.span)) }
            return Expr(.unary(.negate, inner), start.to(inner.span))
        }
        return try postfix()
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        while current.isSymbol(".") {
            advance()
            let field = try name("a field name after `.`")
            e = Expr(.member(e, field), e.span.to(field.span))
        }
        return e
    }

    mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let v, _):
            advance()
            // `30 days`: a number followed by a unit word is a duration.
            if case .identifier(let w, false) = current.kind, let unit = DurationUnit(word: w), w.lowercased() != "d" {
                let u = advance()
                return Expr(.duration(v, unit), t.span.to(u.span))
            }
            return Expr(.number(v), t.span)
        case .duration(let v, let unit):
            advance()
            return Expr(.duration(v, unit), t.span)
        case .string(let s):
            advance()
            return Expr(.string(s), t.span)
        case .date(let d):
            advance()
            return Expr(.date(d), t.span)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(t.isKeyword(.true)), t.span)
        case .keyword(.today):
            advance()
            return Expr(.today, t.span)
        case .keyword(.all):
            advance()
            return Expr(.all, t.span)
        case .keyword(.if):
            advance()
            let c = try expression()
            try expect(.then, "`then` after the condition of `if`")
            let a = try expression()
            try expect(.else, "`else`: an `if` needs both branches")
            let b = try expression()
            return Expr(.conditional(c, then: a, else: b), t.span.to(b.span))
        case .keyword(.in) where peek().isWord("list"):
            advance()
            advance()
            let n = try name("a list name")
            var version: Int?
            if current.isKeyword(.version), case .number = peek().kind {
                advance()
                version = try integer("a version number")
            }
            return Expr(.savedList(n, version: version), t.span.to(previousEnd))
        case .keyword(.count) where peek().isSymbol("("):
            advance()
            return try call(Name("count", t.span))
        case .keyword(let k) where k.beginsStatement && !t.atColumnOne:
            // A statement word where a value belongs is a field named like it (`campaign`,
            // `segment`, `version` are common column names) — unless it starts a line at
            // column one, where it begins the next statement.
            advance()
            return Expr(.name(t.word ?? k.rawValue), t.span)
        case .identifier(let n, let quoted):
            advance()
            if !quoted, current.isSymbol("(") { return try call(Name(n, t.span)) }
            return Expr(.name(n), t.span)
        case .symbol("("):
            advance()
            let inner = try expression()
            let close = try expectSymbol(")", "`)` to close the `(`")
            return Expr(inner.kind, t.span.to(close.span))
        case .symbol("["):
            advance()
            depth += 1
            defer { depth -= 1 }
            var items: [Expr] = []
            if !current.isSymbol("]") { items = try commaList { try $0.expression() } }
            let close = try expectSymbol("]", "`]` or `,` in the list")
            return Expr(.list(items), t.span.to(close.span))
        case .eof:
            try fail(.unexpectedEnd(t.span, expected: "a value or a condition"))
        default:
            try fail(.expected("a value or a condition", found: t))
        }
    }

    /// `f(a, b)` or a relation aggregate `count(R where c within 30 days)`.
    mutating func call(_ fn: Name) throws -> Expr {
        try expectSymbol("(")
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { try fail(.tooDeep(current.span, limit: Parser.maxDepth)) }
        var args: [Expr] = []
        var filter: Expr?
        var window: Window?
        if !current.isSymbol(")") {
            // An aggregate's first argument is a relation (or `relation.field`): it stops
            // before `between`, which there begins a window, not a comparison.
            let aggregate = ["count", "sum", "avg", "min", "max", "distinct_count", "first", "last", "any"].contains(fn.text)
            args = [aggregate ? try additive() : try expression()]
            while matchSymbol(",") { args.append(try expression()) }
            if match(.where) {
                let outer = inAggregateFilter
                inAggregateFilter = true
                defer { inAggregateFilter = outer }
                filter = try expression()
            }
            window = try windowClause()
        }
        let close = try expectSymbol(")", "`)` to close the call of `\(fn.text)`")
        return Expr(.call(fn, args, filter: filter, window: window), fn.span.to(close.span))
    }

    mutating func windowClause() throws -> Window? {
        let start = current.span
        if match(.within) {
            let d = try additive()
            if case .number = d.kind, case .identifier(let w, false) = current.kind, !current.startsLine {
                try fail(.unknownTimeUnit(w, current.span))
            }
            var after = false, before = false
            if match(.after) { try expectWord("contact"); after = true }
            // `before contact` only: `within 30 days before 2026-01-01` is no window.
            else if current.isKeyword(.before), peek().isWord("contact") { advance(); advance(); before = true }
            return Window(kind: .within(d), afterContact: after, beforeContact: before, span: start.to(previousEnd))
        }
        if match(.between) {
            let a = try additive()
            try expect(.and, "`and` (as in `between 2026-01-01 and 2026-03-31`)")
            let b = try additive()
            return Window(kind: .between(a, b), afterContact: false, span: start.to(previousEnd))
        }
        if match(.before) {
            let d = try additive()
            return Window(kind: .before(d), afterContact: false, span: start.to(previousEnd))
        }
        return nil
    }
}
