import Foundation
import SegEngine
import SegStore
import SegMemory

/// Treatment against holdout: response rates, lift, absolute uplift with a 95% confidence
/// interval (Newcombe's hybrid score interval, from each group's Wilson interval: it stays
/// honest at 0% and 100% and in small groups, where the Wald interval collapses to a point)
/// and the two-sided p-value of a pooled two-proportion z-test.
public struct CampaignEvaluation: Sendable, Equatable {
    public var treated: Int, treatedResponders: Int
    public var held: Int, heldResponders: Int

    public init(treated: Int, treatedResponders: Int, held: Int, heldResponders: Int) {
        self.treated = treated
        self.treatedResponders = treatedResponders
        self.held = held
        self.heldResponders = heldResponders
    }

    public var treatedRate: Double? { treated > 0 ? Double(treatedResponders) / Double(treated) : nil }
    public var heldRate: Double? { held > 0 ? Double(heldResponders) / Double(held) : nil }

    /// Treatment rate over holdout rate; missing when the holdout never responded.
    public var lift: Double? {
        guard let t = treatedRate, let h = heldRate, h > 0 else { return nil }
        return t / h
    }

    /// Treatment rate minus holdout rate.
    public var uplift: Double? {
        guard let t = treatedRate, let h = heldRate else { return nil }
        return t - h
    }

    /// 95% interval of the uplift (Newcombe 1998, method 10; statsmodels'
    /// `confint_proportions_2indep(method="newcomb")`): with (l, u) each rate's Wilson interval,
    /// d − √((p₁−l₁)² + (u₀−p₀)²) to d + √((u₁−p₁)² + (p₀−l₀)²).
    public var upliftInterval: (low: Double, high: Double)? {
        guard let t = treatedRate, let h = heldRate, let u = uplift else { return nil }
        let (l1, u1) = Self.wilson(treatedResponders, treated), (l0, u0) = Self.wilson(heldResponders, held)
        return (u - ((t - l1) * (t - l1) + (u0 - h) * (u0 - h)).squareRoot(), u + ((u1 - t) * (u1 - t) + (h - l0) * (h - l0)).squareRoot())
    }

    /// The Wilson score interval of x in n at 95%.
    static func wilson(_ x: Int, _ n: Int) -> (Double, Double) {
        let z = 1.959963984540054, n = Double(n), p = Double(x) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
        return (centre - half, centre + half)
    }

    /// z = (p₁ − p₀) / √(p(1−p)(1/n₁ + 1/n₀)) with the pooled rate p.
    public var z: Double? {
        guard let u = uplift else { return nil }
        let p = Double(treatedResponders + heldResponders) / Double(treated + held)
        let se = (p * (1 - p) * (1 / Double(treated) + 1 / Double(held))).squareRoot()
        return se > 0 ? u / se : nil
    }

    /// Two-sided: P(|Z| ≥ |z|) = erfc(|z| / √2).
    public var pValue: Double? { z.map { erfc(abs($0) / 2.0.squareRoot()) } }
}
