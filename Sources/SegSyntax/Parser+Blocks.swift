/// Statements made of a head line and clause lines, each clause starting with its own word:
/// `campaign`, `model`, `scorecard`, `split` and `entity` (grammar/seg.ebnf).
extension Parser {
    /// `campaign NAME` and its clauses, each starting with its own word, in any order.
    mutating func campaignStatement() throws -> CampaignDecl {
        advance()
        let n = try name("a campaign name")
        declaring = n.text
        var items: [CampaignDecl.Item] = []
        while true {
            let start = current.span
            let clause: CampaignDecl.Clause
            if matchWord("priority") {
                clause = .priority(try integer("a priority number (higher wins)"))
            } else if matchWord("target") {
                clause = .target(try expression())
            } else if matchWord("exclude") {
                if current.isWord("contacted"), peek().isWord("via") || peek().isKeyword(.within) {
                    advance()
                    var channel: Name?
                    if matchWord("via") { channel = try name("a channel (as in `via phone`)") }
                    try expect(.within, "`within` and a number of days")
                    clause = .excludeContacted(channel: channel, within: try clauseDuration())
                } else {
                    clause = .exclude(try expression())
                }
            } else if matchWord("cap") {
                let k = try integer("the most contacts allowed (as in `cap 2 contacts per 30 days`)")
                guard matchWord("contacts") || matchWord("contact") else { try expected("`contacts` (as in `cap 2 contacts per 30 days`)") }
                var channel: Name?
                if matchWord("via") { channel = try name("a channel (as in `via sms`)") }
                try expectWord("per")
                clause = .cap(k, channel: channel, per: try clauseDuration())
            } else if matchWord("holdout") {
                let share = try additive()
                try expectWord("seed", "`seed` and a text that fixes who is held out (as in `holdout 10% seed \"q4-2026\"`)")
                clause = .holdout(share, seed: try string("a seed in quotes (as in `seed \"q4-2026\"`)"))
            } else if current.isWord("rank"), peek().isKeyword(.by) {
                advance()
                advance()
                let e = try expression()
                // DECISION: highest first unless `asc` (rank 1 is the best score: LANGUAGE.md).
                let ascending = match(.asc)
                if !ascending { _ = match(.desc) }
                clause = .rankBy(e, descending: !ascending)
            } else if match(.limit) {
                let k = try integer("how many customers at most")
                var per: Expr?
                if matchWord("per") { per = try expression() }
                clause = .limit(k, per: per)
            } else if matchWord("channel") {
                clause = .channel(try name("a channel (phone, sms, email, app, …)"))
            } else if current.isKeyword(.export), peek().isKeyword(.to) {
                advance()
                advance()
                let dest = try exportDestination()
                var columns: [Expr] = []
                if match(.with) { columns = try commaList { try $0.expression() } }
                clause = .export(dest, columns: columns)
            } else {
                return CampaignDecl(name: n, items: items)
            }
            items.append(.init(clause: clause, span: start.to(previousEnd)))
        }
    }

    /// `model NAME = "file" [format F] [inputs (feature = expression, …)]`
    mutating func modelStatement() throws -> ModelDecl {
        advance()
        let n = try name("a model name")
        declaring = n.text
        try expectSymbol("=", "`=` and the model file in quotes")
        let pathToken = current
        let path = try string("the model file in quotes (as in `model churn_risk = \"models/churn.json\"`)")
        var format: Name?
        if matchWord("format") { format = try name("a format: xgboost, lightgbm, linear or pmml") }
        var inputs: [ModelDecl.Input] = []
        if matchWord("inputs") {
            try expectSymbol("(", "`(` to start the inputs")
            inputs = try commaList { p in
                let f = try p.name("a feature name")
                try p.expectSymbol("=", "`=` (as in `tenure = months_since(open_date)`)")
                return ModelDecl.Input(feature: f, value: try p.expression())
            }
            try expectSymbol(")", "`)` or `,` in the inputs")
        }
        return ModelDecl(name: n, path: path, pathSpan: pathToken.span, format: format, inputs: inputs)
    }

    /// `scorecard NAME base N`, then lines `feature: bin -> points, …` until a line is not one.
    mutating func scorecardStatement() throws -> ScorecardDecl {
        advance()
        let n = try name("a scorecard name")
        declaring = n.text
        try expectWord("base")
        let base = try unary()
        var lines: [ScorecardDecl.Line] = []
        while case .identifier = current.kind, peek().isSymbol(":") {
            let feature = try name("a field")
            advance()
            let bins = try commaList { p -> ScorecardDecl.Bin in
                let start = p.current.span
                let test: ScorecardDecl.Test
                if p.matchWord("under") {
                    test = .under(try p.unary())
                } else if p.match(.missing) {
                    test = .missing
                } else if p.match(.else) {
                    test = .otherwise
                } else {
                    let a = try p.unary()
                    if p.match(.to) { test = .range(a, try p.unary()) } else { test = .value(a) }
                }
                guard p.current.isSymbol("-"), p.peek().isSymbol(">") else { try p.expected("`->` and the points") }
                p.advance()
                p.advance()
                let points = try p.unary()
                return ScorecardDecl.Bin(test: test, points: points, span: start.to(p.previousEnd))
            }
            lines.append(.init(feature: feature, bins: bins))
        }
        if lines.isEmpty { try expected("a line like `age: under 25 -> -10, else -> 5`") }
        return ScorecardDecl(name: n, base: base, lines: lines)
    }

    /// `split S into a 50%, b 50% seed "…"`
    mutating func splitStatement() throws -> Statement.Kind {
        advance()
        let source = try expression()
        try expectWord("into")
        let parts = try commaList { p -> SplitPart in
            let n = try p.name("a name for the part (as in `a 50%`)")
            return SplitPart(name: n, share: try p.additive())
        }
        try expectWord("seed")
        return .split(source, parts: parts, seed: try string("a seed in quotes (as in `seed \"ab-test\"`)"))
    }

    /// `entity NAME from table T key K`, then any of `field F pii` and
    /// `has many R from table T on K [dated by D]`.
    mutating func entityStatement() throws -> EntityDecl {
        advance()
        let n = try name("an entity name")
        try expect(.from, "`from table …` after the entity's name")
        try expectWord("table")
        let table = try name("a table name")
        try expectWord("key")
        let key = try name("the key column")
        var decl = EntityDecl(name: n, table: table, key: key, fields: [], relations: [])
        while true {
            if matchWord("field") {
                var relation: Name?
                var f = try name("a field name")
                // `field transactions.counterparty_name pii`: a relation's column.
                if current.isSymbol(".") {
                    advance()
                    relation = f
                    f = try name("a column of `\(relation!.text)`")
                }
                // `pii` declares a field personal, `not pii` declares it not (overriding the
                // default policy, LANGUAGE.md §5); without either the policy decides.
                var pii: Bool?
                if matchWord("pii") {
                    pii = true
                } else if current.isKeyword(.not), peek().isWord("pii") {
                    advance()
                    advance()
                    pii = false
                }
                decl.fields.append(.init(relation: relation, name: f, pii: pii))
            } else if matchWord("has") {
                try expectWord("many")
                let r = try name("a relation name")
                try expect(.from, "`from table …` after the relation's name")
                try expectWord("table")
                let t = try name("a table name")
                try expectWord("on")
                let k = try name("the column that holds the entity's key")
                var dated: Name?
                if matchWord("dated") {
                    try expect(.by, "`by` (as in `dated by txn_date`)")
                    dated = try name("a date column")
                }
                decl.relations.append(.init(name: r, table: t, key: k, datedBy: dated))
            } else {
                return decl
            }
        }
    }

    /// A campaign clause's duration (`within 14 days`, `per 30 days`). A word after its number
    /// that is no unit (`14 dayz`) is reported once and passed over, so the block's later
    /// clauses are read as clauses, not as misleading errors of their own.
    mutating func clauseDuration() throws -> Expr {
        let d = try additive()
        if case .number(let v) = d.kind, case .identifier(let w, false) = current.kind, !current.startsLine {
            report(.unknownTimeUnit(w, current.span))
            let end = advance().span
            // Read as days, so the checker does not report the same mistake again.
            return Expr(.duration(v, .days), d.span.to(end))
        }
        return d
    }
}
