import SegSyntax

/// The types of Seg values (LANGUAGE.md §2). A condition — a segment used as a
/// membership test, a comparison, a tag — has type `bool`.
public enum SegType: String, Sendable, Equatable, CustomStringConvertible {
    case number, string, bool, date, duration

    public init(_ name: TypeName) {
        switch name {
        case .number: self = .number
        case .string: self = .string
        case .bool: self = .bool
        case .date: self = .date
        case .duration: self = .duration
        }
    }

    /// How a message names a value of this type.
    public var description: String {
        switch self {
        case .number: return "a number"
        case .string: return "a string"
        case .bool: return "a condition"
        case .date: return "a date"
        case .duration: return "a duration"
        }
    }

    public var isOrdered: Bool { self == .number || self == .string || self == .date }
}

/// A constant value: a literal, a parameter's value.
public enum Literal: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    /// ISO `YYYY-MM-DD`, already validated.
    case date(String)
    case duration(Double, DurationUnit)

    public var type: SegType {
        switch self {
        case .number: return .number
        case .string: return .string
        case .bool: return .bool
        case .date: return .date
        case .duration: return .duration
        }
    }

    public var description: String {
        switch self {
        case .number(let v): return formatNumber(v)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d
        case .duration(let v, let u): return "\(formatNumber(v)) \(u.rawValue)"
        }
    }
}
