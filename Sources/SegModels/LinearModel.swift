import Foundation

/// Logistic and linear regression in Seg's own small JSON format:
///
///     {
///       "format": "seg-linear",
///       "link": "logistic",                       // or "identity"; default logistic
///       "intercept": -2.1,
///       "coefficients": { "age": 0.021, "aum": -1.3e-6 },
///       "means": { "age": 41.5, "aum": 380000 }   // optional: for reasons, and for missing values
///     }
///
/// margin = intercept + Σ coefficient × x. A missing x counts as its mean (0 without one),
/// so it adds nothing to the reasons.
public struct LinearModel: Sendable, Equatable {
    public var intercept: Double
    public var coefficients: [Double]
    public var means: [Double]

    public func margin(_ x: [Double?]) -> Double {
        var m = intercept
        for i in coefficients.indices { m += coefficients[i] * ((i < x.count ? x[i] : nil) ?? means[i]) }
        return m
    }

    /// coefficient × (x − mean), and the margin at the means.
    public func contributions(_ x: [Double?]) -> (perFeature: [Double], expected: Double) {
        let phi = coefficients.indices.map { i in coefficients[i] * (((i < x.count ? x[i] : nil) ?? means[i]) - means[i]) }
        return (phi, intercept + zip(coefficients, means).map(*).reduce(0, +))
    }

    static func load(_ data: Data, path: String) throws(ModelError) -> Model {
        let root: [String: Any]
        do {
            guard let r = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw ModelError(path, "") }
            root = r
        } catch {
            throw ModelError(path, "not valid JSON (truncated or damaged?)")
        }
        guard let coefficients = root["coefficients"] as? [String: Any], !coefficients.isEmpty else {
            throw ModelError(path, "a linear model needs `coefficients` by feature name")
        }
        let names = coefficients.keys.sorted()
        var coef: [Double] = []
        for n in names {
            guard let v = XGBoostLoader.number(coefficients[n]) else { throw ModelError(path, "the coefficient of `\(n)` is not a number") }
            coef.append(v)
        }
        let meansTable = root["means"] as? [String: Any] ?? [:]
        let means = names.map { XGBoostLoader.number(meansTable[$0]) ?? 0 }
        let linkName = root["link"] as? String ?? "logistic"
        guard let link = Model.Link(rawValue: linkName) else { throw ModelError(path, "link `\(linkName)` is not logistic or identity") }
        let intercept = XGBoostLoader.number(root["intercept"]) ?? 0
        return Model(features: names, shape: .linear(LinearModel(intercept: intercept, coefficients: coef, means: means)),
                     format: .linear, link: link, path: path)
    }
}

