import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Who a campaign contacts, who is held out, and why everyone else is left out
/// (LANGUAGE.md §3 "Campaigns"). Pure: rows in, assignment out; the same on every engine.
///
/// The steps, in order, each giving the reason for those it drops:
/// 1. the target; 2. each `exclude`, in the order written; 3. a higher-priority campaign of the
/// same run (`lost to campaign X`); 4. the contact cap; 5. `rank by` (missing values last,
/// ties by key); 6. walking in rank order, `limit … per FIELD` and `limit N` count the
/// treatment group only, and a customer whose bucket is under the holdout share joins the
/// holdout without using up a place — so treatment and holdout come from the same ranks
/// and the treatment group is exactly the contacts the limits allow.
struct CampaignAssignment {
    enum Outcome: Equatable {
        case member(group: String, rank: Int)
        case left(String)
    }
    /// Members in rank order: key, group, rank, the query row.
    var members: [(key: Value, group: String, rank: Int, row: [Value])] = []
    /// Target members left out, with their reason, in key order.
    var reasons: [(Value, String)] = []
    var outcomes: [Value: Outcome] = [:]
    var targetCount = 0
    /// Per customer: the bucket, the rank value, the contacts counted for the cap.
    var details: [Value: (bucket: Int?, recent: [Int]?)] = [:]

    static let treatment = "treatment", holdout = "holdout"

    /// - Parameters:
    ///   - rows: the candidate query's rows (CampaignLayout), in key order.
    ///   - planned: contacts Seg planned for other campaigns, per exclusion/cap window.
    ///   - taken: customers already given to a higher-priority campaign of this run.
    init(_ c: CheckedCampaign, layout: CampaignLayout, rows: [[Value]],
         plannedForExclusion: [Int: [Value: Int]], plannedForCaps: [[Value: Int]], taken: [Value: String]) {
        var eligible: [(Int, [Value])] = []
        for (position, row) in rows.enumerated() {
            guard Self.truthy(row[layout.target]) else { continue }
            targetCount += 1
            let key = row[0]
            var reason: String?
            for (i, column) in layout.exclusions.enumerated() {
                if Self.truthy(row[column]) || (plannedForExclusion[i]?[key] ?? 0) > 0 { reason = c.exclusions[i].reason; break }
            }
            if reason == nil, let winner = taken[key] { reason = "lost to campaign \(winner)" }
            if reason == nil, !c.caps.isEmpty {
                // Every cap must hold: the first that does not is the reason.
                let recents = c.caps.indices.map { i in
                    Int(row[layout.caps.lowerBound + i].double ?? 0) + (plannedForCaps.indices.contains(i) ? plannedForCaps[i][key] ?? 0 : 0)
                }
                details[key, default: (nil, nil)].recent = recents
                if let i = c.caps.indices.first(where: { recents[$0] + 1 > c.caps[$0].most }) { reason = c.caps[i].reason }
            }
            if let reason {
                reasons.append((key, reason))
                outcomes[key] = .left(reason)
            } else {
                eligible.append((position, row))
            }
        }
        if let r = layout.rank {
            // Stable: equal values keep key order. Missing values go last either way.
            eligible.sort { a, b in
                let x = a.1[r], y = b.1[r]
                if x.isNull || y.isNull { return !x.isNull && y.isNull }
                let less = Self.less(x, y), greater = Self.less(y, x)
                if !less && !greater { return a.0 < b.0 }
                return c.descending ? greater : less
            }
        }
        var perCount: [[Value: Int]] = Array(repeating: [:], count: c.limitsPer.count)
        var treated = 0
        var rank = 0
        for (_, row) in eligible {
            let key = row[0]
            var reason: String?
            for (i, column) in layout.limitsPer.enumerated() where perCount[i][row[column], default: 0] >= c.limitsPer[i].most {
                reason = "limit per \(c.limitsPer[i].field.label)"
                break
            }
            if reason == nil, let limit = c.limit, treated >= limit { reason = "limit" }
            if let reason {
                reasons.append((key, reason))
                outcomes[key] = .left(reason)
                continue
            }
            var group = Self.treatment
            if let h = c.holdout, let text = Buckets.keyText(key) {
                let bucket = Buckets.bucket(seed: h.seed, key: text)
                details[key, default: (nil, nil)].bucket = bucket
                if bucket < h.buckets { group = Self.holdout }
            }
            if group == Self.treatment {
                treated += 1
                for (i, column) in layout.limitsPer.enumerated() { perCount[i][row[column], default: 0] += 1 }
            }
            rank += 1
            members.append((key, group, rank, row))
            outcomes[key] = .member(group: group, rank: rank)
        }
        // Reasons are kept in key order, whatever step gave them.
        let order = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($0.element[0], $0.offset) })
        reasons.sort { (order[$0.0] ?? 0) < (order[$1.0] ?? 0) }
    }

    static func truthy(_ v: Value) -> Bool {
        switch v {
        case .integer(let i): return i != 0
        case .real(let d): return d != 0
        case .text(let s): return ["1", "true", "t"].contains(s.lowercased())
        case .null: return false
        }
    }

    static func less(_ a: Value, _ b: Value) -> Bool {
        if let x = a.double, let y = b.double, !(isText(a) && isText(b)) { return x < y }
        return (Buckets.keyText(a) ?? "") < (Buckets.keyText(b) ?? "")
    }

    static func isText(_ v: Value) -> Bool { if case .text = v { return true } else { return false } }
}
