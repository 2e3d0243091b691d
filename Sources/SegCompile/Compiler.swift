import SegSyntax
import SegCheck
import SegModels

/// A statement compiled for one dialect: its query, the values to bind, and what its rows hold.
public struct CompiledAction: Sendable {
    public var action: CheckedAction
    public var plan: SelectQuery
    public var sql: SQL
    public var parameters: [SQLValue]
    /// What each output column is (for `count by`, the groups and then the count).
    public var columns: [OutputColumn]
    /// The dialect the SQL was written for.
    public var dialect: Dialect
    /// Which plan computes the statement's aggregates, and why (shown by `explain`).
    public var planNote: String?
    /// Outside SQLite, the `reasons(…)` columns come back as their model's inputs packed in
    /// text (`ExprCompiler.packedInputs`); SegRun computes the reasons from them.
    public var packedReasons: [PackedReasons] = []
    /// For `show`: a count of its segment, run when `limit` may have cut rows off.
    public var total: BoundQuery?
    /// The SQL computes a model's score (a hint for the engine).
    public var scoresModelInSQL = false

    /// The query to execute: placeholders plus bound values.
    public var bound: BoundQuery { BoundQuery(text: dialect.render(sql, parameters), parameters: parameters, scoresModelInSQL: scoresModelInSQL) }
    /// The query with every value written as a literal, for reading and pasting.
    public var inlineText: String { dialect.render(sql, parameters, inline: true) }
}

/// A result column that holds a model's inputs for `reasons(model, k)` to be computed after the query.
public struct PackedReasons: Sendable {
    public var column: Int
    public var model: CheckedModel
    public var k: Int
}

/// SegCompile's entry point: checked program → SQL per dialect.
public enum Compiler {
    /// Compiles every action of a checked program.
    public static func compile(_ program: CheckedProgram, dialect: Dialect, asOf: String, plan: PlanChoice = .auto(passing: nil),
                               pushdownModels: Bool = false) -> ([CompiledAction], [Diagnostic]) {
        var out: [CompiledAction] = []
        var diagnostics: [Diagnostic] = []
        for a in program.actions {
            switch compile(a, in: program, dialect: dialect, asOf: asOf, plan: plan, pushdownModels: pushdownModels) {
            case .success(let c): out.append(c)
            case .failure(let d): diagnostics.append(d)
            }
        }
        return (out, diagnostics)
    }

    /// Compiles one action to one query.
    /// `reads`: what the run computed for the program (tag columns, rank tables, scores,
    /// computed conditions); without them, the statement as written.
    public static func compile(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads(), dialect: Dialect, asOf: String,
                               plan choice: PlanChoice = .auto(passing: nil), contactDate: String? = nil,
                               pushdownModels: Bool = false, listCutoff: StoreCutoff? = nil) -> Result<CompiledAction, Diagnostic> {
        var ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let program = ec.program
        ec.contactDate = contactDate
        ec.listCutoff = listCutoff
        ec.modelsInProcess = dialect.runsSwiftFunctions && !pushdownModels
        let decision = PlanDecision.choose(for: action, in: program, reads: reads, dialect: dialect, asOf: asOf, choice: choice)
        ec.grouped = decision.grouped
        ec.groupedOnly = decision.groupedOnly
        var (plan, columns) = lower(action, in: program, ec: &ec)
        if usesTags(action, in: program, reads: reads) { plan.source = TagSource.from(program, reads: reads, dialect: dialect) }
        if let span = ec.overflow { return .failure(.expansionTooLarge(span)) }
        if let span = ec.reasonsOutOfProcess { return .failure(.reasonsNeedInProcess(span, dialect)) }
        assemble(&plan, &ec, entity: program.entity)
        var compiled = CompiledAction(action: action, plan: plan, sql: plan.sql(dialect), parameters: ec.bindings.values,
                                      columns: columns, dialect: dialect, planNote: decision.note)
        compiled.scoresModelInSQL = ec.scoresModelInSQL
        if !dialect.runsSwiftFunctions {
            for (i, c) in columns.enumerated() {
                if case .reasons(let id, let k) = c.expr.kind { compiled.packedReasons.append(PackedReasons(column: i, model: program.models[id], k: k)) }
            }
        }
        return .success(compiled)
    }

    /// Whether a statement reads a definition the program's tag table holds.
    public static func usesTags(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads) -> Bool {
        guard !reads.tagColumns.isEmpty else { return false }
        return action.expressions.contains { e in
            program.mentions(e) { if case .definition(let id) = $0.kind { return reads.tagColumns[id] != nil } else { return false } }
        }
    }

    /// Whether a statement still reads relations once the definitions its tag table holds
    /// are columns (what `explain` says of aggregates then).
    public static func readsRelationsBeyondTags(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads) -> Bool {
        action.expressions.contains { e in reads.mentionsBeyondTags(e, in: program) { if case .aggregate = $0.kind { return true } else { return false } } }
    }

    /// Assembly: the grouped passes' joins, then each pushed-down model's and each rank's
    /// CTE joined on the entity's key.
    static func assemble(_ plan: inout SelectQuery, _ ec: inout ExprCompiler, entity: Entity) {
        let dialect = ec.dialect
        plan.joins += ec.groupedJoins()
        for (id, cte) in ec.modelCTEs {
            let name = dialect.quote("seg_model\(id + 1)")
            plan.with.append(cte)
            plan.joins.append(SQL("LEFT JOIN \(name) ON \(name).\(dialect.quote("seg_k")) = \(dialect.quote(entity.table)).\(dialect.quote(entity.key))"))
        }
        for r in ec.rankings {
            let name = dialect.quote(r.name)
            if let cte = r.cte { plan.with.append(cte) }
            plan.joins.append(SQL("LEFT JOIN \(name) ON \(name).\(dialect.quote("seg_k")) = \(dialect.quote(entity.table)).\(dialect.quote(entity.key))"))
        }
    }

    /// The number a `bucket(…)` column is cut from, looking through defines.
    static func bucketEdges(_ e: TypedExpr, _ program: CheckedProgram) -> [BucketEdge]? {
        switch e.kind {
        case .bucket(_, let edges): return edges
        case .definition(let id): return bucketEdges(program.definition(id).body, program)
        default: return nil
        }
    }

    public static func bucketInput(_ e: TypedExpr, _ program: CheckedProgram) -> TypedExpr? {
        switch e.kind {
        case .bucket(let x, _): return x
        case .definition(let id): return bucketInput(program.definition(id).body, program)
        default: return nil
        }
    }
}

extension Diagnostic {
    static func reasonsNeedInProcess(_ span: Span, _ d: Dialect) -> Diagnostic {
        Diagnostic(code: "E0602", message: "`reasons(…)` inside another expression is computed in Seg's own process, which \(d.name.rawValue) cannot call", span: span,
                   suggestion: "show `reasons(…)` as a column of its own (that works on every engine), or run this on SQLite")
    }
    static func expansionTooLarge(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0601", message: "this expands to a query too large to run (definitions nest or repeat too much)", span: span,
                   suggestion: "simplify the definitions it uses")
    }
}

extension Compiler {
    /// The ranks a run's statements use (through their definitions) that a run can compute
    /// once: those whose value holds no other rank and no model.
    /// The same rank written twice (`percent_rank(x)` in two places) is one: ranks are told
    /// apart by their query's text (`rankingKey`).
    public static func rankingsToCompute(_ actions: [CheckedAction], in program: CheckedProgram, reads: RunReads,
                                         dialect: Dialect, asOf: String) -> [(key: String, ranking: Ranking)] {
        let program = reads.view(program)
        var found: [(key: String, ranking: Ranking)] = []
        var seen = Set<Int>()
        // Definitions a tag table holds are read from it: their ranks are not computed.
        func visit(_ e: TypedExpr) {
            if case .definition(let id) = e.kind {
                guard reads.tagColumns[id] == nil, seen.insert(id).inserted else { return }
                visit(program.definition(id).body)
                return
            }
            if case .ranking(let r) = e.kind, !program.containsRanking(r.value), !program.containsModel(r.value) {
                let key = rankingKey(r, in: program, reads: reads, dialect: dialect, asOf: asOf)
                if !found.contains(where: { $0.key == key }) { found.append((key, r)) }
            }
            program.parts(e).forEach(visit)
        }
        for a in actions where !a.isExplain {
            a.expressions.forEach(visit)
            if case .campaign(let c) = a.kind, let rank = c.rankBy { visit(rank) }
        }
        return found
    }

    /// A rank's identity: its query with every value written inline.
    public static func rankingKey(_ r: Ranking, in program: CheckedProgram, reads: RunReads, dialect: Dialect, asOf: String) -> String {
        var ec = ExprCompiler(program: program, reads: reads.withoutRanks, dialect: dialect, asOf: asOf)
        return dialect.render(ec.rankingSelect(r), ec.bindings.values, inline: true)
    }

    /// The query that computes a rank for every entity with a value: `seg_k`, `seg_v`.
    /// Every entity's key and a model's inputs (missing as NULL), for scoring in blocks of
    /// rows outside the query; aggregates in grouped passes, as every entity is read.
    public static func modelInputsQuery(_ id: Int, in program: CheckedProgram, reads: RunReads, dialect: Dialect, asOf: String) -> BoundQuery {
        var ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let program = ec.program
        ec.modelsInProcess = dialect.runsSwiftFunctions
        ec.grouped = true
        let entity = program.entity
        var plan = SelectQuery(columns: [SQL(dialect.quote(entity.table) + "." + dialect.quote(entity.key))] + program.models[id].inputs.map { ec.value($0) },
                               table: entity.table, filter: nil)
        plan.source = TagSource.from(program, reads: reads, dialect: dialect)
        assemble(&plan, &ec, entity: entity)
        return BoundQuery(text: dialect.render(plan.sql(dialect), ec.bindings.values), parameters: ec.bindings.values, scoresModelInSQL: ec.scoresModelInSQL)
    }

    public static func rankingQuery(_ r: Ranking, in program: CheckedProgram, reads: RunReads, dialect: Dialect, asOf: String) -> BoundQuery {
        var ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let sql = ec.rankingSelect(r)
        return BoundQuery(text: dialect.render(sql, ec.bindings.values), parameters: ec.bindings.values, scoresModelInSQL: ec.scoresModelInSQL)
    }
}

extension Compiler {
    /// What a definition computes, for this dialect and date, as a short hash: its value's SQL
    /// with every value inline (the definitions it uses expanded, the as-of date written in),
    /// so a changed definition, a changed dependency or another date gives another hash. A tag
    /// table serves a definition only when the hash it was built with is the same (`TagStore`).
    public static func definitionFingerprint(_ id: Int, in program: CheckedProgram, dialect: Dialect, asOf: String) -> String {
        // As written: nothing a run computed (no tag column, rank table or score stands in).
        let plain = program
        var ec = ExprCompiler(program: plain, dialect: dialect, asOf: asOf)
        var sql = ec.value(plain.definition(id).body)
        // What the value refers to by name: each rank's query and each model's scoring, so a
        // rank of something else, or a retrained model file, gives another fingerprint.
        for r in ec.rankings { sql += "\n" + (r.cte ?? ec.rankingSelect(r.0)) }
        for m in ec.modelCTEs { sql += "\n" + m.cte }
        var text = dialect.render(sql, ec.bindings.values, inline: true)
        for m in plain.models where plain.mentions(plain.definition(id).body, { if case .model(let i) = $0.kind { return i == m.id } else { return false } }) {
            text += "\nmodel " + m.token
        }
        return fingerprint(text.utf8)
    }
}
