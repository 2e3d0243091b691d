import SegSyntax

extension Checker {
    func contactsRelation() -> Relation? { program.entity.contactsRelation }

    /// `14 days`, `2 weeks`, `3 months`, or a duration parameter.
    mutating func contactWindow(_ e: Expr) -> (Int, DurationUnit)? {
        var d: Literal? = constant(e)
        if d == nil, case .name(let n) = e.kind { d = program.parameters[n]?.value }
        guard case .duration(let v, let u)? = d, v >= 1, v == v.rounded(), v < 100_000 else {
            report(.badContactWindow(e.span))
            return nil
        }
        return (Int(v), u)
    }

    /// Contacts of the relation (of one channel, or all) within the window, as a relation aggregate.
    mutating func contactsAggregate(_ kind: Aggregate.Kind, channel: Name?, window: (Int, DurationUnit), span: Span) -> TypedExpr? {
        guard let r = contactsRelation(), r.date != nil else {
            report(.noContactsRelation(span, relations: program.entity.relations.map(\.name)))
            return nil
        }
        var filter: TypedExpr?
        if let channel {
            guard let column = r.column("channel") else { report(.contactsNeedColumn("channel", relation: r.name, channel.span)); return nil }
            let field = TypedExpr(.relationField(column.name), column.type, nullable: column.nullable, channel.span, personal: column.pii)
            filter = TypedExpr(.binary(.equal, field, .constant(.string(channel.text), channel.span)), .bool, nullable: column.nullable, channel.span)
        }
        let a = Aggregate(kind: kind, relation: r.name, value: nil, filter: filter, window: .within(window.0, window.1))
        return TypedExpr(.aggregate(a), kind == .any ? .bool : .number, nullable: false, span)
    }

    /// Checks a campaign block.
    mutating func campaign(_ c: CampaignDecl) -> CheckedCampaign? {
        if program.campaigns[c.name.text] != nil { report(.campaignDuplicate(c.name.text, c.name.span)); return nil }
        var target: TypedExpr?, targetText = ""
        var priority = 0, exclusions: [CheckedCampaign.Exclusion] = [], caps: [CheckedCampaign.Cap] = []
        var holdout: CheckedCampaign.Holdout?, rankBy: TypedExpr?, descending = false, rankText = ""
        var limitsPer: [CheckedCampaign.LimitPer] = [], limit: Int?, channel: String?
        var listName = c.name.text, destination: ExportDestination?, columns: [OutputColumn] = []
        var seen: Set<String> = []
        var written: [CheckedCampaign.Written] = []
        var ok = true
        func once(_ clause: String, _ span: Span) -> Bool {
            if seen.insert(clause).inserted { return true }
            report(.duplicateClause(clause, span))
            ok = false
            return false
        }
        for item in c.items {
            switch item.clause {
            case .priority(let p):
                if once("priority", item.span) { priority = p }
            case .target(let e):
                guard once("target", item.span) else { continue }
                guard let t = expr(e) else { ok = false; continue }
                guard t.type == .bool else { report(.expectedCondition(t, context: "as the campaign's target")); ok = false; continue }
                target = t
                targetText = text(e.span)
            case .exclude(let e):
                guard let t = expr(e) else { ok = false; continue }
                guard t.type == .bool else { report(.expectedCondition(t, context: "after `exclude`")); ok = false; continue }
                exclusions.append(.init(reason: "excluded: " + text(e.span), condition: t, contacts: nil))
            case .excludeContacted(let ch, let within):
                if let ch { written.append(.init(name: ch.text, span: ch.span)) }
                guard let w = contactWindow(within), let any = contactsAggregate(.any, channel: ch, window: w, span: item.span) else { ok = false; continue }
                let reason = "excluded: contacted" + (ch.map { " via \($0.text)" } ?? "") + " within \(text(within.span))"
                exclusions.append(.init(reason: reason, condition: any, contacts: .init(channel: ch?.text, amount: w.0, unit: w.1)))
            case .cap(let most, let ch, let per):
                if let ch { written.append(.init(name: ch.text, span: ch.span)) }
                // Several caps may stand (`cap 3 contacts per 30 days`, `cap 1 contacts via sms per 7 days`).
                guard let w = contactWindow(per), let recent = contactsAggregate(.count, channel: ch, window: w, span: item.span) else { ok = false; continue }
                caps.append(.init(most: most, window: .init(channel: ch?.text, amount: w.0, unit: w.1), recent: recent))
            case .holdout(let share, let seed):
                guard once("holdout", item.span) else { continue }
                guard case .number(let p)? = constant(share), p >= 0, p <= 1 else { report(.badHoldout(share.span)); ok = false; continue }
                holdout = .init(buckets: Int((p * 10000).rounded()), seed: seed)
            case .rankBy(let e, let desc):
                guard once("rank by", item.span) else { continue }
                guard let t = expr(e) else { ok = false; continue }
                guard t.type.isOrdered || t.type == .bool else { report(.notOrderable(t)); ok = false; continue }
                rankBy = t
                descending = desc
                rankText = text(e.span) + (desc ? " desc" : " asc")
            case .limit(let n, let per?):
                guard let cols = outputColumns([per]) else { ok = false; continue }
                guard cols[0].expr.type != .duration else { report(.limitPerNotValue(per.span)); ok = false; continue }
                limitsPer.append(.init(most: n, field: cols[0]))
            case .limit(let n, nil):
                if once("limit", item.span) { limit = n }
            case .channel(let n):
                written.append(.init(name: n.text, span: n.span))
                if once("channel", item.span) { channel = n.text }
            case .export(let dest, let with):
                guard once("export", item.span) else { continue }
                switch dest {
                case .list(let n): if let n { listName = n.text }
                case .csv, .jsonl: destination = dest
                case .table: report(.badCampaignExport(item.span)); ok = false; continue
                }
                guard let cols = campaignColumns(with) else { ok = false; continue }
                columns = cols
            }
        }
        guard let target else {
            if ok { report(.campaignWithoutTarget(c.name.text, c.name.span)) }
            return nil
        }
        guard ok else { return nil }
        if columns.isEmpty {
            columns = campaignColumns([])!
        }
        return CheckedCampaign(name: c.name.text, priority: priority, target: target, targetText: targetText, exclusions: exclusions,
                               caps: caps, holdout: holdout, rankBy: rankBy, rankText: rankText, descending: descending, limitsPer: limitsPer, limit: limit,
                               channel: channel, channelsWritten: written, listName: listName, destination: destination, columns: columns, span: c.name.span)
    }

    /// Export columns of a campaign: `group` and `rank` (filled by the runner) besides the entity's own.
    /// With none named: the key, group and rank.
    mutating func campaignColumns(_ exprs: [Expr]) -> [OutputColumn]? {
        let key = program.entity.keyColumn
        func special(_ label: String, _ type: SegType) -> OutputColumn {
            OutputColumn(label: label, expr: TypedExpr(.literal(type == .string ? .string("") : .number(0)), type, nullable: false, .none))
        }
        if exprs.isEmpty { return [key, special(CheckedCampaign.groupColumn, .string), special(CheckedCampaign.rankColumn, .number)] }
        var out: [OutputColumn] = []
        for e in exprs {
            if case .name(let n) = e.kind, n == CheckedCampaign.groupColumn || n == CheckedCampaign.rankColumn,
               program.entity.field(n) == nil, names[n] == nil, pending[n] == nil {
                out.append(special(n, n == CheckedCampaign.groupColumn ? .string : .number))
                continue
            }
            guard let cols = outputColumns([e]) else { return nil }
            out += cols
        }
        return out
    }

    /// `evaluate campaign NAME response = c [by decile(score)]` or `… on m [adjusted by x]`.
    mutating func evaluateCampaign(_ n: Name, _ question: CampaignQuestion, span: Span) -> CheckedAction? {
        let listName = program.campaigns[n.text]?.listName ?? n.text
        if program.campaigns[n.text] == nil, !listsUnknown, !knownLists.contains(listName) {
            report(.unknownList(listName, n.span, known: knownLists.sorted()))
            return nil
        }
        guard let q = campaignQuestion(question) else { return nil }
        return CheckedAction(kind: .evaluateCampaign(name: n.text, listName: listName, question: q), target: .constant(.bool(true), .none),
                             targetName: nil, targetText: n.text, span: span)
    }

    /// `plan campaign NAME …`: a campaign of this script or a used file, before it runs.
    mutating func planCampaign(_ n: Name, _ question: CampaignQuestion, uplift: Expr?, power: Expr?, significance: Expr?, span: Span) -> CheckedAction? {
        guard let campaign = program.campaigns[n.text] else {
            report(.unknownCampaign(n.text, n.span, known: program.campaigns.keys.sorted()))
            return nil
        }
        if question.byDecile != nil { report(.planByDecile(question.byDecile!.span)) }
        if runningCampaigns.contains(n.text) { report(.planOfARunningCampaign(n.text, n.span)) }
        guard let q = campaignQuestion(question) else { return nil }
        var terms = CampaignPlanTerms(uplift: nil)
        if let u = uplift {
            guard case .number(let v)? = constant(u), v > 0, v.isFinite else { report(.badPlanTerm("uplift", u.span, response: q.isResponse)); return nil }
            if q.isResponse, v >= 1 { report(.badPlanTerm("uplift", u.span, response: true)); return nil }
            terms.uplift = v
        }
        if let p = power {
            guard case .number(let v)? = constant(p), v > 0, v < 1 else { report(.badPlanTerm("power", p.span, response: q.isResponse)); return nil }
            terms.power = v
        }
        if let a = significance {
            guard case .number(let v)? = constant(a), v > 0, v < 1 else { report(.badPlanTerm("significance", a.span, response: q.isResponse)); return nil }
            terms.significance = v
        }
        if terms.power <= terms.significance / 2 { report(.badPlanTerm("power", power?.span ?? n.span, response: q.isResponse)); return nil }
        return CheckedAction(kind: .planCampaign(campaign, question: q, plan: terms), target: campaign.target,
                             targetName: campaign.name, targetText: campaign.targetText, span: span)
    }

    /// The outcome (which may use `after contact` and `before contact` windows) and the score
    /// (read as of the contact date: no contact windows).
    mutating func campaignQuestion(_ question: CampaignQuestion) -> CheckedCampaignQuestion? {
        var outcome: CheckedCampaignQuestion.Outcome
        do {
            inCampaignEvaluation = true
            defer { inCampaignEvaluation = false }
            switch question.outcome {
            case .response(let response):
                guard let r = expr(response) else { return nil }
                guard r.type == .bool else { report(.expectedCondition(r, context: "as the response")); return nil }
                outcome = .response(r)
            case .measure(let measure, let covariate):
                guard let m = expr(measure) else { return nil }
                guard m.type == .number else { report(.measureNotNumber(m, what: "the measure")); return nil }
                var c: TypedExpr?
                if let covariate {
                    guard let x = expr(covariate) else { return nil }
                    guard x.type == .number else { report(.measureNotNumber(x, what: "the covariate")); return nil }
                    // CUPED is unbiased only with a covariate the contact cannot have moved: every
                    // relation it reads must be read before the contact.
                    var late: TypedExpr?
                    _ = program.mentions(x) { node in
                        if case .aggregate(let a) = node.kind {
                            if case .beforeContact? = a.window { return false }
                            late = node
                            return true
                        }
                        return false
                    }
                    if let late { report(.covariateAfterContact(late, text: text(late.span))); return nil }
                    c = x
                }
                outcome = .measure(m, adjustedBy: c, covariateText: covariate.map { text($0.span) })
            }
        }
        var q = CheckedCampaignQuestion(outcome: outcome)
        if let score = question.byDecile {
            inDecileScore = true
            defer { inDecileScore = false }
            guard let s = expr(score) else { return nil }
            guard s.type == .number else { report(.measureNotNumber(s, what: "a decile's score")); return nil }
            // Deciles are groups by the score, and each shows its lowest score (LANGUAGE.md §5).
            guard refuseGroupingByPersonal([OutputColumn(label: text(score.span), expr: s)], [score]) else { return nil }
            guard q.isResponse else { report(.decileNeedsResponse(score.span)); return nil }
            q.score = s
            q.scoreText = text(score.span)
        }
        return q
    }

    /// `split S into a 50%, b 50% seed "…"`: each part is S and a range of buckets.
    mutating func declareSplit(_ source: Expr, _ parts: [SplitPart], _ seed: String, _ doc: String?) {
        var from = 0.0
        for part in parts {
            guard case .number(let share)? = constant(part.share), share > 0, from + share <= 1 + 1e-9 else {
                report(.badSplit(part.share.span))
                return
            }
            let low = Int((from * 10000).rounded()), high = Int(((from + share) * 10000).rounded())
            from += share
            declare(part.name, source, .segment, doc)
            splitRanges[part.name.text] = (low, high, seed)
        }
    }
}
