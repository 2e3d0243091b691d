import SegSyntax
import SegCheck

/// Lowers typed expressions to SQL fragments for one dialect, binding every value.
///
/// Missing values (LANGUAGE.md §2): SQL's NULL logic must never leak. A condition in a
/// positive place (`WHERE`, under `and`/`or` there, `CASE WHEN`) may stay three-valued,
/// since NULL filters out as false does; anywhere else — under `not`, as a value to show
/// or group by — a nullable condition is made two-valued with `COALESCE(c, FALSE)`.
struct ExprCompiler {
    /// The program as this run reads it (`RunReads.view`).
    let program: CheckedProgram
    /// What the run computed for it: tag columns, rank tables, scores, computed conditions.
    let reads: RunReads
    let dialect: Dialect
    let asOf: String
    var bindings = Bindings()
    /// Whether a model's score was written into the SQL (`BoundQuery.scoresModelInSQL`).
    var scoresModelInSQL = false
    /// Definitions are inlined; this bounds how large they may grow.
    var budget = 200_000
    var depth = 0
    var overflow: Span?
    /// The relation whose rows a subquery is reading, while compiling an aggregate.
    var relation: Relation?
    /// The alias of the related table in an aggregate's subquery.
    static let relationAlias = "seg_r"
    /// Compute groupable aggregates in grouped passes rather than per-entity subqueries.
    var grouped = false
    /// When set, only the aggregates of these relation-and-window passes are grouped; the
    /// rest stay per-entity lookups.
    var groupedOnly: [Compiler.PassShape]?
    var passes: [GroupedPass] = []
    /// Ranks over the whole entity the query joins: each computed in a CTE, or read from the
    /// run's table of it (`cte` nil).
    var rankings: [(Ranking, name: String, cte: SQL?)] = []
    /// `seg replay`: `in list L` reads L's latest version as the replayed run found it.
    var listCutoff: StoreCutoff?
    /// The campaign's contact date, for `after contact` windows (set when evaluating a campaign).
    var contactDate: String?
    /// Score models with the Swift functions registered on the connection (SQLite); otherwise
    /// each model is pushed down as SQL, computed once per statement in a CTE.
    var modelsInProcess = false
    var modelCTEs: [(id: Int, cte: SQL)] = []
    /// Set when `reasons(…)` is asked of an engine that cannot run Swift.
    var reasonsOutOfProcess: Span?

    init(program: CheckedProgram, reads: RunReads = RunReads(), dialect: Dialect, asOf: String) {
        self.program = reads.view(program)
        self.reads = reads
        self.dialect = dialect
        self.asOf = asOf
    }

    /// A condition in a positive place: `WHERE`, `CASE WHEN`.
    mutating func filter(_ e: TypedExpr) -> SQL {
        switch e.kind {
        case .binary(let op, _, _) where op == .and || op == .or:
            var parts = chain(op, e)
            // Conditions on the entity's own columns filter first; aggregates (subqueries)
            // then run only for the rows that pass them.
            // Models score last, so only the customers that pass everything else are scored.
            if op == .and {
                func cost(_ e: TypedExpr) -> Int { program.containsModel(e) ? 2 : program.containsAggregate(e) ? 1 : 0 }
                parts = parts.filter { cost($0) == 0 } + parts.filter { cost($0) == 1 } + parts.filter { cost($0) == 2 }
            }
            return "(" + SQL.join(parts.map { filter($0) }, op == .and ? " AND " : " OR ") + ")"
        case .definition(let id):
            if let column = reads.tagColumns[id] { return tagged(column) }
            return filter(program.definition(id).body)
        default:
            return raw(e)
        }
    }

    /// A value; conditions come out two-valued.
    /// Lists longer than this are bound as one JSON array rather than one parameter a value.
    static let longList = 64

    /// The items as a JSON array when every one is a constant; nil otherwise.
    static func jsonArray(_ items: [TypedExpr]) -> String? {
        var parts: [String] = []
        parts.reserveCapacity(items.count)
        for item in items {
            guard case .literal(let l) = item.kind else { return nil }
            switch l {
            case .number(let v):
                guard v.isFinite else { return nil }
                parts.append(v == v.rounded() && abs(v) < 9e15 ? String(Int64(v)) : String(v))
            case .string(let s): parts.append(JSONText.string(s))
            case .date(let d): parts.append(JSONText.string(d))
            default: return nil
            }
        }
        return "[" + parts.joined(separator: ",") + "]"
    }

    mutating func value(_ e: TypedExpr) -> SQL {
        if e.type == .bool, e.nullable {
            return "COALESCE(" + raw(e) + ", \(dialect.falseLiteral))"
        }
        return raw(e)
    }

    /// A column to show or export: a field is read as stored (a missing flag stays missing);
    /// a computed condition is two-valued like every condition.
    mutating func output(_ e: TypedExpr) -> SQL {
        if case .field = e.kind { return raw(e) }
        return valueOrPackedReasons(e)
    }

    /// A column's value; outside SQLite a `reasons(…)` column is its model's inputs packed
    /// in text, for Seg to compute the reasons from (`reasons` nested in another expression
    /// still needs SQLite).
    mutating func valueOrPackedReasons(_ e: TypedExpr) -> SQL {
        if case .reasons(let id, _) = e.kind, !dialect.runsSwiftFunctions { return packedInputs(id) }
        return value(e)
    }

    /// `x1|x2|…` as text, empty for a missing input (PostgreSQL and Spark print doubles
    /// exactly: shortest text that reads back to the same value).
    mutating func packedInputs(_ id: Int) -> SQL {
        let m = program.models[id]
        let parts = m.inputs.map { "COALESCE(CAST(" + value($0) + SQL(" AS \(dialect.textType)), '')") }
        return parts.isEmpty ? SQL("''") : "(" + SQL.join(parts, " || '|' || ") + ")"
    }

    /// Guards the size and depth of what definitions inline to.
    mutating func guarded(_ span: Span, _ body: (inout ExprCompiler) -> SQL) -> SQL {
        depth += 1
        defer { depth -= 1 }
        if depth > 400 || budget <= 0 {
            if overflow == nil { overflow = span }
            return SQL("NULL")
        }
        let s = body(&self)
        budget -= s.size
        return s
    }

    mutating func raw(_ e: TypedExpr) -> SQL {
        // A definition adds no nesting to the SQL, so it does not count towards the depth.
        if case .definition(let id) = e.kind {
            if let column = reads.tagColumns[id] { return tagged(column) }
            return raw(program.definition(id).body)
        }
        return guarded(e.span) { $0.rawUnguarded(e) }
    }

    mutating func rawUnguarded(_ e: TypedExpr) -> SQL {
        switch e.kind {
        case .literal(let l):
            return bindings.bind(Self.sqlValue(l))
        case .today:
            return bindings.bind(named: "today", .date(asOf))
        case .field(let name):
            // Inside an aggregate's subquery the entity's columns are named with their table,
            // so a related column of the same name cannot capture them.
            let column = relation != nil ? SQL(dialect.quote(program.entity.table) + "." + dialect.quote(name)) : SQL(dialect.quote(name))
            return dateOf(column, program.entity.field(name)?.dateStorage ?? .date)
        case .relationField(let name):
            return dateOf(SQL(dialect.quote(Self.relationAlias) + "." + dialect.quote(name)), relation?.column(name)?.dateStorage ?? .date)
        case .aggregate(let a):
            let inChosenPass = groupedOnly.map { $0.contains { $0.relation == a.relation && $0.window == a.window } } ?? true
            return grouped && relation == nil && inChosenPass && groupable(a) ? groupedReference(a) : aggregate(a)
        case .ranking(let r):
            return ranking(r)
        case .param(let name):
            guard let p = program.parameters[name] else { return SQL("NULL") }
            return bindings.bind(named: "param:" + name, Self.sqlValue(p.value))
        case .definition(let id):
            // Every compound form renders parenthesised already, so a definition inlines bare.
            return raw(program.definition(id).body)  // reached only through `guarded`; see `raw`
        case .not(let x):
            return "(NOT " + value(x) + ")"
        case .negate(let x):
            return "(-" + raw(x) + ")"
        case .binary(let op, let l, let r):
            return binary(op, l, r)
        case .shiftDate(let d, let duration, let sign):
            return shiftDate(raw(d), duration, sign: sign)
        case .daysBetween(let a, let b):
            return .template(dialect.template("days_between"), [raw(a), raw(b)])
        case .between(let x, let lo, let hi, let negated):
            let c = collation(x)
            return "(" + raw(x) + c + (negated ? " NOT BETWEEN " : " BETWEEN ") + raw(lo) + c + " AND " + raw(hi) + c + ")"
        case .inList(let x, let items, let negated):
            return inList(x, items, negated: negated)
        case .isMissing(let x, let negated):
            return "(" + raw(x) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case .stringMatch(let op, let s, let p):
            let key = op == .contains ? "contains" : op == .startsWith ? "starts_with" : "ends_with"
            return .template(dialect.template(key), [raw(s), raw(p)])
        case .conditional(let c, let a, let rest):
            return conditional(c, a, rest)
        case .call(let f, let args):
            return call(f, args)
        case .bucket(let x, let edges):
            return bucket(raw(x), edges)
        case .bucketOf(let seed):
            return .template(dialect.template("seg_bucket"), [bindings.bind(.text(seed)), entityKey()])
        case .savedList(let name, let version):
            return savedList(name, version: version)
        case .listColumn(let name, let version, let column):
            return listColumn(name, version: version, column)
        case .computedOnce(let table):
            return "(" + entityKey() + " IN (SELECT " + SQL(dialect.quote(SharedConditions.keyColumn)) + " FROM " + SQL(dialect.quote(table)) + "))"
        case .model(let id):
            return model(id)
        case .reasons(let id, let k):
            return reasons(id, k, at: e.span)
        }
    }

    /// `x [not] in [...]`: a long list of constants is one bound value the engine reads as a table.
    mutating func inList(_ x: TypedExpr, _ items: [TypedExpr], negated: Bool) -> SQL {
        if items.count > ExprCompiler.longList, let json = Self.jsonArray(items), [.number, .string, .date].contains(x.type) {
            let test = SQL.template(dialect.template("in_json_\(x.type.rawValue)"), [raw(x), bindings.bind(.text(json))])
            return negated ? "(NOT " + test + " AND " + raw(x) + " IS NOT NULL)" : test
        }
        return "(" + raw(x) + (negated ? " NOT IN (" : " IN (") + SQL.join(items.map { raw($0) }, ", ") + "))"
    }

    /// `if … else if … else` becomes one flat CASE.
    mutating func conditional(_ c: TypedExpr, _ a: TypedExpr, _ rest: TypedExpr) -> SQL {
        var rest = rest
        var s = "CASE WHEN " + filter(c) + " THEN " + value(a)
        while case .conditional(let c2, let a2, let b2) = rest.kind {
            s += " WHEN " + filter(c2) + " THEN " + value(a2)
            rest = b2
        }
        return s + " ELSE " + value(rest) + " END"
    }

    /// A model's score: read from the scores a run computed in blocks, called in Seg's process,
    /// or pushed down as SQL.
    mutating func model(_ id: Int) -> SQL {
        let m = program.models[id]
        if modelsInProcess {
            if let scored = reads.scoredModels[id] { return SQL(scored) + "(" + entityKey() + ")" }
            return "seg_model_\(m.token)(" + SQL.join(m.inputs.map { value($0) }, ", ") + ")"
        }
        return modelReference(id)
    }

    /// `reasons(model, k)`: TreeSHAP needs Swift, so on SQLite always in-process, even with
    /// models pushed down; elsewhere only as a column of its own (`packedInputs`).
    mutating func reasons(_ id: Int, _ k: Int, at span: Span) -> SQL {
        let m = program.models[id]
        guard dialect.runsSwiftFunctions else {
            if reasonsOutOfProcess == nil { reasonsOutOfProcess = span }
            return SQL("NULL")
        }
        return "seg_reasons_\(m.token)(" + SQL.join([SQL(String(k))] + m.inputs.map { value($0) }, ", ") + ")"
    }

    mutating func binary(_ op: BinaryOp, _ l: TypedExpr, _ r: TypedExpr) -> SQL {
        switch op {
        case .and, .or:
            let whole = TypedExpr(.binary(op, l, r), .bool, nullable: false, l.span.to(r.span))
            return "(" + SQL.join(chain(op, whole).map { value($0) }, op == .and ? " AND " : " OR ") + ")"
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let sqlOp = op == .notEqual ? "<>" : op.rawValue
            let c = op == .equal || op == .notEqual ? "" : collation(l)
            return "(" + raw(l) + c + " \(sqlOp) " + raw(r) + c + ")"
        case .add, .subtract, .multiply, .divide:
            return arithmetic(TypedExpr(.binary(op, l, r), .number, nullable: true, l.span.to(r.span)))
        }
    }

    /// The operands of a run of one operator: `a and b and c` → [a, b, c]. Engines parse
    /// SQL with a bounded stack, so long runs are written flat, not nested. A definition met
    /// twice in one run is kept once (`x and x` is `x`), so shared definitions cannot blow up.
    func chain(_ op: BinaryOp, _ e: TypedExpr) -> [TypedExpr] {
        var seen = Set<Int>()
        return chain(op, e, &seen)
    }

    func chain(_ op: BinaryOp, _ e: TypedExpr, _ seen: inout Set<Int>) -> [TypedExpr] {
        switch e.kind {
        case .binary(let o, let l, let r) where o == op: return chain(op, l, &seen) + chain(op, r, &seen)
        case .definition(let id):
            guard seen.insert(id).inserted else { return [] }
            if reads.tagColumns[id] != nil { return [e] }
            if case .binary(let o, _, _) = program.definition(id).body.kind, o == op { return chain(op, program.definition(id).body, &seen) }
            return [e]
        default: return [e]
        }
    }

    func bare(_ e: TypedExpr) -> TypedExpr { program.bare(e) }

    /// A left-leaning run of `+ -` or `* /`, written flat: `(a + b - c)`. Division is always in
    /// floating point and by zero gives a missing value, as on every engine.
    mutating func arithmetic(_ e: TypedExpr) -> SQL {
        guard case .binary(let top, _, _) = e.kind else { return raw(e) }
        let level: [BinaryOp] = top == .add || top == .subtract ? [.add, .subtract] : [.multiply, .divide]
        var steps: [(BinaryOp, TypedExpr)] = []
        var first = e
        while case .binary(let o, let l, let r) = bare(first).kind, level.contains(o) {
            steps.insert((o, r), at: 0)
            first = l
        }
        var head = raw(first)
        if !isFloat(first), dialect.castAllArithmetic || (!dialect.divisionIsFloat && steps.contains { $0.0 == .divide }) {
            head = "CAST(" + head + " AS \(dialect.floatType))"
        }
        var s = "(" + head
        for (o, r) in steps {
            s += o == .divide ? " / NULLIF(" + raw(r) + ", 0)" : " \(o.rawValue) " + raw(r)
        }
        return s + ")"
    }

    /// Whether an operand's SQL is already in floating point: an arithmetic run this
    /// compiler cast (every run on a dialect that casts all, a run with a division), or one
    /// that starts with such a run. `(60 - age)` on integers is not: `(60 - age) / 10` must
    /// cast it, or SQLite and PostgreSQL divide whole numbers (4 where Spark gives 4.1).
    func isFloat(_ e: TypedExpr) -> Bool {
        guard case .binary(let top, _, _) = bare(e).kind, top.isArithmetic else { return false }
        if dialect.castAllArithmetic { return true }
        let level: [BinaryOp] = top == .add || top == .subtract ? [.add, .subtract] : [.multiply, .divide]
        var first = e, divides = false
        while case .binary(let o, let l, _) = bare(first).kind, level.contains(o) {
            if o == .divide { divides = true }
            first = l
        }
        return (divides && !dialect.divisionIsFloat) || isFloat(first)
    }

    func collation(_ e: TypedExpr) -> String { e.type == .string ? dialect.binaryCollation : "" }

    /// `date ± duration`: days and weeks add days; months and years add calendar months, clamped.
    mutating func shiftDate(_ date: SQL, _ duration: TypedExpr, sign: Int) -> SQL {
        var amount = 0.0
        var unit = DurationUnit.days
        switch duration.kind {
        case .literal(.duration(let v, let u)): amount = v; unit = u
        case .param(let n):
            if case .duration(let v, let u)? = program.parameters[n]?.value { amount = v; unit = u }
        default: break
        }
        let n = Int64(amount.rounded()) * Int64(sign)
        switch unit {
        case .days: return .template(dialect.template("add_days"), [date, bindings.bind(.integer(n))])
        case .weeks: return .template(dialect.template("add_days"), [date, bindings.bind(.integer(n * 7))])
        case .months: return .template(dialect.template("add_months"), [date, bindings.bind(.integer(n))])
        case .years: return .template(dialect.template("add_months"), [date, bindings.bind(.integer(n * 12))])
        }
    }

    mutating func call(_ f: Function, _ args: [TypedExpr]) -> SQL {
        switch f {
        case .coalesce:
            return "COALESCE(" + SQL.join(args.map { value($0) }, ", ") + ")"
        case .min, .max:
            let parts = args.map { raw($0) }
            let fn = dialect.template(f == .min ? "least" : "greatest")
            let call = "\(fn)(" + SQL.join(parts, ", ") + ")"
            guard dialect.leastSkipsNulls, args.contains(where: \.nullable) else { return call }
            let anyMissing = SQL.join(parts.map { "(" + $0 + " IS NULL)" }, " OR ")
            return "CASE WHEN " + anyMissing + " THEN NULL ELSE " + call + " END"
        case .abs, .floor, .ceil, .exp:
            return .template(dialect.template(f.rawValue), [raw(args[0])])
        case .log:
            return .template(dialect.template("ln"), [raw(args[0])])
        case .round:
            if args.count == 2 { return .template(dialect.template("round_digits"), [raw(args[0]), raw(args[1])]) }
            return .template(dialect.template("round"), [raw(args[0])])
        case .year, .month:
            return .template(dialect.template(f.rawValue), [raw(args[0])])
        case .days_since:
            return .template(dialect.template("days_between"), [today(), raw(args[0])])
        case .months_since:
            return monthsBetween(today(), raw(args[0]))
        case .years_since:
            let months = monthsBetween(today(), raw(args[0]))
            return "CAST(floor(" + months + " / 12.0) AS INTEGER)"
        case .bucket:
            return SQL("NULL")
        }
    }

    /// The entity's key column, qualified inside a subquery.
    func entityKey() -> SQL {
        if relation != nil { return SQL(dialect.quote(program.entity.table) + "." + dialect.quote(program.entity.key)) }
        return SQL(dialect.quote(program.entity.key))
    }

    /// `in list L [version N]`: the key among the members of that version (the latest by default).
    mutating func savedList(_ name: String, version: Int?) -> SQL {
        let n = bindings.bind(.text(name))
        let v = listVersion(name, version)
        let key = storedKey()
        return "(" + key + " IN (SELECT " + SQL(dialect.quote(StoreNames.memberKey)) + " FROM " + SQL(dialect.quote(StoreNames.members))
            + " WHERE " + SQL(dialect.quote(StoreNames.name)) + " = " + n + " AND " + SQL(dialect.quote(StoreNames.version)) + " = " + v + "))"
    }

    /// A saved list's version: the one named, or the latest (in a replay, the latest then).
    mutating func listVersion(_ name: String, _ version: Int?) -> SQL {
        if let version { return bindings.bind(.integer(Int64(version))) }
        var then = SQL()
        if let c = listCutoff {
            let created = SQL(dialect.quote("created_at"))
            then = " AND (" + created + " <= " + bindings.bind(.text(c.savedBy)) + " OR " + created + " >= " + bindings.bind(.text(c.replayStarted)) + ")"
        }
        return "(SELECT MAX(" + SQL(dialect.quote(StoreNames.version)) + ") FROM " + SQL(dialect.quote(StoreNames.lists)) + " WHERE "
            + SQL(dialect.quote(StoreNames.name)) + " = " + bindings.bind(.text(name)) + then + ")"
    }

    /// The entity's key as the list store keeps it: outside SQLite as text (the store's
    /// columns cannot be typeless there).
    func storedKey() -> SQL {
        .template(dialect.template("stored_key"), [entityKey()])
    }

    /// The entity's group or rank in a saved list's version (missing when not a member).
    mutating func listColumn(_ name: String, version: Int?, _ column: ListColumn) -> SQL {
        let stored = SQL(dialect.quote(column == .group ? StoreNames.group : StoreNames.rank))
        let n = bindings.bind(.text(name))
        let v = listVersion(name, version)
        return "(SELECT MAX(" + stored + ") FROM " + SQL(dialect.quote(StoreNames.members)) + " WHERE " + SQL(dialect.quote(StoreNames.name)) + " = " + n
            + " AND " + SQL(dialect.quote(StoreNames.version)) + " = " + v + " AND " + SQL(dialect.quote(StoreNames.memberKey)) + " = " + storedKey() + ")"
    }

    mutating func today() -> SQL {
        if let p = program.parameters["as_of"], case .date = p.value {
            return bindings.bind(named: "param:as_of", Self.sqlValue(p.value))
        }
        return bindings.bind(named: "today", .date(asOf))
    }

    /// Whole calendar months from `from` to `to`: a month counts once its day is reached.
    func monthsBetween(_ to: SQL, _ from: SQL) -> SQL {
        let y = dialect.template("year"), m = dialect.template("month"), d = dialect.template("day")
        return "((" + .template(y, [to]) + " - " + .template(y, [from]) + ") * 12 + " + .template(m, [to]) + " - " + .template(m, [from])
            + " - CASE WHEN " + .template(d, [to]) + " < " + .template(d, [from]) + " THEN 1 ELSE 0 END)"
    }

    /// `bucket(x, [25, 35])` → "<25", "25-35", ">=35"; missing stays missing.
    /// The position of `x`'s bucket: 0 for the first, `edges.count` for the last.
    /// Above `longBucket` edges (issue 25: a CASE of 2,000 branches compared each row 2,000
    /// times, and repeated `x` as often) the edges are one bound JSON array and the engine
    /// finds the bucket by search (`bucket_index`, `bucket_label` in `Dialect`).
    mutating func bucketIndex(_ x: SQL, _ edges: [BucketEdge]) -> SQL {
        if edges.count > Self.longBucket, edges.allSatisfy({ $0.date == nil }), let json = Self.edgesJSON(edges.map(\.value)) {
            return .template(dialect.template("bucket_index"), [x, bindings.bind(.text(json))])
        }
        var s = "CASE WHEN " + x + " IS NULL THEN NULL"
        for (i, e) in edges.enumerated() { s += " WHEN " + x + " < " + edge(e) + " THEN \(i)" }
        return s + " ELSE \(edges.count) END"
    }

    /// An edge as a bound value: a number, or a date (a bucket of dates).
    mutating func edge(_ e: BucketEdge) -> SQL {
        bindings.bind(e.date.map { .date($0) } ?? .number(e.value))
    }

    mutating func bucket(_ x: SQL, _ edges: [BucketEdge]) -> SQL {
        let labels = Self.bucketLabels(edges)
        // A long bucket of numbers is searched (its edges one JSON array); dates stay a CASE.
        if edges.count > Self.longBucket, edges.allSatisfy({ $0.date == nil }), let json = Self.edgesJSON(edges.map(\.value)) {
            let e = bindings.bind(.text(json))
            let l = bindings.bind(.text("[" + labels.map(JSONText.string).joined(separator: ",") + "]"))
            let index = SQL.template(dialect.template("bucket_index"), [x, e])
            return .template(dialect.template("bucket_label"), [x, e, l, index])
        }
        var s = "CASE WHEN " + x + " IS NULL THEN NULL"
        for (i, e) in edges.enumerated() {
            s += " WHEN " + x + " < " + edge(e) + " THEN " + bindings.bind(.text(labels[i]))
        }
        s += " ELSE " + bindings.bind(.text(labels[edges.count])) + " END"
        return s
    }

    /// Buckets with more edges than this are found by search, not by a CASE.
    public static let longBucket = 64

    /// Each bucket's label, `edges.count + 1` of them: "<25", "25-35", …, ">=60".
    public static func bucketLabels(_ edges: [BucketEdge]) -> [String] {
        // Between two dates a hyphen would read as part of a date: "2020-01-01 to 2024-01-01".
        edges.indices.map { i in
            i == 0 ? "<\(edges[i].label)" : "\(edges[i - 1].label)\(edges[i].date == nil ? "-" : " to ")\(edges[i].label)"
        } + [">=\(edges.last!.label)"]
    }

    /// Edges as a JSON array of numbers, each written so it reads back as the same double;
    /// nil if one is not finite.
    public static func edgesJSON(_ edges: [Double]) -> String? {
        guard edges.allSatisfy(\.isFinite) else { return nil }
        return "[" + edges.map { v in v == v.rounded() && abs(v) < 9e15 ? String(Int64(v)) : String(v) }.joined(separator: ",") + "]"
    }

    /// One correlated subquery per aggregate: the related rows of this entity, in the window,
    /// passing the filter. (Over no rows: count and sum 0, any false, the rest missing.)
    mutating func aggregate(_ a: Aggregate) -> SQL {
        guard let r = program.entity.relation(a.relation) else { return SQL("NULL") }
        let outer = relation
        relation = r
        defer { relation = outer }
        let alias = dialect.quote(Self.relationAlias)
        var conditions: [SQL] = [SQL(alias + "." + dialect.quote(r.key) + " = " + dialect.quote(program.entity.table) + "." + dialect.quote(program.entity.key))]
        conditions += reach(r, a.window)
        let date = r.date.map { dateOf(SQL(alias + "." + dialect.quote($0)), r.column($0)?.dateStorage ?? .date) }
        if let f = a.filter { conditions.append(filter(f)) }
        let value = a.value.map { raw($0) }
        var ordering = SQL()
        if a.kind == .first || a.kind == .last, let date {
            let direction = a.kind == .first ? " ASC" : " DESC"
            conditions.append("(" + date + " IS NOT NULL)")
            ordering = "\nORDER BY " + date + direction
            if let pk = r.primaryKey { ordering += ", " + alias + "." + dialect.quote(pk) + direction }
            ordering += " LIMIT 1"
        }
        let from = " FROM \(dialect.quote(r.table)) AS \(alias) WHERE " + SQL.join(conditions, " AND ")
        switch a.kind {
        case .any: return "EXISTS (SELECT 1" + from + ")"
        case .count: return "(SELECT " + (value.map { "COUNT(" + $0 + ")" } ?? SQL("COUNT(*)")) + from + ")"
        case .distinctCount: return "(SELECT COUNT(DISTINCT " + (value ?? SQL("*")) + ")" + from + ")"
        case .sum: return "(SELECT COALESCE(SUM(" + (value ?? SQL("0")) + "), 0)" + from + ")"
        case .avg, .min, .max: return "(SELECT \(a.kind.rawValue.uppercased())(" + (value ?? SQL("NULL")) + ")" + from + ")"
        case .first, .last:
            // Spark refuses a correlated subquery with LIMIT; min_by/max_by over (date, key) is its form.
            if dialect.firstLastByMinMaxBy, let date {
                var key = date
                if let pk = r.primaryKey { key = "struct(" + date + ", " + alias + "." + dialect.quote(pk) + ")" }
                return "(SELECT \(a.kind == .first ? "min_by" : "max_by")(" + (value ?? SQL("NULL")) + ", " + key + ")" + from + ")"
            }
            return "(SELECT " + (value ?? SQL("NULL")) + from + ordering + ")"
        }
    }

    /// A pushed-down model's score: computed once for every entity in a CTE the query joins,
    /// its inputs in an inner select so each is computed once per entity, not once per tree.
    mutating func modelReference(_ id: Int) -> SQL {
        let name = "seg_model\(id + 1)"
        if !modelCTEs.contains(where: { $0.id == id }) {
            let m = program.models[id]
            let e = program.entity
            let wasGrouped = grouped
            grouped = false
            let inputs = m.inputs.enumerated().map { i, x in value(x) + " AS " + SQL(dialect.quote("f\(i)")) }
            grouped = wasGrouped
            let columns = m.inputs.indices.map { SQL(dialect.quote("seg_in") + "." + dialect.quote("f\($0)")) }
            // PostgreSQL and SQLite would pull the inner select up into the trees, putting each
            // input's subquery back in every split that reads it (12.7 s instead of 0.3 s for
            // 20k customers on PostgreSQL): an OFFSET keeps them from it.
            let fence = SQL(dialect.optimisationFence)
            let cte = SQL(dialect.quote(name)) + " AS (SELECT " + SQL(dialect.quote("seg_in") + "." + dialect.quote("seg_k")) + " AS " + SQL(dialect.quote("seg_k"))
                + ", " + ModelSQL.score(m.model, columns, dialect) + " AS " + SQL(dialect.quote("seg_v"))
                + " FROM (SELECT " + SQL(dialect.quote(e.key)) + " AS " + SQL(dialect.quote("seg_k"))
                + (inputs.isEmpty ? SQL() : ", " + SQL.join(inputs, ", ")) + " FROM " + SQL(entityFrom()) + fence + ") AS " + SQL(dialect.quote("seg_in")) + ")"
            modelCTEs.append((id, cte))
            scoresModelInSQL = true
        }
        return SQL(dialect.quote(name) + "." + dialect.quote("seg_v"))
    }

    /// The entity's table in a FROM clause: joined to the tag table when the program reads
    /// one (`TagSource`).
    func entityFrom() -> String {
        TagSource.from(program, reads: reads, dialect: dialect) ?? dialect.quote(program.entity.table)
    }

    /// A definition read from the tag table, which the query reads under the entity table's
    /// name (`SelectQuery.source`).
    func tagged(_ column: String) -> SQL {
        SQL(dialect.quote(program.entity.table) + "." + dialect.quote(column))
    }

    /// `ntile`/`percent_rank`: ranked over every entity with a value (not just those the
    /// statement selects), in a CTE joined on the key.
    mutating func ranking(_ r: Ranking) -> SQL {
        let name: String
        if let known = rankings.first(where: { $0.0 == r }) {
            name = known.name
        } else if !reads.rankTables.isEmpty, let table = reads.rankTables[Compiler.rankingKey(r, in: program, reads: reads, dialect: dialect, asOf: asOf)] {
            name = table
            rankings.append((r, table, nil))
        } else {
            name = "seg_rank\(rankings.count + 1)"
            rankings.append((r, name, dialect.quote(name) + " AS (" + rankingSelect(r) + ")"))
        }
        return SQL(dialect.quote(name) + "." + dialect.quote("seg_v"))
    }

    /// Every entity with a value, its key (`seg_k`) and its rank (`seg_v`). It reads the
    /// entity table alone: its aggregates are per-entity subqueries.
    mutating func rankingSelect(_ r: Ranking) -> SQL {
        let e = program.entity
        let wasGrouped = grouped
        grouped = false
        let x = raw(r.value)
        grouped = wasGrouped
        let window: SQL
        switch r.kind {
        // LANGUAGE.md §4: by rank, so equal values get equal scores — 1 + floor(n (r − 1) / N)
        // with r = RANK() and N the entities with a value (SQL's NTILE splits ties by row order).
        case .ntile(let n): window = .template(dialect.template("ntile_by_rank"), [SQL(String(n)), x])
        case .percentRank: window = "PERCENT_RANK() OVER (ORDER BY " + x + ")"
        }
        return "SELECT " + dialect.quote(e.key) + " AS " + dialect.quote("seg_k") + ", " + window
            + " AS " + dialect.quote("seg_v") + " FROM " + entityFrom() + " WHERE " + x + " IS NOT NULL"
    }

    /// A stored date read as its date (LANGUAGE.md §4: a timestamp counts by its date), so
    /// every comparison, difference, `year`, `bucket` and ordering sees the same day.
    func dateOf(_ column: SQL, _ storage: DateStorage) -> SQL {
        switch storage {
        case .date: return column
        case .timestamp: return .template(dialect.template("date_of_text"), [column])
        case .julianDay: return .template(dialect.template("date_of"), [column])
        case .unixSeconds: return .template(dialect.template("date_of_unix_seconds"), [column])
        case .unixMilliseconds: return .template(dialect.template("date_of_unix_ms"), [column])
        }
    }

    /// Which of relation `r`'s rows an aggregate reads (LANGUAGE.md §4): those in its window,
    /// and always those dated on or before `as_of` — a back-dated run, a replay and a model's
    /// training features never see a later row. A relation without a date is read whole.
    /// Every aggregate (correlated or in a grouped pass) takes its rows from here.
    mutating func reach(_ r: Relation, _ w: WindowSpec?) -> [SQL] {
        guard let d = r.date else { return [] }
        let column = SQL(dialect.quote(Self.relationAlias) + "." + dialect.quote(d))
        let storage = r.column(d)?.dateStorage ?? .date
        let date = dateOf(column, storage)
        var conditions: [SQL] = []
        // A timestamp (engine type or ISO text) orders like its date bounds, so a range on the
        // column itself, which an index on (key, time) serves, keeps the same rows.
        let rangeOnColumn = storage == .timestamp
        if let w { conditions.append(window(w, date, column: column, rangeOnColumn: rangeOnColumn)) }
        if case .within? = w { return conditions }  // already ends at as_of
        // Dated at all (SQLite can hold '' in a date column, which sorts before every date) and
        // on or before as_of.
        let from: SQL? = dialect.datesMayBeText ? bindings.bind(.date(Self.firstDate)) : nil
        if rangeOnColumn {
            let end = (CivilDate(iso: referenceDate()) ?? CivilDate(1970, 1, 1)).adding(days: 1)
            conditions.append("(" + (from.map { column + " >= " + $0 + " AND " } ?? SQL()) + column + " < " + bindings.bind(.date(end.description)) + ")")
        } else {
            conditions.append("(" + (from.map { date + " >= " + $0 + " AND " } ?? SQL()) + date + " <= " + today() + ")")
        }
        return conditions
    }

    /// Before every date a row can have: a row dated earlier (or '') has no date.
    static let firstDate = "0001-01-01"

    /// A window over the related rows' date (LANGUAGE.md §4, at date granularity).
    /// `rangeOnColumn`: bound the column itself (a timestamp that orders like its date).
    mutating func window(_ w: WindowSpec, _ date: SQL, column: SQL, rangeOnColumn timestamp: Bool) -> SQL {
        switch w {
        case .within(let n, let unit):
            // `within N days`: as_of - N days < date <= as_of. The bounds are known now, so
            // they are bound as dates (months clamp to the month's end, as in PostgreSQL and Spark).
            let asOfText = referenceDate()
            let asOf = CivilDate(iso: asOfText) ?? CivilDate(1970, 1, 1)
            let start = asOf.adding(-n, unit)
            if timestamp {
                // On a timestamp, the same days as a half-open range of the column itself,
                // so an index on (key, time) serves it: start + 1 day <= time < as_of + 1 day.
                return "(" + column + " >= " + bindings.bind(.date(start.adding(days: 1).description)) + " AND " + column + " < "
                    + bindings.bind(.date(asOf.adding(days: 1).description)) + ")"
            }
            return "(" + date + " > " + bindings.bind(.date(start.description)) + " AND " + date + " <= " + today() + ")"
        case .between(let a, let b):
            return "(" + date + " >= " + raw(a) + " AND " + date + " <= " + raw(b) + ")"
        case .before(let d):
            return "(" + date + " < " + raw(d) + ")"
        case .afterContact(let n, let unit):
            // `within N days after contact`: contact_date <= date < contact_date + N.
            let contact = CivilDate(iso: contactDate ?? referenceDate()) ?? CivilDate(1970, 1, 1)
            let end = contact.adding(n, unit)
            if timestamp {
                return "(" + column + " >= " + bindings.bind(.date(contact.description)) + " AND " + column + " < " + bindings.bind(.date(end.description)) + ")"
            }
            return "(" + date + " >= " + bindings.bind(.date(contact.description)) + " AND " + date + " < " + bindings.bind(.date(end.description)) + ")"
        case .beforeContact(let n, let unit):
            // `within N days before contact`: contact_date - N <= date < contact_date, the
            // same length as `after contact`'s window, ending the day before the contact.
            let contact = CivilDate(iso: contactDate ?? referenceDate()) ?? CivilDate(1970, 1, 1)
            let start = contact.adding(-n, unit)
            if timestamp {
                return "(" + column + " >= " + bindings.bind(.date(start.description)) + " AND " + column + " < " + bindings.bind(.date(contact.description)) + ")"
            }
            return "(" + date + " >= " + bindings.bind(.date(start.description)) + " AND " + date + " < " + bindings.bind(.date(contact.description)) + ")"
        }
    }

    /// The run's reference date: `param as_of` when the script has one, else the run's date.
    func referenceDate() -> String {
        if case .date(let d)? = program.parameters["as_of"]?.value { return d }
        return asOf
    }

    static func sqlValue(_ l: Literal) -> SQLValue {
        switch l {
        case .number(let v): return .number(v)
        case .string(let s): return .text(s)
        case .bool(let b): return .bool(b)
        case .date(let d): return .date(d)
        case .duration(let v, _): return .number(v)
        }
    }
}
