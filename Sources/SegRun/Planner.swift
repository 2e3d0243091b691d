import SegSyntax
import SegCheck
import SegCompile

/// What plan choice needs to know of the data: how many entities there are, and how many
/// pass a statement's cheap conditions. Behind a protocol so that planning can be reasoned
/// about (and tested) apart from an engine.
protocol PlanStatistics: AnyObject {
    /// Rows of the entity's table (asked once per session).
    func entityCount(table: String) -> Double?
    /// The single number a `SELECT COUNT(*) …` returns; nil when it cannot be had.
    func count(_ query: BoundQuery) -> Double?
}

/// Statistics read from the engine with quick counts.
final class EngineStatistics: PlanStatistics {
    let engine: any Engine
    private var entities: [String: Double?] = [:]

    init(engine: any Engine) { self.engine = engine }

    func entityCount(table: String) -> Double? {
        if let known = entities[table] { return known }
        let n = count(BoundQuery(text: "SELECT COUNT(*) FROM \(engine.dialect.quote(table))", parameters: []))
        entities[table] = n
        return n
    }

    func count(_ query: BoundQuery) -> Double? {
        var n: Double?
        try? engine.run(query) { row in n = row.first?.double }
        return n
    }
}

/// Planning: a checked statement to the query that runs it, with its plan chosen from the
/// options or from statistics. Runs no statement and writes nothing.
struct Planner {
    let dialect: Dialect
    let options: RunOptions
    let statistics: any PlanStatistics

    /// The plan for a statement's aggregates: as asked, or from the share of entities that
    /// pass its cheap conditions (one quick count).
    func planChoice(for action: CheckedAction, in program: CheckedProgram) -> PlanChoice {
        if let plan = options.plan { return plan }
        guard case .sharedPassesFrom = dialect.aggregatePlan,
              Compiler.groupablePasses(action, in: program, dialect: dialect, asOf: options.asOf).contains(where: { $0.aggregates >= 2 })
        else { return .auto(passing: nil) }
        guard let total = statistics.entityCount(table: program.entity.table), total > 0 else { return .auto(passing: nil) }
        guard let cheap = Compiler.cheapCount(action, in: program, dialect: dialect, asOf: options.asOf) else { return .auto(passing: 1) }
        guard let passing = statistics.count(cheap) else { return .auto(passing: nil) }
        return .auto(passing: passing / total)
    }

    /// One statement, compiled with its plan. A `show` also gets the count of its segment,
    /// to say how many rows its `limit` left out.
    func compile(_ action: CheckedAction, in program: CheckedProgram) -> Result<CompiledAction, Diagnostic> {
        switch Compiler.compile(action, in: program, dialect: dialect, asOf: options.asOf, plan: planChoice(for: action, in: program),
                                pushdownModels: options.pushdownModels, listCutoff: options.storeAsOf) {
        case .failure(let d): return .failure(d)
        case .success(var c):
            if case .show = action.kind {
                let count = CheckedAction(kind: .count(by: []), target: action.target, targetName: action.targetName,
                                          targetText: action.targetText, span: action.span)
                if case .success(let t) = Compiler.compile(count, in: program, dialect: dialect, asOf: options.asOf,
                                                           plan: planChoice(for: count, in: program), pushdownModels: options.pushdownModels,
                                                           listCutoff: options.storeAsOf) {
                    c.total = t.bound
                }
            }
            return .success(c)
        }
    }

    /// The errors compiling would report, found before anything runs: they depend on neither
    /// the plan nor what a run computes once, and compiling runs no query (microseconds).
    func compileErrors(_ programs: [CheckedProgram]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        for program in programs {
            for a in program.actions {
                if case .failure(let d) = Compiler.compile(a, in: program, dialect: dialect, asOf: options.asOf,
                                                           pushdownModels: options.pushdownModels) { errors.append(d) }
            }
        }
        return errors
    }
}
