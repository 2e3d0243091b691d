import SegSyntax
import SegCheck

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
    public static func compile(_ action: CheckedAction, in program: CheckedProgram, dialect: Dialect, asOf: String,
                               plan choice: PlanChoice = .auto(passing: nil), contactDate: String? = nil,
                               pushdownModels: Bool = false) -> Result<CompiledAction, Diagnostic> {
        var ec = ExprCompiler(program: program, dialect: dialect, asOf: asOf)
        ec.contactDate = contactDate
        ec.modelsInProcess = dialect.runsSwiftFunctions && !pushdownModels
        var note: String?
        let passes = groupablePasses(action, in: program, dialect: dialect, asOf: asOf)
        if !passes.isEmpty {
            switch (choice, dialect.aggregatePlan) {
            case (.grouped, _):
                ec.grouped = true
                note = "one grouped pass per relation and window (chosen with --plan grouped)"
            case (.correlated, _):
                note = "per-customer lookups through the relation's index (chosen with --plan correlated)"
            case (.auto, .alwaysGrouped):
                ec.grouped = true
                note = "one grouped pass per relation and window: \(dialect.name.displayName) would turn per-customer subqueries into a join over the whole relation anyway"
            case (.auto(let passing?), .sharedPassesFrom(let breakEven)):
                let share = String(format: "%.1f%%", passing * 100)
                let chosen = passes.filter { $0.aggregates >= 2 && passing * Double($0.aggregates) >= breakEven }
                func describe(_ p: PassShape) -> String {
                    let window: String
                    switch p.window {
                    case .within(let n, let unit)?: window = " within \(n) \(unit.rawValue)"
                    case .afterContact(let n, let unit)?: window = " within \(n) \(unit.rawValue) after contact"
                    case .between?: window = " between two dates"
                    case .before?: window = " before a date"
                    case nil: window = ""
                    }
                    return "\(p.relation)\(window) (\(p.aggregates) aggregates)"
                }
                if chosen.isEmpty {
                    note = passes.allSatisfy { $0.aggregates == 1 }
                        ? "per-customer lookups through the relation's index: each relation and window has one aggregate, and a lookup beats reading the window for every customer"
                        : "per-customer lookups through the relation's index: \(share) of customers pass the cheap conditions, too few for a grouped pass to pay"
                } else {
                    ec.grouped = true
                    ec.groupedOnly = chosen
                    let rest = passes.count - chosen.count
                    note = "one grouped pass for " + chosen.map(describe).joined(separator: ", ")
                        + ": \(share) of customers pass the cheap conditions, so reading the window once beats a lookup per aggregate and customer"
                        + (rest > 0 ? "; per-customer lookups for the other \(rest)" : "")
                }
            case (.auto(nil), .sharedPassesFrom):
                note = passes.allSatisfy { $0.aggregates == 1 }
                    ? "per-customer lookups through the relation's index: each relation and window has one aggregate, and a lookup beats reading the window for every customer"
                    : "per-customer lookups through the relation's index (no statistics to choose by)"
            }
        }
        let entity = program.entity
        var filter: SQL?
        // Every bound value must appear in the text, so the target is compiled only where it filters.
        let targetFilters: Bool = { switch action.kind { case .profile, .overlap, .explainFor, .explainCampaign, .evaluateModel: return false; default: return true } }()
        if case .literal(.bool(true)) = action.target.kind {} else if targetFilters { filter = ec.filter(action.target) }
        let keyColumn = entity.keyColumn
        let byKey = SelectQuery.Ordering(expr: SQL(dialect.quote(entity.key)), descending: false)
        var plan: SelectQuery
        var columns: [OutputColumn]
        switch action.kind {
        case .count(let by, _, _) where by.isEmpty:
            plan = SelectQuery(columns: [SQL("COUNT(*)")], table: entity.table, filter: filter)
            columns = [OutputColumn(label: "count", expr: .constant(.number(0), .none))]
        case .count(let by, let order, let limit):
            // Groups of text sort in byte order on every engine (PostgreSQL's would follow its locale).
            let groups = by.map { c in ec.output(c.expr) + (c.expr.type == .string ? dialect.binaryCollation : "") }
            plan = SelectQuery(columns: groups + [SQL("COUNT(*)")], table: entity.table, filter: filter)
            plan.groupBy = Array(1...by.count)
            // Buckets sort by the numbers they hold ("<25" before "25-35"), the rest by value.
            let byGroups: [SelectQuery.Ordering] = by.enumerated().map { i, c in
                if let inner = bucketInput(c.expr, program) {
                    // Alone, by the smallest value in each bucket; beside other columns, by the
                    // bucket's index, which is the same in every group of one bucket.
                    if by.count > 1, let edges = bucketEdges(c.expr, program) {
                        return SelectQuery.Ordering(expr: "MIN(" + ec.bucketIndex(ec.raw(inner), edges) + ")", descending: false)
                    }
                    return SelectQuery.Ordering(expr: "MIN(" + ec.raw(inner) + ")", descending: false)
                }
                return SelectQuery.Ordering(expr: SQL(String(i + 1)), descending: false)
            }
            // `order by`: its keys first (the count by its position), then the groups not
            // named, in their order, so that ties (and `limit`) are the same on every engine.
            var ordering: [SelectQuery.Ordering] = order.map { o in
                var key = o.column < by.count ? byGroups[o.column] : SelectQuery.Ordering(expr: SQL(String(by.count + 1)), descending: false)
                key.descending = o.descending
                return key
            }
            ordering += byGroups.indices.filter { i in !order.contains { $0.column == i } }.map { byGroups[$0] }
            plan.orderBy = ordering
            plan.limit = limit
            columns = by + [OutputColumn(label: "count", expr: .constant(.number(0), .none))]
        case .show(let cols, let order, let limit):
            plan = SelectQuery(columns: cols.map { ec.output($0.expr) }, table: entity.table, filter: filter)
            plan.orderBy = order.map { item in
                // Spark refuses a correlated subquery (an aggregate) in ORDER BY: order by the
                // output column that computes it instead.
                if dialect.ordersAggregatesByPosition, let i = cols.firstIndex(where: { $0.expr.kind == item.0.kind }) {
                    return SelectQuery.Ordering(expr: SQL(String(i + 1)), descending: item.1)
                }
                return SelectQuery.Ordering(expr: ec.value(item.0) + (item.0.type == .string ? dialect.binaryCollation : ""), descending: item.1)
            } + [byKey]
            plan.limit = limit
            columns = cols
        case .diff:
            // The segment's members, to compare with the saved list's.
            plan = SelectQuery(columns: [SQL(dialect.quote(entity.key))], table: entity.table, filter: filter)
            plan.orderBy = [byKey]
            columns = [keyColumn]
        case .export(_, let cols):
            // The key comes first: lists are sets of keys, files are joined back on it.
            let withKey = cols.contains { $0.label == entity.key } ? cols : [keyColumn] + cols
            plan = SelectQuery(columns: withKey.map { ec.output($0.expr) }, table: entity.table, filter: filter)
            plan.orderBy = [byKey]
            columns = withKey
        case .profile(let field, let base, _):
            // Per value: members of the segment, and of the base (everyone unless `vs`).
            let value = ec.output(field.expr) + (field.expr.type == .string ? dialect.binaryCollation : "")
            let inSegment = "SUM(CASE WHEN " + ec.filter(action.target) + " THEN 1 ELSE 0 END)"
            if let base {
                let baseCondition = ec.filter(base)
                let inBase = "SUM(CASE WHEN " + baseCondition + " THEN 1 ELSE 0 END)"
                plan = SelectQuery(columns: [value, inSegment, inBase], table: entity.table,
                                   filter: "(" + ec.filter(action.target) + " OR " + baseCondition + ")")
            } else {
                plan = SelectQuery(columns: [value, inSegment, SQL("COUNT(*)")], table: entity.table, filter: nil)
            }
            plan.groupBy = [1]
            if let inner = bucketInput(field.expr, program) {
                plan.orderBy = [SelectQuery.Ordering(expr: "MIN(" + ec.raw(inner) + ")", descending: false)]
            } else {
                plan.orderBy = [SelectQuery.Ordering(expr: SQL("1"), descending: false)]
            }
            let n = TypedExpr.constant(.number(0), .none)
            columns = [field, OutputColumn(label: "count", expr: n), OutputColumn(label: "base", expr: n)]
        case .overlap(let segments):
            // Every pair's intersection (and each segment's size, on the diagonal) in one pass.
            var sums: [SQL] = []
            columns = []
            for i in segments.indices {
                for j in i..<segments.count {
                    let both = i == j ? ec.filter(segments[i].expr) : "(" + ec.filter(segments[i].expr) + " AND " + ec.filter(segments[j].expr) + ")"
                    sums.append("SUM(CASE WHEN " + both + " THEN 1 ELSE 0 END)")
                    columns.append(OutputColumn(label: "\(i),\(j)", expr: .constant(.number(0), .none)))
                }
            }
            plan = SelectQuery(columns: sums, table: entity.table, filter: nil)
        case .explainFor(let key, let nodes):
            // One row: every condition of the tree, evaluated for this entity.
            let keyValue = ec.bindings.bind(ExprCompiler.sqlValue(key))
            // Each node's result, then the value each comparison tested (NULL where none).
            plan = SelectQuery(columns: nodes.map { ec.valueOrPackedReasons($0.expr) } + nodes.map { n in n.tested.map { ec.output($0) } ?? SQL("NULL") },
                               table: entity.table, filter: "(" + SQL(dialect.quote(entity.key)) + " = " + keyValue + ")")
            columns = nodes.map { OutputColumn(label: $0.label, expr: $0.expr) }
                + nodes.map { OutputColumn(label: $0.label, expr: $0.tested ?? $0.expr) }
        case .sample(let n, let seed, let cols):
            // The members with the lowest buckets for the seed, ties by key: the same on every engine.
            plan = SelectQuery(columns: cols.map { ec.output($0.expr) }, table: entity.table, filter: filter)
            plan.orderBy = [SelectQuery.Ordering(expr: ec.raw(TypedExpr(.bucketOf(seed: seed), .number, nullable: false, .none)), descending: false), byKey]
            plan.limit = n
            columns = cols
        case .campaign(let c), .explainCampaign(let c, _):
            // Every member of the target with what each step of the campaign needs; the runner
            // applies the steps in order (CampaignRunner).
            columns = CampaignLayout(c, key: keyColumn).columns
            plan = SelectQuery(columns: columns.map { ec.output($0.expr) }, table: entity.table, filter: filter)
            if case .explainCampaign = action.kind {
                plan.columns[1] = ec.value(c.target)
            }
            plan.orderBy = [byKey]
        case .evaluateCampaign(_, _, let response):
            plan = SelectQuery(columns: [SQL(dialect.quote(entity.key)), ec.value(response)], table: entity.table, filter: filter)
            plan.orderBy = [byKey]
            columns = [keyColumn, OutputColumn(label: "response", expr: response)]
        case .evaluateModel(let id, let label, let base, _):
            // Score, label, and membership of S and of the `vs` population, in one pass over both.
            let score = ec.raw(TypedExpr(.model(id), .number, nullable: false, .none))
            let inTarget = "CASE WHEN " + ec.filter(action.target) + " THEN 1 ELSE 0 END"
            let inBase = base.map { "CASE WHEN " + ec.filter($0) + " THEN 1 ELSE 0 END" } ?? SQL("0")
            plan = SelectQuery(columns: [score, ec.value(label), inTarget, inBase], table: entity.table,
                               filter: base.map { "(" + ec.filter(action.target) + " OR " + ec.filter($0) + ")" } ?? ec.filter(action.target))
            plan.orderBy = [byKey]
            let n = TypedExpr.constant(.number(0), .none)
            columns = ["score", "label", "in_target", "in_base"].map { OutputColumn(label: $0, expr: n) }
        case .explain, .assertCount:
            plan = SelectQuery(columns: [SQL("COUNT(*)")], table: entity.table, filter: filter)
            columns = [OutputColumn(label: "count", expr: .constant(.number(0), .none))]
        }
        plan.joins += ec.groupedJoins()
        if let span = ec.overflow { return .failure(.expansionTooLarge(span)) }
        if let span = ec.reasonsOutOfProcess { return .failure(.reasonsNeedInProcess(span, dialect)) }
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
        var compiled = CompiledAction(action: action, plan: plan, sql: plan.sql(dialect), parameters: ec.bindings.values,
                                      columns: columns, dialect: dialect, planNote: note)
        compiled.scoresModelInSQL = ec.scoresModelInSQL
        if !dialect.runsSwiftFunctions {
            for (i, c) in columns.enumerated() {
                if case .reasons(let id, let k) = c.expr.kind { compiled.packedReasons.append(PackedReasons(column: i, model: program.models[id], k: k)) }
            }
        }
        return .success(compiled)
    }

    /// The number a `bucket(…)` column is cut from, looking through defines.
    static func bucketEdges(_ e: TypedExpr, _ program: CheckedProgram) -> [Double]? {
        switch e.kind {
        case .bucket(_, let edges): return edges.map(\.value)
        case .definition(let id): return bucketEdges(program.definition(id).body, program)
        default: return nil
        }
    }

    static func bucketInput(_ e: TypedExpr, _ program: CheckedProgram) -> TypedExpr? {
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
    public static func rankingsToCompute(_ actions: [CheckedAction], in program: CheckedProgram, dialect: Dialect, asOf: String) -> [(key: String, ranking: Ranking)] {
        var found: [(key: String, ranking: Ranking)] = []
        func visit(_ e: TypedExpr) {
            _ = program.mentions(e) { x in
                if case .ranking(let r) = x.kind, !program.containsRanking(r.value), !program.containsModel(r.value) {
                    let key = rankingKey(r, in: program, dialect: dialect, asOf: asOf)
                    if !found.contains(where: { $0.key == key }) { found.append((key, r)) }
                }
                return false
            }
        }
        for a in actions where !a.isExplain {
            a.expressions.forEach(visit)
            if case .campaign(let c) = a.kind, let rank = c.rankBy { visit(rank) }
        }
        return found
    }

    /// A rank's identity: its query with every value written inline.
    public static func rankingKey(_ r: Ranking, in program: CheckedProgram, dialect: Dialect, asOf: String) -> String {
        var plain = program
        plain.rankTables = [:]
        var ec = ExprCompiler(program: plain, dialect: dialect, asOf: asOf)
        return dialect.render(ec.rankingSelect(r), ec.bindings.values, inline: true)
    }

    /// The query that computes a rank for every entity with a value: `seg_k`, `seg_v`.
    public static func rankingQuery(_ r: Ranking, in program: CheckedProgram, dialect: Dialect, asOf: String) -> BoundQuery {
        var ec = ExprCompiler(program: program, dialect: dialect, asOf: asOf)
        let sql = ec.rankingSelect(r)
        return BoundQuery(text: dialect.render(sql, ec.bindings.values), parameters: ec.bindings.values, scoresModelInSQL: ec.scoresModelInSQL)
    }
}
