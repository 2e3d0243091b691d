import SegSyntax
import SegCheck

/// How a statement's relation aggregates are computed (DESIGN.md "Compilation strategy").
///
/// Per-customer lookups through the relation's (key, date) index cost about the same for each
/// aggregate and each customer that reaches it; one grouped pass reads the relation's window
/// once for every customer, however many aggregates it computes. Measured on a 1M-customer
/// demo bank (bench/README.md "Plan choice"), on SQLite and PostgreSQL a lone aggregate over a
/// relation and window is faster as a lookup even when every customer reaches it, while a
/// pass shared by several aggregates wins once enough customers reach it. So the choice is
/// made per relation and window, from the share of customers passing the cheap conditions
/// times the aggregates the pass would share (`Dialect.AggregatePlanRule`).
public enum PlanChoice: Sendable, Equatable {
    /// Decide from the share of entities passing the statement's cheap conditions (nil: unknown).
    case auto(passing: Double?)
    /// Correlated subqueries: one indexed lookup per customer that reaches the aggregate.
    case correlated
    /// One grouped pass per relation and window, joined to the entity.
    case grouped

}

/// One `GROUP BY` over a relation's rows in one window: every groupable aggregate of the
/// statement over that relation and window, computed together.
struct GroupedPass {
    var relation: Relation
    var window: WindowSpec?
    var aggregates: [Aggregate] = []
}

extension ExprCompiler {
    /// An aggregate that depends only on the related rows (its value, filter and window
    /// bounds read no entity field), and so can be computed for all entities in one pass.
    func groupable(_ a: Aggregate) -> Bool {
        if a.kind == .first || a.kind == .last { return false }
        let entityDependent = { (e: TypedExpr) -> Bool in
            program.mentions(e) { x in
                switch x.kind {
                case .field, .definition, .aggregate, .ranking: return true
                default: return false
                }
            }
        }
        if let v = a.value, entityDependent(v) { return false }
        if let f = a.filter, entityDependent(f) { return false }
        switch a.window {
        case .between(let x, let y)?: return !entityDependent(x) && !entityDependent(y)
        case .before(let x)?: return !entityDependent(x)
        case .within?, .afterContact?, .beforeContact?, nil: return true
        }
    }

    /// A reference to the aggregate's column in its grouped pass (registering it there).
    mutating func groupedReference(_ a: Aggregate) -> SQL {
        guard let r = program.entity.relation(a.relation) else { return SQL("NULL") }
        var p = passes.firstIndex { $0.relation.name == r.name && $0.window == a.window }
        if p == nil {
            passes.append(GroupedPass(relation: r, window: a.window))
            p = passes.count - 1
        }
        let pass = p!
        var k = passes[pass].aggregates.firstIndex(of: a)
        if k == nil {
            passes[pass].aggregates.append(a)
            k = passes[pass].aggregates.count - 1
        }
        let column = SQL(dialect.quote("seg_g\(pass + 1)") + "." + dialect.quote("a\(k! + 1)"))
        switch a.kind {
        case .count, .distinctCount, .sum: return "COALESCE(" + column + ", 0)"
        case .any: return "(COALESCE(" + column + ", 0) = 1)"
        case .avg, .min, .max, .first, .last: return column
        }
    }

    /// The `LEFT JOIN (SELECT key, … GROUP BY key)` of each grouped pass.
    mutating func groupedJoins() -> [SQL] {
        var joins: [SQL] = []
        for (i, pass) in passes.enumerated() {
            let r = pass.relation
            let outer = relation
            relation = r
            defer { relation = outer }
            let alias = dialect.quote(Self.relationAlias)
            let key = SQL(alias + "." + dialect.quote(r.key))
            var columns: [SQL] = [key + " AS " + dialect.quote("seg_k")]
            for (k, a) in pass.aggregates.enumerated() {
                let when: SQL? = a.filter.map { filter($0) }
                let value = a.value.map { raw($0) } ?? SQL("1")
                let guarded = when.map { "CASE WHEN " + $0 + " THEN " + value + " END" } ?? value
                let item: SQL
                switch a.kind {
                case .count: item = a.value == nil && when == nil ? SQL("COUNT(*)") : "COUNT(" + guarded + ")"
                case .distinctCount: item = "COUNT(DISTINCT " + guarded + ")"
                case .sum: item = "SUM(" + guarded + ")"
                case .avg, .min, .max: item = "\(a.kind.rawValue.uppercased())(" + guarded + ")"
                case .any: item = "MAX(" + (when.map { "CASE WHEN " + $0 + " THEN 1 ELSE 0 END" } ?? SQL("1")) + ")"
                case .first, .last: item = SQL("NULL")
                }
                columns.append(item + " AS " + dialect.quote("a\(k + 1)"))
            }
            var from = SQL(" FROM \(dialect.quote(r.table)) AS \(alias)")
            let reach = reach(r, pass.window)
            if !reach.isEmpty { from += " WHERE " + SQL.join(reach, " AND ") }
            let name = dialect.quote("seg_g\(i + 1)")
            joins.append("LEFT JOIN (SELECT " + SQL.join(columns, ", ") + from + " GROUP BY " + key + ") AS " + name
                         + " ON \(name).\(dialect.quote("seg_k")) = \(dialect.quote(program.entity.table)).\(dialect.quote(program.entity.key))")
        }
        return joins
    }
}

extension Compiler {
    /// A relation and window that a grouped pass could read, and how many distinct aggregates
    /// of the statement it would compute.
    public struct PassShape: Sendable, Equatable {
        public var relation: String
        public var window: WindowSpec?
        public var aggregates: Int
    }

    /// The grouped passes a statement's groupable aggregates would need (empty: no plan to choose).
    public static func groupablePasses(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads(),
                                       dialect: Dialect, asOf: String) -> [PassShape] {
        let ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let program = ec.program
        var exprs = [action.target]
        switch action.kind {
        case .count(let by, _, _): exprs += by.map(\.expr)
        case .show(let cols, let order, _): exprs += cols.map(\.expr) + order.map(\.0)
        case .export(_, let cols): exprs += cols.map(\.expr)
        default: break
        }
        var found: [Aggregate] = []
        var seen = Set<Int>()
        // Every node, each definition once; not into a rank's value, whose aggregates are
        // computed per entity in the rank's own query (`ExprCompiler.rankingSelect`).
        func visit(_ e: TypedExpr) {
            switch e.kind {
            case .ranking: return
            case .aggregate(let a): if ec.groupable(a), !found.contains(a) { found.append(a) }
            case .definition(let id):
                if seen.insert(id).inserted { visit(program.definitions[id].body) }
                return
            default: break
            }
            program.parts(e).forEach(visit)
        }
        exprs.forEach(visit)
        var shapes: [PassShape] = []
        for a in found {
            if let i = shapes.firstIndex(where: { $0.relation == a.relation && $0.window == a.window }) {
                shapes[i].aggregates += 1
            } else {
                shapes.append(PassShape(relation: a.relation, window: a.window, aggregates: 1))
            }
        }
        return shapes
    }

    /// `SELECT COUNT(*)` of the entities passing the statement's cheap conditions (those that
    /// read no relation), to choose the plan; nil when the target has none.
    public static func cheapCount(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads = RunReads(),
                                  dialect: Dialect, asOf: String) -> BoundQuery? {
        var ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let program = ec.program
        // A model is no cheap condition either: counting through it would score every row.
        let cheap = ec.chain(.and, action.target).filter { !program.containsAggregate($0) && !program.containsRanking($0) && !program.containsModel($0) }
        guard !cheap.isEmpty else { return nil }
        let sql = "SELECT COUNT(*) FROM \(ec.entityFrom()) WHERE " + SQL.join(cheap.map { ec.filter($0) }, " AND ")
        return BoundQuery(text: dialect.render(sql, ec.bindings.values), parameters: ec.bindings.values, scoresModelInSQL: ec.scoresModelInSQL)
    }
}
