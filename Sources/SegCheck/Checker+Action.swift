import Foundation
import SegSyntax

extension Checker {
    /// `profile S by f, g` runs as one profile per field; everything else is one action.
    mutating func expandedAction(_ a: Action, trailing: (TypedExpr, String)?) -> [CheckedAction] {
        guard case .profile(let by, let base) = a.kind, by.count > 1 else { return action(a, trailing: trailing).map { [$0] } ?? [] }
        return by.compactMap { field in
            var one = a
            one.kind = .profile(by: [field], base: base)
            return action(one, trailing: trailing)
        }
    }

    /// Checks an action; `trailing` is the segment it trails, when it has no target of its own.
    mutating func action(_ a: Action, trailing: (TypedExpr, String)?) -> CheckedAction? {
        if case .buildTags(let modules) = a.kind {
            // Which definitions: resolved when the statement runs (SegRun), as `seg tags build` does.
            return CheckedAction(kind: .buildTags(modules), target: TypedExpr(.literal(.bool(true)), .bool, nullable: false, a.span),
                                 targetName: nil, targetText: "all", span: a.span)
        }
        if case .explain(let key?) = a.kind, case .name(let n)? = a.target?.kind, let c = program.campaigns[n] {
            let keyType = program.entity.keyField?.type ?? .number
            guard let k = constant(key), k.type == keyType else {
                report(.badExplainKey(key.span, program.entity.key, keyType))
                return nil
            }
            guard keyIsExact(k, key.span) else { return nil }
            return CheckedAction(kind: .explainCampaign(c, key: k), target: c.target, targetName: n, targetText: n, span: a.span)
        }
        var target: TypedExpr?
        var targetName: String?
        var targetText: String
        if let (t, name) = trailing {
            target = t
            targetName = name
            targetText = name
        } else if let e = a.target {
            targetText = text(e.span)
            // `count in list L and group = "holdout"`: the list's group and rank are names in
            // its own condition too; known from how it is written, before it is checked.
            listScope = Self.listWritten(e, knownLists: knownLists)
            if let t = expr(e) {
                if t.type == .bool { target = t } else { report(.expectedCondition(t, context: "as the segment to act on")) }
            }
            if case .name(let n) = e.kind, let id = names[n], program.definitions[id].kind == .segment { targetName = n }
            // A segment that failed to check keeps its name, so no second error follows from it.
            if case .name(let n) = e.kind, failed.contains(n) { targetName = n }
        } else {
            return nil
        }
        if targetText.isEmpty { targetText = "all" }
        listScope = listScope ?? target.flatMap(listActedOn)
        defer { listScope = nil }
        let kind: CheckedAction.Kind
        switch a.kind {
        case .count(let by, let orderBy, let limit):
            guard let columns = outputColumns(by), refuseGroupingByPersonal(columns, by) else { return nil }
            var order: [CountOrder] = []
            for item in orderBy {
                // `count`, or one of the `by` columns written the same way.
                let written = text(item.expr.span)
                if case .name("count") = item.expr.kind {
                    order.append(CountOrder(column: by.count, descending: item.descending))
                } else if let i = by.firstIndex(where: { text($0.span) == written }) {
                    order.append(CountOrder(column: i, descending: item.descending))
                } else {
                    report(.countOrderNotAColumn(written, item.expr.span, by: by.map { text($0.span) }))
                    return nil
                }
            }
            kind = .count(by: columns, order: order, limit: limit)
        case .show(let with, let orderBy, let limit):
            guard let columns = with.isEmpty ? allFields() : outputColumns(with) else { return nil }
            var order: [(TypedExpr, Bool)] = []
            for item in orderBy {
                guard let t = expr(item.expr) else { return nil }
                guard t.type.isOrdered || t.type == .bool else { report(.notOrderable(t)); return nil }
                order.append((t, item.descending))
            }
            kind = .show(columns: columns, orderBy: order, limit: limit ?? 20)
        case .profile(let by, let base):
            guard let columns = outputColumns(by), refuseGroupingByPersonal(columns, by) else { return nil }
            var typedBase: TypedExpr?
            if let base {
                guard let t = expr(base) else { return nil }
                guard t.type == .bool else { report(.expectedCondition(t, context: "after `vs`")); return nil }
                typedBase = t
            }
            kind = .profile(field: columns[0], base: typedBase, baseText: base.map { text($0.span) } ?? "all")
        case .diff(let list, let version):
            kind = .diff(list: list.text, version: version)
        case .sample(let n, let seed, let with):
            let key = program.entity.keyColumn
            guard let columns = with.isEmpty ? [key] : outputColumns(with) else { return nil }
            kind = .sample(n, seed: seed, columns: columns)
        case .overlap(let others):
            var segments: [OutputColumn] = []
            if let t = target { segments.append(OutputColumn(label: targetText, expr: t)) }
            for e in others {
                guard let t = expr(e) else { return nil }
                guard t.type == .bool else { report(.expectedCondition(t, context: "to overlap")); return nil }
                segments.append(OutputColumn(label: text(e.span), expr: t))
            }
            kind = .overlap(segments)
        case .explain(let key):
            guard let key else { kind = .explain; break }
            let keyType = program.entity.keyField?.type ?? .number
            guard let k = constant(key), k.type == keyType else {
                report(.badExplainKey(key.span, program.entity.key, keyType))
                return nil
            }
            guard keyIsExact(k, key.span) else { return nil }
            kind = .explainFor(key: k, nodes: target.map { explainTree($0, depth: 0) } ?? [])
        case .export(let dest, let with):
            switch dest {
            case .csv(let path, let span, _), .jsonl(let path, let span):
                if path.trimmingCharacters(in: .whitespaces).isEmpty || path.hasSuffix("/") { report(.emptyPath(span)); return nil }
            default: break
            }
            guard let columns = with.isEmpty ? allFields() : outputColumns(with) else { return nil }
            if case .list(nil) = dest, targetName == nil {
                report(.listNeedsName(a.keywordSpan))
                return nil
            }
            kind = .export(dest, columns: columns)
        case .assertCount(let bound):
            guard let (low, high) = countBounds(bound) else { return nil }
            kind = .assertCount(low: low, high: high, text: text(a.span))
        case .expectCount(let bound):
            guard let (low, high) = countBounds(bound) else { return nil }
            kind = .expectCount(low: low, high: high, text: text(a.span))
        case .expectMember(let word, let key, let negated, let because):
            let entity = program.entity
            guard word.text.lowercased() == entity.name.lowercased() else {
                report(.expectNamesEntity(word, entity: entity.name))
                return nil
            }
            let keyType = entity.keyField?.type ?? .number
            guard let k = constant(key), k.type == keyType else {
                report(.badExpectKey(key.span, entity.key, keyType, entity: entity.name))
                return nil
            }
            guard keyIsExact(k, key.span) else { return nil }
            var typedBecause: TypedExpr?
            if let because {
                guard let t = expr(because) else { return nil }
                guard t.type == .bool else { report(.expectedCondition(t, context: "after `because`")); return nil }
                typedBecause = t
            }
            kind = .expectMember(key: k, negated: negated, because: typedBecause, becauseText: because.map { text($0.span) }, text: text(a.span))
        case .buildTags(let modules):
            kind = .buildTags(modules)  // reached only with a target, which the parser never gives it
        }
        var snapshots: CheckedSnapshots?
        if let spec = a.snapshots {
            guard let checked = snapshotSpec(spec, destination: a.kind) else { return nil }
            snapshots = checked
        }
        // The rest of the action was checked even when its target failed, to report every error.
        guard let target else { return nil }
        var checked = CheckedAction(kind: kind, target: target, targetName: targetName, targetText: targetText, span: a.span)
        checked.snapshots = snapshots
        return checked
    }

    /// `as of [d1, …] [label L = C after N days]`: dates written as dates, a file to write them
    /// to, a condition for the label and a whole number of days, weeks, months or years.
    mutating func snapshotSpec(_ spec: Snapshots, destination: Action.Kind) -> CheckedSnapshots? {
        switch destination {
        case .export(.csv, _), .export(.jsonl, _): break
        default:
            report(.snapshotsNeedAFile(spec.span))
            return nil
        }
        var dates: [String] = []
        for d in spec.dates {
            guard case .date(let iso)? = constant(d) else { report(.snapshotDateNotADate(d.span)); return nil }
            if dates.contains(iso) { report(.snapshotDateTwice(iso, d.span)); return nil }
            dates.append(iso)
        }
        var label: CheckedSnapshots.Label?
        if let l = spec.label {
            guard let c = expr(l.condition) else { return nil }
            guard c.type == .bool else { report(.expectedCondition(c, context: "as the label")); return nil }
            guard case .duration(let v, let unit)? = constant(l.horizon), v >= 1, v == v.rounded(), v < 100_000 else {
                report(.badLabelHorizon(l.horizon.span))
                return nil
            }
            label = .init(name: l.name.text, condition: c, amount: Int(v), unit: unit)
        }
        return CheckedSnapshots(dates: dates, label: label)
    }

    /// The bounds of `assert count` and `expect count`: (low, high), either open.
    mutating func countBounds(_ bound: AssertBound) -> (Double?, Double?)? {
        switch bound {
        case .between(let lo, let hi):
            guard let l = number(lo), let h = number(hi) else { return nil }
            return (l, h)
        case .compare(let op, let b):
            guard let v = number(b) else { return nil }
            switch op {
            case .greaterEqual: return (v, nil)
            case .greater: return (v.rounded(.down) + 1, nil)
            case .lessEqual: return (nil, v)
            case .less: return (nil, v.rounded(.up) - 1)
            case .equal: return (v, v)
            default:
                report(.assertOperator(op.rawValue, b.span))
                return nil
            }
        }
    }

    /// The conditions of a target, depth first: a segment or define by its name, then what it
    /// is made of; `and`/`or` runs flattened; a leaf by its source text.
    func explainTree(_ e: TypedExpr, depth: Int, label: String? = nil) -> [ExplainNode] {
        guard depth < 12 else { return [ExplainNode(label: label ?? text(e.span), depth: depth, expr: e, tested: nil)] }
        switch e.kind {
        case .definition(let id):
            let d = program.definitions[id]
            let tested = d.body.type == .bool ? nil : e
            guard d.body.type == .bool else { return [ExplainNode(label: d.name, depth: depth, expr: e, tested: tested)] }
            // A condition's parts; a single test (`aum > 1m`) is shown itself, with the value it tested.
            let parts = explainParts(d.body, depth: depth + 1)
            return [ExplainNode(label: d.name, depth: depth, expr: e, tested: nil)] + (parts.isEmpty ? explainTree(d.body, depth: depth + 1) : parts)
        default:
            var tested: TypedExpr?
            switch e.kind {
            case .binary(let op, let l, _) where op.isComparison: tested = l
            case .between(let x, _, _, _), .inList(let x, _, _), .isMissing(let x, _), .stringMatch(_, let x, _): tested = x
            case .aggregate(let a) where a.kind == .any:
                // `any(R where …)`: how many rows matched is the value it tested.
                var count = a
                count.kind = .count
                count.value = nil
                tested = TypedExpr(.aggregate(count), .number, nullable: false, e.span)
            default: break
            }
            if case .literal = tested?.kind { tested = nil }
            let own = ExplainNode(label: label ?? text(e.span), depth: depth, expr: e, tested: tested)
            // A model's score comes with what drove it.
            if let t = tested, case .model(let id) = program.bare(t).kind {
                let why = TypedExpr(.reasons(id, 3), .string, nullable: false, t.span)
                return [own, ExplainNode(label: "reasons(\(program.models[id].name))", depth: depth + 1, expr: why, tested: nil)]
            }
            switch e.kind {
            case .binary(.and, _, _), .binary(.or, _, _), .not:
                return [own] + explainParts(e, depth: depth + 1)
            default:
                return [own]
            }
        }
    }

    /// The parts of a compound condition: the operands of an and/or run, or what `not` negates.
    func explainParts(_ e: TypedExpr, depth: Int) -> [ExplainNode] {
        switch e.kind {
        case .binary(let op, _, _) where op == .and || op == .or:
            var operands: [TypedExpr] = []
            func collect(_ x: TypedExpr) {
                if case .binary(let o, let l, let r) = x.kind, o == op { collect(l); collect(r) } else { operands.append(x) }
            }
            collect(e)
            return operands.flatMap { explainTree($0, depth: depth) }
        case .not(let x):
            return explainTree(x, depth: depth)
        case .definition:
            return explainTree(e, depth: depth)
        default:
            return []
        }
    }

    /// A bound of `assert count`: a number or a number parameter.
    mutating func number(_ e: Expr) -> Double? {
        if case .number(let v)? = constant(e) { return v }
        if case .name(let n) = e.kind, let p = program.parameters[n], case .number(let v) = p.value { return v }
        report(.assertBoundNotNumber(e.span))
        return nil
    }

    mutating func outputColumns(_ exprs: [Expr]) -> [OutputColumn]? {
        // Engines stop near 1,600 (PostgreSQL) or 2,000 (SQLite) columns, with a message of their own.
        if exprs.count > Checker.maxOutputColumns, let first = exprs.first, let last = exprs.last {
            report(.tooManyColumns(exprs.count, limit: Checker.maxOutputColumns, first.span.to(last.span)))
            return nil
        }
        var out: [OutputColumn] = []
        for e in exprs {
            guard let t = expr(e) else { return nil }
            guard t.type != .duration else { report(.notOrderable(t)); return nil }
            var label = text(e.span)
            if case .name(let n) = e.kind { label = n }
            out.append(OutputColumn(label: label, expr: t))
        }
        return out
    }

    static let maxOutputColumns = 1000

    /// A number key must be a whole number a double holds exactly (`customer 1.5` or
    /// `customer 999999999999999999999` would be looked up as another number, or as `1e+21`).
    mutating func keyIsExact(_ k: Literal, _ span: Span) -> Bool {
        guard case .number(let v) = k, v != v.rounded() || abs(v) > 9_007_199_254_740_992 else { return true }
        report(.inexactKey(text(span), span))
        return false
    }

    /// A group per person would print the personal value itself (LANGUAGE.md §5): `count … by`
    /// and `profile … by` refuse a personal value, naming where it comes from. False when refused.
    mutating func refuseGroupingByPersonal(_ columns: [OutputColumn], _ exprs: [Expr]) -> Bool {
        var ok = true
        for (column, e) in zip(columns, exprs) where column.personal {
            report(.groupByPersonal(column.label, source: program.personalSource(column.expr) ?? column.label, e.span,
                                    coarser: program.entity.fields.filter { !$0.pii && $0.type == .string && $0.name != program.entity.key }.map(\.name)
                                        + program.definitions.filter { !$0.body.personal && $0.body.type == .string }.map(\.name)))
            ok = false
        }
        return ok
    }

    func allFields() -> [OutputColumn] {
        program.entity.fields.map {
            OutputColumn(label: $0.name, expr: TypedExpr(.field($0.name), $0.type, nullable: $0.nullable, .none, personal: $0.pii))
        }
    }

    /// The saved list an expression is written as, or as one side of an `and` with: `in list
    /// L`, or a saved list's name (an error, reported once, after which `group` still means it).
    static func listWritten(_ e: Expr, knownLists: Set<String>) -> (name: String, version: Int?)? {
        func list(_ e: Expr) -> (name: String, version: Int?)? {
            switch e.kind {
            case .savedList(let n, let v): return (n.text, v)
            case .name(let n) where knownLists.contains(n): return (n, nil)
            default: return nil
            }
        }
        // Every operand of a chain of `and`s (`in list L and group = "x" and aum > 1m`).
        func operands(_ e: Expr) -> [Expr] {
            if case .binary(.and, let l, let r) = e.kind { return operands(l) + operands(r) }
            return [e]
        }
        let lists = operands(e).compactMap(list)
        return lists.count == 1 ? lists[0] : nil  // two lists: `group` would be ambiguous
    }

    /// The saved list a statement's segment is, or is one side of an `and` with (`in list L`,
    /// a segment defined as one, `S and in list L`). One level deep: a chain of shared
    /// definitions must not be walked once per path.
    func listActedOn(_ t: TypedExpr) -> (name: String, version: Int?)? {
        func list(_ e: TypedExpr) -> (name: String, version: Int?)? {
            if case .savedList(let n, let v) = program.bare(e).kind { return (n, v) }
            return nil
        }
        if let direct = list(t) { return direct }
        guard case .binary(.and, let l, let r) = program.bare(t).kind else { return nil }
        let a = list(l), b = list(r)
        if a != nil, b != nil { return nil }  // two lists: `group` would be ambiguous
        return a ?? b
    }

    func text(_ span: Span) -> String { sources.file(span.file)?.slice(span) ?? "" }
}
