import SegSyntax

// Messages about campaigns, lists and assignment: E08xx.

extension Diagnostic {
    static func unknownList(_ name: String, _ span: Span, known: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0801", message: "there is no saved list `\(name)`", span: span)
        if let close = Suggest.closest(to: name, in: known) { d.suggestion = "did you mean `\(close)`?" }
        else if known.isEmpty { d.notes.append("no list is saved yet: `export S to list \(name)` saves one") }
        else { d.notes.append("saved lists: \(known.prefix(15).map { "`\($0)`" }.joined(separator: ", "))") }
        return d
    }
    static func afterContactOutsideEvaluation(_ span: Span, before: Bool = false) -> Diagnostic {
        Diagnostic(code: "E0802", message: "`\(before ? "before" : "after") contact` needs a contact date, which only `evaluate campaign` and `plan campaign` have", span: span,
                   suggestion: "use it in `evaluate campaign NAME response = …`, or write `within N days` for the days before `as_of`")
    }
    static func covariateAfterContact(_ e: TypedExpr, text: String) -> Diagnostic {
        Diagnostic(code: "E0833", message: "the covariate must be measured before the contact, and `\(text)` reads up to as_of, after it", span: e.span,
                   notes: ["CUPED removes the part of the measure the covariate explains; a covariate the contact can move removes part of the effect too"],
                   suggestion: "read the same measure before the contact, as in `within 90 days before contact`")
    }
    static func contactWindowInScore(_ span: Span, before: Bool) -> Diagnostic {
        Diagnostic(code: "E0834", message: "a decile's score is read as of the contact date, so it has no `\(before ? "before" : "after") contact` window", span: span,
                   suggestion: "write `within N days`: the N days up to the contact date")
    }
    static func planOfARunningCampaign(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0709", severity: .warning, message: "this run also runs campaign `\(name)`: it saves a list version and books its contacts", span: span,
                   suggestion: "to plan without saving anything, declare the campaign in its own file and plan it from a script that `use`s that file")
    }
    static func planByDecile(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0829", message: "a plan has no deciles: it sizes the holdout before anyone is contacted", span: span,
                   suggestion: "drop `by decile(…)`; after the campaign, `evaluate campaign NAME response = … by decile(…)` breaks the uplift down")
    }
    static func badPlanTerm(_ term: String, _ span: Span, response: Bool) -> Diagnostic {
        let example: String
        switch term {
        case "uplift": example = response ? "`uplift 2%` (two percentage points on the response rate)" : "`uplift 500` (in the measure's units)"
        case "power": example = "`power 80%` (the chance to detect the uplift if it is there)"
        default: example = "`significance 5%` (two-sided)"
        }
        return Diagnostic(code: "E0830", message: "`\(term)` needs a number" + (term == "uplift" && !response ? " above 0" : " between 0% and 100%")
                          + (term == "power" ? ", above half the significance level" : ""), span: span, suggestion: "for example \(example)")
    }
    static func decileNeedsResponse(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0831", message: "uplift by decile, the Qini curve and AUUC are for a yes/no `response`", span: span,
                   suggestion: "evaluate `response = CONDITION by decile(…)`, or drop `by decile(…)` to compare the measure's means")
    }
    static func measureNotNumber(_ e: TypedExpr, what: String) -> Diagnostic {
        Diagnostic(code: "E0832", message: "\(what) must be a number, found \(e.type)", span: e.span,
                   suggestion: what == "the measure" ? "for a yes/no outcome write `response = …`; for a number, for example `on sum(transactions.amount within 30 days after contact)`" : nil)
    }
    static func campaignWithoutTarget(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0803", message: "campaign `\(name)` has no `target`", span: span,
                   suggestion: "add a line like `target vip_at_risk` naming who the campaign is for")
    }
    static func badHoldout(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0804", message: "a holdout must be a percentage from 0% to 100%", span: span,
                   suggestion: "for example `holdout 10% seed \"q4-2026\"`")
    }
    static func noContactsRelation(_ span: Span, relations: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0805", message: "contact rules need a `contacts` relation (the contact history), and this entity has none", span: span,
                           suggestion: "declare it: `has many contacts from table contact_history on customer_id dated by contact_date`")
        if !relations.isEmpty { d.notes.append("relations: \(relations.map { "`\($0)`" }.joined(separator: ", "))") }
        return d
    }
    static func contactsNeedColumn(_ column: String, relation: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0806", message: "relation `\(relation)` has no `\(column)` column, which `via` needs", span: span,
                   suggestion: "drop `via …`, or give the contact history a `\(column)` column")
    }
    static func duplicateClause(_ clause: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0807", message: "a campaign has one `\(clause)`", span: span, suggestion: "keep one `\(clause)` line")
    }
    static func badContactWindow(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0808", message: "expected a whole number of days, weeks, months or years (as in `14 days`)", span: span)
    }
    static func badSplit(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0809", message: "the parts of a split are percentages that add up to at most 100%", span: span,
                   suggestion: "for example `split vip into a 50%, b 50% seed \"ab-2026\"`")
    }
    static func unknownCampaign(_ name: String, _ span: Span, known: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0810", message: "no campaign `\(name)` in this script", span: span)
        if let close = Suggest.closest(to: name, in: known) { d.suggestion = "did you mean `\(close)`?" }
        else { d.suggestion = "declare it first (`campaign \(name)` with its `target`), or `use` the file that does: a used file's campaign saves nothing" }
        return d
    }
    static func campaignDuplicate(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0811", message: "campaign `\(name)` is already defined", span: span, suggestion: "give it another name")
    }
    static func limitPerNotValue(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0812", message: "`limit … per` needs a field to group by (a string, number, date or bool)", span: span,
                   suggestion: "for example `limit 200 per branch_id`")
    }
    static func badCampaignExport(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0813", message: "a campaign exports to a list (and may name it), or to a csv or jsonl file", span: span,
                   suggestion: "for example `export to list with customer_id, name, phone`")
    }
}

// Messages about models and scorecards: E082x.
extension Diagnostic {
    static func modelFile(_ path: String, _ problem: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0820", message: "cannot use model file \"\(path)\": \(problem)", span: span,
                   suggestion: "model files are read relative to the script's folder")
    }
    static func missingFeature(_ f: String, model: String, close: String?, _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "E0821", message: "model `\(model)` needs feature `\(f)`, which is not a field or define here", span: span,
                           notes: ["map it to an expression: `inputs (\(f) = …)`"])
        if let close { d.suggestion = "did you mean `\(close)`? (`inputs (\(f) = \(close))`)" }
        return d
    }
    static func notAFeature(_ f: String, model: String, features: [String], _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "E0822", message: "model `\(model)` has no feature `\(f)`", span: span)
        if let close = Suggest.closest(to: f, in: features) { d.suggestion = "did you mean `\(close)`?" }
        else { d.notes.append("its features: \(features.prefix(20).joined(separator: ", "))") }
        return d
    }
    static func featureType(_ f: String, _ t: TypedExpr) -> Diagnostic {
        Diagnostic(code: "E0823", message: "feature `\(f)` is a \(t.type), but models take numbers (or conditions, as 1 and 0)", span: t.span,
                   suggestion: "map it to a number with `inputs (\(f) = …)`")
    }
    static func unknownModelFormat(_ f: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0824", message: "unknown model format `\(f)`", span: span, suggestion: "use xgboost, lightgbm, linear or pmml")
    }
    static func scorecardNumber(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0825", message: "scorecard bins and points are numbers", span: span, suggestion: "for example `age: under 25 -> -10, 25 to 45 -> 15, else -> 5`")
    }
    static func reasonsNeedsModel(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0826", message: "`reasons` takes a model or scorecard by name", span: span, suggestion: "for example `reasons(churn_risk)` or `reasons(churn_risk, 5)`")
    }
    static func reasonsCount(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0827", message: "the number of reasons is a whole number from 1 to 100", span: span)
    }
    static func modelHidesField(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0302", severity: .warning, message: "`\(name)` is also a column of the entity's table; in this script the name means the model",
                   span: span, suggestion: "give the model another name to use the column")
    }
    static func unknownModel(_ name: String, _ span: Span, known: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0828", message: "no model `\(name)`", span: span)
        if let close = Suggest.closest(to: name, in: known) { d.suggestion = "did you mean `\(close)`?" }
        else { d.suggestion = "declare it first: `model \(name) = \"models/\(name).json\"`" }
        return d
    }
}
