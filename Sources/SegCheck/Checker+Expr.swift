import SegSyntax

/// Relation aggregates: they come with entity declarations and relations.
let aggregateNames: Set<String> = ["count", "sum", "avg", "min", "max", "distinct_count", "first", "last", "any"]

extension Checker {
    /// Resolves and types an expression; nil when an error was reported (and errors
    /// inside do not cascade into more errors outside).
    mutating func expr(_ e: Expr) -> TypedExpr? {
        switch e.kind {
        case .number(let v): return .constant(.number(v), e.span)
        case .string(let s): return .constant(.string(s), e.span)
        case .bool(let b): return .constant(.bool(b), e.span)
        case .date(let d): return .constant(.date(d), e.span)
        case .duration(let v, let u):
            guard v == v.rounded(), abs(v) < 1_000_000 else { report(.fractionalDuration(e.span)); return nil }
            return .constant(.duration(v, u), e.span)
        case .all: return .constant(.bool(true), e.span)
        case .today:
            if let asOf = program.parameters["as_of"], asOf.type == .date {
                return TypedExpr(.param("as_of"), .date, nullable: false, e.span)
            }
            return TypedExpr(.today, .date, nullable: false, e.span)
        case .name(let n): return name(n, e.span)
        case .savedList(let n, let version):
            guard listsUnknown || knownLists.contains(n.text) else {
                report(.unknownList(n.text, n.span, known: knownLists.sorted()))
                return nil
            }
            return TypedExpr(.savedList(n.text, version: version), .bool, nullable: false, e.span)
        case .member(let base, let field):
            return member(base, field, e.span)
        case .unary(.not, let inner):
            guard let t = expr(inner) else { return nil }
            guard t.type == .bool else { report(.expectedCondition(t, context: "after `not`")); return nil }
            return TypedExpr(.not(t), .bool, nullable: false, e.span)
        case .unary(.negate, let inner):
            guard let t = expr(inner) else { return nil }
            guard t.type == .number else { report(.operandType("-", t, expected: .number)); return nil }
            return TypedExpr(.negate(t), .number, nullable: t.nullable, e.span)
        case .binary(let op, let l, let r): return binary(op, l, r, e.span)
        case .between(let x, let lo, let hi, let negated):
            guard let tx = expr(x), let tl = expr(lo), let th = expr(hi) else { return nil }
            for bound in [tl, th] where bound.type != tx.type || !tx.type.isOrdered {
                report(.comparisonTypes(tx, bound, "between", e.span, texts: (text(tx.span), text(bound.span))))
                return nil
            }
            if case .literal(let a) = tl.kind, case .literal(let b) = th.kind, Self.isReversed(a, b) {
                report(.reversedBetween(low: text(tl.span), high: text(th.span), negated: negated, tl.span.to(th.span)))
            }
            return TypedExpr(.between(tx, tl, th, negated: negated), .bool, nullable: tx.nullable || tl.nullable || th.nullable, e.span)
        case .inList(let x, let items, let negated):
            guard let tx = expr(x) else { return nil }
            var typed: [TypedExpr] = []
            for item in items {
                guard let ti = expr(item) else { return nil }
                guard ti.type == tx.type, tx.type != .duration else { report(.comparisonTypes(tx, ti, "in", ti.span, texts: (text(tx.span), text(ti.span)))); return nil }
                typed.append(ti)
            }
            if typed.isEmpty { return .constant(.bool(negated), e.span) }
            return TypedExpr(.inList(tx, typed, negated: negated), .bool, nullable: tx.nullable || typed.contains { $0.nullable }, e.span)
        case .isMissing(let x, let negated):
            guard let tx = expr(x) else { return nil }
            if !tx.nullable, case .literal = tx.kind {
                return .constant(.bool(negated), e.span)
            }
            return TypedExpr(.isMissing(tx, negated: negated), .bool, nullable: false, e.span)
        case .stringMatch(let op, let l, let r):
            guard let tl = expr(l), let tr = expr(r) else { return nil }
            for t in [tl, tr] where t.type != .string {
                report(.operandType(op.rawValue, t, expected: .string))
                return nil
            }
            return TypedExpr(.stringMatch(op, tl, tr), .bool, nullable: tl.nullable || tr.nullable, e.span)
        case .conditional(let c, let a, let b):
            guard let tc = expr(c), let ta = expr(a), let tb = expr(b) else { return nil }
            guard tc.type == .bool else { report(.expectedCondition(tc, context: "after `if`")); return nil }
            guard ta.type == tb.type else { report(.branchTypes(ta, tb, e.span)); return nil }
            return TypedExpr(.conditional(tc, ta, tb), ta.type, nullable: ta.nullable || tb.nullable, e.span)
        case .call(let fn, let args, let filter, let window):
            return call(fn, args, filter: filter, window: window, e.span)
        case .list:
            report(.listOutOfPlace(e.span))
            return nil
        }
    }

    /// `R.f`: a column of the related row, inside an aggregate over R.
    mutating func member(_ base: Expr, _ field: Name, _ span: Span) -> TypedExpr? {
        guard case .name(let r) = base.kind, let relation = program.entity.relation(r) else {
            report(.unknownRelation(base, text(base.span), relations: program.entity.relations.map(\.name)))
            return nil
        }
        guard relationScope?.name == relation.name else {
            report(.relationOutsideAggregate(r, field.text, span))
            return nil
        }
        guard let column = relation.column(field.text) else {
            report(.unknownColumn(field.text, table: relation.table, field.span, columns: relation.columns.map(\.name)))
            return nil
        }
        return TypedExpr(.relationField(column.name), column.type, nullable: column.nullable, span, personal: column.pii)
    }

    mutating func name(_ n: String, _ span: Span) -> TypedExpr? {
        // Inside an aggregate, the related row's columns come first.
        if let r = relationScope, let column = r.column(n) {
            return TypedExpr(.relationField(column.name), column.type, nullable: column.nullable, span, personal: column.pii)
        }
        if let list = listScope, relationScope == nil, let column = ListColumn(rawValue: n), !knows(n) {
            return TypedExpr(.listColumn(list.name, version: list.version, column: column), column == .group ? .string : .number, nullable: true, span)
        }
        guard let t = entityName(n, span) else { return nil }
        if relationScope != nil, program.containsAggregate(t) {
            report(.nestedAggregate(n, span))
            return nil
        }
        return t
    }

    /// Whether a name means something here (without reporting anything).
    func knows(_ n: String) -> Bool {
        relationScope?.column(n) != nil || pending[n] != nil || names[n] != nil || failed.contains(n)
            || program.parameters[n] != nil || program.modelNames[n] != nil || pendingModels[n] != nil || program.entity.field(n) != nil
            || program.entity.relation(n) != nil
    }

    /// A name of the entity's world: a definition, a parameter, a field.
    mutating func entityName(_ n: String, _ span: Span) -> TypedExpr? {
        if pending[n] != nil || names[n] != nil || failed.contains(n) {
            guard let id = resolve(n) else {
                // Inside a cycle: mark the definition being resolved as failed too.
                if let current = visiting.last { failed.insert(current) }
                return nil
            }
            let def = program.definitions[id]
            return TypedExpr(.definition(id), def.body.type, nullable: def.body.nullable, span, personal: def.body.personal, asStored: def.body.asStored)
        }
        if let p = program.parameters[n] {
            return TypedExpr(.param(n), p.type, nullable: false, span)
        }
        if modelNames(n) {
            guard let id = program.modelNames[n] ?? resolveModel(n) else { return nil }
            // A score computed from a personal input is personal too (LANGUAGE.md §5).
            return TypedExpr(.model(id), .number, nullable: false, span, personal: program.models[id].inputs.contains { $0.personal })
        }
        if let f = program.entity.field(n) {
            return TypedExpr(.field(f.name), f.type, nullable: f.nullable, span, personal: f.pii)
        }
        if let r = program.entity.relation(n) {
            report(.relationAsValue(r.name, span))
            return nil
        }
        if missingModule { return nil }  // the `use` that failed is the error
        var d = Diagnostic.unknownName(n, span, fields: (relationScope?.columns.map(\.name) ?? []) + program.entity.fields.map(\.name),
                                       others: Array(names.keys) + Array(pending.keys) + Array(program.parameters.keys) + program.entity.relations.map(\.name))
        if knownLists.contains(n) {
            d.message = "`\(n)` is a saved list, not a segment"
            d.suggestion = "write `in list \(n)` for its members"
            d.notes = []
        }
        if ListColumn(rawValue: n) != nil {
            d.notes.append("`group` and `rank` are columns of a saved list: act on the list itself, as in `count in list q4_offer by group`")
        }
        report(d)
        return nil
    }

    /// `between 60 and 30`: a range no value is in, as the bounds are written.
    static func isReversed(_ a: Literal, _ b: Literal) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x > y
        case (.date(let x), .date(let y)): return x > y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) == false && x != y
        default: return false
        }
    }

    mutating func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: Span) -> TypedExpr? {
        // `email = null`: SQL's way to ask for a missing value; Seg asks `is missing`.
        if op == .equal || op == .notEqual, case .name(let n) = r.kind, !knows(n),
           ["null", "nil", "none", "nan"].contains(n.lowercased()) {
            report(.nullComparison(n, negated: op == .notEqual, left: text(l.span), Span(file: l.span.file, start: l.span.start, end: r.span.end)))
            return nil
        }
        // `city = 上海`: an unknown name compared with a text is most likely a text without quotes.
        if op.isComparison, case .name(let n) = r.kind, !knows(n) {
            guard let tl = expr(l) else { return nil }
            if tl.type == .string {
                report(.unquotedText(n, r.span))
                return nil
            }
        }
        guard let tl = expr(l), let tr = expr(r) else { return nil }
        let nullable = tl.nullable || tr.nullable
        switch op {
        case .and, .or:
            for t in [tl, tr] where t.type != .bool {
                report(.expectedCondition(t, context: "on each side of `\(op.rawValue)`"))
                return nil
            }
            return TypedExpr(.binary(op, tl, tr), .bool, nullable: false, span)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let ordered = op != .equal && op != .notEqual
            guard tl.type == tr.type, tl.type != .duration, !ordered || tl.type.isOrdered else {
                report(.comparisonTypes(tl, tr, op.rawValue, span, texts: (text(tl.span), text(tr.span))))
                return nil
            }
            return TypedExpr(.binary(op, tl, tr), .bool, nullable: nullable, span)
        case .add, .subtract, .multiply, .divide:
            if tl.type == .number, tr.type == .number {
                return TypedExpr(.binary(op, tl, tr), .number, nullable: nullable || op == .divide, span)
            }
            if tl.type == .date, tr.type == .duration, op == .add || op == .subtract {
                return TypedExpr(.shiftDate(tl, tr, sign: op == .add ? 1 : -1), .date, nullable: nullable, span)
            }
            if tl.type == .duration, tr.type == .date, op == .add {
                return TypedExpr(.shiftDate(tr, tl, sign: 1), .date, nullable: nullable, span)
            }
            if tl.type == .date, tr.type == .date, op == .subtract {
                return TypedExpr(.daysBetween(tl, tr), .number, nullable: nullable, span)
            }
            report(.arithmeticTypes(op.rawValue, tl, tr, span))
            return nil
        }
    }

    mutating func call(_ fn: Name, _ args: [Expr], filter: Expr?, window: Window?, _ span: Span) -> TypedExpr? {
        let isAggregate = aggregateNames.contains(fn.text)
            && (filter != nil || window != nil || !["min", "max"].contains(fn.text) || (args.count == 1 && relationNamed(in: args[0]) != nil))
        if isAggregate { return aggregate(fn, args, filter: filter, window: window, span) }
        if filter != nil || window != nil {
            report(.notAnAggregate(fn.text, span))
            return nil
        }
        if fn.text == "ntile" || fn.text == "percent_rank" { return ranking(fn, args, span) }
        if fn.text == "reasons" { return reasons(args, span) }
        guard let f = Function(rawValue: fn.text) else {
            report(.unknownFunction(fn.text, fn.span))
            return nil
        }
        if f == .bucket { return bucket(args, span) }
        var typed: [TypedExpr] = []
        for a in args {
            guard let t = expr(a) else { return nil }
            typed.append(t)
        }
        let anyNull = typed.contains { $0.nullable }
        func want(_ count: ClosedRange<Int>, _ types: [SegType]) -> Bool {
            guard count.contains(typed.count) else {
                report(.argumentCount(fn.text, count, typed.count, span))
                return false
            }
            for (i, t) in typed.enumerated() where t.type != types[min(i, types.count - 1)] {
                report(.argumentType(fn.text, i + 1, t, expected: types[min(i, types.count - 1)]))
                return false
            }
            return true
        }
        switch f {
        case .coalesce, .min, .max:
            guard typed.count >= 2 else { report(.argumentCount(fn.text, 2...99, typed.count, span)); return nil }
            let t0 = typed[0].type
            if f != .coalesce, !t0.isOrdered { report(.argumentType(fn.text, 1, typed[0], expected: .number)); return nil }
            for (i, t) in typed.enumerated() where t.type != t0 {
                report(.argumentType(fn.text, i + 1, t, expected: t0))
                return nil
            }
            let nullable = f == .coalesce ? typed.allSatisfy(\.nullable) : anyNull
            return TypedExpr(.call(f, typed), t0, nullable: nullable, span)
        case .abs, .floor, .ceil, .exp:
            guard want(1...1, [.number]) else { return nil }
            return TypedExpr(.call(f, typed), .number, nullable: anyNull, span)
        case .log:
            guard want(1...1, [.number]) else { return nil }
            return TypedExpr(.call(f, typed), .number, nullable: true, span)
        case .round:
            guard want(1...2, [.number]) else { return nil }
            return TypedExpr(.call(f, typed), .number, nullable: anyNull, span)
        case .year, .month, .days_since, .months_since, .years_since:
            guard want(1...1, [.date]) else { return nil }
            return TypedExpr(.call(f, typed), .number, nullable: anyNull, span)
        case .bucket:
            return nil
        }
    }

    /// `ntile(x, n)` and `percent_rank(x)`: ranks over the whole entity.
    mutating func ranking(_ fn: Name, _ args: [Expr], _ span: Span) -> TypedExpr? {
        let isNtile = fn.text == "ntile"
        guard args.count == (isNtile ? 2 : 1) else { report(.argumentCount(fn.text, isNtile ? 2...2 : 1...1, args.count, span)); return nil }
        guard relationScope == nil else { report(.nestedAggregate(fn.text, span)); return nil }
        guard let x = expr(args[0]) else { return nil }
        guard x.type.isOrdered else { report(.argumentType(fn.text, 1, x, expected: .number)); return nil }
        if program.containsRanking(x) { report(.nestedAggregate(fn.text, span)); return nil }
        var kind = Ranking.Kind.percentRank
        if isNtile {
            guard case .number(let n)? = constant(args[1]), n >= 1, n <= 1000, n == n.rounded() else {
                report(.ntileCount(args[1].span))
                return nil
            }
            kind = .ntile(Int(n))
        }
        return TypedExpr(.ranking(Ranking(kind: kind, value: x)), .number, nullable: true, span)
    }

    /// `bucket(x, [25, 35, 45, 60])` → "<25", "25-35", "35-45", "45-60", ">=60".
    mutating func bucket(_ args: [Expr], _ span: Span) -> TypedExpr? {
        guard args.count == 2 else { report(.argumentCount("bucket", 2...2, args.count, span)); return nil }
        guard let x = expr(args[0]) else { return nil }
        guard x.type == .number || x.type == .date else { report(.argumentType("bucket", 1, x, expected: .number)); return nil }
        guard case .list(let items) = args[1].kind, !items.isEmpty else {
            report(.bucketEdges(args[1].span))
            return nil
        }
        var edges: [BucketEdge] = []
        // Dates by their day (a timestamp by its date): "<2020-01-01", "2020-01-01 to 2024-01-01", ">=2024-01-01".
        if x.type == .date {
            for item in items {
                guard case .date(let d)? = constant(item), let day = CivilDate(iso: d)?.dayNumber else { report(.bucketEdges(item.span, dates: true)); return nil }
                if let last = edges.last, Double(day) <= last.value { report(.bucketEdges(item.span, dates: true)); return nil }
                edges.append(BucketEdge(value: Double(day), label: d, date: d))
            }
            return TypedExpr(.bucket(x, edges), .string, nullable: x.nullable, span)
        }
        for item in items {
            guard case .number(let v)? = constant(item) else { report(.bucketEdges(item.span)); return nil }
            if let last = edges.last, v <= last.value { report(.bucketEdges(item.span)); return nil }
            // A number written with a unit (`100万`, `500k`, `50w`) labels as written.
            let written = text(item.span).trimmingCharacters(in: .whitespaces)
            let hasUnit = { if case .number = item.kind { return written.contains { $0.isLetter } } else { return false } }()
            edges.append(BucketEdge(value: v, label: hasUnit ? written : formatNumber(v)))
        }
        return TypedExpr(.bucket(x, edges), .string, nullable: x.nullable, span)
    }

}
