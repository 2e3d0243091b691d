import Foundation

/// A scoring model loaded from a file: its input features, by name, and how it scores.
/// Every format becomes one of two shapes — a tree ensemble or a linear model — so scoring,
/// SQL pushdown and reasons are written once per shape, not per format.
public struct Model: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case trees(TreeEnsemble)
        case linear(LinearModel)
        case scorecard(ScorecardModel)
    }
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case xgboost, lightgbm, linear, pmml, scorecard
    }
    /// What the score is: a probability through the logistic link, or the raw sum.
    public enum Link: String, Sendable, Equatable {
        case logistic, identity
    }

    public var features: [String]
    public var shape: Shape
    public var format: Format
    public var link: Link
    /// The file it came from, for messages.
    public var path: String
    /// A digest of the file's bytes: the same model file gives the same digest on every machine.
    public var digest: String = ""

    public init(features: [String], shape: Shape, format: Format, link: Link, path: String) {
        self.features = features
        self.shape = shape
        self.format = format
        self.link = link
        self.path = path
    }

    /// The score for one row; `nil` is a missing value.
    public func score(_ x: [Double?]) -> Double {
        apply(margin(x))
    }

    /// The score before the link: log-odds for logistic models.
    public func margin(_ x: [Double?]) -> Double {
        switch shape {
        case .trees(let t): return t.margin(x)
        case .linear(let l): return l.margin(x)
        case .scorecard(let s): return s.score(x)
        }
    }

    /// The scores of many rows (`width` values each, missing as NaN, row after row), on
    /// `threads` threads: a tree ensemble walks blocks of rows (`TreeEnsemble.margins`).
    public func scores(_ rows: [Double], width: Int, threads: Int = 1) -> [Double] {
        let count = width == 0 ? 0 : rows.count / width
        var out = [Double](repeating: 0, count: count)
        let parts = max(1, min(threads, count / 10_000))
        rows.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                let buffers = Buffers(input: input, output: output)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let input = buffers.input
                    let lo = count * part / parts, hi = count * (part + 1) / parts
                    let slice = UnsafeMutableBufferPointer(rebasing: buffers.output[lo..<hi])
                    switch shape {
                    case .trees(let t):
                        t.margins(UnsafeBufferPointer(rebasing: input[(lo * width)..<(hi * width)]), width: width, into: slice)
                        for i in slice.indices { slice[i] = apply(slice[i]) }
                    default:
                        for r in lo..<hi {
                            let x = (0..<width).map { i -> Double? in
                                let v = input[r * width + i]
                                return v.isNaN ? nil : v
                            }
                            slice[r - lo] = score(x)
                        }
                    }
                }
            }
        }
        return out
    }

    /// The rows and scores `scores` shares between its threads: each reads all rows and
    /// writes only its own range of scores, so no two threads touch the same memory.
    private struct Buffers: @unchecked Sendable {
        let input: UnsafeBufferPointer<Double>
        let output: UnsafeMutableBufferPointer<Double>
    }

    public func apply(_ margin: Double) -> Double {
        link == .logistic ? 1 / (1 + exp(-margin)) : margin
    }

    /// Each feature's share of the margin (TreeSHAP for trees, coefficient × (x − mean) for
    /// linear models); they and `expected` add up to the margin.
    public func contributions(_ x: [Double?]) -> (perFeature: [Double], expected: Double) {
        switch shape {
        case .trees(let t): return t.shap(x)
        case .linear(let l): return l.contributions(x)
        case .scorecard(let s):
            // Points by feature: a feature may have more than one line.
            var phi = Array(repeating: 0.0, count: features.count)
            for (line, p) in zip(s.lines, s.shortfalls(x)) { phi[line.feature] += p }
            return (phi, s.base + s.lines.map(\.best).reduce(0, +))
        }
    }

    /// The top `k` features pushing this row's score up, as `name +0.31; name +0.12`. For a
    /// scorecard, the lines where the customer lost the most points against the line's best
    /// bin (reason codes, as credit scoring gives them): `overdue_12m -70; age -10`.
    public func reasons(_ x: [Double?], k: Int) -> String {
        let (phi, _) = contributions(x)
        if case .scorecard = shape { return Model.reasonText(zip(features, phi).map { ($0, $1) }, k: k, pushingUp: false) }
        return Model.reasonText(zip(features, phi).map { ($0, $1) }, k: k)
    }

    /// Largest first; only those that push up (a row with none says so).
    public static func reasonText(_ parts: [(String, Double)], k: Int, pushingUp: Bool = true) -> String {
        let ranked = parts.enumerated()
            .filter { pushingUp ? $0.element.1 > 0 : $0.element.1 < 0 }
            .sorted { a, b in
                let x = abs(a.element.1), y = abs(b.element.1)
                return x != y ? x > y : a.offset < b.offset
            }
            .prefix(max(k, 0))
        return ranked.map { "\($0.element.0) \(String(format: "%+.2f", $0.element.1))" }.joined(separator: "; ")
    }
}

/// Why a model file could not be used, said plainly with the file's name.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public init(_ path: String, _ problem: String) { self.path = path; self.problem = problem }
    public var description: String { "\(path): \(problem)" }
}

public enum ModelLoader {
    /// Loads a model file; the format is inferred from the content unless given.
    /// `kept`: the file's text as a replayed run read it (`seg replay`), instead of the file.
    public static func load(path: String, format: Model.Format? = nil, kept: String? = nil) throws(ModelError) -> Model {
        let data: Data
        if let kept {
            data = Data(kept.utf8)
        } else {
            guard FileManager.default.fileExists(atPath: path) else { throw ModelError(path, "no such file") }
            guard let read = FileManager.default.contents(atPath: path) else { throw ModelError(path, "cannot read the file") }
            data = read
        }
        guard !data.isEmpty else { throw ModelError(path, "the file is empty") }
        let chosen = format ?? infer(data)
        var model: Model
        switch chosen {
        case .xgboost: model = try XGBoostLoader.load(data, path: path)
        case .lightgbm: model = try LightGBMLoader.load(data, path: path)
        case .linear: model = try LinearModel.load(data, path: path)
        case .pmml: model = try PMMLLoader.load(data, path: path)
        case .scorecard: throw ModelError(path, "scorecards are written in Seg (`scorecard NAME base N`), not read from a file")
        case nil:
            throw ModelError(path, "not a model Seg can read (XGBoost JSON, LightGBM text, Seg linear JSON or PMML); name the format with `format …` if it is one")
        }
        model.digest = fingerprint(data)
        return model
    }

    static func infer(_ data: Data) -> Model.Format? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("tree") { return .lightgbm }
        if trimmed.hasPrefix("<") && head.contains("PMML") { return .pmml }
        if trimmed.hasPrefix("{") {
            if head.contains("\"learner\"") { return .xgboost }
            if head.contains("\"coefficients\"") { return .linear }
            // A JSON file that is none of these: XGBoost is the usual one; let its loader say why.
            return head.contains("\"gradient_booster\"") ? .xgboost : nil
        }
        return nil
    }
}

/// FNV-1a over bytes, in hex: a short, stable name (not a security digest).
public func fingerprint<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return String(h, radix: 16)
}
