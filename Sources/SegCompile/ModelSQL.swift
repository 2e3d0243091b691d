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
        case .linear(let l): margin = linear(l, inputs)
        case .scorecard(let s): margin = scorecard(s, inputs)
        }
        guard model.link == .logistic else { return margin }
        return "(1.0 / (1.0 + " + .template(d.template("exp"), ["(-" + margin + ")"]) + "))"
    }

    static func number(_ v: Double) -> SQL {
        let text = v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : String(format: "%.17g", v)
        return SQL(v < 0 ? "(\(text))" : text)
    }

    static func trees(_ e: TreeEnsemble, _ x: [SQL], _ d: Dialect) -> SQL {
        // Sums in groups of 50, so no engine meets an expression nested hundreds deep.
        var groups: [SQL] = []
        var i = 0
        while i < e.trees.count {
            let chunk = e.trees[i..<min(i + 50, e.trees.count)].map { node($0, 0, x) }
            groups.append("(" + SQL.join(chunk, " + ") + ")")
            i += 50
        }
        return "(" + number(e.baseMargin) + (groups.isEmpty ? SQL() : " + " + SQL.join(groups, " + ")) + ")"
    }

    static func node(_ t: Tree, _ n: Int, _ x: [SQL]) -> SQL {
        if t.isLeaf(n) { return number(t.value[n]) }
        let v = x[t.feature[n]]
        let left = node(t, t.left[n], x), right = node(t, t.right[n], x)
        let defaultSide = t.defaultLeft[n] ? left : right
        switch t.split[n] {
        case .float32Less:
            // XGBoost compares float(x) < float(t): below the midpoint between float(t) and
            // the float32 just under it, x rounds below t.
            let f = Float(t.threshold[n])
            let cut = (Double(f.nextDown) + Double(f)) / 2
            return "CASE WHEN " + v + " IS NULL THEN " + defaultSide + " WHEN " + v + " < " + number(cut) + " THEN " + left + " ELSE " + right + " END"
        case .lessEqual(let missing):
            let thr = number(t.threshold[n])
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

    static func linear(_ l: LinearModel, _ x: [SQL]) -> SQL {
        var terms: [SQL] = [number(l.intercept)]
        for i in l.coefficients.indices {
            terms.append(number(l.coefficients[i]) + " * COALESCE(" + x[i] + ", " + number(l.means[i]) + ")")
        }
        return "(" + SQL.join(terms, " + ") + ")"
    }

    static func scorecard(_ s: ScorecardModel, _ x: [SQL]) -> SQL {
        var terms: [SQL] = [number(s.base)]
        for line in s.lines {
            let v = x[line.feature]
            var c = SQL("CASE")
            for b in line.bins {
                let test: SQL
                switch b.test {
                case .under(let a): test = v + " < " + number(a)
                case .range(let a, let z): test = "(" + v + " >= " + number(a) + " AND " + v + " <= " + number(z) + ")"
                case .value(let a): test = v + " = " + number(a)
                case .missing: test = v + " IS NULL"
                case .otherwise: test = SQL("1 = 1")
                }
                c += " WHEN " + test + " THEN " + number(b.points)
            }
            terms.append(c + " ELSE 0.0 END")
        }
        return "(" + SQL.join(terms, " + ") + ")"
    }
}
