import Foundation
import SegEngine
import SegStore
import SegMemory

/// Treatment against holdout: response rates, lift, absolute uplift with a 95% confidence
/// interval (unpooled Wald) and the two-sided p-value of a pooled two-proportion z-test.
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

    /// 95% interval of the uplift: ± 1.96 × √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀).
    public var upliftInterval: (low: Double, high: Double)? {
        guard let t = treatedRate, let h = heldRate, let u = uplift else { return nil }
        let se = (t * (1 - t) / Double(treated) + h * (1 - h) / Double(held)).squareRoot()
        return (u - 1.959963984540054 * se, u + 1.959963984540054 * se)
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
