import Foundation

/// How big a holdout must be, before launch: the power of the two-sided test of treatment
/// against holdout as statsmodels' NormalIndPower computes it, on Cohen's h for a response
/// rate (2·asin√p₁ − 2·asin√p₀) and on d = uplift / σ for a measure.
public enum CampaignPower {
    /// P(reject) when the standardized effect is `effect`, with n₁ treated and n₀ held out:
    /// Φ(d·√n − z) + Φ(−d·√n − z), n = 1/(1/n₁ + 1/n₀), z = Φ⁻¹(1 − α/2).
    public static func power(effect: Double, treated: Double, held: Double, significance: Double) -> Double {
        let n = 1 / (1 / treated + 1 / held)
        let z = Distributions.normalQuantile(1 - significance / 2)
        return Distributions.normalCDF(effect * n.squareRoot() - z) + Distributions.normalCDF(-effect * n.squareRoot() - z)
    }

    /// The smallest standardized effect detected with the given power (bisection: power grows with it).
    public static func detectableEffect(treated: Double, held: Double, power target: Double, significance: Double) -> Double {
        var lo = 0.0, hi = 1.0
        while power(effect: hi, treated: treated, held: held, significance: significance) < target, hi < 1e6 { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if power(effect: mid, treated: treated, held: held, significance: significance) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The response rate Cohen's h above `rate` reaches: sin²(asin√p₀ + h/2), at most 1.
    public static func rate(_ rate: Double, raisedBy h: Double) -> Double {
        let angle = min(Double.pi / 2, asin(rate.squareRoot()) + h / 2)
        return sin(angle) * sin(angle)
    }

    /// Cohen's h of an absolute uplift on a rate.
    public static func effect(rate: Double, uplift: Double) -> Double {
        2 * asin(min(1, rate + uplift).squareRoot()) - 2 * asin(rate.squareRoot())
    }

    /// The smallest holdout share (of `members`, at most one half) that detects `effect` with
    /// the power asked; nil when even half is not enough. Power grows with the share up to
    /// one half, so bisection finds it.
    public static func holdoutNeeded(members: Double, effect: Double, power target: Double, significance: Double) -> Double? {
        func reached(_ s: Double) -> Bool {
            power(effect: effect, treated: members * (1 - s), held: members * s, significance: significance) >= target
        }
        guard members > 1, effect > 0, reached(0.5) else { return nil }
        var lo = 0.0, hi = 0.5
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if reached(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// Members needed with a 50% holdout, when the target is too small for any holdout.
    public static func membersNeededAtHalf(effect: Double, power target: Double, significance: Double) -> Double {
        var lo = 2.0, hi = 4.0
        while power(effect: effect, treated: hi / 2, held: hi / 2, significance: significance) < target, hi < 1e15 { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if power(effect: effect, treated: mid / 2, held: mid / 2, significance: significance) < target { lo = mid } else { hi = mid }
        }
        return hi
    }
}
