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
        let assignment: CampaignAssignment
        switch Compiler.compile(run, in: program, dialect: engine.dialect, asOf: options.asOf, plan: .correlated) {
        case .success(let x): assignment = try assign(campaign, rows: try rows(x), program: program, taken: [:])
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
        var group: [Value: Bool] = [:]
        for m in assignment.members { group[m.key] = m.group == CampaignAssignment.treatment }
        let treated = Double(group.values.filter { $0 }.count), held = Double(group.count) - treated
        let members = treated + held
        // The outcome as it was over the last window: a contact placed so that the longest
        // window after it ends on as_of (no window: as of as_of).
        let asOf = referenceDate(program)
        let anchor = Self.lookBackContact(c.action, in: program, asOf: asOf)
        let rows = try readPerMember(c.action, program: program, contactDate: anchor).filter { group[$0[0]] != nil }
        let measured = anchor == asOf ? "as of \(asOf)" : "over the window from a contact on \(anchor) to \(asOf)"

        var columns = ["members", "treatment", "holdout", "holdout_share"]
        var values: [Value] = [.integer(Int64(members)), .integer(Int64(treated)), .integer(Int64(held)), Self.rounded(members > 0 ? held / members : nil)]
        var percent: Set<Int> = [3], points: Set<Int> = []
        var sentences: [String] = []
        var baseRate: Double?
        let effectOf: (Double) -> Double, upliftOf: (Double) -> Double
        let unit: (Double) -> String
        switch question.outcome {
        case .response:
            let responders = rows.filter { CampaignAssignment.truthy($0[1]) }.count
            let rate = rows.isEmpty ? 0 : Double(responders) / Double(rows.count)
            baseRate = rate
            columns.append("base_rate"); values.append(Self.rounded(rate)); percent.insert(4)
            effectOf = { CampaignPower.effect(rate: rate, uplift: $0) }
            upliftOf = { CampaignPower.rate(rate, raisedBy: $0) - rate }
            unit = { String(format: "%.2f pp", $0 * 100) }
            sentences.append("base rate \(String(format: "%.2f%%", rate * 100)) (\(Cell.grouped(Int64(responders))) of \(Cell.grouped(Int64(rows.count))) members responded \(measured))")
        case .measure(_, let covariate, _):
            var y: [Double] = [], x: [Double?] = []
            for row in rows {
                guard let v = row[1].double, v.isFinite else { continue }
                y.append(v)
                if covariate != nil { x.append(row[2].double) }
            }
            let mean = y.isEmpty ? 0 : MeanDifference.mean(y)
            var sd = y.count >= 2 ? MeanDifference.variance(y).squareRoot() : 0
            columns += ["mean", "sd"]; values += [Self.rounded(mean), Self.rounded(sd)]
            if covariate != nil, y.count >= 2 {
                // CUPED's variance: the measure less θ × (covariate − its mean), over the members.
                let known = x.compactMap { $0 }, fill = known.isEmpty ? 0 : MeanDifference.mean(known)
                let xs = x.map { $0 ?? fill }, mx = MeanDifference.mean(xs)
                var sxy = 0.0, sxx = 0.0
                for i in y.indices { sxy += (xs[i] - mx) * (y[i] - mean); sxx += (xs[i] - mx) * (xs[i] - mx) }
                let theta = sxx > 0 ? sxy / sxx : 0
                let adjusted = y.indices.map { y[$0] - theta * (xs[$0] - mx) }
                sd = MeanDifference.variance(adjusted).squareRoot()
                columns.append("sd_adjusted"); values.append(Self.rounded(sd))
            }
            let scale = sd
            effectOf = { scale > 0 ? $0 / scale : 0 }
            upliftOf = { $0 * scale }
            unit = { Cell.number(($0 * 100).rounded() / 100) }
            sentences.append("mean \(Cell.number((mean * 100).rounded() / 100)), standard deviation \(Cell.number((sd * 100).rounded() / 100))\(covariate != nil ? " after CUPED" : "") over \(Cell.grouped(Int64(y.count))) members \(measured)")
        }
        columns += ["power", "significance", "detectable_uplift"]
        values += [Self.rounded(terms.power), Self.rounded(terms.significance)]
        percent.formUnion([columns.count - 3, columns.count - 2])
        let detectable: Double? = treated > 0 && held > 0
            ? upliftOf(CampaignPower.detectableEffect(treated: treated, held: held, power: terms.power, significance: terms.significance)) : nil
        values.append(Self.rounded(detectable))
        if question.isResponse { points.insert(columns.count - 1) }
        let odds = "\(Self.percentText(terms.power)) of the time at \(Self.percentText(terms.significance)) significance (two-sided)"
        if let detectable {
            sentences.append("with \(Cell.grouped(Int64(treated))) treated and \(Cell.grouped(Int64(held))) held out, the campaign detects an uplift of \(unit(detectable)) or more \(odds)")
        } else if members == 0 {
            sentences.append("the campaign reaches no one today: there is nothing to plan")
        } else {
            sentences.append(held == 0 ? "the campaign holds no one out: no uplift can be measured (add `holdout P% seed \"…\"`)"
                                       : "the campaign treats no one: no uplift can be measured")
        }
        if let uplift = terms.uplift, let rate = baseRate, rate + uplift > 1 {
            sentences.append("an uplift of \(unit(uplift)) on a base rate of \(String(format: "%.2f%%", rate * 100)) would be a response rate above 100%: ask for at most \(unit(1 - rate))")
        } else if let uplift = terms.uplift {
            let effect = effectOf(uplift)
            columns += ["uplift", "power_at_planned_holdout", "holdout_needed_share", "holdout_needed"]
            if question.isResponse { points.insert(columns.count - 4) }
            percent.formUnion([columns.count - 3, columns.count - 2])
            let powerNow: Double? = treated > 0 && held > 0 && effect > 0
                ? CampaignPower.power(effect: effect, treated: treated, held: held, significance: terms.significance) : nil
            let share = CampaignPower.holdoutNeeded(members: members, effect: effect, power: terms.power, significance: terms.significance)
            // Whole customers: the share rounded up to the next customer.
            let needed = share.map { (members * $0 - 1e-9).rounded(.up) }
            values += [Self.rounded(uplift), Self.rounded(powerNow), Self.rounded(share), needed.map { .integer(Int64($0)) } ?? .null]
            if let share, let needed {
                sentences.append("an uplift of \(unit(uplift)) needs a holdout of \(Self.percentText(share, digits: 1)) (\(Cell.grouped(Int64(needed))) of \(Cell.grouped(Int64(members))) members)"
                                 + (powerNow.map { "; the planned holdout detects it \(Self.percentText($0)) of the time" } ?? ""))
            } else if effect > 0 {
                let total = CampaignPower.membersNeededAtHalf(effect: effect, power: terms.power, significance: terms.significance)
                sentences.append("an uplift of \(unit(uplift)) cannot be detected with \(Cell.grouped(Int64(members))) members, even holding out half: it needs about \(Cell.grouped(Int64(total.rounded(.up)))) members with a 50% holdout")
            } else {
                sentences.append("an uplift of \(unit(uplift)) cannot be detected: the outcome does not vary among these members")
            }
        }
        var table = ResultTable(title: "plan campaign \(campaign.name) (as of \(asOf))", columns: columns,
                                types: columns.map { _ in .number }, rows: [values], percent: percent, points: points)
        table.kind = .campaignPlan
        return [.table(table), .message(sentences.joined(separator: "; "))]
    }

    static func percentText(_ x: Double, digits: Int = 0) -> String {
        let s = String(format: "%.\(digits)f%%", x * 100)
        return s
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
