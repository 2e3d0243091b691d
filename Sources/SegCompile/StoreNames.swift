/// The names of Seg's own tables and of the columns the compiled SQL reads from them (`in
/// list`, a list's `group` and `rank`). SegEngine's `StoreTable` describes the tables with these
/// names; nothing else spells them (SQL text interpolates them, `\(raw: StoreNames.lists)`).
public enum StoreNames {
    public static let lists = "seg_lists"
    public static let members = "seg_list_members"
    public static let exclusions = "seg_list_exclusions"
    public static let contacts = "seg_contacts"
    public static let runs = "seg_runs"
    public static let journal = "seg_journal"
    public static let texts = "seg_texts"
    public static let policy = "seg_policy"
    public static let tagTables = "seg_tag_tables"
    /// The database's declared reference date (`seg demo` writes it).
    public static let settings = "seg_settings"

    public static let name = "name"
    public static let version = "version"
    public static let memberKey = "member_key"
    public static let group = "grp"
    public static let rank = "rnk"
}

/// The list versions a replay counts (`seg replay`): those saved at or before `savedBy` (the
/// replayed version's `created_at`), and those the replay itself saves (at or after
/// `replayStarted`) — the store as the replayed run found it, for `in list L` (its latest
/// version then) and other campaigns' planned contacts.
public struct StoreCutoff: Sendable, Equatable {
    public var savedBy: String
    public var replayStarted: String
    public init(savedBy: String, replayStarted: String) {
        self.savedBy = savedBy
        self.replayStarted = replayStarted
    }
}
