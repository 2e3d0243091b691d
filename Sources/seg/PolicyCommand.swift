import ArgumentParser
import Foundation
import SegSyntax
import SegCheck
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg policy`: the store's personal-data policy (LANGUAGE.md §5, SegRun/PolicyStore.swift).
/// Anyone may look; only an administrator changes it, and every change is recorded.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "The store's personal-data policy: personal columns, roles and who holds them.",
        discussion: """
            The policy lives in the database's store, not in scripts or seg.toml: a script may \
            add `pii`, never lower it; a run's role must be granted to the user running it. \
            Administrators are the store's owner (SQLite: the database file's owner; \
            PostgreSQL: members of the database owner's role) and users they name.
            """,
        subcommands: [PolicyShow.self, PolicyClassify.self, PolicyRole.self, PolicyDropRole.self, PolicyGrant.self,
                      PolicyRevoke.self, PolicyAdmin.self],
        defaultSubcommand: PolicyShow.self)
}

/// What every policy subcommand shares: the database, and printing tables.
struct PolicyOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    func session() throws -> Session {
        let engine = try database.openEngine()
        do { return try Session(engine: engine) } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
    }

    /// Records changes; a refusal (not an administrator, no such role) is said plainly.
    func change(_ changes: [PolicyStore.Change], _ done: String) throws {
        let session = try session()
        do { try session.changePolicy(changes) } catch let refusal as PolicyRefusal {
            FileHandle.standardError.write(Data("seg: \(refusal.message)\n".utf8))
            throw ExitCode(1)
        } catch let error as EngineError {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        print(done)
    }

    /// `table.column`, checked against the database's tables.
    func column(_ text: String, in session: Session) throws -> (String, String) {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("name a column as TABLE.COLUMN (as in customers.phone), not `\(text)`")
        }
        guard let table = session.catalog.table(parts[0]) else {
            let names = session.catalog.tables.map(\.name)
            throw ValidationError("no table `\(parts[0])`" + (Suggest.closest(to: parts[0], in: names).map { ": did you mean `\($0)`?" } ?? " (tables: \(names.joined(separator: ", ")))"))
        }
        guard let column = table.column(parts[1]) ?? table.columns.first(where: { $0.name.lowercased() == parts[1].lowercased() }) else {
            let names = table.columns.map(\.name)
            throw ValidationError("table `\(table.name)` has no column `\(parts[1])`" + (Suggest.closest(to: parts[1], in: names).map { ": did you mean `\($0)`?" } ?? ""))
        }
        return (table.name, column.name)
    }
}

struct PolicyShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the policy, your standing under it, and its recent changes.")

    @Option(name: .long, help: "How many recent changes to show.")
    var history = 10

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let session = try options.session()
        let tables: [ResultTable]
        do { tables = try session.policyReport(history: history) } catch let error as EngineError {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        let printer = Printer(format: .table, colour: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        for t in tables { printer.print(.table(t)) }
    }
}

struct PolicyClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Declare a column personal or not personal (administrators), or return it to the default names.")

    enum Class: String, ExpressibleByArgument, CaseIterable {
        case personal, notPersonal = "not-personal", `default`
    }

    @Argument(help: ArgumentHelp("The column, as TABLE.COLUMN.", valueName: "table.column"))
    var column: String

    @Argument(help: "personal, not-personal, or default (the default names decide).")
    var classification: Class

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let (table, name) = try options.column(column, in: options.session())
        let personal: Bool? = classification == .default ? nil : classification == .personal
        try options.change([.classify(table: table, column: name, personal: personal)],
                           "\(table).\(name) is now \(personal.map { $0 ? "personal" : "not personal" } ?? "classified by the default names")")
    }
}

struct PolicyRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Define a role, or redefine what it may do (administrators).")

    @Argument(help: "The role's name.")
    var name: String

    @Flag(name: .long, help: "It may see personal data unmasked.")
    var reveal = false

    @Flag(name: .long, help: "Its scripts may declare personal columns `not pii` (recorded with each run).")
    var reclassify = false

    @Option(name: .customLong("server-role"), help: ArgumentHelp("PostgreSQL: members of this server role hold it (checked with the server).", valueName: "role"))
    var serverRole: String?

    @OptionGroup var options: PolicyOptions

    func validate() throws {
        guard name.range(of: #"^[A-Za-z_][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil else {
            throw ValidationError("a role's name is letters, digits, `_` and `-`, starting with a letter: not `\(name)`")
        }
    }

    func run() throws {
        try options.change([.role(name, reveal: reveal, reclassify: reclassify, serverRole: serverRole)],
                           "role \(name): may reveal \(reveal ? "yes" : "no"), may reclassify \(reclassify ? "yes" : "no")"
                           + (serverRole.map { ", held by members of server role \($0)" } ?? ""))
    }
}

struct PolicyDropRole: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop-role", abstract: "Remove a role (administrators).")
    @Argument var name: String
    @OptionGroup var options: PolicyOptions
    func run() throws { try options.change([.dropRole(name)], "dropped role \(name)") }
}

struct PolicyGrant: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant a role to users (administrators).")
    @Argument var role: String
    @Argument(help: "Operating-system users (PostgreSQL: server users).") var users: [String]
    @OptionGroup var options: PolicyOptions
    func run() throws {
        guard !users.isEmpty else { throw ValidationError("name at least one user to grant `\(role)` to") }
        try options.change(users.map { .grant(role: role, to: $0) }, "granted \(role) to \(users.joined(separator: ", "))")
    }
}

struct PolicyRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role back from users (administrators).")
    @Argument var role: String
    @Argument var users: [String]
    @OptionGroup var options: PolicyOptions
    func run() throws {
        guard !users.isEmpty else { throw ValidationError("name at least one user to revoke `\(role)` from") }
        try options.change(users.map { .revoke(role: role, from: $0) }, "revoked \(role) from \(users.joined(separator: ", "))")
    }
}

struct PolicyAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "admin", abstract: "Name or remove an administrator of the policy (administrators).")
    enum Action: String, ExpressibleByArgument, CaseIterable { case add, remove }
    @Argument var action: Action
    @Argument var user: String
    @OptionGroup var options: PolicyOptions
    func run() throws {
        try options.change([.admin(user, add: action == .add)], action == .add ? "\(user) administers the policy" : "\(user) no longer administers the policy")
    }
}
