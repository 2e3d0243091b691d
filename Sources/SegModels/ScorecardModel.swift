/// A points scorecard (LANGUAGE.md §3 `scorecard`, and PMML's Scorecard): per line, the
/// first bin that matches gives the points; the score is the base plus every line's points.
public struct ScorecardModel: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        case under(Double)
        case range(Double, Double)
        case value(Double)
        case missing
        case otherwise
        /// PMML's predicates: `x op v` (lessThan, lessOrEqual, greaterThan, greaterOrEqual,
        /// equal, notEqual), `isNotMissing`, and `and` of several.
        case compare(String, Double)
        case present
        indirect case all([Test])

        func matches(_ x: Double?) -> Bool {
            switch self {
            case .under(let a): return x.map { $0 < a } ?? false
            case .range(let a, let b): return x.map { $0 >= a && $0 <= b } ?? false
            case .value(let v): return x.map { $0 == v } ?? false
            case .missing: return x == nil
            case .otherwise: return true
            case .present: return x != nil
            case .all(let tests): return tests.allSatisfy { $0.matches(x) }
            case .compare(let op, let v):
                guard let x else { return false }
                switch op {
                case "lessThan": return x < v
                case "lessOrEqual": return x <= v
                case "greaterThan": return x > v
                case "greaterOrEqual": return x >= v
                case "equal": return x == v
                case "notEqual": return x != v
                default: return false
                }
            }
        }
    }
    public struct Bin: Sendable, Equatable {
        public var test: Test
        public var points: Double
        public init(test: Test, points: Double) { self.test = test; self.points = points }
    }
    public struct Line: Sendable, Equatable {
        /// Index into the model's features.
        public var feature: Int
        public var bins: [Bin]
        public init(feature: Int, bins: [Bin]) { self.feature = feature; self.bins = bins }

        /// The points of the first bin that matches; none matching scores 0.
        public func points(_ x: Double?) -> Double {
            bins.first { $0.test.matches(x) }?.points ?? 0
        }
        public var best: Double { bins.map(\.points).max() ?? 0 }
    }
    public var base: Double
    public var lines: [Line]

    public init(base: Double, lines: [Line]) { self.base = base; self.lines = lines }

    public func score(_ x: [Double?]) -> Double {
        base + lines.map { $0.points($0.feature < x.count ? x[$0.feature] : nil) }.reduce(0, +)
    }

    /// Each line's points against its best bin (0 or less): where the customer lost points.
    public func shortfalls(_ x: [Double?]) -> [Double] {
        lines.map { $0.points($0.feature < x.count ? x[$0.feature] : nil) - $0.best }
    }
}
