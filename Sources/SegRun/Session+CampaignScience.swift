import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore

/// `evaluate campaign` (rates and uplift, uplift by decile and Qini, difference in means and
/// CUPED) and `plan campaign` (the uplift a holdout can detect, or the holdout an uplift
/// needs). The engine reads one row per member; the statistics are computed here, so every
/// engine gives the same figures.
extension Session {
    /// Treatment against holdout in the campaign's latest list version, with `after contact`
    /// and `before contact` windows anchored at the version's date.
    func evaluateCampaign(_ name: String, listName: String, question: CheckedCampaignQuestion, _ c: CompiledAction, program: CheckedProgram) throws -> [Output] {
        let saved: (version: Int64, asOf: String, groups: [Value: String])?
        // The campaign's own latest version: a plain export to the same list name is not a campaign run.
        let campaignVersion: Int?, plainList: Bool
        do {
            let s = listStore
            campaignVersion = try s.latestCampaignVersion(of: listName, campaign: name)
            saved = try campaignVersion.flatMap { v throws(EngineError) in try s.version(of: listName, v) }
            plainList = campaignVersion == nil ? try s.version(of: listName, nil) != nil : false
        } catch {
            throw StatementFailure(diagnostic: .engine(error, at: c.action.span), failure: .engine)
        }
        // A plain list of that name is no campaign run: it has no groups and no contact.
        if plainList { throw StatementFailure(diagnostic: .noCampaignVersion(name, list: listName, c.action.span), failure: .engine) }
        guard let saved else {
            throw StatementFailure(diagnostic: .noSuchList(listName, version: nil, known: [], c.action.span), failure: .engine)
        }
        let members = TypedExpr(.savedList(listName, version: Int(saved.version)), .bool, nullable: false, .none)
        var action = c.action
        action.target = members
        let rows = try readPerMember(action, program: program, contactDate: saved.asOf)
        let title = "evaluate campaign \(name) (list \(listName) version \(saved.version), contacted \(saved.asOf))"
        var out: [Output]
        switch question.outcome {
        case .response:
            var n: [String: Int] = [:], r: [String: Int] = [:]
            for row in rows {
                let group = saved.groups[row[0]] ?? CampaignAssignment.treatment
                n[group, default: 0] += 1
                if CampaignAssignment.truthy(row[1]) { r[group, default: 0] += 1 }
            }
            let e = CampaignEvaluation(treated: n[CampaignAssignment.treatment] ?? 0, treatedResponders: r[CampaignAssignment.treatment] ?? 0,
                                       held: n[CampaignAssignment.holdout] ?? 0, heldResponders: r[CampaignAssignment.holdout] ?? 0)
            out = Self.responseTables(e, title: title, name: name)
            if let score = question.score {
                out += try upliftByDecile(score, text: question.scoreText ?? "score", rows: rows, groups: saved.groups,
                                          members: members, contactDate: saved.asOf, action: c.action, program: program)
            }
            if e.held + e.treated == 0 {
                out.append(.message("list \(listName) version \(saved.version) has no members: there is nothing to evaluate"))
            } else if e.held == 0 {
                out.append(.message("no holdout in this list: the effect cannot be measured (add `holdout P% seed \"…\"`)"))
            }
        case .measure(_, let covariate, let covariateText):
            out = measureTables(rows, groups: saved.groups, adjusted: covariate != nil, covariateText: covariateText, title: title, name: name)
        }
        if let contact = CivilDate(iso: saved.asOf), let asOf = CivilDate(iso: referenceDate(program)), asOf.dayNumber < contact.dayNumber {
            // Every read stops at as_of: before the contact, nothing after it can be known.
            out.append(.message("as_of (\(asOf), \(asOfPhrase(program))) is before the contact (\(contact)): nothing after the contact can be known yet, so no response to it is counted"))
        } else if let note = responsesNotYetKnown(c.action, in: program, contacted: saved.asOf) { out.append(.message(note)) }
        return out
    }

    /// Key, outcome (and covariate) for each of the action's target, contact windows anchored at `contactDate`.
    func readPerMember(_ action: CheckedAction, program: CheckedProgram, contactDate: String) throws -> [[Value]] {
        switch Compiler.compile(action, in: program, dialect: engine.dialect, asOf: options.asOf, plan: .correlated, contactDate: contactDate) {
        case .success(let x): return try rows(x)
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
    }

    static func rounded(_ d: Double?) -> Value { d.map { .real(($0 * 1e6).rounded() / 1e6) } ?? .null }
    /// A p-value keeps six significant digits: a strong effect's is far below 1e-6.
    static func significant(_ d: Double?) -> Value { d.map { .real(Double(String(format: "%.6g", $0)) ?? $0) } ?? .null }

    /// Rates per group, and the effect with its interval and p-value.
    static func responseTables(_ e: CampaignEvaluation, title: String, name: String) -> [Output] {
        var groups = ResultTable(
            title: title,
            columns: ["group", "customers", "responders", "response_rate"], types: [.string, .number, .number, .number],
            rows: [[.text(CampaignAssignment.treatment), .integer(Int64(e.treated)), .integer(Int64(e.treatedResponders)), rounded(e.treatedRate)],
                   [.text(CampaignAssignment.holdout), .integer(Int64(e.held)), .integer(Int64(e.heldResponders)), rounded(e.heldRate)]],
            percent: [3])
        groups.kind = .campaignGroups
        var effect = ResultTable(
            title: "effect of \(name)", columns: ["lift", "uplift", "uplift_ci_low", "uplift_ci_high", "z", "p_value"],
            types: Array(repeating: .number, count: 6),
            rows: [[rounded(e.lift), rounded(e.uplift), rounded(e.upliftInterval?.low), rounded(e.upliftInterval?.high), rounded(e.z), significant(e.pValue)]],
            points: [1, 2, 3])
        effect.kind = .campaignEffect
        return [.table(groups), .table(effect)]
    }

    /// Uplift per decile of a score read as of the contact date (what the campaign saw when it
    /// chose, not what the contact changed), the Qini curve and the areas.
    func upliftByDecile(_ score: TypedExpr, text: String, rows: [[Value]], groups: [Value: String], members: TypedExpr,
                        contactDate: String, action: CheckedAction, program: CheckedProgram) throws -> [Output] {
        // The same per-member read (key, value) with the score as its one value, over the
        // same members, compiled as of the contact date.
        var scoring = action
        scoring.target = members
        scoring.kind = .evaluateCampaign(name: "", listName: "", question: CheckedCampaignQuestion(outcome: .measure(score, adjustedBy: nil, covariateText: nil)))
        var asOfContact = program
        if asOfContact.parameters["as_of"] != nil { asOfContact.parameters["as_of"]?.value = .date(contactDate) }
        let scores: [[Value]]
        switch Compiler.compile(scoring, in: asOfContact, dialect: engine.dialect, asOf: contactDate, plan: .correlated, contactDate: contactDate) {
        case .success(let x): scores = try self.rows(x)
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
        var scoreOf: [Value: Double] = [:]
        for r in scores { if let s = r[1].double, s.isFinite { scoreOf[r[0]] = s } }
        // Best score first; ties in key order, so every engine ranks them alike.
        var ranked: [(key: Value, member: UpliftByScore.Member)] = []
        var unscored = 0
        for row in rows {
            guard let s = scoreOf[row[0]] else { unscored += 1; continue }
            ranked.append((row[0], .init(score: s, treated: (groups[row[0]] ?? CampaignAssignment.treatment) == CampaignAssignment.treatment,
                                         responded: CampaignAssignment.truthy(row[1]))))
        }
        ranked.sort { $0.member.score != $1.member.score ? $0.member.score > $1.member.score : Self.keyOrder($0.key, $1.key) }
        let u = UpliftByScore(ranked.map(\.member))
        let r = Self.rounded
        // Without a holdout there is no uplift to rank: the Qini figures would be the treated
        // responders alone.
        let anyHeld = ranked.contains { !$0.member.treated }, anyTreated = ranked.contains { $0.member.treated }
        let measurable = anyHeld && anyTreated
        var table = ResultTable(
            title: "uplift by decile of \(Self.oneLine(text)) (read as of the contact, \(contactDate))",
            columns: ["decile", "lowest_score", "customers", "treated", "treated_rate", "held", "held_rate", "uplift", "uplift_ci_low", "uplift_ci_high",
                      "uplift_top", "qini"],
            types: Array(repeating: .number, count: 12),
            rows: u.bands.map { b in
                let e = b.counts.evaluation, top = b.cumulative.evaluation
                return [.integer(Int64(b.decile)), r(b.lowestScore), .integer(Int64(b.counts.customers)), .integer(Int64(b.counts.treated)), r(e.treatedRate),
                        .integer(Int64(b.counts.held)), r(e.heldRate), r(e.uplift), r(e.upliftInterval?.low), r(e.upliftInterval?.high),
                        r(top.uplift), measurable ? r(b.cumulative.qini) : .null]
            },
            note: "decile 1 = the highest scores; uplift_top: uplift over deciles 1 to this one (the top k%); qini: incremental responders in them",
            percent: [4, 6], points: [7, 8, 9, 10])
        table.kind = .upliftByDecile
        var summary = ResultTable(
            title: "uplift model quality of \(Self.oneLine(text))", columns: ["qini_auc", "auuc", "customers_scored", "customers_without_score"],
            types: [.number, .number, .number, .number],
            rows: [[measurable ? r(u.qiniAUC) : .null, measurable ? r(u.auuc) : .null, .integer(Int64(ranked.count)), .integer(Int64(unscored))]],
            note: "qini_auc and auuc: the area above random over the perfect ranking's (1 = perfect, 0 = random, below 0 = worse)")
        summary.kind = .upliftSummary
        var out: [Output] = [.table(table), .table(summary)]
        let distinct = Set(ranked.map(\.member.score)).count
        if distinct < 10, !ranked.isEmpty {
            out.append(.message("the score has \(distinct) distinct value\(distinct == 1 ? "" : "s"): deciles split customers with the same score by their key, so their differences there are noise; qini_auc and auuc count ties together"))
        }
        if ranked.count < 200, !ranked.isEmpty {
            out.append(.message("\(ranked.count) scored customers make deciles of about \(max(1, ranked.count / 10)): their intervals are wide"))
        }
        return out
    }

    /// A script's text on one line, its runs of spaces and line breaks made one space.
    static func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// Integers by value, text by bytes, missing first: the same order on every engine.
    static func keyOrder(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.text(let x), .text(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        case (.null, _): return b != .null
        case (_, .null): return false
        case (.integer, _): return true
        case (_, .integer): return false
        default: return (a.double ?? 0) < (b.double ?? 0)
        }
    }

    /// Means per group, the difference with its Welch interval and, with a covariate, CUPED.
    func measureTables(_ rows: [[Value]], groups: [Value: String], adjusted: Bool, covariateText: String?, title: String, name: String) -> [Output] {
        var y: [Double] = [], x: [Double?] = [], treated: [Bool] = []
        var missing = 0
        for row in rows {
            guard let v = row[1].double, v.isFinite else { missing += 1; continue }
            y.append(v)
            treated.append((groups[row[0]] ?? CampaignAssignment.treatment) == CampaignAssignment.treatment)
            if adjusted { x.append(row[2].double.flatMap { $0.isFinite ? $0 : nil }) }
        }
        let t = zip(y, treated).filter(\.1).map(\.0), h = zip(y, treated).filter { !$0.1 }.map(\.0)
        let r = Self.rounded
        func sd(_ v: [Double]) -> Value { v.count >= 2 ? r(MeanDifference.variance(v).squareRoot()) : .null }
        func mean(_ v: [Double]) -> Value { v.isEmpty ? .null : r(MeanDifference.mean(v)) }
        let groupsTable = ResultTable(
            title: title, columns: ["group", "customers", "mean", "sd"], types: [.string, .number, .number, .number],
            rows: [[.text(CampaignAssignment.treatment), .integer(Int64(t.count)), mean(t), sd(t)],
                   [.text(CampaignAssignment.holdout), .integer(Int64(h.count)), mean(h), sd(h)]])
        var out: [Output] = [.table(groupsTable)]
        if missing > 0 { out.append(.message("\(Cell.grouped(Int64(missing))) customers have no value of the measure and are left out")) }
        guard let plain = MeanDifference(treated: t, held: h) else {
            out.append(.message("the effect needs two or more customers with a value in each group (treatment \(t.count), holdout \(h.count))"))
            return out
        }
        func row(_ label: String, _ m: MeanDifference, reduction: Double?, theta: Double?) -> [Value] {
            let i = m.interval()
            return [.text(label), r(m.difference), r(i?.low), r(i?.high), r(m.t), r(m.degreesOfFreedom), Self.significant(m.pValue), r(reduction), r(theta)]
        }
        var rowsOut = [row("difference in means (Welch)", plain, reduction: nil, theta: nil)]
        if adjusted {
            // A customer without the covariate is adjusted by nothing: given the others' mean.
            let known = x.compactMap { $0 }
            let fill = known.isEmpty ? 0 : MeanDifference.mean(known)
            if let c = CUPED(outcome: y, covariate: x.map { $0 ?? fill }, treated: treated, plain: plain) {
                rowsOut.append(row("CUPED", c.adjusted, reduction: c.varianceReduction, theta: c.theta))
            }
            let without = x.filter { $0 == nil }.count
            if without > 0 { out.append(.message("\(Cell.grouped(Int64(without))) customers have no covariate value: they are adjusted by the others' mean")) }
        }
        var effect = ResultTable(
            title: "effect of \(name)", columns: ["estimate", "difference", "ci_low", "ci_high", "t", "df", "p_value", "variance_reduction", "theta"],
            types: [.string] + Array(repeating: .number, count: 8), rows: rowsOut,
            note: adjusted ? "CUPED: the measure less theta × (\(Self.oneLine(covariateText ?? "the covariate")) − its mean), over both groups" : nil, percent: [7])
        effect.kind = .measureEffect
        out.append(.table(effect))
        return out
    }
}
