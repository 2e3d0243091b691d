/// A value bound to a query parameter. Values never enter SQL text: the compiler
/// hands out placeholders and collects these beside the text.
public enum SQLValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// ISO `YYYY-MM-DD`; engines without a date type get text.
    case date(String)
    case bool(Bool)

    /// A number as SQL wants it: integral values as integers (so they compare and index as such).
    public static func number(_ v: Double) -> SQLValue {
        if v == v.rounded(), abs(v) < 9e15 { return .integer(Int64(v)) }
        return .real(v)
    }

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return "'\(s)'"
        case .date(let d): return "DATE '\(d)'"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }
}

/// SQL text with placeholders, plus the values bound to them, before a dialect renders it.
public struct SQL: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        /// The 1-based index of a bound value.
        case param(Int)
    }

    public var pieces: [Piece] = []
    public init() {}
    public init(_ text: String) { pieces = [.text(text)] }

    public static func + (a: SQL, b: SQL) -> SQL {
        var r = a
        r.pieces += b.pieces
        return r
    }
    public static func + (a: SQL, b: String) -> SQL { a + SQL(b) }
    public static func + (a: String, b: SQL) -> SQL { SQL(a) + b }
    public static func += (a: inout SQL, b: SQL) { a.pieces += b.pieces }
    public static func += (a: inout SQL, b: String) { a.pieces.append(.text(b)) }

    /// Joins fragments with a separator.
    public static func join(_ parts: [SQL], _ separator: String) -> SQL {
        var r = SQL()
        for (i, p) in parts.enumerated() {
            if i > 0 { r += separator }
            r += p
        }
        return r
    }

    /// How much text the fragment holds: a guard against definitions that expand without bound.
    public var size: Int { pieces.count }

    /// Fills a template: `{0}`, `{1}`, … stand for the arguments (each may appear more than once).
    public static func template(_ t: String, _ args: [SQL]) -> SQL {
        var r = SQL()
        var text = ""
        var chars = Substring(t)
        while let c = chars.first {
            chars.removeFirst()
            if c == "{", let close = chars.firstIndex(of: "}"), let i = Int(chars[..<close]), i < args.count {
                if !text.isEmpty { r += text; text = "" }
                r += args[i]
                chars = chars[chars.index(after: close)...]
            } else {
                text.append(c)
            }
        }
        if !text.isEmpty { r += text }
        return r
    }
}

/// A query ready to run: dialect-rendered text and the values to bind, in order of index.
public struct BoundQuery: Sendable, Equatable {
    public var text: String
    public var parameters: [SQLValue]
    /// A typed hint for the engine: the query computes a model's score in SQL (one huge
    /// expression, which PostgreSQL should not JIT-compile). Engines never read the text for it.
    public var scoresModelInSQL: Bool
    public init(text: String, parameters: [SQLValue], scoresModelInSQL: Bool = false) {
        self.text = text
        self.parameters = parameters
        self.scoresModelInSQL = scoresModelInSQL
    }
}

/// Hands out placeholders and collects the values bound to them (GRDB's generation context).
public struct Bindings: Sendable {
    public private(set) var values: [SQLValue] = []
    var named: [String: Int] = [:]
    public init() {}

    /// A placeholder for a fresh value.
    public mutating func bind(_ v: SQLValue) -> SQL {
        values.append(v)
        var s = SQL()
        s.pieces = [.param(values.count)]
        return s
    }

    /// A placeholder shared by every use of one named value (a `param`, `today`).
    public mutating func bind(named name: String, _ v: SQLValue) -> SQL {
        if let i = named[name] {
            var s = SQL()
            s.pieces = [.param(i)]
            return s
        }
        let s = bind(v)
        named[name] = values.count
        return s
    }
}

/// JSON text of a string: the one encoder every JSON Seg writes goes through (exports,
/// list members, values bound as JSON).
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// SQL written by hand with its values interpolated, as GRDB's `SQL` literal does it:
/// `"SELECT … WHERE name = \(.text(name))"` binds `name` to a placeholder, so no value ever
/// enters the text; a dialect renders the placeholders. Only `raw:` puts text in, for
/// identifiers and numbers Seg itself chose.
public struct SQLLiteral: Sendable, Equatable, ExpressibleByStringInterpolation {
    public var sql: SQL
    public var values: [SQLValue]

    public init(stringLiteral value: String) {
        sql = SQL(value)
        values = []
    }

    public init(sql: SQL, values: [SQLValue] = []) {
        self.sql = sql
        self.values = values
    }

    public init(stringInterpolation: Interpolation) {
        sql = stringInterpolation.sql
        values = stringInterpolation.values
    }

    public struct Interpolation: StringInterpolationProtocol {
        var sql = SQL()
        var values: [SQLValue] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { sql += literal } }
        public mutating func appendInterpolation(_ value: SQLValue) {
            values.append(value)
            sql.pieces.append(.param(values.count))
        }
        /// Another literal, its placeholders numbered after this one's.
        public mutating func appendInterpolation(_ part: SQLLiteral) {
            let offset = values.count
            for piece in part.sql.pieces {
                switch piece {
                case .text(let t): sql += t
                case .param(let i): sql.pieces.append(.param(i + offset))
                }
            }
            values += part.values
        }
        public mutating func appendInterpolation(raw text: String) { sql += text }
        public mutating func appendInterpolation(raw number: Int) { sql += String(number) }
    }

    /// The text with this dialect's placeholders (`exactIntegers`: integer placeholders typed
    /// as integers, for comparing and storing keys and versions rather than computing).
    public func rendered(in dialect: Dialect) -> BoundQuery {
        BoundQuery(text: dialect.render(sql, values, exactIntegers: true), parameters: values)
    }
}
