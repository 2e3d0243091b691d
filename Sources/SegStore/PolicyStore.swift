import Foundation
import SegCheck
import SegCompile
import SegEngine

/// The bank's personal-data policy, kept in the store (LANGUAGE.md §5): which columns are
/// personal, which roles exist and what they may do, who holds them, and who administers
/// the policy. No script and no file of the person running Seg takes part: a run asks the
/// store what its role may do (`resolve`), and only an administrator changes the policy
/// (`change`), each change a row of its history.
///
/// The policy is its history: one append-only table of changes (`seg_policy`), read in
/// order. So every engine keeps it the same way (Spark cannot update rows), and every change
/// is recorded with who made it and when.
public struct PolicyStore {
    package let engine: any Engine
    package let db: any StoreConnection

    package init(engine: any Engine, db: any StoreConnection) {
        self.engine = engine
        self.db = db
    }

    /// The policy kept in an engine's own database (every engine Seg ships keeps one).
    package init(engine: any Engine & KeepsStore) {
        self.init(engine: engine, db: engine.store)
    }

    package static let table = StoreTable(
        name: StoreNames.policy,
        columns: [.init(name: "change_id", type: .serial), .init(name: "changed_at", type: .text, notNull: true),
                  .init(name: "changed_by", type: .text, notNull: true), .init(name: "kind", type: .text, notNull: true),
                  .init(name: "subject", type: .text, notNull: true), .init(name: "value", type: .text, notNull: true)],
        primaryKey: ["change_id"], immutable: "the policy's history is append-only")

    /// A role as the store defines it.
    public struct Role: Sendable, Equatable {
        public var name: String
        public var mayReveal = false
        public var mayReclassify = false
        /// PostgreSQL: the server role whose members hold this role (`pg_has_role`).
        public var serverRole: String?
        /// The users it is granted to (operating-system users; on PostgreSQL, server users).
        public var grantees: Set<String> = []
    }

    /// One change to the policy.
    public enum Change: Sendable, Equatable {
        /// A column personal (true), not personal (false), or back to the default names (nil).
        case classify(table: String, column: String, personal: Bool?)
        /// Creates or redefines a role.
        case role(String, reveal: Bool, reclassify: Bool, serverRole: String?)
        case dropRole(String)
        case grant(role: String, to: String)
        case revoke(role: String, from: String)
        case admin(String, add: Bool)

        var row: (kind: String, subject: String, value: String) {
            switch self {
            case .classify(let t, let c, let p):
                return ("classify", Policy.Column(table: t, column: c).description, p.map { $0 ? "personal" : "not personal" } ?? "default")
            case .role(let n, let r, let c, let s):
                return ("role", n, "reveal=\(r ? 1 : 0) reclassify=\(c ? 1 : 0)" + (s.map { " server_role=\($0)" } ?? ""))
            case .dropRole(let n): return ("role", n, "dropped")
            case .grant(let r, let u): return ("grant", r, u)
            case .revoke(let r, let u): return ("revoke", r, u)
            case .admin(let u, let add): return ("admin", u, add ? "add" : "remove")
            }
        }
    }

    /// The policy as its history leaves it.
    public struct State: Sendable {
        public var classified: [Policy.Column: Bool] = [:]
        public var roles: [String: Role] = [:]
        public var admins: Set<String> = []
        /// Every change, oldest first: (when, by whom, what).
        public var history: [(at: String, by: String, change: String)] = []
    }

    /// The policy now. A store without a policy has only the default names, and no roles.
    public func state() throws(EngineError) -> State {
        var s = State()
        guard try db.storeHasTable(Self.table.name) else { return s }
        for r in try db.storeQuery("SELECT changed_at, changed_by, kind, subject, value FROM \(raw: StoreNames.policy) ORDER BY change_id") {
            let f = r.map { v -> String in if case .text(let t) = v { return t } else { return "" } }
            let (kind, subject, value) = (f[2], f[3], f[4])
            s.history.append((f[0], f[1], "\(kind) \(subject): \(value)"))
            switch kind {
            case "classify":
                let parts = subject.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let column = Policy.Column(table: parts[0], column: parts[1])
                s.classified[column] = value == "default" ? nil : value == "personal"
            case "role":
                if value == "dropped" { s.roles[subject] = nil; continue }
                var role = s.roles[subject] ?? Role(name: subject)
                let settings = Dictionary(value.split(separator: " ").compactMap { p -> (String, String)? in
                    let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                    return kv.count == 2 ? (kv[0], kv[1]) : nil
                }, uniquingKeysWith: { _, b in b })
                role.mayReveal = settings["reveal"] == "1"
                role.mayReclassify = settings["reclassify"] == "1"
                role.serverRole = settings["server_role"]
                s.roles[subject] = role
            case "grant": s.roles[subject]?.grantees.insert(value)
            case "revoke": s.roles[subject]?.grantees.remove(value)
            case "admin":
                if value == "add" { s.admins.insert(subject) } else { s.admins.remove(subject) }
            default: continue
            }
        }
        return s
    }

    // MARK: who is running

    /// The user the policy knows the run by: on PostgreSQL the server's user (the bank's
    /// access control has authenticated it), elsewhere the operating system's user of this
    /// process (not `$USER`, which anyone can set).
    public func user() -> String {
        if db.storeDialect == .postgres, let r = try? db.storeQuery("SELECT CAST(current_user AS TEXT)"), case .text(let u)? = r.first?.first {
            return u
        }
        return Self.osUser
    }

    /// The operating system's user of this process.
    public static var osUser: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    /// Whether the running user administers the policy: one the administrators named, or the
    /// store's owner — on PostgreSQL a member of the database's owner role (superusers are
    /// members of every role); on SQLite the owner of the database file; on Spark the owner
    /// of the warehouse folder.
    public func isAdministrator(_ state: State) -> Bool {
        if state.admins.contains(user()) { return true }
        if db.storeDialect == .postgres {
            let owner = "SELECT CAST(pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') AS INTEGER)"
            return (try? db.storeQuery(SQLLiteral(stringLiteral: owner)))?.first?.first == .integer(1)
        }
        let path = engine.databaseFiles.first ?? (engine as? SparkEngine)?.warehouse
        guard let path, !path.isEmpty else { return false }
        var st = stat()
        return stat(path, &st) == 0 && st.st_uid == geteuid()
    }

    /// Whether the running user holds `role`: granted to them by name, or, for a role that
    /// requires a server role, a member of it as PostgreSQL says.
    package func holds(_ role: Role) -> Bool {
        if role.grantees.contains(user()) { return true }
        guard let server = role.serverRole, db.storeDialect == .postgres else { return false }
        // A server role that does not exist is one nobody is a member of.
        let exists = try? db.storeQuery("SELECT 1 FROM pg_roles WHERE rolname = \(.text(server))")
        guard exists?.isEmpty == false else { return false }
        let member = try? db.storeQuery("SELECT CAST(pg_has_role(current_user, \(.text(server)), 'MEMBER') AS INTEGER)")
        return member?.first?.first == .integer(1)
    }

    /// The policy a run works under: the store's classification, and the rights of `role`
    /// when the running user holds it. A role the store does not define, or one not granted
    /// to the user, is refused, with the roles the user does hold.
    public func resolve(role: String?) throws -> Policy {
        let s = try state()
        var policy = Policy(classified: s.classified)
        guard let role else { return policy }
        let held = s.roles.values.filter(holds).map(\.name).sorted()
        let heldText = held.isEmpty ? "you hold no role" : "roles you hold: \(held.joined(separator: ", "))"
        guard let r = s.roles[role] else {
            throw PolicyRefusal(message: "the store's policy has no role `\(role)` (\(heldText)); roles are defined by its administrators: `seg policy`")
        }
        guard holds(r) else {
            let how = r.serverRole.map { "it is held by members of the server role `\($0)`" } ?? "it is granted by name"
            throw PolicyRefusal(message: "role `\(role)` is not granted to `\(user())` (\(how); \(heldText)); ask an administrator: `seg policy grant \(role) \(user())`")
        }
        policy.role = role
        policy.mayReveal = r.mayReveal
        policy.mayReclassify = r.mayReclassify
        return policy
    }

    // MARK: changing it

    /// Records changes, when the running user administers the policy; all or none.
    public func change(_ changes: [Change]) throws {
        let s = try state()
        guard isAdministrator(s) else {
            throw PolicyRefusal(message: "`\(user())` does not administer this store's policy: only its administrators change it (the store's owner, and those they name with `seg policy admin add USER`)")
        }
        var roles = Set(s.roles.keys)
        for c in changes {
            switch c {
            case .grant(let r, _), .revoke(let r, _), .dropRole(let r):
                guard roles.contains(r) else {
                    throw PolicyRefusal(message: "the policy has no role `\(r)`" + (roles.isEmpty ? "; define it first: `seg policy role \(r) --reveal`" : " (its roles: \(roles.sorted().joined(separator: ", ")))"))
                }
                if case .dropRole = c { roles.remove(r) }
            case .role(let r, _, _, _): roles.insert(r)
            default: break
            }
        }
        let by = user()
        let stamp = ISO8601DateFormatter().string(from: Date())
        try engine.begin()
        do {
            try db.withStoreLock { () throws(EngineError) in
                let existed = try db.storeHasTable(Self.table.name)
                try db.storePrepare(Self.table)
                // Every user reads the policy; only its owner writes it (the server's grants).
                if !existed, db.storeDialect == .postgres { try? db.storeExecute("GRANT SELECT ON \(StoreNames.policy) TO PUBLIC") }
            }
            var next: Int64 = 0
            if !db.storeTraits.numbersRows, case .integer(let n)? = try db.storeQuery("SELECT COALESCE(MAX(change_id), 0) FROM \(raw: StoreNames.policy)").first?.first { next = n }
            for c in changes {
                let (kind, subject, value) = c.row
                var columns = ["changed_at", "changed_by", "kind", "subject", "value"]
                var row: [SQLValue] = [.text(stamp), .text(by), .text(kind), .text(subject), .text(value)]
                if !db.storeTraits.numbersRows {
                    next += 1
                    columns.insert("change_id", at: 0)
                    row.insert(.integer(next), at: 0)
                }
                try db.storeInsert(into: Self.table.name, columns: columns, rows: [row])
            }
            try engine.ownWrite { try engine.commit() }
        } catch {
            engine.rollback()
            throw error
        }
    }
}

/// The policy refused what was asked (a role not granted, a change by a non-administrator).
public struct PolicyRefusal: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
