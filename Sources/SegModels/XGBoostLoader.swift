import Foundation

/// XGBoost's JSON model (`booster.save_model("m.json")`), as its documentation's schema
/// (doc/model.schema) describes it:
///
/// - `learner.learner_model_param.base_score`: the start value, a number written as a string,
///   bracketed in XGBoost ≥ 2 (`"[4.95E-1]"`). For logistic objectives it is a probability,
///   so the start margin is its logit.
/// - `learner.objective.name`: `binary:logistic` and `reg:logistic` (logistic link) and
///   `reg:squarederror` (identity) are read; others are refused by name.
/// - `learner.feature_names`: the features, in column order (`f0`, `f1`, … when absent).
/// - `learner.gradient_booster.model.trees[]`: per tree, parallel arrays over nodes —
///   `left_children`/`right_children` (−1 at a leaf), `split_indices` (the feature),
///   `split_conditions` (the threshold; at a leaf, the leaf's value), `default_left`
///   (where a missing value goes), `split_type` (0 numeric, 1 categorical) and
///   `sum_hessian` (each node's cover, for TreeSHAP).
/// - A row goes left when `float(x) < float(split_condition)`: XGBoost compares in float32.
enum XGBoostLoader {
    static func load(_ data: Data, path: String) throws(ModelError) -> Model {
        let root: [String: Any]
        do {
            guard let r = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw ModelError(path, "") }
            root = r
        } catch {
            throw ModelError(path, "not valid JSON (truncated or damaged?)")
        }
        guard let learner = root["learner"] as? [String: Any],
              let booster = learner["gradient_booster"] as? [String: Any] else {
            throw ModelError(path, "JSON, but not an XGBoost model (no `learner.gradient_booster`)")
        }
        let boosterName = booster["name"] as? String ?? "gbtree"
        guard boosterName == "gbtree" else { throw ModelError(path, "XGBoost booster `\(boosterName)` is not supported (only gbtree)") }
        guard let model = booster["model"] as? [String: Any], let trees = model["trees"] as? [[String: Any]] else {
            throw ModelError(path, "XGBoost model without trees")
        }
        let params = learner["learner_model_param"] as? [String: Any] ?? [:]
        if let classes = number(params["num_class"]), classes > 1 {
            throw ModelError(path, "a multi-class XGBoost model (\(Int(classes)) classes): Seg scores binary and regression models")
        }
        let objective = (learner["objective"] as? [String: Any])?["name"] as? String ?? "reg:squarederror"
        let link: Model.Link
        switch objective {
        case "binary:logistic", "reg:logistic": link = .logistic
        case "reg:squarederror", "reg:linear": link = .identity
        default: throw ModelError(path, "XGBoost objective `\(objective)` is not supported (binary:logistic, reg:logistic, reg:squarederror)")
        }
        guard let base = number(params["base_score"]) else { throw ModelError(path, "XGBoost model without a readable base_score") }
        if link == .logistic, !(base > 0 && base < 1) { throw ModelError(path, "base_score \(base) is not a probability") }
        let baseMargin = link == .logistic ? log(base / (1 - base)) : base
        let width = Int(number(params["num_feature"]) ?? 0)
        var features = learner["feature_names"] as? [String] ?? []
        if features.isEmpty { features = (0..<width).map { "f\($0)" } }

        var parsed: [Tree] = []
        for (i, t) in trees.enumerated() {
            guard let left = ints(t["left_children"]), let right = ints(t["right_children"]),
                  let index = ints(t["split_indices"]), let cond = doubles(t["split_conditions"]),
                  let defaults = ints(t["default_left"]),
                  left.count == right.count, left.count == index.count, left.count == cond.count, left.count == defaults.count, !left.isEmpty
            else { throw ModelError(path, "tree \(i) is incomplete (truncated or damaged?)") }
            if let types = ints(t["split_type"]), types.contains(1) {
                throw ModelError(path, "tree \(i) has categorical splits, which Seg does not read; train with numeric features")
            }
            let cover = doubles(t["sum_hessian"]) ?? Array(repeating: 1, count: left.count)
            var tree = Tree()
            for n in left.indices {
                let leaf = left[n] < 0
                if !leaf {
                    guard left[n] < left.count, right[n] < left.count, right[n] >= 0 else { throw ModelError(path, "tree \(i) points outside itself") }
                    if index[n] >= features.count { throw ModelError(path, "tree \(i) splits on feature \(index[n]), beyond the \(features.count) the model names") }
                }
                tree.feature.append(leaf ? -1 : index[n])
                tree.threshold.append(leaf ? 0 : cond[n])
                tree.left.append(left[n])
                tree.right.append(right[n])
                tree.defaultLeft.append(defaults[n] != 0)
                tree.split.append(.float32Less)
                tree.value.append(leaf ? cond[n] : 0)
                tree.cover.append(n < cover.count ? cover[n] : 1)
            }
            parsed.append(tree)
        }
        return Model(features: features, shape: .trees(TreeEnsemble(trees: parsed, baseMargin: baseMargin)), format: .xgboost, link: link, path: path)
    }

    /// A number, or a number in a string (`"0.5"`, `"[5E-1]"`).
    static func number(_ v: Any?) -> Double? {
        if let d = v as? Double { return d }
        if let n = v as? NSNumber { return n.doubleValue }
        if let s = v as? String { return Double(s.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))) }
        return nil
    }
    static func ints(_ v: Any?) -> [Int]? {
        guard let a = v as? [Any] else { return nil }
        let out = a.compactMap { x -> Int? in
            if let b = x as? Bool { return b ? 1 : 0 }
            return number(x).map { Int($0) }
        }
        return out.count == a.count ? out : nil
    }
    static func doubles(_ v: Any?) -> [Double]? {
        guard let a = v as? [Any] else { return nil }
        let out = a.compactMap(number)
        return out.count == a.count ? out : nil
    }
}
