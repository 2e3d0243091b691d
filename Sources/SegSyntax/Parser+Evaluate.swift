/// A campaign's evaluation and its plan (grammar/seg.ebnf `evaluate_campaign`, `plan_campaign`).
extension Parser {
    /// `response = CONDITION [by decile(SCORE)]` or `on MEASURE [adjusted by COVARIATE] [by decile(SCORE)]`.
    mutating func campaignQuestion(bands: Bool) throws -> CampaignQuestion {
        let outcome: CampaignQuestion.Outcome
        if matchWord("response") {
            try expectSymbol("=", "`=` after `response`")
            outcome = .response(try expression())
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
        if bands, match(.by) {
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
        // Deciles are read to be refused with a reason (E0829), not as a stray statement.
        let question = try campaignQuestion(bands: true)
        var uplift: Expr?, power: Expr?, significance: Expr?
        while true {
            if matchWord("uplift") { uplift = try additive(); continue }
            if matchWord("power") { power = try additive(); continue }
            if matchWord("significance") { significance = try additive(); continue }
            break
        }
        return .planCampaign(n, question, uplift: uplift, power: power, significance: significance)
    }
}
