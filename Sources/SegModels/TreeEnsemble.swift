import Foundation

/// Binary decision trees whose leaves add up to a margin (XGBoost and LightGBM both).
/// Node arrays are indexed alike; a leaf has `feature == -1`.
public struct Tree: Sendable, Equatable {
    /// How a node sends a value left, which is where the two libraries differ.
    public enum Split: Sendable, Equatable {
        /// XGBoost: `float(x) < float(threshold)`; a missing value follows `defaultLeft`.
        case float32Less
        /// LightGBM `x <= threshold`. A missing value is 0 unless the node's missing type is
        /// NaN; with missing type zero, 0 (or missing) follows `defaultLeft`, with NaN a NaN does.
        case lessEqual(missing: LightGBMMissing)
    }
    public enum LightGBMMissing: Sendable, Equatable { case none, zero, nan }

    public var feature: [Int] = []
    public var threshold: [Double] = []
    public var left: [Int] = []
    public var right: [Int] = []
    public var defaultLeft: [Bool] = []
    public var split: [Split] = []
    public var value: [Double] = []
    /// Training rows (or hessian) under each node: the weights TreeSHAP needs.
    public var cover: [Double] = []

    public init() {}

    public func isLeaf(_ n: Int) -> Bool { feature[n] < 0 }

    /// The child a value goes to.
    public func next(_ n: Int, _ x: Double?) -> Int {
        switch split[n] {
        case .float32Less:
            guard let v = x, !v.isNaN else { return defaultLeft[n] ? left[n] : right[n] }
            return Float(v) < Float(threshold[n]) ? left[n] : right[n]
        case .lessEqual(let missing):
            var v = x ?? .nan
            if v.isNaN, missing != .nan { v = 0 }
            if (missing == .zero && abs(v) <= 1e-35) || (missing == .nan && v.isNaN) {
                return defaultLeft[n] ? left[n] : right[n]
            }
            return v <= threshold[n] ? left[n] : right[n]
        }
    }

    public func leaf(_ x: [Double?]) -> Int {
        var n = 0
        while !isLeaf(n) { n = next(n, feature[n] < x.count ? x[feature[n]] : nil) }
        return n
    }
}

public struct TreeEnsemble: Sendable, Equatable {
    public var trees: [Tree]
    /// Added to the sum of the leaves (XGBoost's base score as a margin; 0 for LightGBM,
    /// whose start score is folded into its first tree).
    public var baseMargin: Double
    /// Every tree's nodes in one array, for scoring a row per call without copying trees.
    let flat: [FlatNode]
    let roots: [Int32]

    public init(trees: [Tree], baseMargin: Double) {
        self.trees = trees
        self.baseMargin = baseMargin
        var flat: [FlatNode] = [], roots: [Int32] = []
        for t in trees {
            let offset = Int32(flat.count)
            roots.append(offset)
            for n in t.feature.indices {
                var kind: UInt8 = 0
                if !t.isLeaf(n) {
                    switch t.split[n] {
                    case .float32Less: kind = 1
                    case .lessEqual(.none): kind = 2
                    case .lessEqual(.zero): kind = 3
                    case .lessEqual(.nan): kind = 4
                    }
                }
                flat.append(FlatNode(feature: Int32(max(t.feature[n], 0)), left: offset + Int32(max(t.left[n], 0)), right: offset + Int32(max(t.right[n], 0)),
                                     kind: kind, defaultLeft: t.defaultLeft[n], threshold: t.threshold[n], threshold32: Float(t.threshold[n]), value: t.value[n]))
            }
        }
        self.flat = flat
        self.roots = roots
        // XGBoost ensembles (every split a float32 `<`) get a compact layout: 16-byte nodes,
        // the row converted to float32 once, leaves' values apart.
        if !flat.isEmpty, flat.allSatisfy({ ($0.kind == 0 || $0.kind == 1) && $0.feature < Int32(Int16.max) }) {
            compact = flat.map { n in
                CompactNode(threshold: n.threshold32, feature: n.kind == 0 ? -1 : Int16(clamping: n.feature),
                            defaultLeft: n.defaultLeft ? 1 : 0, left: n.left, right: n.right)
            }
            leafValues = flat.map(\.value)
        } else {
            compact = []
            leafValues = []
        }
        // For walking blocks: a leaf leads to itself, so every row can take a tree's full depth
        // of steps; a feature past the row's width reads the always-missing spare column.
        walking = compact.enumerated().map { i, n in
            var w = n
            if n.feature < 0 {
                w.feature = Int16.max
                w.left = Int32(i)
                w.right = Int32(i)
            }
            return w
        }
        depths = compact.isEmpty ? [] : trees.map { Self.depth($0, 0) }
    }

    let walking: [CompactNode]
    /// Each tree's depth: the steps from the root to its deepest leaf.
    let depths: [Int]

    static func depth(_ t: Tree, _ n: Int) -> Int {
        t.isLeaf(n) ? 0 : 1 + max(depth(t, t.left[n]), depth(t, t.right[n]))
    }

    let compact: [CompactNode]
    let leafValues: [Double]

    /// The float32 walk of an XGBoost ensemble; nil when the ensemble is not one.
    func float32Margin(_ x: UnsafeBufferPointer<Double>) -> Double? {
        guard !compact.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: max(x.count, 1)) { row in
            // NaN stays NaN: a missing value follows the default branch.
            for i in 0..<x.count { row[i] = Float(x[i]) }
            var sum = baseMargin
            compact.withUnsafeBufferPointer { nodes in
                leafValues.withUnsafeBufferPointer { values in
                    for root in roots {
                        var n = Int(root)
                        while true {
                            let node = nodes[n]
                            if node.feature < 0 { sum += values[n]; break }
                            let f = Int(node.feature)
                            let v = f < x.count ? row[f] : .nan
                            let left = v.isNaN ? node.defaultLeft != 0 : v < node.threshold
                            n = Int(left ? node.left : node.right)
                        }
                    }
                }
            }
            return sum
        }
    }

    /// The margins of many rows (`width` values each, missing as NaN, row after row), a block
    /// of rows at a time: each tree is walked over the whole block while its nodes are in
    /// cache, as XGBoost predicts, instead of every tree for one row (which, for hundreds of
    /// trees, does not fit in cache and waits on memory). Four rows go down a tree side by
    /// side, one level at a time, so their loads overlap instead of waiting on each other.
    /// The leaves are added in the same order as `margin`'s, so the sums are the same bits.
    public func margins(_ rows: UnsafeBufferPointer<Double>, width: Int, into out: UnsafeMutableBufferPointer<Double>) {
        let count = out.count
        guard !compact.isEmpty, width > 0 else {
            for r in 0..<count {
                out[r] = margin(missingAsNaN: UnsafeBufferPointer(rebasing: rows[(r * width)..<((r + 1) * width)]))
            }
            return
        }
        let block = 512
        // One spare column, always NaN: a split on a feature the rows lack reads it.
        let stride = width + 1
        let floats = UnsafeMutableBufferPointer<Float>.allocate(capacity: block * stride)
        defer { floats.deallocate() }
        floats.initialize(repeating: .nan)
        walking.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { values in
                do {
                    var start = 0
                    while start < count {
                        let n = min(block, count - start)
                        for r in 0..<n {
                            for f in 0..<width { floats[r * stride + f] = Float(rows[(start + r) * width + f]) }
                        }
                        for r in 0..<n { out[start + r] = baseMargin }
                        for (t, root) in roots.enumerated() {
                            let depth = depths[t]
                            // One step down for the row at `base`: the next node.
                            @inline(__always) func step(_ i: Int32, _ base: Int) -> Int32 {
                                let node = nodes[Int(i)]
                                let v = floats[base + min(Int(node.feature), width)]
                                // Without branches: which way a value goes is data, and a branch
                                // on it is mispredicted half the time.
                                let less = unsafeBitCast(v < node.threshold, to: UInt8.self)
                                let missing = unsafeBitCast(v.isNaN, to: UInt8.self)
                                let left = Int32(less | (missing & node.defaultLeft))
                                return node.right &+ (node.left &- node.right) &* left
                            }
                            var r = 0
                            while r + 4 <= n {
                                let b0 = r * stride, b1 = b0 + stride, b2 = b1 + stride, b3 = b2 + stride
                                var a0 = root, a1 = root, a2 = root, a3 = root
                                for _ in 0..<depth {
                                    a0 = step(a0, b0)
                                    a1 = step(a1, b1)
                                    a2 = step(a2, b2)
                                    a3 = step(a3, b3)
                                }
                                out[start + r] += values[Int(a0)]
                                out[start + r + 1] += values[Int(a1)]
                                out[start + r + 2] += values[Int(a2)]
                                out[start + r + 3] += values[Int(a3)]
                                r += 4
                            }
                            while r < n {
                                var a = root
                                for _ in 0..<depth { a = step(a, r * stride) }
                                out[start + r] += values[Int(a)]
                                r += 1
                            }
                        }
                        start += n
                    }
                }
            }
        }
    }

    public static func == (a: TreeEnsemble, b: TreeEnsemble) -> Bool { a.trees == b.trees && a.baseMargin == b.baseMargin }

    public func margin(_ x: [Double?]) -> Double {
        let values = x.map { $0 ?? .nan }
        return values.withUnsafeBufferPointer { margin(missingAsNaN: $0) }
    }

    /// The margin of one row whose missing values are NaN: the hot path of in-query scoring.
    public func margin(missingAsNaN x: UnsafeBufferPointer<Double>) -> Double {
        if let m = float32Margin(x) { return m }
        var sum = baseMargin
        flat.withUnsafeBufferPointer { nodes in
            for root in roots {
                var n = Int(root)
                while true {
                    let node = nodes[n]
                    if node.kind == 0 { sum += node.value; break }
                    let f = Int(node.feature)
                    var v = f < x.count ? x[f] : .nan
                    let left: Bool
                    switch node.kind {
                    case 1:
                        left = v.isNaN ? node.defaultLeft : Float(v) < node.threshold32
                    default:
                        if v.isNaN, node.kind != 4 { v = 0 }
                        if (node.kind == 3 && abs(v) <= 1e-35) || (node.kind == 4 && v.isNaN) {
                            left = node.defaultLeft
                        } else {
                            left = v <= node.threshold
                        }
                    }
                    n = Int(left ? node.left : node.right)
                }
            }
        }
        return sum
    }

    /// Path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2): each feature's
    /// contribution to the margin, and the expected margin they start from.
    public func shap(_ x: [Double?]) -> (perFeature: [Double], expected: Double) {
        let width = (trees.map { ($0.feature.max() ?? -1) }.max() ?? -1) + 1
        var phi = Array(repeating: 0.0, count: max(width, x.count))
        var expected = baseMargin
        for t in trees {
            expected += Self.expectedValue(t, 0)
            var shap = TreeSHAP(tree: t, x: x)
            shap.recurse(node: 0, path: [], zero: 1, one: 1, feature: -1)
            for (i, v) in shap.phi where i < phi.count { phi[i] += v }
        }
        return (phi, expected)
    }

    static func expectedValue(_ t: Tree, _ n: Int) -> Double {
        if t.isLeaf(n) { return t.value[n] }
        let l = t.left[n], r = t.right[n]
        let total = t.cover[l] + t.cover[r]
        guard total > 0 else { return 0 }
        return (t.cover[l] * expectedValue(t, l) + t.cover[r] * expectedValue(t, r)) / total
    }
}

/// One tree's TreeSHAP walk. The path holds, for each feature split on so far, the share of
/// training rows that would come this way without it (`zero`) and whether x does (`one`).
struct TreeSHAP {
    struct Element { var feature: Int; var zero: Double; var one: Double; var weight: Double }
    let tree: Tree
    let x: [Double?]
    var phi: [Int: Double] = [:]

    init(tree: Tree, x: [Double?]) { self.tree = tree; self.x = x }

    static func extend(_ path: inout [Element], zero: Double, one: Double, feature: Int) {
        let depth = path.count
        path.append(Element(feature: feature, zero: zero, one: one, weight: depth == 0 ? 1 : 0))
        var i = depth - 1
        while i >= 0 {
            path[i + 1].weight += one * path[i].weight * Double(i + 1) / Double(depth + 1)
            path[i].weight = zero * path[i].weight * Double(depth - i) / Double(depth + 1)
            i -= 1
        }
    }

    static func unwind(_ path: inout [Element], _ index: Int) {
        let depth = path.count - 1
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let tmp = path[i].weight
                path[i].weight = next * Double(depth + 1) / (Double(i + 1) * one)
                next = tmp - path[i].weight * zero * Double(depth - i) / Double(depth + 1)
            } else {
                path[i].weight = path[i].weight * Double(depth + 1) / (zero * Double(depth - i))
            }
            i -= 1
        }
        for j in index..<depth {
            path[j].feature = path[j + 1].feature
            path[j].zero = path[j + 1].zero
            path[j].one = path[j + 1].one
        }
        path.removeLast()
    }

    static func unwoundSum(_ path: [Element], _ index: Int) -> Double {
        let depth = path.count - 1
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight
        var total = 0.0
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let tmp = next * Double(depth + 1) / (Double(i + 1) * one)
                total += tmp
                next = path[i].weight - tmp * zero * Double(depth - i) / Double(depth + 1)
            } else if zero != 0 {
                total += (path[i].weight / zero) / (Double(depth - i) / Double(depth + 1))
            }
            i -= 1
        }
        return total
    }

    mutating func recurse(node: Int, path parent: [Element], zero: Double, one: Double, feature: Int) {
        var path = parent
        Self.extend(&path, zero: zero, one: one, feature: feature)
        if tree.isLeaf(node) {
            for i in 1..<max(path.count, 1) {
                let w = Self.unwoundSum(path, i)
                phi[path[i].feature, default: 0] += w * (path[i].one - path[i].zero) * tree.value[node]
            }
            return
        }
        let f = tree.feature[node]
        let hot = tree.next(node, f < x.count ? x[f] : nil)
        let cold = hot == tree.left[node] ? tree.right[node] : tree.left[node]
        let w = tree.cover[node]
        var incomingZero = 1.0, incomingOne = 1.0
        if let k = path.indices.dropFirst().first(where: { path[$0].feature == f }) {
            incomingZero = path[k].zero
            incomingOne = path[k].one
            Self.unwind(&path, k)
        }
        let hotZero = w > 0 ? tree.cover[hot] / w : 0, coldZero = w > 0 ? tree.cover[cold] / w : 0
        recurse(node: hot, path: path, zero: hotZero * incomingZero, one: incomingOne, feature: f)
        recurse(node: cold, path: path, zero: coldZero * incomingZero, one: 0, feature: f)
    }
}

/// One node of a flattened ensemble. `kind`: 0 leaf, 1 XGBoost (float32 <), 2–4 LightGBM
/// (<=) with missing type none, zero, NaN.
struct FlatNode: Sendable {
    var feature: Int32
    var left: Int32
    var right: Int32
    var kind: UInt8
    var defaultLeft: Bool
    var threshold: Double
    var threshold32: Float
    var value: Double
}

/// 16 bytes: an XGBoost split (`feature` −1 at a leaf, whose value is in `leafValues`).
struct CompactNode: Sendable {
    var threshold: Float
    var feature: Int16
    var defaultLeft: UInt8
    var left: Int32
    var right: Int32
}
