import SegSyntax
import SegCheck

/// What plan choice needs to know of the data: how many entities there are, and how many
/// pass a statement's cheap conditions. Behind a protocol so that planning can be reasoned
/// about (and tested) apart from an engine; SegRun asks the engine.
public protocol PlanStatistics: AnyObject {
    /// Rows of the entity's table (asked once per session).
    func entityCount(table: String) -> Double?
    /// The single number a `SELECT COUNT(*) …` returns; nil when it cannot be had.
    func count(_ query: BoundQuery) -> Double?
}

/// Planning: a checked statement to the query that runs it, with its plan chosen from the
/// options or from statistics. Runs no statement and writes nothing.
public struct Planner {
    public let dialect: Dialect
    /// `--plan`: nil chooses per statement from the data.
    public let plan: PlanChoice?
    public let asOf: String
    public let pushdownModels: Bool
    public let listCutoff: StoreCutoff?
    public let statistics: any PlanStatistics

    public init(dialect: Dialect, plan: PlanChoice?, asOf: String, pushdownModels: Bool, listCutoff: StoreCutoff?, statistics: any PlanStatistics) {
        self.dialect = dialect
        self.plan = plan
        self.asOf = asOf
        self.pushdownModels = pushdownModels
        self.listCutoff = listCutoff
        self.statistics = statistics
    }

    /// The plan for a statement's aggregates: as asked, or from the share of entities that
    /// pass its cheap conditions (one quick count).
    public func planChoice(for action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads()) -> PlanChoice {
        if let plan { return plan }
        guard case .sharedPassesFrom = dialect.aggregatePlan,
              Compiler.groupablePasses(action, in: program, reads: reads, dialect: dialect, asOf: asOf).contains(where: { $0.aggregates >= 2 })
        else { return .auto(passing: nil) }
        guard let total = statistics.entityCount(table: program.entity.table), total > 0 else { return .auto(passing: nil) }
        guard let cheap = Compiler.cheapCount(action, in: program, reads: reads, dialect: dialect, asOf: asOf) else { return .auto(passing: 1) }
        guard let passing = statistics.count(cheap) else { return .auto(passing: nil) }
        return .auto(passing: passing / total)
    }

    /// One statement, compiled with its plan. A `show` also gets the count of its segment,
    /// to say how many rows its `limit` left out.
    public func compile(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads(),
                        asOf date: String? = nil) -> Result<CompiledAction, Diagnostic> {
        let asOf = date ?? self.asOf
        switch Compiler.compile(action, in: program, reads: reads, dialect: dialect, asOf: asOf, plan: planChoice(for: action, in: program, reads: reads),
                                pushdownModels: pushdownModels, listCutoff: listCutoff) {
        case .failure(let d): return .failure(d)
        case .success(var c):
            if case .show = action.kind {
                let count = CheckedAction(kind: .count(by: []), target: action.target, targetName: action.targetName,
                                          targetText: action.targetText, span: action.span)
                if case .success(let t) = Compiler.compile(count, in: program, reads: reads, dialect: dialect, asOf: asOf,
                                                           plan: planChoice(for: count, in: program, reads: reads), pushdownModels: pushdownModels,
                                                           listCutoff: listCutoff) {
                    c.total = t.bound
                }
            }
            return .success(c)
        }
    }

    /// The errors compiling would report, found before anything runs: they depend on neither
    /// the plan nor what a run computes once, and compiling runs no query (microseconds).
    public func compileErrors(_ programs: [CheckedProgram]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        for program in programs {
            for a in program.actions {
                if case .failure(let d) = Compiler.compile(a, in: program, dialect: dialect, asOf: asOf,
                                                           pushdownModels: pushdownModels) { errors.append(d) }
            }
        }
        return errors
    }
}
