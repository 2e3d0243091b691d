/// A campaign's evaluation and its plan (grammar/seg.ebnf `evaluate_campaign`, `plan_campaign`).
extension Parser {
    /// `response = CONDITION [by decile(SCORE)]` or `on MEASURE [adjusted by COVARIATE] [by decile(SCORE)]`.
    mutating func campaignQuestion(plan: Bool) throws -> CampaignQuestion {
        let outcome: CampaignQuestion.Outcome
        if case .identifier(let w, false) = current.kind, !current.isWord("response"), !current.isWord("on"), peek().isSymbol("=") {
            try fail(.misspeltWord(w, meant: "response", current.span))
        }
        if matchWord("response") {
            try expectSymbol("=", "`=` after `response`")
            outcome = .response(try expression())
            if current.isWord("adjusted") {
                try fail(.adjustedResponse(current.span))
            }
        } else if matchWord("on") {
            let measure = try expression()
            var covariate: Expr?
            if matchWord("adjusted") {
                try expect(.by, "`by` and the same measure before the contact (as in `adjusted by sum(transactions.amount within 30 days before contact)`)")
                covariate = try expression()
            }
            outcome = .measure(measure, adjustedBy: covariate)
        } else {
            try expected("`response = CONDITION` (a yes/no outcome) or `on MEASURE` (a number, as in `on sum(transactions.amount within 30 days after contact)`)")
        }
        var question = CampaignQuestion(outcome: outcome)
        if case .identifier(let w, false) = current.kind, !current.atColumnOne, !plan || !Self.planWords.contains(w.lowercased()) {
            try fail(.unknownClause(w, statement: plan ? "plan campaign" : "evaluate campaign",
                                    clauses: plan ? ["response =", "on", "adjusted by", "uplift", "power", "significance"] : ["response =", "on", "adjusted by", "by decile(…)"], current.span))
        }
        // A plan reads deciles too, to refuse them with a reason (E0829), not as a stray statement.
        if match(.by) {
            guard current.isWord("decile") else {
                try expected("`decile(SCORE)` (as in `by decile(churn_risk)`)")
            }
            advance()
            try expectSymbol("(", "`(` and the score (as in `by decile(churn_risk)`)")
            question.byDecile = try expression()
            try expectSymbol(")", "`)` to close `decile(`")
        }
        return question
    }

    /// `plan campaign NAME response = CONDITION [uplift U] [power P] [significance A]`.
    mutating func planCampaign() throws -> Statement.Kind {
        advance()
        advance()
        let n = try name("the campaign to plan")
        let question = try campaignQuestion(plan: true)
        var terms: [String: Expr] = [:]
        while case .identifier(let w, false) = current.kind, !current.atColumnOne {
            let word = w.lowercased()
            guard Self.planWords.contains(word) else {
                try fail(.unknownClause(w, statement: "plan campaign", clauses: ["uplift", "power", "significance"], current.span))
            }
            if terms[word] != nil { try fail(.repeatedClause(word, current.span)) }
            advance()
            terms[word] = try additive()
            // `uplift 2pp`: a word after the number that is no clause.
            if case .identifier(let after, false) = current.kind, !current.startsLine, !Self.planWords.contains(after.lowercased()) {
                try fail(.planTermWord(word, found: after, current.span))
            }
        }
        return .planCampaign(n, question, uplift: terms["uplift"], power: terms["power"], significance: terms["significance"])
    }

    static let planWords: Set<String> = ["uplift", "power", "significance"]
}
