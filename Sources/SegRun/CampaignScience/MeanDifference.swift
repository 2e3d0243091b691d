import Foundation

/// Treatment against holdout on a number per customer: the difference in means with a
/// Welch interval (unequal variances, Welch–Satterthwaite degrees of freedom) and, with a
/// covariate measured before the contact, the CUPED estimate.
public struct MeanDifference: Sendable, Equatable {
    public var treated: Int, treatedMean: Double, treatedVariance: Double
    public var held: Int, heldMean: Double, heldVariance: Double

    /// From each group's values; nil unless each group has two or more.
    public init?(treated t: [Double], held h: [Double]) {
        guard t.count >= 2, h.count >= 2 else { return nil }
        (treated, treatedMean, treatedVariance) = (t.count, Self.mean(t), Self.variance(t))
        (held, heldMean, heldVariance) = (h.count, Self.mean(h), Self.variance(h))
    }

    public var difference: Double { treatedMean - heldMean }
    /// √(s₁²/n₁ + s₀²/n₀)
    public var standardError: Double { (treatedVariance / Double(treated) + heldVariance / Double(held)).squareRoot() }
    /// Welch–Satterthwaite: (s₁²/n₁ + s₀²/n₀)² / ((s₁²/n₁)²/(n₁−1) + (s₀²/n₀)²/(n₀−1)).
    public var degreesOfFreedom: Double? {
        let a = treatedVariance / Double(treated), b = heldVariance / Double(held)
        let below = a * a / Double(treated - 1) + b * b / Double(held - 1)
        return below > 0 ? (a + b) * (a + b) / below : nil
    }
    public var t: Double? { standardError > 0 ? difference / standardError : nil }
    /// Two-sided, from Student's t with the Welch degrees of freedom.
    public var pValue: Double? {
        guard let t, let df = degreesOfFreedom else { return nil }
        return 2 * Distributions.studentCDF(-abs(t), df: df)
    }
    /// The 95% interval (or `level`): difference ± t(1 − α/2, df) × standard error.
    public func interval(level: Double = 0.95) -> (low: Double, high: Double)? {
        guard let df = degreesOfFreedom else { return nil }
        let q = Distributions.studentQuantile(1 - (1 - level) / 2, df: df)
        return (difference - q * standardError, difference + q * standardError)
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    /// The sample variance (n − 1), in two passes for accuracy on large balances.
    static func variance(_ x: [Double]) -> Double {
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }
}

/// CUPED (Deng et al. 2013): Y − θ(X − X̄) with θ = cov(X, Y) / var(X) over every customer of
/// both groups, so the adjustment is the same for both and the estimate stays unbiased; its
/// variance shrinks by the share of Y's variance the pre-contact X explains.
public struct CUPED: Sendable, Equatable {
    public var theta: Double
    public var adjusted: MeanDifference
    /// 1 − (adjusted standard error / plain standard error)²: the share of the estimate's
    /// variance the covariate removed.
    public var varianceReduction: Double

    public init?(outcome y: [Double], covariate x: [Double], treated: [Bool], plain: MeanDifference) {
        guard y.count == x.count, y.count == treated.count, y.count >= 2 else { return nil }
        let mx = MeanDifference.mean(x), my = MeanDifference.mean(y)
        var sxy = 0.0, sxx = 0.0
        for i in y.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        // A covariate that never varies explains nothing: θ = 0, the plain estimate.
        theta = sxx > 0 ? sxy / sxx : 0
        var t: [Double] = [], h: [Double] = []
        for i in y.indices {
            let v = y[i] - theta * (x[i] - mx)
            if treated[i] { t.append(v) } else { h.append(v) }
        }
        guard let a = MeanDifference(treated: t, held: h) else { return nil }
        adjusted = a
        let plainSE = plain.standardError
        varianceReduction = plainSE > 0 ? 1 - (a.standardError * a.standardError) / (plainSE * plainSE) : 0
    }
}
