import Foundation
import SegCheck
import SegModels

/// Models as plain SQL expressions (pushdown): nested `CASE` for trees, arithmetic for
/// linear models, a `CASE` per line for scorecards. Numbers come from the model file and are
/// written into the text (a 300-tree model has more of them than engines take parameters).
enum ModelSQL {
    /// The score over input columns `inputs[i]` (one per feature).
    static func score(_ model: Model, _ inputs: [SQL], _ d: Dialect) -> SQL {
        let margin: SQL
        switch model.shape {
        case .trees(let e): margin = trees(e, inputs, d)
        case .linear(let l): margin = linear(l, inputs, d)
        case .scorecard(let s): margin = scorecard(s, inputs, d)
        }
        guard model.link == .logistic else { return margin }
        return "(1.0 / (1.0 + " + .template(d.template("exp"), ["(-" + margin + ")"]) + "))"
    }

    /// A double literal. PostgreSQL reads `0.1` as an exact NUMERIC (and `1 + 0.1 * 40` is then
    /// just over 5), Spark as a DECIMAL: both are told it is a double.
    static func number(_ v: Double, _ d: Dialect) -> SQL {
        let digits = v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : String(format: "%.17g", v)
        let text = d.template("double_literal").replacingOccurrences(of: "{0}", with: digits)
        return SQL(v < 0 ? "(\(text))" : text)
    }

    static func trees(_ e: TreeEnsemble, _ x: [SQL], _ d: Dialect) -> SQL {
        // Sums in groups of 50, so no engine meets an expression nested hundreds deep.
        var groups: [SQL] = []
        var i = 0
        while i < e.trees.count {
            let chunk = e.trees[i..<min(i + 50, e.trees.count)].map { node($0, 0, x, d) }
            groups.append("(" + SQL.join(chunk, " + ") + ")")
            i += 50
        }
        return "(" + number(e.baseMargin, d) + (groups.isEmpty ? SQL() : " + " + SQL.join(groups, " + ")) + ")"
    }

    static func node(_ t: Tree, _ n: Int, _ x: [SQL], _ d: Dialect) -> SQL {
        if t.isLeaf(n) { return number(t.value[n], d) }
        let v = x[t.feature[n]]
        let left = node(t, t.left[n], x, d), right = node(t, t.right[n], x, d)
        let defaultSide = t.defaultLeft[n] ? left : right
        switch t.split[n] {
        case .float32Less:
            // XGBoost compares float(x) < float(t): below the midpoint between float(t) and
            // the float32 just under it, x rounds below t.
            let f = Float(t.threshold[n])
            let cut = (Double(f.nextDown) + Double(f)) / 2
            return "CASE WHEN " + v + " IS NULL THEN " + defaultSide + " WHEN " + v + " < " + number(cut, d) + " THEN " + left + " ELSE " + right + " END"
        case .lessEqual(let missing):
            let thr = number(t.threshold[n], d)
            switch missing {
            case .none:
                return "CASE WHEN COALESCE(" + v + ", 0.0) <= " + thr + " THEN " + left + " ELSE " + right + " END"
            case .zero:
                return "CASE WHEN " + v + " IS NULL OR abs(" + v + ") <= 1e-35 THEN " + defaultSide + " WHEN " + v + " <= " + thr
                    + " THEN " + left + " ELSE " + right + " END"
            case .nan:
                return "CASE WHEN " + v + " IS NULL THEN " + defaultSide + " WHEN " + v + " <= " + thr + " THEN " + left + " ELSE " + right + " END"
            }
        }
    }

    static func linear(_ l: LinearModel, _ x: [SQL], _ d: Dialect) -> SQL {
        var terms: [SQL] = [number(l.intercept, d)]
        for i in l.coefficients.indices {
            terms.append(number(l.coefficients[i], d) + " * COALESCE(" + x[i] + ", " + number(l.means[i], d) + ")")
        }
        return "(" + SQL.join(terms, " + ") + ")"
    }

    static func condition(_ t: ScorecardModel.Test, _ v: SQL, _ d: Dialect) -> SQL {
        switch t {
        case .under(let a): return "(" + v + " < " + number(a, d) + ")"
        case .range(let a, let z): return "(" + v + " >= " + number(a, d) + " AND " + v + " <= " + number(z, d) + ")"
        case .value(let a): return "(" + v + " = " + number(a, d) + ")"
        case .missing: return "(" + v + " IS NULL)"
        case .present: return "(" + v + " IS NOT NULL)"
        case .otherwise: return SQL("(1 = 1)")
        case .all(let tests): return "(" + SQL.join(tests.map { condition($0, v, d) }, " AND ") + ")"
        case .compare(let op, let a):
            let sqlOp = ["lessThan": "<", "lessOrEqual": "<=", "greaterThan": ">", "greaterOrEqual": ">=", "equal": "=", "notEqual": "<>"][op] ?? "="
            return "(" + v + " \(sqlOp) " + number(a, d) + ")"
        }
    }

    static func scorecard(_ s: ScorecardModel, _ x: [SQL], _ d: Dialect) -> SQL {
        var terms: [SQL] = [number(s.base, d)]
        for line in s.lines {
            let v = x[line.feature]
            var c = SQL("CASE")
            for b in line.bins {
                c += " WHEN " + condition(b.test, v, d) + " THEN " + number(b.points, d)
            }
            terms.append(c + " ELSE 0.0 END")
        }
        return "(" + SQL.join(terms, " + ") + ")"
    }
}
