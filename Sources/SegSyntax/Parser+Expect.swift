/// Tests written in Seg (`seg test`): the `expect` statement.
extension Parser {
    /// `expect count S between a and b`, `expect count S >= n`,
    /// `expect customer K [not] in S [because C]` (grammar/seg.ebnf, `seg test`).
    mutating func expectation() throws -> Action {
        let kw = advance()
        if match(.count) {
            let whole = try expression()
            switch whole.kind {
            case .between(let t, let lo, let hi, false):
                return Action(kind: .expectCount(.between(lo, hi)), target: t, span: kw.span.to(previousEnd), keywordSpan: kw.span)
            case .binary(let op, let t, let bound) where op.isComparison:
                return Action(kind: .expectCount(.compare(op, bound)), target: t, span: kw.span.to(previousEnd), keywordSpan: kw.span)
            default:
                try fail(.expectNeedsBound(whole.span))
            }
        }
        let entity = try name("`count` or the entity and a key (as in `expect count vip >= 100` or `expect customer 10042 in vip`)")
        let key = try primary()
        let negated = match(.not)
        try expect(.in, "`in` or `not in` and a segment (as in `expect customer 10042 in vip`)")
        let segment = try expression()
        var because: Expr?
        if matchWord("because") { because = try expression() }
        return Action(kind: .expectMember(entityWord: entity, key: key, negated: negated, because: because), target: segment,
                      span: kw.span.to(previousEnd), keywordSpan: kw.span)
    }
}

/// The tag store from a script (`seg tags build` as a statement).
extension Parser {
    /// `build tags`, `build tags stdlib.rfm, "shared/segments.seg"`.
    mutating func buildTags() throws -> Action {
        let kw = advance()
        try expectWord("tags")
        var modules: [UseTarget] = []
        // The modules are on the statement's line (after a comma, on the next ones too).
        let aModule: (Token) -> Bool = { t in
            switch t.kind {
            case .string, .identifier: return true
            default: return false
            }
        }
        if aModule(current), !current.startsLine {
            repeat {
                if case .string(let path) = current.kind {
                    advance()
                    modules.append(.file(path))
                } else {
                    var parts = [try name("a module like `stdlib.rfm` or a file in quotes").text]
                    while matchSymbol(".") { parts.append(try name("a module name").text) }
                    modules.append(.module(parts))
                }
            } while matchSymbol(",")
        }
        return Action(kind: .buildTags(modules), target: nil, span: kw.span.to(previousEnd), keywordSpan: kw.span)
    }
}
