import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Each program's `RunPlan`, carried out: SegCompile decides what a run computes before its
/// statements and compiles every query; here the engine runs those steps and tells the plan
/// what it made (a scoring's function). None of it changes an answer.
extension Session {
    /// The run's statements, compiled once every program's plan has been carried out; the
    /// temporary tables it made are listed in `temporaries` (dropped when the run ends).
    func plan(_ programs: [(CheckedProgram, String)], temporaries: inout [String],
              into result: inout RunResult) throws(StatementFailure) -> [PlannedStatement] {
        var statements: [PlannedStatement] = []
        var errors: [Diagnostic] = []
        for (index, (program, _)) in programs.enumerated() {
            engine.prepare(models: program.models)
            var plan = RunPlan(program: program, index: index, planner: planner)
            // Definitions a fresh tag table holds are read from it (TagStore).
            plan.readTags(freshTagTable(for: program))
            for step in plan.scoring(inBlocks: scoresInBlocks) { try perform(step, &plan, temporaries: &temporaries) }
            // Kept segments before ranks: a kept segment's ranks need not be computed again.
            if options.keepSegments, plan.mayKeep, let version = engine.dataVersion(of: program.entity) {
                for step in try steps(plan.keeping(version: version, known: keptSegments, next: keptSegments.count + 1)) {
                    try perform(step, &plan, temporaries: &temporaries)
                }
            }
            for step in plan.ranks() { try perform(step, &plan, temporaries: &temporaries) }
            for step in try steps(plan.sharedConditions()) { try perform(step, &plan, temporaries: &temporaries) }
            for a in program.actions {
                switch plan.compile(a) {
                case .success(let c): statements.append(PlannedStatement(compiled: c, program: index, reads: a.isExplain ? plan.readsAsWritten : plan.reads))
                case .failure(let d): errors.append(d)
                }
            }
        }
        result.diagnostics += errors
        if errors.hasErrors { result.failure = .inScript }
        return statements
    }

    func steps(_ planned: Result<[RunPlan.Step], Diagnostic>) throws(StatementFailure) -> [RunPlan.Step] {
        switch planned {
        case .success(let steps): return steps
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
    }

    /// One step of a plan, run on the engine.
    func perform(_ step: RunPlan.Step, _ plan: inout RunPlan, temporaries: inout [String]) throws(StatementFailure) {
        switch step {
        case .scoreInBlocks(let id, let inputs, let span):
            plan.read(scores: try scoreInBlocks(plan.program.models[id], inputs: inputs, of: plan.program, at: span), of: id)
        case .materialise(let table, let query, let span, let what):
            // A kept segment outlives the run (the session keeps it); the rest go when it ends.
            if case .keptSegment = what {} else { temporaries.append(table) }
            do throws(EngineError) { try engine.materialise(table, query) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: span), failure: .engine)
            }
            if case .keptSegment(_, let key) = what { keptSegments[key] = table }
        }
    }

    /// The fresh tag table a program's statements can read definitions from, if any.
    func freshTagTable(for program: CheckedProgram) -> RunPlan.TagTableFacts? {
        guard (try? store.storeHasTable(TagStore.catalog.name)) == true else { return nil }
        let tags = TagStore(engine: engine, db: store)
        return tags.fresh(for: program, asOf: referenceDate(program), version: { engine.dataVersion(of: program.entity) })
    }
}
