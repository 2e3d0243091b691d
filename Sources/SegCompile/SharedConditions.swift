import SegSyntax
import SegCheck

/// A condition computed once for a run: its members' keys are written to a temporary table
/// that every statement of the run reads instead of evaluating the condition again.
public struct ComputedCondition: Sendable, Equatable {
    /// The definition (a segment, or a define of type bool) it stands for.
    public var definition: Int
    public var name: String
    /// The temporary table holding the members' keys, in its one column `c1`.
    public var table: String
    /// How many evaluations of the condition the run's statements would otherwise make.
    public var uses: Int

    public init(definition: Int, name: String, table: String, uses: Int) {
        self.definition = definition
        self.name = name
        self.table = table
        self.uses = uses
    }
}

/// Which conditions a run computes once (issue 3: "defines used by several segments are
/// computed once").
///
/// A script typically defines a segment, then counts it, profiles it, shows it, asserts on
/// it and exports it: each statement would evaluate the segment's aggregates again for every
/// customer. Computing the segment once costs one evaluation over every customer, which is
/// what a statement evaluating it for every customer pays anyway. So it is computed once when
/// at least one evaluation is for every customer and there is at least one more of any kind.
/// A condition only ever evaluated behind cheap conditions (`city = "X" and big_spender`)
/// stays inline: there the per-customer lookups reach few customers, and computing it for
/// everyone could cost more than the statements save.
///
/// Only conditions that read relations, models or ranks are worth it (a condition on the
/// entity's own columns is a filter the engine runs at scan speed); conditions that read
/// saved lists or the contact date stay inline, since those can change within a run.
public enum SharedConditions {
    /// The column of a computed condition's table that holds the member keys.
    public static let keyColumn = "c1"

    /// The conditions to compute once for these actions of the program; tables are named
    /// `prefix` followed by the definition's id. Listed dependencies first.
    public static func choose(_ program: CheckedProgram, reads: RunReads, actions: [CheckedAction], dialect: Dialect, tablePrefix: String) -> [ComputedCondition] {
        let program = reads.view(program)
        var counter = Counter(program: program, reads: reads, models: dialect.modelConditionsOnce)
        for a in actions { counter.count(a) }
        var chosen: [ComputedCondition] = []
        // A definition's body names only earlier definitions, so deciding from the last one
        // down settles every use of a definition before it is decided.
        for id in program.definitions.indices.reversed() {
            let (open, guarded) = counter.uses[id] ?? (0, 0)
            guard open + guarded > 0, counter.isCandidate(id) else { continue }
            let body = program.definition(id).body
            if open >= 1 && open + guarded >= 2 {
                chosen.append(ComputedCondition(definition: id, name: program.definition(id).name,
                                                table: "\(tablePrefix)\(id)", uses: open + guarded))
                counter.walk(body, guarded: false, times: 1)
            } else {
                counter.walk(body, guarded: false, times: open)
                counter.walk(body, guarded: true, times: guarded)
            }
        }
        return chosen.reversed()
    }

    /// The reads with each computed condition read from its table.
    public static func reading(_ computed: [ComputedCondition], _ reads: RunReads) -> RunReads {
        var r = reads
        for c in computed { r.computed[c.definition] = c.table }
        return r
    }

    /// `explain`'s note on the conditions of its target that the run computes once.
    public static func note(_ computed: [ComputedCondition], for action: CheckedAction, in program: CheckedProgram,
                            appendingTo note: String?) -> String? {
        let read = computed.filter { c in
            program.mentions(action.target) { if case .definition(c.definition) = $0.kind { return true } else { return false } }
        }
        guard !read.isEmpty else { return note }
        let line = "in this run, " + read.map { "`\($0.name)` (\($0.uses) uses)" }.joined(separator: ", ")
            + (read.count == 1 ? " is" : " are") + " computed once into a temporary table that the other statements read"
        return note.map { $0 + "; " + line } ?? line
    }

    /// The statement whose query lists a computed condition's members: its definition's
    /// own body as the target (in `program`, earlier computed conditions are read from
    /// their tables). It takes the shape of `diff`, the one statement that selects just the
    /// key of every member; `membersQuery` drops its ordering.
    public static func membersAction(_ c: ComputedCondition, original: CheckedProgram) -> CheckedAction {
        let d = original.definition(c.definition)
        return CheckedAction(kind: .diff(list: "", version: nil), target: d.body, targetName: d.name, targetText: d.name, span: d.span)
    }

    /// `SELECT key AS c1 FROM entity WHERE condition`: the query that fills a computed
    /// condition's table, compiled like any statement (so with its plan choice).
    public static func membersQuery(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads, dialect: Dialect, asOf: String,
                                    plan: PlanChoice, pushdownModels: Bool, listCutoff: StoreCutoff? = nil) -> Result<CompiledAction, Diagnostic> {
        Compiler.compile(action, in: program, reads: reads, dialect: dialect, asOf: asOf, plan: plan, pushdownModels: pushdownModels,
                         listCutoff: listCutoff).map { c in
            var c = c
            // The table is a set: no order needed.
            c.plan.orderBy = []
            c.sql = c.plan.sql(dialect)
            return c
        }
    }

    /// Counts, per candidate definition, how often the run would evaluate it: `open` for
    /// evaluations over every entity that reaches the statement, `guarded` for those behind
    /// a cheap condition of the same `and`.
    struct Counter {
        typealias Uses = [Int: (open: Int, guarded: Int)]
        let program: CheckedProgram
        let reads: RunReads
        var uses: Uses = [:]
        var candidates: [Int: Bool] = [:]
        /// The candidate uses one evaluation of a definition that is not a candidate makes,
        /// by whether it is guarded: definitions nest and repeat (`c2 = c1 and c1`), so each
        /// is walked once, not once per path to it.
        var inside: [Int: [Bool: Uses]] = [:]

        /// Whether conditions that score a model may be computed once (`Dialect.modelConditionsOnce`).
        let models: Bool

        init(program: CheckedProgram, reads: RunReads, models: Bool) {
            self.program = program
            self.reads = reads
            self.models = models
        }

        /// Whether evaluating `e` reads relations, scores a model or ranks. A definition a tag
        /// table holds is a column: cheap, whatever it is made of.
        func expensive(_ e: TypedExpr) -> Bool {
            reads.mentionsBeyondTags(e, in: program) {
                switch $0.kind {
                case .aggregate, .model, .reasons, .ranking: return true
                default: return false
                }
            }
        }

        mutating func isCandidate(_ id: Int) -> Bool {
            if let known = candidates[id] { return known }
            if reads.tagColumns[id] != nil {
                candidates[id] = false
                return false
            }
            let body = program.definition(id).body
            let staysInline = program.mentions(body) { x in
                switch x.kind {
                // A saved list can get a new version within the run; the contact date is known
                // only when a campaign is evaluated; `reasons` is text, not a condition.
                case .savedList, .listColumn, .reasons: return true
                // A condition on a related row (inside an aggregate's `where`), not on the entity.
                case .relationField: return true
                default: return false
                }
            }
            let result = body.type == .bool && !staysInline && expensive(body) && (models || !program.containsModel(body))
            candidates[id] = result
            return result
        }

        mutating func count(_ a: CheckedAction) {
            switch a.kind {
            case .explain, .explainFor, .explainCampaign, .buildTags:
                // Explained with the definitions as written; a tag build runs its own queries.
                return
            case .count(let by, _, _):
                walk(a.target, guarded: false, times: 1)
                for c in by { walk(c.expr, guarded: false, times: 1) }
            case .show(let cols, let order, _):
                walk(a.target, guarded: false, times: 1)
                for c in cols { walk(c.expr, guarded: false, times: 1) }
                for o in order { walk(o.0, guarded: false, times: 1) }
            case .export(_, let cols), .sample(_, _, let cols):
                walk(a.target, guarded: false, times: 1)
                for c in cols { walk(c.expr, guarded: false, times: 1) }
            case .profile(let field, let base, _):
                // The target is both counted and, with a base, part of the filter.
                walk(a.target, guarded: false, times: base == nil ? 1 : 2)
                if let base { walk(base, guarded: false, times: 2) }
                walk(field.expr, guarded: false, times: 1)
            case .overlap(let segments):
                // Each segment is evaluated on the diagonal and in every pair it is part of.
                for s in segments { walk(s.expr, guarded: false, times: segments.count) }
            case .evaluateModel(_, let label, let base, _):
                walk(a.target, guarded: false, times: base == nil ? 2 : 3)
                if let base { walk(base, guarded: false, times: 3) }
                walk(label, guarded: false, times: 1)
            case .evaluateCampaign(_, _, let question):
                question.read.forEach { walk($0, guarded: false, times: 1) }
            case .planCampaign(_, let question, _):
                walk(a.target, guarded: false, times: 1)
                question.read.forEach { walk($0, guarded: false, times: 1) }
            case .diff, .assertCount, .expectCount, .campaign:
                walk(a.target, guarded: false, times: 1)
            case .expectMember(_, _, let because, _, _):
                // Evaluated for one entity only: like a condition behind a cheap one.
                walk(a.target, guarded: true, times: 1)
                if let because { walk(because, guarded: true, times: 1) }
            }
        }

        /// Records the candidate definitions an expression evaluates, `times` over.
        mutating func walk(_ e: TypedExpr, guarded: Bool, times: Int) {
            var found: Uses = [:]
            collect(e, guarded: guarded, into: &found)
            Self.add(found, times: times, to: &uses)
        }

        /// The candidate uses of one evaluation of an expression.
        mutating func collect(_ e: TypedExpr, guarded: Bool, into found: inout Uses) {
            switch e.kind {
            case .definition(let id):
                if isCandidate(id) {
                    Self.add([id: guarded ? (0, 1) : (1, 0)], times: 1, to: &found)
                } else {
                    if inside[id]?[guarded] == nil {
                        var body: Uses = [:]
                        collect(program.definition(id).body, guarded: guarded, into: &body)
                        inside[id, default: [:]][guarded] = body
                    }
                    Self.add(inside[id]![guarded]!, times: 1, to: &found)
                }
            case .binary(.and, _, _):
                // Cheap conjuncts filter first (ExprCompiler.filter): the rest run behind them.
                let conjuncts = flatten(e)
                let behindCheap = guarded || conjuncts.contains { !expensive($0) }
                for c in conjuncts { collect(c, guarded: behindCheap, into: &found) }
            case .aggregate:
                // What an aggregate reads per related row is not an entity-level evaluation.
                return
            default:
                for p in program.parts(e) { collect(p, guarded: guarded, into: &found) }
            }
        }

        /// Adds `times` × `more` to `uses`, saturating: nested definitions multiply their uses.
        static func add(_ more: Uses, times: Int, to uses: inout Uses) {
            guard times > 0 else { return }
            let cap = 1 << 30
            for (id, u) in more {
                var t = uses[id] ?? (0, 0)
                t.open = min(cap, t.open + min(cap, u.open.multipliedReportingOverflow(by: times).overflow ? cap : u.open * times))
                t.guarded = min(cap, t.guarded + min(cap, u.guarded.multipliedReportingOverflow(by: times).overflow ? cap : u.guarded * times))
                uses[id] = t
            }
        }

        /// The conjuncts of an `and` chain.
        func flatten(_ e: TypedExpr) -> [TypedExpr] {
            if case .binary(.and, let l, let r) = e.kind { return flatten(l) + flatten(r) }
            return [e]
        }
    }
}
