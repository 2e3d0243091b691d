import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels
import SegEngine
import SegStore
import SegMemory

/// Tree models scored for every entity at once, in blocks of rows, before the statements that
/// read them (issue 18): their inputs read in one query, each tree walked over blocks of rows
/// on every core (`Model.scores`), and the statements read each score by key
/// (`RunReads.scoredModels`) instead of calling the model once per row. Which models a run
/// scores so is its plan's choice (`RunPlan.scoring`).
extension Session {
    /// A tag build computes every definition for every entity: each tree model they read is
    /// scored in blocks first.
    func scoringModelsForTags(_ program: CheckedProgram, _ ids: [Int], asOf: String) throws(StatementFailure) -> RunReads {
        var reads = RunReads()
        guard scoresInBlocks else { return reads }
        let total = statistics.entityCount(table: program.entity.table) ?? 0
        for m in program.models where total >= Double(RunPlan.blockScoringFrom) {
            guard case .trees = m.model.shape else { continue }
            let read = ids.contains { id in
                program.mentions(program.definition(id).body) { if case .model(let i) = $0.kind { return i == m.id } else { return false } }
            }
            guard read else { continue }
            let inputs = Compiler.modelInputsQuery(m.id, in: program, reads: reads, dialect: engine.dialect, asOf: asOf)
            reads.scoredModels[m.id] = try scoreInBlocks(m, inputs: inputs, of: program, at: m.span)
        }
        return reads
    }

    /// Where scoring in blocks is possible: the engine calls Swift, and models are not pushed down.
    var scoresInBlocks: Bool { engine.dialect.runsSwiftFunctions && !options.pushdownModels }

    /// Scores one model for every entity from its inputs' query; returns the SQL function that
    /// reads a score by key. In a REPL session the scores stay on the connection while the
    /// inputs, the model file and the data are unchanged, so later entries do not score again.
    func scoreInBlocks(_ m: CheckedModel, inputs query: BoundQuery, of program: CheckedProgram, at span: Span) throws(StatementFailure) -> String {
        var cacheKey: String?
        if options.keepSegments, let version = engine.knownDataVersion(of: program.entity) {
            cacheKey = [query.text, "\(query.parameters)", m.model.digest, version].joined(separator: "\u{1}")
            if let known = scoredFunctions[cacheKey!] { return known }
        }
        let width = m.inputs.count
        var keys: [Value] = []
        var rows: [Double] = []
        do {
            try engine.scan(query) { row in
                keys.append(row.value(0))
                // As SQLite hands a number to a model function: a missing value is NaN.
                for i in 0..<width { rows.append(row.double(i + 1) ?? .nan) }
            }
        } catch {
            throw StatementFailure(diagnostic: .engine(error as? EngineError ?? EngineError(kind: .query, detail: "\(error)", path: engine.label), at: span),
                                   failure: .engine)
        }
        let scores = m.model.scores(rows, width: width, threads: Self.scoringThreads)
        let function = "seg_scored_\(m.token)_\(scoredFunctions.count + 1)"
        engine.provideScores(function, keys: keys, scores: scores)
        if let cacheKey { scoredFunctions[cacheKey] = function }
        return function
    }

    /// Every core, unless SEG_SCORING_THREADS says otherwise (bench/models.py compares one
    /// thread with XGBoost's one thread).
    static var scoringThreads: Int {
        Int(ProcessInfo.processInfo.environment["SEG_SCORING_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
    }
}
