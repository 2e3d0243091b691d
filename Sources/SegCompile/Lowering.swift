import SegSyntax
import SegCheck

/// Lowering: one checked statement to the query that computes it and what each of its result
/// columns is. The plan choice is already made (`PlanDecision`, in `ec`); assembly (CTEs and
/// joins for grouped passes, models and ranks) comes after (`Compiler.assemble`).
extension Compiler {
    static func lower(_ action: CheckedAction, in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let dialect = ec.dialect
        let entity = program.entity
        var filter: SQL?
        // Every bound value must appear in the text, so the target is compiled only where it filters.
        let targetFilters: Bool = { switch action.kind { case .profile, .overlap, .explainFor, .explainCampaign, .evaluateModel, .expectMember: return false; default: return true } }()
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
            (plan, columns) = lowerCountBy(by, order: order, limit: limit, filter: filter, in: program, ec: &ec)
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
            (plan, columns) = lowerProfile(action, field: field, base: base, in: program, ec: &ec)
        case .overlap(let segments):
            (plan, columns) = lowerOverlap(segments, in: program, ec: &ec)
        case .explainFor(let key, let nodes):
            (plan, columns) = lowerExplainFor(key: key, nodes: nodes, in: program, ec: &ec)
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
        case .evaluateCampaign(_, _, let question), .planCampaign(_, let question, _):
            // The key, the outcome and its covariate; the score is read in a query of its own,
            // as of the contact date (Session.evaluateCampaign).
            let read = question.read
            plan = SelectQuery(columns: [SQL(dialect.quote(entity.key))] + read.map { ec.value($0) }, table: entity.table, filter: filter)
            plan.orderBy = [byKey]
            columns = [keyColumn] + zip(["outcome", "covariate"], read).map { OutputColumn(label: $0, expr: $1) }
        case .evaluateModel(let id, let label, let base, _):
            (plan, columns) = lowerEvaluateModel(action, model: id, label: label, base: base, in: program, ec: &ec)
        case .expectMember(let key, _, let because, _, _):
            (plan, columns) = lowerExpectMember(action, key: key, because: because, in: program, ec: &ec)
        case .explain, .assertCount, .expectCount, .buildTags:
            // `build tags` runs the tag store's own queries when the run commits (SegRun's TagStore).
            plan = SelectQuery(columns: [SQL("COUNT(*)")], table: entity.table, filter: filter)
            columns = [OutputColumn(label: "count", expr: .constant(.number(0), .none))]
        }
        return (plan, columns)
    }

    /// `count … by`: one row per group, ordered the same on every engine.
    static func lowerCountBy(_ by: [OutputColumn], order: [CountOrder], limit: Int?, filter: SQL?, in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let dialect = ec.dialect
        let entity = program.entity
        var plan: SelectQuery
        var columns: [OutputColumn]
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
        return (plan, columns)
    }

    /// `profile S by F [vs B]`: per value, members of the segment and of the base.
    static func lowerProfile(_ action: CheckedAction, field: OutputColumn, base: TypedExpr?, in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let dialect = ec.dialect
        let entity = program.entity
        var plan: SelectQuery
        var columns: [OutputColumn]
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
        return (plan, columns)
    }

    /// `evaluate model M on S by L [vs B]`: score, label and both memberships in one pass.
    static func lowerEvaluateModel(_ action: CheckedAction, model id: Int, label: TypedExpr, base: TypedExpr?, in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let entity = program.entity
        let byKey = SelectQuery.Ordering(expr: SQL(ec.dialect.quote(entity.key)), descending: false)
        var plan: SelectQuery
        var columns: [OutputColumn]
        // Score, label, and membership of S and of the `vs` population, in one pass over both.
        let score = ec.raw(TypedExpr(.model(id), .number, nullable: false, .none))
        let inTarget = "CASE WHEN " + ec.filter(action.target) + " THEN 1 ELSE 0 END"
        let inBase = base.map { "CASE WHEN " + ec.filter($0) + " THEN 1 ELSE 0 END" } ?? SQL("0")
        plan = SelectQuery(columns: [score, ec.value(label), inTarget, inBase], table: entity.table,
                           filter: base.map { "(" + ec.filter(action.target) + " OR " + ec.filter($0) + ")" } ?? ec.filter(action.target))
        plan.orderBy = [byKey]
        let n = TypedExpr.constant(.number(0), .none)
        columns = ["score", "label", "in_target", "in_base"].map { OutputColumn(label: $0, expr: n) }
        return (plan, columns)
    }

    /// `overlap A, B, …`: every pair's intersection, and each segment's size on the diagonal, in one pass.
    static func lowerOverlap(_ segments: [OutputColumn], in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let entity = program.entity
        var plan: SelectQuery
        var columns: [OutputColumn]
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
        return (plan, columns)
    }

    /// `expect E K in S [because C]`: one row for the entity, when it exists.
    static func lowerExpectMember(_ action: CheckedAction, key: Literal, because: TypedExpr?, in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let dialect = ec.dialect
        let entity = program.entity
        var plan: SelectQuery
        var columns: [OutputColumn]
        // One row for the entity, when it exists: whether it is in the segment, and
        // whether the `because` condition holds for it.
        let keyValue = ec.bindings.bind(ExprCompiler.sqlValue(key))
        let inTarget = "CASE WHEN " + ec.filter(action.target) + " THEN 1 ELSE 0 END"
        let reason = because.map { "CASE WHEN " + ec.filter($0) + " THEN 1 ELSE 0 END" } ?? SQL("0")
        plan = SelectQuery(columns: [inTarget, reason], table: entity.table,
                           filter: "(" + SQL(dialect.quote(entity.key)) + " = " + keyValue + ")")
        let n = TypedExpr.constant(.number(0), .none)
        columns = ["in_target", "because"].map { OutputColumn(label: $0, expr: n) }
        return (plan, columns)
    }

    /// `explain S for E K`: one row, every condition of the tree evaluated for this entity.
    static func lowerExplainFor(key: Literal, nodes: [ExplainNode], in program: CheckedProgram, ec: inout ExprCompiler) -> (SelectQuery, [OutputColumn]) {
        let dialect = ec.dialect
        let entity = program.entity
        var plan: SelectQuery
        var columns: [OutputColumn]
        // One row: every condition of the tree, evaluated for this entity.
        let keyValue = ec.bindings.bind(ExprCompiler.sqlValue(key))
        // Each node's result, then the value each comparison tested (NULL where none).
        plan = SelectQuery(columns: nodes.map { ec.valueOrPackedReasons($0.expr) } + nodes.map { n in n.tested.map { ec.output($0) } ?? SQL("NULL") },
                           table: entity.table, filter: "(" + SQL(dialect.quote(entity.key)) + " = " + keyValue + ")")
        columns = nodes.map { OutputColumn(label: $0.label, expr: $0.expr) }
            + nodes.map { OutputColumn(label: $0.label, expr: $0.tested ?? $0.expr) }
        return (plan, columns)
    }
}
