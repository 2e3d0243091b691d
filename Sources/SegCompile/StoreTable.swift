import SegSyntax

/// Seg's own tables, described once: each engine renders them in its DDL
/// (`StoreConnection.storeCreate`). Their names are `StoreNames`, which the compiled SQL of
/// `in list` reads too.
package struct StoreTable: Sendable {
    package typealias ColumnType = SegCompile.ColumnType

    package struct Column: Sendable {
        package var name: String
        package var type: ColumnType
        package var notNull = false
        package init(name: String, type: ColumnType, notNull: Bool = false) {
            self.name = name
            self.type = type
            self.notNull = notNull
        }
    }

    package var name: String
    package var columns: [Column]
    package var primaryKey: [String] = []
    /// One index beside the primary key: (its name, its columns).
    package var index: (name: String, columns: [String])?
    /// Rows once written are never changed: engines with triggers refuse any update, delete
    /// or truncate with this message.
    package var immutable: String?

    package init(name: String, columns: [Column], primaryKey: [String] = [], index: (name: String, columns: [String])? = nil, immutable: String? = nil) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.index = index
        self.immutable = immutable
    }

    package static let lists = StoreTable(
        name: StoreNames.lists,
        columns: [.init(name: "name", type: .text, notNull: true), .init(name: "version", type: .integer, notNull: true),
                  .init(name: "created_at", type: .text, notNull: true), .init(name: "members", type: .integer, notNull: true),
                  .init(name: "script", type: .text), .init(name: "script_version", type: .text), .init(name: "as_of", type: .text),
                  .init(name: "columns", type: .text), .init(name: "campaign", type: .text), .init(name: "script_sha256", type: .text),
                  .init(name: "params", type: .text), .init(name: "engine", type: .text), .init(name: "role", type: .text),
                  .init(name: "masked", type: .integer), .init(name: "key_type", type: .text),
                  .init(name: "masked_columns", type: .text), .init(name: "revealed_columns", type: .text),
                  // What `seg replay` needs: every text the run read (`RunSources`, JSON) and
                  // the data version it read (nil where the engine cannot tell).
                  .init(name: "sources", type: .text), .init(name: "data_version", type: .text),
                  // Who ran it (`PolicyStore.user`) and the personal columns its script declared
                  // `not pii` under a role that may reclassify.
                  .init(name: "run_user", type: .text), .init(name: "reclassified_columns", type: .text)],
        primaryKey: ["name", "version"], immutable: "list versions are immutable")

    package static let members = StoreTable(
        name: StoreNames.members,
        columns: [.init(name: "name", type: .text, notNull: true), .init(name: "version", type: .integer, notNull: true),
                  .init(name: "member_key", type: .key, notNull: true), .init(name: "data", type: .text),
                  .init(name: "grp", type: .text), .init(name: "rnk", type: .integer)],
        primaryKey: ["name", "version", "member_key"], immutable: "list versions are immutable")

    package static let exclusions = StoreTable(
        name: StoreNames.exclusions,
        columns: [.init(name: "name", type: .text, notNull: true), .init(name: "version", type: .integer, notNull: true),
                  .init(name: "member_key", type: .key, notNull: true), .init(name: "reason", type: .text, notNull: true)],
        primaryKey: ["name", "version", "member_key"], immutable: "list versions are immutable")

    /// Planned contacts: appended by each campaign run, read by caps and exclusions.
    package static let contacts = StoreTable(
        name: StoreNames.contacts,
        columns: [.init(name: "campaign", type: .text, notNull: true), .init(name: "list", type: .text, notNull: true),
                  .init(name: "version", type: .integer, notNull: true), .init(name: "member_key", type: .key, notNull: true),
                  .init(name: "channel", type: .text), .init(name: "contact_date", type: .text, notNull: true)],
        index: (StoreNames.contacts + "_key", ["member_key", "contact_date"]))

    /// The ledger: one row per `seg run`, append-only.
    package static let runs = StoreTable(
        name: StoreNames.runs,
        columns: [.init(name: "run_id", type: .serial), .init(name: "started_at", type: .text, notNull: true),
                  .init(name: "finished_at", type: .text, notNull: true), .init(name: "scripts", type: .text, notNull: true),
                  .init(name: "script_sha256", type: .text, notNull: true), .init(name: "script_version", type: .text),
                  .init(name: "git_commit", type: .text), .init(name: "git_dirty", type: .integer), .init(name: "params", type: .text),
                  .init(name: "as_of", type: .text), .init(name: "engine", type: .text), .init(name: "role", type: .text),
                  .init(name: "unmasked", type: .integer), .init(name: "status", type: .text, notNull: true),
                  .init(name: "detail", type: .text), .init(name: "wrote", type: .text),
                  .init(name: "masked_columns", type: .text), .init(name: "revealed_columns", type: .text),
                  .init(name: "sources", type: .text), .init(name: "data_version", type: .text),
                  // A digest of what the run printed, for `seg replay --run`.
                  .init(name: "outputs_sha256", type: .text),
                  .init(name: "run_user", type: .text), .init(name: "reclassified_columns", type: .text)],
        primaryKey: ["run_id"], immutable: "the ledger is append-only")

    /// The text of every script and module a run read, once per distinct text (by SHA-256),
    /// so a list can be replayed from the very text that made it (`seg replay`).
    package static let texts = StoreTable(
        name: StoreNames.texts,
        columns: [.init(name: "sha256", type: .text, notNull: true), .init(name: "text", type: .text, notNull: true)],
        primaryKey: ["sha256"], immutable: "kept texts are immutable")

    /// The commit protocol's journal (RunJournal): rows come and go.
    package static let journal = StoreTable(
        name: StoreNames.journal,
        columns: [.init(name: "run_id", type: .text, notNull: true), .init(name: "host", type: .text, notNull: true),
                  .init(name: "pid", type: .integer, notNull: true), .init(name: "started_at", type: .text, notNull: true),
                  .init(name: "state", type: .text, notNull: true), .init(name: "files", type: .text, notNull: true),
                  .init(name: "process_start", type: .text),
                  // When the run committed (seconds since 1970, this machine's clock): recovery
                  // never puts its files over ones a later run put in place since.
                  .init(name: "committed_at", type: .text)],
        primaryKey: ["run_id"])

    /// Every table of the list store, in the order they are created.
    package static let listStore = [lists, members, exclusions, contacts, texts]
}
