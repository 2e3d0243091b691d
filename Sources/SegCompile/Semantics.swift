import SegSyntax

/// The rules every evaluator of a condition follows (LANGUAGE.md §2), stated once. SQL
/// (`ExprCompiler`, `SelectQuery`) writes them in each dialect's words; the REPL's memory
/// (`SegMemory`) runs these functions. `SegmentMemoryTests` compares the two on random
/// conditions with a fresh seed every run.
public enum Semantics {
    /// A comparison holds only between two present values: with a missing value it is untrue,
    /// and `not` of it is true (a condition is two-valued: `COALESCE(c, FALSE)` in SQL).
    /// `order` is the comparison's result (`compare`), nil when a side is missing.
    public static func holds(_ op: BinaryOp, order: Int?) -> Bool {
        guard let c = order else { return false }
        switch op {
        case .equal: return c == 0
        case .notEqual: return c != 0
        case .less: return c < 0
        case .lessEqual: return c <= 0
        case .greater: return c > 0
        case .greaterEqual: return c >= 0
        default: return false
        }
    }

    /// Texts compare by their UTF-8 bytes (`Dialect.binaryCollation` in SQL), whatever the
    /// engine's default collation.
    public static func compare(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// Numbers compare by value (an integer and a real equal in value are equal, and group together).
    public static func compare(_ a: Double, _ b: Double) -> Int { a < b ? -1 : a > b ? 1 : 0 }

    /// Missing values sort last, ascending or descending (`NULLS LAST`).
    public static let missingLast = true

    /// Whole numbers a Double holds exactly: past this SQL compares integers exactly and an
    /// evaluator over Doubles must leave them to SQL.
    public static let exactIntegers: Double = 9_007_199_254_740_992

    /// The sum of no rows is missing (SQL's `SUM` over nothing), not 0.
    public static let sumOfNoRowsIsMissing = true

    /// Whether a comparison operator (the rest are `and`/`or` and arithmetic).
    public static func isComparison(_ op: BinaryOp) -> Bool {
        [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
    }

    /// The same comparison with its sides swapped (`3 < x` is `x > 3`).
    public static func flipped(_ op: BinaryOp) -> BinaryOp {
        switch op {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return op
        }
    }
}
