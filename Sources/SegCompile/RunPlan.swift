import SegSyntax
import SegCheck

/// One program's run, planned: what the run computes before its statements — models scored
/// in blocks, the REPL's kept segments, ranks and conditions computed once into temporary
/// tables — each with its query and why, and the reads every statement then compiles with.
///
/// Pure: made from the checked program and what the engine reports (statistics, a fresh tag
/// table, the segments a session kept, the functions a scoring made). SegRun runs each step
/// and tells the plan what it made; the checked program itself is never rewritten.
public struct RunPlan {
    /// Something a run computes before its statements.
    public enum Step: Sendable {
        /// Score a model for every entity in blocks, outside the query, from its inputs' query;
        /// SegRun answers with the function that reads a score (`read(scores:of:)`).
        case scoreInBlocks(model: Int, inputs: BoundQuery, span: Span)
        /// Compute a table of members or ranks, read by the statements after it.
        case materialise(table: String, query: BoundQuery, span: Span, what: Materialised)
    }

    public enum Materialised: Sendable, Equatable {
        /// A rank's `seg_k`, `seg_v` for every entity with a value.
        case rank
        /// A condition several statements of this run evaluate.
        case sharedCondition(ComputedCondition)
        /// A REPL segment kept for later entries, under the session's key for it.
        case keptSegment(ComputedCondition, key: String)
    }

    /// Why the run reads what it reads; `explain` says them (`note(for:compiled:)`).
    public enum Reason: Sendable, Equatable {
        case tagTable(TagTableFacts)
        case scored(model: Int, share: Double, inBlocks: Bool)
        case kept(reused: [String], made: [String])
        case computedOnce([ComputedCondition])
    }

    /// A fresh tag table, as the store reports it.
    public struct TagTableFacts: Sendable, Equatable {
        public var name: String
        public var builtAt: String
        public var asOf: String
        /// By definition id, the column holding it.
        public var columns: [Int: String]
        /// The definitions it serves, in the order the statements meet them.
        public var definitions: [String]
        public init(name: String, builtAt: String, asOf: String, columns: [Int: String], definitions: [String]) {
            self.name = name
            self.builtAt = builtAt
            self.asOf = asOf
            self.columns = columns
            self.definitions = definitions
        }
    }

    public let program: CheckedProgram
    /// Which program of the run (temporary tables are named by it).
    public let index: Int
    public let planner: Planner
    /// What statements compile with, so far.
    public private(set) var reads = RunReads()
    /// What `explain` compiles with: the statement as written, reading only the tag table.
    public private(set) var readsAsWritten = RunReads()
    public private(set) var reasons: [Reason] = []

    public init(program: CheckedProgram, index: Int, planner: Planner) {
        self.program = program
        self.index = index
        self.planner = planner
    }

    var dialect: Dialect { planner.dialect }
    var asOf: String { planner.asOf }

    // MARK: - Tags

    /// Reads the definitions a fresh tag table holds from it.
    public mutating func readTags(_ table: TagTableFacts?) {
        guard let table else { return }
        reads.tagTable = table.name
        reads.tagColumns = table.columns
        readsAsWritten = reads
        reasons.append(.tagTable(table))
    }

    // MARK: - Models scored in blocks

    /// The tree models of the run's statements that most entities reach: scored beforehand,
    /// for every entity. Where few reach a model (a selective condition on the entity's own
    /// columns comes first), it is scored row by row, for those only. `inBlocks`: whether
    /// the engine can (it runs Swift functions, and models are not pushed down).
    public mutating func scoring(inBlocks: Bool) -> [Step] {
        guard inBlocks, !program.models.isEmpty else { return [] }
        let total = planner.statistics.entityCount(table: program.entity.table) ?? 0
        var steps: [Step] = []
        for m in program.models {
            guard case .trees = m.model.shape, total >= Double(Self.blockScoringFrom) else { continue }
            let users = program.actions.filter { reads(model: m.id, $0) }
            guard !users.isEmpty else { continue }
            // The largest share of entities a statement scores.
            let share = users.map { a -> Double in
                guard let q = Compiler.cheapCount(a, in: program, reads: reads, dialect: dialect, asOf: asOf),
                      let n = planner.statistics.count(q) else { return 1 }
                return n / total
            }.max() ?? 0
            reasons.append(.scored(model: m.id, share: share, inBlocks: share >= Self.blockScoringShare))
            // Only a statement that runs pays for it; `explain` says what a run would do.
            guard share >= Self.blockScoringShare, users.contains(where: { !$0.isExplain }) else { continue }
            steps.append(.scoreInBlocks(model: m.id, inputs: Compiler.modelInputsQuery(m.id, in: program, reads: reads, dialect: dialect, asOf: asOf),
                                        span: users[0].span))
        }
        return steps
    }

    /// The function a scoring in blocks made: statements read the model's scores from it.
    public mutating func read(scores function: String, of model: Int) {
        reads.scoredModels[model] = function
    }

    /// Whether a statement reads a model's score (not through a definition a tag table holds).
    func reads(model id: Int, _ a: CheckedAction) -> Bool {
        a.expressions.contains { e in reads.mentionsBeyondTags(e, in: program) { if case .model(let m) = $0.kind { return m == id } else { return false } } }
    }

    /// Block scoring pays from this many entities, and when at least this share reach the model.
    public static let blockScoringFrom = 1_000
    public static let blockScoringShare = 0.25

    // MARK: - Kept segments (the REPL)

    /// The conditions the statements read that are costly to evaluate and can be kept for a
    /// session: each is read from the table an earlier entry filled (`known`, by the session's
    /// key: fingerprint, date, data version), or computed into a new one (`seg_keptN`, from
    /// `next`) and kept.
    public mutating func keeping(version: String, known: [String: String], next: Int) -> Result<[Step], Diagnostic> {
        let read = program.definitionsRead()
        let candidates = program.definitions.filter { d in
            read.contains(d.id) && d.body.type == .bool && reads.tagColumns[d.id] == nil && costly(d.body)
                && !program.readsLists(d.body)
                && !program.mentions(d.body) { if case .relationField = $0.kind { return true } else { return false } }
                && program.definitions.last(where: { $0.name == d.name })?.id == d.id
        }
        var steps: [Step] = []
        var reused: [String] = [], made: [String] = []
        for d in candidates {
            let key = Compiler.definitionFingerprint(d.id, in: program, dialect: dialect, asOf: asOf) + "|" + asOf + "|" + version
            if let table = known[key] {
                reads.computed[d.id] = table
                reused.append(d.name)
                continue
            }
            let c = ComputedCondition(definition: d.id, name: d.name, table: "seg_kept\(next + made.count)", uses: 0)
            switch membersQuery(c) {
            case .success(let q): steps.append(.materialise(table: c.table, query: q, span: d.span, what: .keptSegment(c, key: key)))
            case .failure(let diagnostic): return .failure(diagnostic)
            }
            reads.computed[d.id] = c.table
            made.append(d.name)
        }
        if !reused.isEmpty || !made.isEmpty { reasons.append(.kept(reused: reused, made: made)) }
        return .success(steps)
    }

    /// Whether evaluating a condition reads relations, scores a model or ranks.
    func costly(_ e: TypedExpr) -> Bool {
        reads.mentionsBeyondTags(e, in: program) {
            switch $0.kind {
            case .aggregate, .model, .ranking: return true
            default: return false
            }
        }
    }

    /// Whether the plan has anything the REPL could keep (so the data version is worth asking).
    public var mayKeep: Bool {
        let read = program.definitionsRead()
        return program.definitions.contains { read.contains($0.id) && $0.body.type == .bool && costly($0.body) }
    }

    // MARK: - Ranks and shared conditions

    /// Each rank the statements use, computed once into a temporary table they all join
    /// (LANGUAGE.md §4's ranks read every entity: ranking again per statement was most of an
    /// RFM script's time).
    public mutating func ranks() -> [Step] {
        var steps: [Step] = []
        var tables: [String: String] = [:]
        for (i, (key, r)) in Compiler.rankingsToCompute(program.actions, in: program, reads: reads, dialect: dialect, asOf: asOf).enumerated() {
            let table = "seg_rankonce\(index + 1)_\(i + 1)"
            // Compiled before any rank is read from a table: a rank's query computes its own value.
            steps.append(.materialise(table: table, query: Compiler.rankingQuery(r, in: program, reads: reads, dialect: dialect, asOf: asOf),
                                      span: r.value.span, what: .rank))
            tables[key] = table
        }
        reads.rankTables.merge(tables) { _, new in new }
        return steps
    }

    /// The conditions several statements would each evaluate again (`SharedConditions`),
    /// computed once; each reads the ones before it.
    public mutating func sharedConditions() -> Result<[Step], Diagnostic> {
        let chosen = SharedConditions.choose(program, reads: reads, actions: program.actions, dialect: dialect, tablePrefix: "seg_once\(index + 1)_")
        reads = SharedConditions.reading(chosen, reads)
        var steps: [Step] = []
        for c in chosen {
            switch membersQuery(c) {
            case .success(let q): steps.append(.materialise(table: c.table, query: q, span: program.definition(c.definition).span, what: .sharedCondition(c)))
            case .failure(let d): return .failure(d)
            }
        }
        if !chosen.isEmpty { reasons.append(.computedOnce(chosen)) }
        return .success(steps)
    }

    /// `SELECT key AS c1 FROM entity WHERE condition` for a condition's table, with its plan.
    func membersQuery(_ c: ComputedCondition) -> Result<BoundQuery, Diagnostic> {
        let action = SharedConditions.membersAction(c, original: program)
        return SharedConditions.membersQuery(action, in: program, reads: reads, dialect: dialect, asOf: asOf,
                                             plan: planner.planChoice(for: action, in: program, reads: reads),
                                             pushdownModels: planner.pushdownModels, listCutoff: planner.listCutoff).map(\.bound)
    }

    // MARK: - Statements

    /// A statement compiled with what the run computed; `explain` compiles it as written
    /// (with the tag table) and says what the run reads instead of computing.
    public func compile(_ a: CheckedAction) -> Result<CompiledAction, Diagnostic> {
        planner.compile(a, in: program, reads: a.isExplain ? readsAsWritten : reads).map { c in
            var c = c
            if case .explain = a.kind { c.planNote = note(for: a, compiled: c.planNote) }
            return c
        }
    }

    /// `explain`'s note: the compiled plan's, then each reason that concerns the statement.
    func note(for a: CheckedAction, compiled: String?) -> String? {
        var note = compiled
        func add(_ line: String) { note = (note.map { $0 + "; " } ?? "") + line }
        for case .computedOnce(let chosen) in reasons {
            note = SharedConditions.note(chosen, for: a, in: program, appendingTo: note)
        }
        for case .kept(let reused, let made) in reasons {
            if !reused.isEmpty { add("kept from earlier in this session: " + reused.joined(separator: ", ")) }
            if !made.isEmpty { add("kept for the rest of this session: " + made.joined(separator: ", ")) }
        }
        for case .tagTable(let t) in reasons where Compiler.usesTags(a, in: program, reads: readsAsWritten) {
            // Aggregates the tag table holds are not computed: only the rest is planned.
            let rest = Compiler.readsRelationsBeyondTags(a, in: program, reads: readsAsWritten) ? note.map { $0 + "; " } ?? "" : ""
            note = rest + "definitions read from tag table \(t.name) (built \(t.builtAt), as of \(t.asOf), data unchanged since): "
                + t.definitions.joined(separator: ", ")
        }
        let scoring = reasons.compactMap { r -> String? in
            guard case .scored(let id, let share, let inBlocks) = r, reads(model: id, a) else { return nil }
            let m = program.models[id], percent = String(format: "%.0f%%", share * 100), entities = program.entity.name + "s"
            return inBlocks
                ? "\(m.name) scored for every \(program.entity.name) beforehand, in blocks of rows (up to \(percent) of \(entities) reach it in this run)"
                : "\(m.name) scored row by row, for the \(entities) that reach it (at most \(percent) do)"
        }
        if !scoring.isEmpty { add(scoring.joined(separator: "; ")) }
        return note
    }
}
