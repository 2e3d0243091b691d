import SegSyntax
import SegCheck
import SegEngine
import SegStore
import SegMemory

extension Session {
    /// E0712 for each `in list L version N` (in a condition or a `group`/`rank` column) whose
    /// version is not in the store (E0714), unless the run itself saves that list first.
    func missingListVersions(_ program: CheckedProgram) -> [Diagnostic] {
        var wanted: [(name: String, version: Int, span: Span)] = []
        for a in program.actions {
            for e in a.expressions {
                _ = program.mentions(e) { x in
                    switch x.kind {
                    case .savedList(let n, let v?), .listColumn(let n, let v?, _):
                        if !wanted.contains(where: { $0.name == n && $0.version == v }) { wanted.append((n, v, x.span)) }
                    default: break
                    }
                    return false
                }
            }
        }
        let saving = Set(program.actions.compactMap { a -> String? in
            if case .export(.list(let n), _) = a.kind { return n?.text ?? a.targetName }
            if case .campaign(let c) = a.kind { return c.name }
            return nil
        })
        guard !wanted.isEmpty else { return [] }
        let db = store
        let store = ListStore(db: db)
        return wanted.compactMap { w in
            guard !saving.contains(w.name), (try? store.members(of: w.name, version: w.version)) == nil else { return nil }
            let latest: Int64? = (try? store.members(of: w.name, version: nil))??.version
            return Diagnostic.noSuchListVersion(w.name, version: w.version, latest: latest, w.span)
        }
    }
}
