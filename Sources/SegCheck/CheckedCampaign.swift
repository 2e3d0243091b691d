import SegSyntax

/// A checked `campaign` block: who is targeted, who is left out and why, how the list is
/// cut and ranked, and where it goes. The runner applies the steps in the order below,
/// which is also the order of the reasons a customer is left out.
public struct CheckedCampaign: Sendable, Equatable {
    /// A reason to leave a customer out: `exclude S`, `exclude in list L`, `exclude contacted …`.
    public struct Exclusion: Sendable, Equatable {
        /// How the reason reads: `excluded: do_not_disturb`.
        public var reason: String
        public var condition: TypedExpr
        /// For `exclude contacted`: the channel and days, so contacts Seg planned itself count too.
        public var contacts: ContactWindow?
    }
    /// Contacts of one channel (or any) in the last `amount` `unit`s up to `as_of`.
    public struct ContactWindow: Sendable, Equatable {
        public var channel: String?
        public var amount: Int
        public var unit: DurationUnit
        public var text: String { "\(amount)\(unit == .days ? "d" : " " + unit.rawValue)" }
    }
    /// `cap K contacts [via C] per N days`: kept only if recent contacts + this one ≤ K.
    public struct Cap: Sendable, Equatable {
        public var most: Int
        public var window: ContactWindow
        /// The customer's contacts in the window, from the contacts relation.
        public var recent: TypedExpr
        public var reason: String { "cap: \(most)/\(window.text)" + (window.channel.map { " via \($0)" } ?? "") }
    }
    public struct Holdout: Sendable, Equatable {
        /// Buckets below this are held out: P% × 100.
        public var buckets: Int
        public var seed: String
        public init(buckets: Int, seed: String) {
            self.buckets = buckets
            self.seed = seed
        }
    }
    public struct LimitPer: Sendable, Equatable {
        public var most: Int
        public var field: OutputColumn
    }

    public var name: String
    public var priority: Int
    public var target: TypedExpr
    public var targetText: String
    public var exclusions: [Exclusion]
    /// Every `cap` line (overall, per channel): a customer is kept only if each holds.
    public var caps: [Cap]
    public var holdout: Holdout?
    public var rankBy: TypedExpr?
    /// `churn_risk desc`, as written.
    public var rankText: String
    public var descending: Bool
    public var limitsPer: [LimitPer]
    public var limit: Int?
    public var channel: String?
    /// Each channel name as written (`via C`, `channel C`), for a message at the word.
    public var channelsWritten: [Written] = []
    public struct Written: Sendable, Equatable {
        public var name: String
        public var span: Span
    }
    /// The list the campaign writes (its own name unless `export to list NAME`).
    public var listName: String
    /// Where else the list goes (`export to csv …`); nil for the list only.
    public var destination: ExportDestination?
    /// Columns of the export; `group` and `rank` are filled in by the runner.
    public var columns: [OutputColumn]
    public var span: Span

    /// Labels of the columns the runner fills itself.
    public static let groupColumn = "group", rankColumn = "rank"
}
