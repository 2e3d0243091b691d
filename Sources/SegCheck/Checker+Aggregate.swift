import SegSyntax

/// Relation aggregates (LANGUAGE.md §4): `count(R [where c] [window])`, `sum(R.f …)`,
/// `avg min max distinct_count first last` of `R.f`, and `any(R where c …)`.
extension Checker {
    /// The relation an aggregate's first argument names: `R` or `R.f`.
    func relationNamed(in e: Expr) -> (Relation, Name)? {
        switch e.kind {
        case .name(let n):
            return program.entity.relation(n).map { ($0, Name(n, e.span)) }
        case .member(let base, _):
            return relationNamed(in: base)
        case .binary(_, let l, let r):
            return relationNamed(in: l) ?? relationNamed(in: r)
        case .unary(_, let x):
            return relationNamed(in: x)
        case .call(_, let args, _, _):
            return args.lazy.compactMap { self.relationNamed(in: $0) }.first
        default:
            return nil
        }
    }

    mutating func aggregate(_ fn: Name, _ args: [Expr], filter: Expr?, window: Window?, _ span: Span) -> TypedExpr? {
        guard let kind = Aggregate.Kind(rawValue: fn.text) else { return nil }
        guard relationScope == nil else {
            report(.nestedAggregate(fn.text, span))
            return nil
        }
        guard args.count == 1 else {
            report(.argumentCount(fn.text, 1...1, args.count, span))
            return nil
        }
        guard let (relation, relationName) = relationNamed(in: args[0]) else {
            report(.unknownRelation(args[0], text(args[0].span), relations: program.entity.relations.map(\.name)))
            return nil
        }
        _ = relationName
        relationScope = relation
        defer { relationScope = nil }

        // What is aggregated: nothing for `count(R)` / `any(R)`, else an expression over R's row.
        var value: TypedExpr?
        if case .name = args[0].kind {
            if ![.count, .any].contains(kind) {
                report(.aggregateNeedsField(fn.text, relation.name, args[0].span, columns: relation.columns.map(\.name)))
                return nil
            }
        } else {
            guard let v = expr(args[0]) else { return nil }
            value = v
        }
        switch kind {
        case .sum, .avg:
            if let v = value, v.type != .number { report(.argumentType(fn.text, 1, v, expected: .number)); return nil }
        case .min, .max:
            if let v = value, !v.type.isOrdered { report(.argumentType(fn.text, 1, v, expected: .number)); return nil }
        case .any:
            if value != nil { report(.anyTakesRelation(args[0].span)); return nil }
        case .first, .last:
            if relation.date == nil { report(.relationHasNoDate(relation.name, fn.span, needed: "`\(fn.text)` orders rows by date")); return nil }
        case .count, .distinctCount:
            break
        }
        var typedFilter: TypedExpr?
        if let filter {
            guard let f = expr(filter) else { return nil }
            guard f.type == .bool else { report(.expectedCondition(f, context: "after `where`")); return nil }
            typedFilter = f
        }
        var spec: WindowSpec?
        if let window {
            guard relation.date != nil else {
                report(.relationHasNoDate(relation.name, window.span, needed: "a window needs the relation's date"))
                return nil
            }
            guard let s = windowSpec(window) else { return nil }
            spec = s
        }
        let aggregate = Aggregate(kind: kind, relation: relation.name, value: value, filter: typedFilter, window: spec)
        let type: SegType
        var nullable = true
        switch kind {
        case .count, .distinctCount, .sum:
            type = .number
            nullable = false
        case .any:
            type = .bool
            nullable = false
        case .avg:
            type = .number
        case .min, .max, .first, .last:
            type = value?.type ?? .number
        }
        return TypedExpr(.aggregate(aggregate), type, nullable: nullable, span)
    }

    /// `within 30 days`, `between d1 and d2`, `before d`.
    mutating func windowSpec(_ w: Window) -> WindowSpec? {
        if w.afterContact || w.beforeContact {
            // Only a campaign's evaluation (or plan) knows each customer's contact date.
            if inDecileScore { report(.contactWindowInScore(w.span, before: w.beforeContact)); return nil }
            guard inCampaignEvaluation else { report(.afterContactOutsideEvaluation(w.span, before: w.beforeContact)); return nil }
            guard case .within(let d) = w.kind, case .duration(let v, let u)? = constant(d), v >= 1, v == v.rounded(), v < 100_000 else {
                report(.badWindow(w.span))
                return nil
            }
            return w.afterContact ? .afterContact(Int(v), u) : .beforeContact(Int(v), u)
        }
        // Window bounds are about the entity (and constants), not about the related row.
        let scope = relationScope
        relationScope = nil
        defer { relationScope = scope }
        switch w.kind {
        case .within(let d):
            var amount: Double?, unit: DurationUnit?
            if case .duration(let v, let u)? = constant(d) { amount = v; unit = u }
            if case .name(let n) = d.kind, case .duration(let v, let u)? = program.parameters[n]?.value { amount = v; unit = u }
            guard let amount, let unit, amount >= 1, amount == amount.rounded(), amount < 100_000 else {
                report(.badWindow(d.span))
                return nil
            }
            return .within(Int(amount), unit)
        case .between(let a, let b):
            guard let ta = expr(a), let tb = expr(b) else { return nil }
            for t in [ta, tb] where t.type != .date { report(.argumentType("between", 1, t, expected: .date)); return nil }
            return .between(ta, tb)
        case .before(let d):
            guard let td = expr(d) else { return nil }
            guard td.type == .date else { report(.argumentType("before", 1, td, expected: .date)); return nil }
            return .before(td)
        }
    }
}

extension CheckedProgram {
    /// Whether any part of an expression, through the definitions it uses, matches. Each
    /// definition is looked into once, so shared definitions (diamonds) cost nothing extra.
    public func mentions(_ e: TypedExpr, _ match: (TypedExpr) -> Bool) -> Bool {
        var seen = Set<Int>()
        return mentions(e, match, &seen)
    }

    func mentions(_ e: TypedExpr, _ match: (TypedExpr) -> Bool, _ seen: inout Set<Int>) -> Bool {
        if match(e) { return true }
        if case .definition(let id) = e.kind {
            guard seen.insert(id).inserted else { return false }
            return mentions(definitions[id].body, match, &seen)
        }
        for p in parts(e) where mentions(p, match, &seen) { return true }
        return false
    }

    /// The expressions an expression evaluates directly, at the entity's level: a model's
    /// inputs, a rank's value; not a definition's body, nor what an aggregate reads per row.
    public func parts(_ e: TypedExpr) -> [TypedExpr] {
        switch e.kind {
        case .definition, .literal, .today, .field, .param, .relationField, .aggregate, .bucketOf, .savedList, .listColumn, .computedOnce: return []
        case .ranking(let r): return [r.value]
        case .model(let id), .reasons(let id, _): return id < models.count ? models[id].inputs : []
        case .not(let x), .negate(let x), .isMissing(let x, _), .bucket(let x, _): return [x]
        case .binary(_, let a, let b), .shiftDate(let a, let b, _), .daysBetween(let a, let b), .stringMatch(_, let a, let b): return [a, b]
        case .between(let a, let b, let c, _), .conditional(let a, let b, let c): return [a, b, c]
        case .inList(let x, let items, _): return [x] + items
        case .call(_, let args): return args
        }
    }

    /// Whether an expression reads a relation (an aggregate), through the definitions it uses.
    public func containsAggregate(_ e: TypedExpr) -> Bool {
        mentions(e) { if case .aggregate = $0.kind { return true } else { return false } }
    }

    /// Whether an expression scores a model, through the definitions it uses.
    public func containsModel(_ e: TypedExpr) -> Bool {
        mentions(e) { switch $0.kind { case .model, .reasons: return true; default: return false } }
    }

    /// Whether an expression holds `ntile` or `percent_rank`, through the definitions it uses.
    public func containsRanking(_ e: TypedExpr) -> Bool {
        mentions(e) { if case .ranking = $0.kind { return true } else { return false } }
    }
}
