/// Reserved words. Keywords are case-insensitive (`WHERE` = `where`); every other
/// word the grammar uses in one place only (`list`, `csv`, `days`, `for`, `vs`, …)
/// is a contextual word, matched by the parser, so it stays usable as a field name.
public enum Keyword: String, CaseIterable, Sendable {
    // statements
    case version, use, param, define, segment, entity, model, scorecard, campaign
    case count, show, explain, export, profile, overlap, diff, evaluate, assert, sample, split
    // clauses
    case `where`, from, by, with, to, order, limit, asc, desc, within, before, after
    // operators and literals
    case and, or, not, `in`, `is`, missing, between, contains, starts, ends
    case `if`, then, `else`, `true`, `false`, all, today

    /// Keywords that begin a statement: where the parser resynchronises after an error.
    public var beginsStatement: Bool {
        switch self {
        case .version, .use, .param, .define, .segment, .entity, .model, .scorecard, .campaign,
             .count, .show, .explain, .export, .profile, .overlap, .diff, .evaluate, .assert, .sample, .split:
            return true
        default: return false
        }
    }
}

public enum DurationUnit: String, Sendable, Equatable {
    case days, weeks, months, years

    /// Accepts singular, plural and the `d` short form.
    public init?(word: String) {
        switch word.lowercased() {
        case "d", "day", "days": self = .days
        case "week", "weeks": self = .weeks
        case "month", "months": self = .months
        case "year", "years": self = .years
        default: return nil
        }
    }
}

public enum TokenKind: Equatable, Sendable {
    case identifier(String, quoted: Bool)
    case keyword(Keyword)
    /// Value after suffixes (`500k` → 500000, `10%` → 0.1); `text` is as written.
    case number(Double, text: String)
    /// `30d`: a number with the short day suffix.
    case duration(Double, DurationUnit)
    case string(String)
    /// An ISO date literal, validated: `2026-11-01`.
    case date(String)
    case symbol(String)
    case eof
}

/// What the lexer passes over between tokens, kept on the token after it, so that the
/// text can be rebuilt with every comment where it was (`ScriptFormatter`). Spaces are not kept:
/// the formatter decides them.
public enum Trivia: Sendable, Equatable {
    case newline
    /// A `--` line comment, `/* … */` block or `#!` first line, exactly as written.
    case comment(String)
}

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: Span
    /// The newlines and comments between the previous token and this one.
    public var leading: [Trivia] = []
    /// The `--` comment lines directly above this token, when it starts a line.
    public var docComment: String?
    public var startsLine: Bool
    /// First on its line and in its first column: where a top-level statement starts.
    public var atColumnOne: Bool = false
    /// A keyword's spelling as written, so it can stand as a field name (`campaign`, `version`).
    public var word: String? = nil

    public func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }
    public func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    /// A contextual word: an unquoted identifier spelled `word` in any case.
    public func isWord(_ word: String) -> Bool {
        if case .identifier(let name, false) = kind { return name.lowercased() == word }
        return false
    }

    /// A name's or keyword's spelling, for a fix-it; nil for other tokens.
    public var spelling: String? {
        switch kind {
        case .identifier(let n, let quoted): return quoted ? "`\(n)`" : n
        case .keyword(let k): return word ?? k.rawValue
        case .symbol(let s) where s == ")": return nil
        default: return nil
        }
    }

    /// How the token reads in a message: "`where`", "end of input", "number 42".
    public var describe: String {
        switch kind {
        case .identifier(let n, _): return "name `\(n)`"
        case .keyword(let k): return "`\(k.rawValue)`"
        case .number(_, let t): return "number `\(t)`"
        case .duration(let v, let u): return "duration `\(formatNumber(v)) \(u.rawValue)`"
        case .string(let s): return "string \"\(s)\""
        case .date(let d): return "date `\(d)`"
        case .symbol(let s): return "`\(s)`"
        case .eof: return "end of input"
        }
    }
}

/// Shortest decimal text of a number (500000, 0.7, 1.5e+20).
public func formatNumber(_ v: Double) -> String {
    if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return String(v)
}
