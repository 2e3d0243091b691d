import SegSyntax
import SegCheck

/// How a statement's aggregates are computed — per-customer lookups or grouped passes — and
/// why, in words `explain` shows. Chosen before lowering, from the dialect's rule and the
/// share of customers that pass the statement's cheap conditions (`PlanChoice`).
public struct PlanDecision: Sendable, Equatable {
    /// Aggregates are computed in grouped passes (all of them, or only `groupedOnly`'s).
    public var grouped = false
    /// The passes to group, when only some pay; nil: every pass.
    public var groupedOnly: [Compiler.PassShape]?
    /// Why, for `explain`; nil when the statement reads no relation.
    public var note: String?

    public static func choose(for action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads(),
                              dialect: Dialect, asOf: String, choice: PlanChoice) -> PlanDecision {
        var decision = PlanDecision()
        let passes = Compiler.groupablePasses(action, in: program, reads: reads, dialect: dialect, asOf: asOf)
        if !passes.isEmpty {
            switch (choice, dialect.aggregatePlan) {
            case (.grouped, _):
                decision.grouped = true
                decision.note = "one grouped pass per relation and window (chosen with --plan grouped)"
            case (.correlated, _):
                decision.note = "per-customer lookups through the relation's index (chosen with --plan correlated)"
            case (.auto, .alwaysGrouped):
                decision.grouped = true
                decision.note = "one grouped pass per relation and window: \(dialect.name.displayName) would turn per-customer subqueries into a join over the whole relation anyway"
            case (.auto(let passing?), .sharedPassesFrom(let breakEven)):
                let share = String(format: "%.1f%%", passing * 100)
                let chosen = passes.filter { $0.aggregates >= 2 && passing * Double($0.aggregates) >= breakEven }
                func describe(_ p: Compiler.PassShape) -> String {
                    let window: String
                    switch p.window {
                    case .within(let n, let unit)?: window = " within \(n) \(unit.rawValue)"
                    case .afterContact(let n, let unit)?: window = " within \(n) \(unit.rawValue) after contact"
                    case .beforeContact(let n, let unit)?: window = " within \(n) \(unit.rawValue) before contact"
                    case .between?: window = " between two dates"
                    case .before?: window = " before a date"
                    case nil: window = ""
                    }
                    return "\(p.relation)\(window) (\(p.aggregates) aggregates)"
                }
                if chosen.isEmpty {
                    decision.note = passes.allSatisfy { $0.aggregates == 1 }
                        ? "per-customer lookups through the relation's index: each relation and window has one aggregate, and a lookup beats reading the window for every customer"
                        : "per-customer lookups through the relation's index: \(share) of customers pass the cheap conditions, too few for a grouped pass to pay"
                } else {
                    decision.grouped = true
                    decision.groupedOnly = chosen
                    let rest = passes.count - chosen.count
                    decision.note = "one grouped pass for " + chosen.map(describe).joined(separator: ", ")
                        + ": \(share) of customers pass the cheap conditions, so reading the window once beats a lookup per aggregate and customer"
                        + (rest > 0 ? "; per-customer lookups for the other \(rest)" : "")
                }
            case (.auto(nil), .sharedPassesFrom):
                decision.note = passes.allSatisfy { $0.aggregates == 1 }
                    ? "per-customer lookups through the relation's index: each relation and window has one aggregate, and a lookup beats reading the window for every customer"
                    : "per-customer lookups through the relation's index (no statistics to choose by)"
            }
        }
        return decision
    }
}
