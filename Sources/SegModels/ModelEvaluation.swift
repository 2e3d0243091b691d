import Foundation

/// How well a score ranks a label (`evaluate MODEL on S against LABEL`): AUC, KS with the
/// score where it peaks, a gains table by decile, and PSI against a second population.
public struct ModelEvaluation: Sendable {
    public struct Decile: Sendable, Equatable {
        public var decile: Int
        public var customers: Int
        public var responders: Int
        public var rate: Double
        /// Share of all responders found in this decile and the ones above it.
        public var cumulativeCapture: Double
        /// This decile's rate over the overall rate.
        public var lift: Double
        public var minScore: Double
        public var maxScore: Double
    }

    public var count: Int
    public var positives: Int
    /// Area under the ROC curve: the chance a random responder outscores a random
    /// non-responder, ties counting half (Mann–Whitney).
    public var auc: Double
    /// Largest gap between the cumulative shares of responders and non-responders above a
    /// threshold, taken at the thresholds scikit-learn's `roc_curve` uses (distinct scores).
    public var ks: Double
    public var ksScore: Double
    public var deciles: [Decile]

    public init(scores: [Double], labels: [Bool]) {
        count = scores.count
        positives = labels.filter { $0 }.count
        let negatives = count - positives
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        // AUC by ranks with ties averaged.
        var rankSum = 0.0
        var i = 0
        let ascending = Array(order.reversed())
        while i < ascending.count {
            var j = i
            while j + 1 < ascending.count, scores[ascending[j + 1]] == scores[ascending[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where labels[ascending[k]] { rankSum += rank }
            i = j + 1
        }
        auc = positives > 0 && negatives > 0 ? (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives)) : .nan
        // KS over distinct thresholds, highest first.
        var tp = 0, fp = 0, best = 0.0, bestScore = scores.isEmpty ? 0 : scores[order[0]]
        i = 0
        while i < order.count {
            let s = scores[order[i]]
            while i < order.count, scores[order[i]] == s {
                if labels[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            let gap = (positives > 0 ? Double(tp) / Double(positives) : 0) - (negatives > 0 ? Double(fp) / Double(negatives) : 0)
            if gap > best { best = gap; bestScore = s }
        }
        ks = best
        ksScore = bestScore
        // Deciles: the highest scores first, as equal in size as the count allows.
        var out: [Decile] = []
        var cumulative = 0
        let overall = count > 0 ? Double(positives) / Double(count) : 0
        for d in 0..<10 where count > 0 {
            let lo = d * count / 10, hi = (d + 1) * count / 10
            guard hi > lo else { continue }
            let members = order[lo..<hi]
            let r = members.filter { labels[$0] }.count
            cumulative += r
            let rate = Double(r) / Double(hi - lo)
            out.append(Decile(decile: d + 1, customers: hi - lo, responders: r, rate: rate,
                              cumulativeCapture: positives > 0 ? Double(cumulative) / Double(positives) : 0,
                              lift: overall > 0 ? rate / overall : 0,
                              minScore: scores[members.last!], maxScore: scores[members.first!]))
        }
        deciles = out
    }

    /// Population stability index of `actual` against `expected`, over ten bins cut at the
    /// deciles of `expected`: Σ (a − e) × ln(a / e), empty bins counted as 0.0001.
    public static func psi(expected: [Double], actual: [Double]) -> Double {
        guard !expected.isEmpty, !actual.isEmpty else { return .nan }
        let sorted = expected.sorted()
        let cuts = (1..<10).map { sorted[min(sorted.count - 1, $0 * sorted.count / 10)] }
        func shares(_ xs: [Double]) -> [Double] {
            var counts = Array(repeating: 0, count: 10)
            for x in xs { counts[cuts.firstIndex { x < $0 } ?? 9] += 1 }
            return counts.map { max(Double($0) / Double(xs.count), 0.0001) }
        }
        let e = shares(expected), a = shares(actual)
        return zip(a, e).map { ($0 - $1) * log($0 / $1) }.reduce(0, +)
    }
}
