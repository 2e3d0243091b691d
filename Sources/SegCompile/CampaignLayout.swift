import SegSyntax
import SegCheck

/// The columns of a campaign's candidate query, in a fixed order the runner reads by position:
/// key, in-target, one flag per exclusion, recent contacts for the cap, the rank value,
/// one value per `limit … per`, then the export columns (without `group` and `rank`).
public struct CampaignLayout: Sendable {
    public var columns: [OutputColumn] = []
    public let target = 1
    public let exclusions: Range<Int>
    /// One column per cap: the customer's contacts in its window.
    public let caps: Range<Int>
    public let rank: Int?
    public let limitsPer: Range<Int>
    /// Where each export column is read from: a query column, or nil for `group`/`rank`.
    public let exports: [Int?]

    public init(_ c: CheckedCampaign, key: OutputColumn) {
        func flag(_ label: String, _ e: TypedExpr) -> OutputColumn { OutputColumn(label: label, expr: e) }
        columns = [key, flag("seg_target", .constant(.bool(true), .none))]
        let e0 = columns.count
        columns += c.exclusions.map { flag("seg_exclude", $0.condition) }
        exclusions = e0..<columns.count
        let c0 = columns.count
        columns += c.caps.map { flag("seg_recent", $0.recent) }
        caps = c0..<columns.count
        if let r = c.rankBy { rank = columns.count; columns.append(flag("seg_rank", r)) } else { rank = nil }
        let l0 = columns.count
        columns += c.limitsPer.map(\.field)
        limitsPer = l0..<columns.count
        var exports: [Int?] = []
        for col in c.columns {
            if col.label == CheckedCampaign.groupColumn || col.label == CheckedCampaign.rankColumn, case .literal = col.expr.kind {
                exports.append(nil)
            } else if col.label == key.label, case .field = col.expr.kind {
                exports.append(0)
            } else {
                exports.append(columns.count)
                columns.append(col)
            }
        }
        self.exports = exports
    }
}
