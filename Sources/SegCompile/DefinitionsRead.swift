import SegSyntax
import SegCheck

extension CheckedProgram {
    /// The definitions the program's statements read, through one another.
    public func definitionsRead() -> Set<Int> {
        var seen = Set<Int>()
        func visit(_ e: TypedExpr) {
            if case .definition(let id) = e.kind {
                guard seen.insert(id).inserted else { return }
                visit(definitions[id].body)
                return
            }
            parts(e).forEach(visit)
        }
        for a in actions {
            a.expressions.forEach(visit)
            if case .campaign(let c) = a.kind { c.rankBy.map(visit) }
        }
        return seen
    }

    /// Whether a value reads saved lists (which can get a new version without the data changing).
    public func readsLists(_ e: TypedExpr) -> Bool {
        mentions(e) { x in
            switch x.kind {
            case .savedList, .listColumn: return true
            default: return false
            }
        }
    }
}
