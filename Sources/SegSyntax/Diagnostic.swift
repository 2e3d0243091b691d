/// A problem found in a script or in its run, as a value: collected, not thrown
/// one at a time, and rendered in one place (`DiagnosticRenderer`).
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable { case error, warning, note }

    /// Stable code (`E0102`), documented in `Diagnostic+Messages.swift`.
    public var code: String
    public var severity: Severity
    public var message: String
    /// Where the problem is; `Span.none` for problems with no place in a source.
    public var span: Span
    /// Further facts ("defined here", "available fields: …").
    public var notes: [String]
    /// A fix the user can apply ("did you mean `aum`?").
    public var suggestion: String?

    public init(code: String, severity: Severity = .error, message: String, span: Span,
                notes: [String] = [], suggestion: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.notes = notes
        self.suggestion = suggestion
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.isError } }
}

/// Edit distance suggestions: "did you mean `balance`?".
public enum Suggest {
    /// The candidate closest to `name` if it is close enough to be a likely typo.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let lower = name.lowercased()
        if let same = candidates.first(where: { $0.lowercased() == lower }) { return same }
        var best: (String, Int)?
        for c in candidates {
            let d = distance(lower, c.lowercased())
            let limit = max(1, min(3, (max(name.count, c.count) + 2) / 4))
            // A name every character of which would change is no typo of it (`𠀋` is not `s`).
            if d <= limit, d < max(name.count, c.count), best == nil || d < best!.1 { best = (c, d) }
        }
        if let best { return best.0 }
        // A prefix or part of a longer name ("bal" → "balance").
        if name.count >= 3, let part = candidates.first(where: { $0.lowercased().hasPrefix(lower) }) { return part }
        return nil
    }

    /// Edit distance over characters where swapping two neighbours counts as one edit
    /// (optimal string alignment): `nmae` is one typo from `name`, as people make them.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = Swift.min(cur[j], before[j - 2] + 1) }
            }
            before = prev
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
