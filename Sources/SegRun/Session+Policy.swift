import Foundation
import SegCheck
import SegEngine
import SegStore
import SegMemory

/// `seg policy` and the REPL's `.policy`: the store's personal-data policy as tables, and an
/// administrator's changes to it (`PolicyStore`).
extension Session {
    /// The policy: personal columns of the database's tables (and those classified not
    /// personal), roles, administrators, the running user's standing, and recent changes.
    public func policyReport(history: Int = 10) throws -> [ResultTable] {
        let store = PolicyStore(engine: engine, db: self.store)
        let state = try store.state()
        var columns: [[Value]] = []
        for t in catalog.tables {
            for c in t.columns {
                guard let type = c.type else { continue }
                let key = Policy.Column(table: t.name, column: c.name)
                if let decided = state.classified[key] {
                    columns.append([.text(t.name), .text(c.name), .text(decided ? "personal" : "not personal"), .text("the store's policy")])
                } else if Policy.byName(c.name, type: type) {
                    columns.append([.text(t.name), .text(c.name), .text("personal"), .text("default name")])
                }
            }
        }
        // Classified columns of tables this database does not hold (yet): still the policy.
        let known = Set(catalog.tables.flatMap { t in t.columns.map { Policy.Column(table: t.name, column: $0.name) } })
        for (key, decided) in state.classified.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
            columns.append([.text(key.table), .text(key.column), .text(decided ? "personal" : "not personal"), .text("the store's policy (no such column here)")])
        }
        let roles: [[Value]] = state.roles.values.sorted { $0.name < $1.name }.map { r in
            [.text(r.name), .text(r.mayReveal ? "yes" : "no"), .text(r.mayReclassify ? "yes" : "no"),
             r.serverRole.map { .text($0) } ?? .null, .text(r.grantees.sorted().joined(separator: ", "))]
        }
        let user = store.user()
        let held = state.roles.values.filter(store.holds).map(\.name).sorted()
        let you: [[Value]] = [
            [.text("user"), .text(user)],
            [.text("administrator"), .text(store.isAdministrator(state) ? "yes" : "no")],
            [.text("roles held"), .text(held.isEmpty ? "none" : held.joined(separator: ", "))],
            [.text("this run's role"), .text(policy.role.map { "\($0) (reveal: \(policy.mayReveal ? "yes" : "no"), reclassify: \(policy.mayReclassify ? "yes" : "no"))" } ?? "none: personal data is masked")],
        ]
        let changes: [[Value]] = state.history.suffix(history).reversed().map { [.text($0.at), .text($0.by), .text($0.change)] }
        return [
            ResultTable(title: "personal columns", columns: ["table", "column", "class", "decided by"], types: [.string, .string, .string, .string], rows: columns),
            ResultTable(title: "roles", columns: ["role", "may reveal", "may reclassify", "server role", "granted to"], types: [.string, .string, .string, .string, .string], rows: roles),
            ResultTable(title: "administrators named", columns: ["user"], types: [.string], rows: state.admins.sorted().map { [.text($0)] }),
            ResultTable(title: "you", columns: ["item", "value"], types: [.string, .string], rows: you),
            ResultTable(title: "recent changes", columns: ["when", "by", "change"], types: [.string, .string, .string], rows: changes),
        ]
    }

    /// Records policy changes, when the running user administers the policy.
    public func changePolicy(_ changes: [PolicyStore.Change]) throws {
        try PolicyStore(engine: engine, db: store).change(changes)
    }
}
