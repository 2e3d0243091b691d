import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels

/// How a run scores one model: in blocks beforehand, or row by row; the largest share of
/// entities a statement of the run has reach it.
struct ScoringChoice {
    var inBlocks: Bool
    var share: Double
}

/// Tree models scored for every entity at once, in blocks of rows, before the statements that
/// read them (issue 18): their inputs read in one query, each tree walked over blocks of rows
/// on every core (`Model.scores`), and the statements read each score by key
/// (`CheckedProgram.scoredModels`) instead of calling the model once per row.
extension Session {
    /// The models of a run's statements that most entities reach, scored beforehand. Where few
    /// reach a model (a selective condition on the entity's own columns comes first), it is
    /// scored row by row, for those only. Returns what `explain` says of it.
    func scoringModelsInBlocks(_ program: CheckedProgram) throws(StatementFailure) -> (CheckedProgram, [Int: ScoringChoice]) {
        guard scoresInBlocks, !program.models.isEmpty else { return (program, [:]) }
        var program = program
        var choices: [Int: ScoringChoice] = [:]
        let total = statistics.entityCount(table: program.entity.table) ?? 0
        for m in program.models {
            guard case .trees = m.model.shape, total >= Double(Self.blockScoringFrom) else { continue }
            let users = program.actions.filter { Self.reads($0, model: m.id, in: program) }
            guard !users.isEmpty else { continue }
            // The largest share of entities a statement scores.
            let share = users.map { a -> Double in
                guard let q = Compiler.cheapCount(a, in: program, dialect: engine.dialect, asOf: options.asOf), let n = statistics.count(q) else { return 1 }
                return n / total
            }.max() ?? 0
            choices[m.id] = ScoringChoice(inBlocks: share >= Self.blockScoringShare, share: share)
            guard share >= Self.blockScoringShare else { continue }
            // Only a statement that runs pays for it; `explain` says what a run would do.
            guard users.contains(where: { !$0.isExplain }) else { continue }
            program.scoredModels[m.id] = try scoreInBlocks(m, of: program, asOf: options.asOf, at: users[0].span)
        }
        return (program, choices)
    }

    /// What `explain` says of how the models a statement reads are scored.
    func scoringNote(_ a: CheckedAction, in program: CheckedProgram, _ choices: [Int: ScoringChoice]) -> String? {
        let parts = program.models.compactMap { m -> String? in
            guard let choice = choices[m.id], Self.reads(a, model: m.id, in: program) else { return nil }
            let share = String(format: "%.0f%%", choice.share * 100)
            let entities = program.entity.name + "s"
            return choice.inBlocks
                ? "\(m.name) scored for every \(program.entity.name) beforehand, in blocks of rows (up to \(share) of \(entities) reach it in this run)"
                : "\(m.name) scored row by row, for the \(entities) that reach it (at most \(share) do)"
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A tag build computes every definition for every entity: each tree model they read is
    /// scored in blocks first.
    func scoringModelsForTags(_ program: CheckedProgram, _ ids: [Int], asOf: String) throws(StatementFailure) -> CheckedProgram {
        guard scoresInBlocks else { return program }
        var program = program
        let total = statistics.entityCount(table: program.entity.table) ?? 0
        for m in program.models where total >= Double(Self.blockScoringFrom) {
            guard case .trees = m.model.shape else { continue }
            let read = ids.contains { id in
                program.mentions(program.definition(id).body) { if case .model(let i) = $0.kind { return i == m.id } else { return false } }
            }
            if read { program.scoredModels[m.id] = try scoreInBlocks(m, of: program, asOf: asOf, at: m.span) }
        }
        return program
    }

    /// Whether a statement reads a model's score (not through a definition a tag table holds).
    static func reads(_ a: CheckedAction, model id: Int, in program: CheckedProgram) -> Bool {
        a.expressions.contains { e in program.mentionsBeyondTags(e) { if case .model(let m) = $0.kind { return m == id } else { return false } } }
    }

    /// Where scoring in blocks is possible: the engine calls Swift, and models are not pushed down.
    var scoresInBlocks: Bool { engine.dialect.runsSwiftFunctions && !options.pushdownModels }

    /// Scores one model for every entity; returns the SQL function that reads a score by key.
    /// In a REPL session the scores stay on the connection while the inputs, the model file
    /// and the data are unchanged, so later entries do not score again.
    func scoreInBlocks(_ m: CheckedModel, of program: CheckedProgram, asOf: String, at span: Span) throws(StatementFailure) -> String {
        let query = Compiler.modelInputsQuery(m.id, in: program, dialect: engine.dialect, asOf: asOf)
        var cacheKey: String?
        if options.keepSegments, let version = engine.knownDataVersion(entity: program.entity.table,
                                                                        numericColumns: program.entity.fields.filter { $0.type == .number }.map(\.name),
                                                                        relations: program.entity.relations.map(\.table)) {
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

    /// Block scoring pays from this many entities, and when at least this share reach the model.
    static let blockScoringFrom = 1_000
    static let blockScoringShare = 0.25
}
