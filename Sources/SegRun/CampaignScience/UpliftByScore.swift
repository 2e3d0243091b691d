import Foundation

/// Whom a campaign moved, by score: uplift per decile with intervals, the Qini curve, its
/// normalized area and the uplift curve's (AUUC), as scikit-uplift defines them
/// (sklift.metrics: qini_auc_score with negative effects, uplift_auc_score, uplift_at_k with
/// the `overall` strategy), so an analyst's figures from Python and from Seg agree.
public struct UpliftByScore: Sendable, Equatable {
    /// One member: the score the campaign saw, the group, whether they responded.
    public struct Member: Sendable, Equatable {
        public var score: Double
        public var treated: Bool
        public var responded: Bool
        public init(score: Double, treated: Bool, responded: Bool) {
            self.score = score
            self.treated = treated
            self.responded = responded
        }
    }

    /// Counts over a run of members, best scores first.
    public struct Counts: Sendable, Equatable {
        public var treated = 0, treatedResponders = 0, held = 0, heldResponders = 0
        public var customers: Int { treated + held }
        mutating func add(_ m: Member) {
            if m.treated { treated += 1; if m.responded { treatedResponders += 1 } } else { held += 1; if m.responded { heldResponders += 1 } }
        }
        public var evaluation: CampaignEvaluation {
            CampaignEvaluation(treated: treated, treatedResponders: treatedResponders, held: held, heldResponders: heldResponders)
        }
        /// Incremental responders: treated responders less the holdout's rate scaled to the
        /// treated count (the Qini curve's height); the holdout's part is 0 without a holdout.
        public var qini: Double {
            Double(treatedResponders) - (held > 0 ? Double(heldResponders) * Double(treated) / Double(held) : 0)
        }
    }

    public struct Band: Sendable, Equatable {
        /// 1 = the highest scores.
        public var decile: Int
        public var counts: Counts
        /// The members from decile 1 to this one: uplift at the top k%, and the Qini curve there.
        public var cumulative: Counts
        public var lowestScore: Double?, highestScore: Double?
    }

    public var bands: [Band]
    /// Qini coefficient: the area between the Qini curve and the random line, over the same
    /// area for the perfect ranking (sklift.metrics.qini_auc_score, negative_effect=True).
    public var qiniAUC: Double?
    /// Normalized area under the uplift curve (sklift.metrics.uplift_auc_score).
    public var auuc: Double?
    /// The Qini curve at each distinct score (x = customers, y = incremental responders), from (0, 0).
    public var qiniCurve: [(x: Double, y: Double)]

    public static func == (a: UpliftByScore, b: UpliftByScore) -> Bool {
        a.bands == b.bands && a.qiniAUC == b.qiniAUC && a.auuc == b.auuc
            && a.qiniCurve.map(\.x) == b.qiniCurve.map(\.x) && a.qiniCurve.map(\.y) == b.qiniCurve.map(\.y)
    }

    /// `members` ordered best score first (ties in a fixed order: Seg uses the key). Decile d
    /// holds positions ⌊n(d−1)/10⌋ ..< ⌊nd/10⌋, so deciles 1…d are exactly the first ⌊nd/10⌋
    /// members, as uplift_at_k(k = d/10) counts them.
    public init(_ members: [Member], bands count: Int = 10) {
        let n = members.count
        var bands: [Band] = []
        var cumulative = Counts()
        for d in 1...count {
            let from = n * (d - 1) / count, to = n * d / count
            var c = Counts()
            for m in members[from..<to] { c.add(m); cumulative.add(m) }
            bands.append(Band(decile: d, counts: c, cumulative: cumulative,
                              lowestScore: to > from ? members[to - 1].score : nil, highestScore: to > from ? members[from].score : nil))
        }
        self.bands = bands
        qiniCurve = Self.curve(members, kind: .qini)
        let perfectQini = Self.curve(members.map { Member(score: $0.responded ? ($0.treated ? 1 : -1) : 0, treated: $0.treated, responded: $0.responded) }
                                        .sorted { $0.score > $1.score }, kind: .qini)
        qiniAUC = Self.normalizedArea(qiniCurve, perfect: perfectQini)
        // sklift's perfect uplift ranking: 2·[y = t] plus y when the holdout has more
        // responders than the treatment has non-responders, else plus t.
        let controlResponders = members.filter { !$0.treated && $0.responded }.count
        let treatedNonResponders = members.filter { $0.treated && !$0.responded }.count
        let perfectUplift = members.map { m -> Member in
            let same = m.treated == m.responded ? 2.0 : 0
            let summand = controlResponders > treatedNonResponders ? (m.responded ? 1.0 : 0) : (m.treated ? 1.0 : 0)
            return Member(score: same + summand, treated: m.treated, responded: m.responded)
        }.sorted { $0.score > $1.score }
        auuc = Self.normalizedArea(Self.curve(members, kind: .uplift), perfect: Self.curve(perfectUplift, kind: .uplift))
    }

    enum CurveKind { case qini, uplift }

    /// The curve at the end of each run of equal scores (ties move together), from (0, 0).
    static func curve(_ sorted: [Member], kind: CurveKind) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = [(0, 0)]
        var c = Counts()
        for (i, m) in sorted.enumerated() {
            c.add(m)
            guard i == sorted.count - 1 || sorted[i + 1].score != m.score else { continue }
            let y: Double
            switch kind {
            case .qini: y = c.qini
            case .uplift:
                let t = c.treated > 0 ? Double(c.treatedResponders) / Double(c.treated) : 0
                let h = c.held > 0 ? Double(c.heldResponders) / Double(c.held) : 0
                y = (t - h) * Double(i + 1)
            }
            points.append((Double(i + 1), y))
        }
        return points
    }

    /// (area − random) / (perfect area − random), the random line joining (0, 0) to the end.
    static func normalizedArea(_ actual: [(x: Double, y: Double)], perfect: [(x: Double, y: Double)]) -> Double? {
        guard let end = perfect.last, end.x > 0 else { return nil }
        let random = end.x * end.y / 2
        let best = area(perfect) - random
        guard best != 0 else { return nil }
        return (area(actual) - random) / best
    }

    static func area(_ p: [(x: Double, y: Double)]) -> Double {
        guard p.count > 1 else { return 0 }
        var a = 0.0
        for i in 1..<p.count { a += (p[i].x - p[i - 1].x) * (p[i].y + p[i - 1].y) / 2 }
        return a
    }
}
