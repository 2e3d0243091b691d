import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore

/// `plan campaign NAME response = … [uplift U] [power P] [significance A]`: before launch,
/// the uplift the campaign's planned holdout can detect, or the holdout a stated uplift
/// needs. It saves nothing: the campaign is assigned as `explain` assigns it.
extension Session {
    func planCampaign(_ campaign: CheckedCampaign, question: CheckedCampaignQuestion, terms: CampaignPlanTerms,
                      _ c: CompiledAction, program: CheckedProgram) throws -> [Output] {
        // Who the campaign would reach today, in each group (exclusions, caps and limits applied).
        let run = CheckedAction(kind: .campaign(campaign), target: campaign.target, targetName: campaign.name,
                                targetText: campaign.targetText, span: c.action.span)
        let targetRows: [[Value]]
        switch Compiler.compile(run, in: program, dialect: engine.dialect, asOf: options.asOf, plan: .correlated) {
        case .success(let x): targetRows = try rows(x)
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
        // The groups with another holdout share, assigned as a run would: `limit` counts the
        // treatment only, so a larger holdout adds members instead of taking treated ones.
        func groups(holdoutBuckets: Int?) throws -> (treated: Double, held: Double, keys: [Value: Bool]) {
            var c = campaign
            if let b = holdoutBuckets { c.holdout = .init(buckets: b, seed: campaign.holdout?.seed ?? campaign.name) }
            let a = try assign(c, rows: targetRows, program: program, taken: [:])
            var keys: [Value: Bool] = [:]
            for m in a.members { keys[m.key] = m.group == CampaignAssignment.treatment }
            let t = Double(keys.values.filter { $0 }.count)
            return (t, Double(keys.count) - t, keys)
        }
        let planned = try groups(holdoutBuckets: nil)
        let group = planned.keys
        let treated = planned.treated, held = planned.held
        let members = treated + held
        // The outcome as it was over the last window: a contact placed so that the longest
        // window after it ends on as_of (no window: as of as_of).
        let asOf = referenceDate(program)
        let anchor = Self.lookBackContact(c.action, in: program, asOf: asOf)
        let outcomes = try readPerMember(c.action, program: program, contactDate: anchor)
        let measured = anchor == asOf ? "as of \(asOf)" : "over the window from a contact on \(anchor) to \(Self.windowEnd(c.action, in: program, contact: anchor))"
        let covariate: Bool = { if case .measure(_, let c?, _) = question.outcome { return c.type == .number } else { return false } }()
        // The outcome over one assignment's members: a holdout of another size has other members.
        func measure(_ keys: [Value: Bool]) -> PlannedOutcome {
            PlannedOutcome(outcomes.filter { keys[$0[0]] != nil }, response: question.isResponse, covariate: covariate)
        }
        let base = measure(group)

        var columns = ["members", "treatment", "holdout", "holdout_share"]
        var values: [Value] = [.integer(Int64(members)), .integer(Int64(treated)), .integer(Int64(held)), Self.rounded(members > 0 ? held / members : nil)]
        var percent: Set<Int> = [3], points: Set<Int> = []
        var sentences: [String] = []
        let unit: (Double) -> String
        if question.isResponse {
            columns.append("base_rate"); values.append(Self.rounded(base.rate)); percent.insert(4)
            unit = { String(format: "%.2f pp", $0 * 100) }
            if let rate = base.rate {
                sentences.append("base rate \(String(format: "%.2f%%", rate * 100)) (\(Cell.grouped(Int64(base.responders))) of \(Cell.grouped(Int64(base.count))) members responded \(measured))")
            }
        } else {
            columns += ["mean", "sd"]; values += [Self.rounded(base.mean), Self.rounded(base.sd)]
            if covariate { columns.append("sd_adjusted"); values.append(Self.rounded(base.sdAdjusted)) }
            unit = { Cell.number(($0 * 100).rounded() / 100) }
            if let mean = base.mean, let sd = base.scale {
                sentences.append("mean \(Cell.number((mean * 100).rounded() / 100)), standard deviation \(Cell.number((sd * 100).rounded() / 100))\(covariate ? " after CUPED" : "") over \(Cell.grouped(Int64(base.count))) members \(measured)")
            }
        }
        columns += ["power", "significance", "detectable_uplift"]
        values += [Self.rounded(terms.power), Self.rounded(terms.significance)]
        percent.formUnion([columns.count - 3, columns.count - 2])
        let detectable: Double? = treated > 0 && held > 0
            ? base.uplift(ofEffect: CampaignPower.detectableEffect(treated: treated, held: held, power: terms.power, significance: terms.significance)) : nil
        values.append(Self.rounded(detectable))
        if question.isResponse { points.insert(columns.count - 1) }
        let odds = "\(Self.percentText(terms.power)) of the time at \(Self.percentText(terms.significance)) significance (two-sided)"
        if let detectable {
            sentences.append("with \(Cell.grouped(Int64(treated))) treated and \(Cell.grouped(Int64(held))) held out, the campaign detects an uplift of \(unit(detectable)) or more \(odds)")
        } else if members == 0 {
            sentences.append("the campaign reaches no one today: there is nothing to plan")
        } else if treated > 0, held > 0 {
            sentences.append(question.isResponse ? "every member \(base.rate == 1 ? "responded" : "has the same outcome"): no uplift can be detected on this outcome"
                                                 : "the measure has the same value for every member: no uplift can be detected on it")
        } else {
            sentences.append(held == 0 ? "the campaign holds no one out: no uplift can be measured (add `holdout P% seed \"…\"`)"
                                       : "the campaign treats no one: no uplift can be measured")
        }
        if let uplift = terms.uplift, base.count == 0 {
            sentences.append("an uplift of \(unit(uplift)) cannot be sized: the campaign reaches no one with an outcome to measure")
        } else if let uplift = terms.uplift, let rate = base.rate, rate + uplift > 1 {
            sentences.append("an uplift of \(unit(uplift)) on a base rate of \(String(format: "%.2f%%", rate * 100)) would be a response rate above 100%: ask for at most \(unit(1 - rate))")
        } else if let uplift = terms.uplift {
            let effect = base.effect(ofUplift: uplift)
            columns += ["uplift", "power_at_planned_holdout", "holdout_needed_share", "holdout_needed"]
            if question.isResponse { points.insert(columns.count - 4) }
            percent.formUnion([columns.count - 3, columns.count - 2])
            let powerNow: Double? = treated > 0 && held > 0 && effect > 0
                ? CampaignPower.power(effect: effect, treated: treated, held: held, significance: terms.significance) : nil
            // The smallest `holdout P%` (in buckets of 0.01%, up to 50%) whose assignment reaches
            // the power: power grows with the share there, so bisection finds it.
            func reaches(_ b: Int) throws -> (Bool, (treated: Double, held: Double, keys: [Value: Bool])) {
                let g = try groups(holdoutBuckets: b)
                // The base rate (or spread) of that assignment's own members, so the plan of
                // the campaign written with this holdout finds the same.
                let e = measure(g.keys).effect(ofUplift: uplift)
                guard g.treated > 0, g.held > 0, e > 0 else { return (false, g) }
                return (CampaignPower.power(effect: e, treated: g.treated, held: g.held, significance: terms.significance) >= terms.power, g)
            }
            var found: (buckets: Int, treated: Double, held: Double)?
            if effect > 0, members > 1, case let (ok, g) = try reaches(5000), ok {
                var lo = 0, hi = 5000, best = (5000, g.treated, g.held)
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    let (ok, g) = try reaches(mid)
                    if ok { hi = mid; best = (mid, g.treated, g.held) } else { lo = mid }
                }
                found = best
            }
            let share = found.map { Double($0.buckets) / 10000 }
            // Members a 50% holdout would need, when no share of these members is enough.
            let atHalf: Double? = found == nil && effect > 0 ? CampaignPower.membersNeededAtHalf(effect: effect, power: terms.power, significance: terms.significance).rounded(.up) : nil
            columns.append("members_needed_at_half")
            values += [Self.rounded(uplift), Self.rounded(powerNow), Self.rounded(share), found.map { .integer(Int64($0.held)) } ?? .null,
                       atHalf.map { .integer(Int64($0)) } ?? .null]
            if let found, let share {
                let changed = found.treated + found.held != members
                sentences.append("an uplift of \(unit(uplift)) needs `holdout \(Cell.number(share * 100))%`: \(Cell.grouped(Int64(found.held))) held out"
                                 + (changed ? " and \(Cell.grouped(Int64(found.treated))) treated (the limits count the treatment only)" : " of \(Cell.grouped(Int64(members))) members")
                                 + (powerNow.map { "; the planned holdout detects it \(Self.percentText($0)) of the time" } ?? ""))
            } else if let total = atHalf {
                sentences.append("an uplift of \(unit(uplift)) cannot be detected with \(Cell.grouped(Int64(members))) members, even holding out half: it needs about \(Cell.grouped(Int64(total))) members with a 50% holdout")
            } else {
                sentences.append("an uplift of \(unit(uplift)) cannot be detected: the outcome does not vary among these members")
            }
        }
        // What the base was measured on, for machines too: how many members had an outcome,
        // and the look-back contact its window starts from.
        columns += ["measured_members", "measured_from"]
        values += [.integer(Int64(base.count)), .text(anchor)]
        var table = ResultTable(title: "plan campaign \(campaign.name) (as of \(asOf))", columns: columns,
                                types: columns.map { $0 == "measured_from" ? .string : .number }, rows: [values], percent: percent, points: points)
        table.kind = .campaignPlan
        return [.table(table), .message(sentences.joined(separator: "; "))]
    }

    /// 80%, 0.1%, 2.5%: as many decimals as the share needs (up to two).
    static func percentText(_ x: Double) -> String { Cell.number((x * 10000).rounded() / 100) + "%" }

    /// The last day the `after contact` windows read from a contact on `contact`: a month's
    /// window from a month's end can stop short of as_of (2026-09-30 + 1 month ends 10-29).
    static func windowEnd(_ action: CheckedAction, in program: CheckedProgram, contact: String) -> String {
        guard let c = CivilDate(iso: contact) else { return contact }
        var last = c
        for e in action.expressions {
            _ = program.mentions(e) { x in
                if case .aggregate(let a) = x.kind, case .afterContact(let n, let unit)? = a.window {
                    let end = c.adding(n, unit).adding(days: -1)
                    if end.dayNumber > last.dayNumber { last = end }
                }
                return false
            }
        }
        return last.description
    }

    /// The contact date whose longest `after contact` window ends on as_of.
    static func lookBackContact(_ action: CheckedAction, in program: CheckedProgram, asOf: String) -> String {
        guard let end = CivilDate(iso: asOf) else { return asOf }
        var earliest = end
        for e in action.expressions {
            _ = program.mentions(e) { x in
                if case .aggregate(let a) = x.kind, case .afterContact(let n, let unit)? = a.window {
                    // The window [contact, contact + n) ends on as_of: contact = (as_of + 1 day) − n.
                    let start = end.adding(days: 1).adding(-n, unit)
                    if start.dayNumber < earliest.dayNumber { earliest = start }
                }
                return false
            }
        }
        return earliest.description
    }
}

/// A plan's outcome over one assignment's members: the response rate, or the measure's mean
/// and spread (after CUPED with a covariate), and the effect size an uplift is.
struct PlannedOutcome {
    var count = 0, responders = 0
    var rate: Double?, mean: Double?, sd: Double?, sdAdjusted: Double?
    var scale: Double? { sdAdjusted ?? sd }

    init(_ rows: [[Value]], response: Bool, covariate: Bool) {
        if response {
            count = rows.count
            responders = rows.filter { CampaignAssignment.truthy($0[1]) }.count
            rate = count > 0 ? Double(responders) / Double(count) : nil
            return
        }
        var y: [Double] = [], x: [Double?] = []
        for row in rows {
            guard let v = row[1].double, v.isFinite else { continue }
            y.append(v)
            if covariate { x.append(row[2].double) }
        }
        count = y.count
        guard !y.isEmpty else { return }
        let m = MeanDifference.mean(y)
        mean = m
        guard y.count >= 2 else { return }
        sd = MeanDifference.variance(y).squareRoot()
        if covariate {
            // CUPED's spread: the measure less θ × (covariate − its mean), a missing covariate
            // taking the others' mean.
            let known = x.compactMap { $0 }, fill = known.isEmpty ? 0 : MeanDifference.mean(known)
            let xs = x.map { $0 ?? fill }, mx = MeanDifference.mean(xs)
            var sxy = 0.0, sxx = 0.0
            for i in y.indices { sxy += (xs[i] - mx) * (y[i] - m); sxx += (xs[i] - mx) * (xs[i] - mx) }
            let theta = sxx > 0 ? sxy / sxx : 0
            sdAdjusted = MeanDifference.variance(y.indices.map { y[$0] - theta * (xs[$0] - mx) }).squareRoot()
        }
    }

    /// Cohen's h on the rate, or uplift / spread; 0 when nothing can move.
    func effect(ofUplift u: Double) -> Double {
        if let rate { return rate < 1 ? CampaignPower.effect(rate: rate, uplift: u) : 0 }
        guard let s = scale, s > 0 else { return 0 }
        return u / s
    }

    /// The uplift a standardized effect is; nil when no uplift can be detected.
    func uplift(ofEffect d: Double) -> Double? {
        if let rate { return rate < 1 ? CampaignPower.rate(rate, raisedBy: d) - rate : nil }
        guard let s = scale, s > 0 else { return nil }
        return d * s
    }
}
