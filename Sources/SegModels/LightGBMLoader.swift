import Foundation

/// LightGBM's text model (`booster.save_model("m.txt")`): a header of `key=value` lines,
/// then blocks `Tree=i` of `key=value` lines, then `end of trees`.
///
/// - `objective=binary sigmoid:S` scores `1/(1+exp(−S·raw))`; `objective=regression` is raw.
/// - `feature_names=a b c`; per tree `split_feature`, `threshold`, `decision_type`,
///   `left_child`/`right_child` (a negative child `c` is leaf `~c`), `leaf_value`,
///   `internal_count`/`leaf_count` (covers, for TreeSHAP), `num_cat` (categorical splits).
/// - `decision_type` bits: 1 categorical, 2 default left, bits 2–3 the missing type
///   (0 none, 1 zero, 2 NaN). A row goes left when `x <= threshold` (see `Tree.Split`).
/// - The average start score is already folded into the first tree's leaves.
enum LightGBMLoader {
    static func load(_ data: Data, path: String) throws(ModelError) -> Model {
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("end of trees") else {
            throw ModelError(path, "a LightGBM model must end its trees with `end of trees` (truncated?)")
        }
        var header: [String: String] = [:]
        var blocks: [[String: String]] = []
        var current: [String: String]?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "end of trees" { break }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
            if key == "Tree" {
                if let c = current { blocks.append(c) }
                current = [:]
            } else if current != nil {
                current![key] = value
            } else {
                header[key] = value
            }
        }
        if let c = current { blocks.append(c) }
        guard header["version"] != nil || header["objective"] != nil else { throw ModelError(path, "not a LightGBM model (no header)") }
        if let k = Int(header["num_class"] ?? "1"), k > 1 {
            throw ModelError(path, "a multi-class LightGBM model (\(k) classes): Seg scores binary and regression models")
        }
        let objective = header["objective"] ?? "regression"
        let name = objective.split(separator: " ").first.map(String.init) ?? ""
        var link = Model.Link.identity
        var scale = 1.0
        switch name {
        case "binary":
            link = .logistic
            if let s = objective.split(separator: " ").first(where: { $0.hasPrefix("sigmoid:") }) { scale = Double(s.dropFirst(8)) ?? 1 }
        case "regression", "regression_l2", "l2", "mean_squared_error", "mse": link = .identity
        default: throw ModelError(path, "LightGBM objective `\(name)` is not supported (binary, regression)")
        }
        let width = (Int(header["max_feature_idx"] ?? "") ?? -1) + 1
        var features = (header["feature_names"] ?? "").split(separator: " ").map(String.init)
        if features.isEmpty { features = (0..<width).map { "Column_\($0)" } }

        var trees: [Tree] = []
        for (i, b) in blocks.enumerated() {
            func ints(_ k: String) -> [Int] { (b[k] ?? "").split(separator: " ").compactMap { Int($0) } }
            func doubles(_ k: String) -> [Double] { (b[k] ?? "").split(separator: " ").compactMap { Double($0) } }
            guard let leaves = Int(b["num_leaves"] ?? "") , leaves >= 1 else { throw ModelError(path, "tree \(i) has no `num_leaves` (cut in the middle?)") }
            if (Int(b["num_cat"] ?? "0") ?? 0) > 0 { throw ModelError(path, "tree \(i) has categorical splits, which Seg does not read") }
            let leafValue = doubles("leaf_value")
            guard leafValue.count == leaves else { throw ModelError(path, "tree \(i) is incomplete (cut in the middle?)") }
            let inner = leaves - 1
            let feature = ints("split_feature"), threshold = doubles("threshold"), decision = ints("decision_type")
            let left = ints("left_child"), right = ints("right_child")
            var internalCount = doubles("internal_count"), leafCount = doubles("leaf_count")
            if internalCount.count != inner { internalCount = doubles("internal_weight") }
            if leafCount.count != leaves { leafCount = doubles("leaf_weight") }
            guard [feature.count, threshold.count, decision.count, left.count, right.count].allSatisfy({ $0 == inner }),
                  internalCount.count == inner, leafCount.count == leaves else {
                throw ModelError(path, "tree \(i) is incomplete (cut in the middle?)")
            }
            var tree = Tree()
            func node(_ c: Int) -> Int { c >= 0 ? c : inner + ~c }
            for n in 0..<inner {
                guard feature[n] < features.count, node(left[n]) < inner + leaves, node(right[n]) < inner + leaves else {
                    throw ModelError(path, "tree \(i) points outside itself")
                }
                if decision[n] & 1 != 0 { throw ModelError(path, "tree \(i) has categorical splits, which Seg does not read") }
                let missing: Tree.LightGBMMissing = [.none, .zero, .nan][min((decision[n] >> 2) & 3, 2)]
                tree.feature.append(feature[n])
                tree.threshold.append(threshold[n])
                tree.left.append(node(left[n]))
                tree.right.append(node(right[n]))
                tree.defaultLeft.append(decision[n] & 2 != 0)
                tree.split.append(.lessEqual(missing: missing))
                tree.value.append(0)
                tree.cover.append(internalCount[n])
            }
            for l in 0..<leaves {
                tree.feature.append(-1)
                tree.threshold.append(0)
                tree.left.append(-1)
                tree.right.append(-1)
                tree.defaultLeft.append(false)
                tree.split.append(.lessEqual(missing: .none))
                tree.value.append(leafValue[l] * scale)
                tree.cover.append(leafCount[l])
            }
            trees.append(tree)
        }
        guard !trees.isEmpty else { throw ModelError(path, "a LightGBM model with no trees") }
        return Model(features: features, shape: .trees(TreeEnsemble(trees: trees, baseMargin: 0)), format: .lightgbm, link: link, path: path)
    }
}
