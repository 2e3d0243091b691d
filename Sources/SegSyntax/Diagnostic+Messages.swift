// Every message Seg's front end gives, in one place, by stable code.
// E01xx lexical · E02xx syntax · E03xx names · E04xx types · E05xx other checks
// E06xx compilation · E07xx running (engine, files, data).

extension Diagnostic {
    // MARK: E01xx lexical

    public static func invalidUTF8(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0101", message: "this file is not valid UTF-8 text (is it a Seg script?)", span: span,
                   notes: ["Seg scripts are UTF-8 text; binary or other encodings cannot be read"])
    }
    public static func unexpectedCharacter(_ c: Unicode.Scalar, _ span: Span) -> Diagnostic {
        let shown = c.properties.generalCategory == .control || c == "\u{FFFD}"
            ? "U+" + String(c.value, radix: 16, uppercase: true) : "`\(c)`"
        var hint: String?
        switch c {
        case "&": hint = "write `and`"
        case "|": hint = "write `or`"
        case "!": hint = "write `not`, or `!=` for not equal"
        case "%": hint = "`%` goes right after a number: `10%`"
        case "“", "”", "‘", "’": hint = "use straight quotes: \" or '"
        case "，": hint = "use an ASCII comma `,`"
        case "；": hint = "use an ASCII semicolon `;`"
        case "：": hint = "use an ASCII colon `:`"
        case "（", "）": hint = "use ASCII parentheses `(` `)`"
        default: break
        }
        return Diagnostic(code: "E0102", message: "unexpected character \(shown)", span: span, suggestion: hint)
    }
    public static func unterminatedString(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0103", message: "unterminated string", span: span,
                   suggestion: "close it with the same quote on the same line")
    }
    public static func badEscape(_ text: String, _ span: Span, unclosed: Bool = false) -> Diagnostic {
        Diagnostic(code: "E0104", message: unclosed ? "unfinished escape `\(text)` in a string" : "unknown escape `\(text)` in a string", span: span,
                   notes: ["escapes are \\\" \\' \\\\ \\n \\t and \\u{4E07}"],
                   suggestion: unclosed ? "close it with `}`: `\(text)}`" : nil)
    }
    public static func unterminatedComment(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0105", message: "unterminated `/*` comment", span: span, suggestion: "close it with `*/`")
    }
    public static func badNumberSuffix(_ suffix: String, number: String, _ span: Span) -> Diagnostic {
        let unit = DurationUnit(word: suffix)
        return Diagnostic(code: "E0106", message: "unknown suffix `\(suffix)` on a number", span: span,
                          notes: ["number suffixes are k (thousand), m (million), b (billion), w or 万 (ten thousand), 亿 (hundred million), % and d (days)"],
                          suggestion: unit.map { "for a duration put a space: `\(number) \($0.rawValue)`" }
                            ?? (["pp", "pts", "pt", "bp"].contains(suffix.lowercased()) ? "write `\(number)%`: Seg counts percentage points in %" : nil))
    }
    public static func invalidDate(_ text: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0107", message: "`\(text)` is not a date on the calendar", span: span,
                   notes: ["dates are written YYYY-MM-DD, like 2026-11-01"])
    }
    /// `2026/05/01`, `2026-5-1`, `2026年5月1日`: the date meant, shown in the one form Seg reads.
    public static func dateNotISO(_ text: String, iso: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0112", message: "dates are written year-month-day with dashes: `\(text)` is `\(iso)`", span: span,
                   notes: ["a date literal is YYYY-MM-DD, like 2026-11-01"], suggestion: "write `\(iso)`")
    }
    public static func numberOverflow(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0108", message: "this number is too large", span: span)
    }
    public static func emptyQuotedName(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0109", message: "empty backquoted name", span: span)
    }
    public static func unterminatedQuotedName(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0110", message: "unterminated backquoted name", span: span, suggestion: "close it with a backquote `")
    }
    /// A NUL or other control character: it would end or garble a string on its way to SQL or a file name.
    public static func controlCharacter(_ c: Unicode.Scalar, inString: Bool, _ span: Span) -> Diagnostic {
        let hex = String(c.value, radix: 16, uppercase: true)
        let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return Diagnostic(code: "E0111", message: "control character \(name) in \(inString ? "a string" : "the script")", span: span,
                          notes: ["a script may hold tabs and line breaks, and no other control characters"],
                          suggestion: inString ? "remove it; write `\\t` or `\\n` for a tab or a line break" : "remove it")
    }

    // MARK: E02xx syntax

    public static func expectNeedsBound(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0217", message: "`expect count` needs a bound", span: span,
                   suggestion: "write `expect count vip between 600 and 700`, or compare: `expect count vip >= 600`")
    }

    public static func emptyScript(_ span: Span) -> Diagnostic {
        Diagnostic(code: "W0201", severity: .warning, message: "the script has no statements: nothing to do", span: span)
    }

    /// Input ended in the middle of a statement; the REPL reads this code as "continue on the next line".
    public static func unexpectedEnd(_ span: Span, expected what: String) -> Diagnostic {
        Diagnostic(code: "E0200", message: "the script ends where \(what) was expected", span: span)
    }
    public static func expected(_ what: String, found: Token) -> Diagnostic {
        if found.kind == .eof { return unexpectedEnd(found.span, expected: what) }
        return Diagnostic(code: "E0201", message: "expected \(what), found \(found.describe)", span: found.span)
    }
    /// `evaluate campain`, `respones = …`, `signficance 1%`: a clause's word misspelt.
    public static func misspeltWord(_ word: String, meant: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0219", message: "`\(word)` is not a word Seg knows here", span: span, suggestion: "did you mean `\(meant)`?")
    }
    /// A clause of `evaluate campaign` / `plan campaign` that is not one.
    public static func unknownClause(_ word: String, statement: String, clauses: [String], _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "E0221", message: "`\(word)` is not a clause of `\(statement)`", span: span,
                           notes: ["its clauses: " + clauses.map { "`\($0)`" }.joined(separator: ", ")])
        if let close = Suggest.closest(to: word.lowercased(), in: clauses.map { String($0.prefix { $0 != " " }) }) { d.suggestion = "did you mean `\(close)`?" }
        return d
    }
    /// `response = … adjusted by …`: CUPED adjusts a measure.
    public static func adjustedResponse(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0222", message: "`adjusted by` adjusts a measure (`on …`), not a yes/no response", span: span,
                   suggestion: "compare a number instead: `on sum(transactions.amount within 30 days after contact) adjusted by …`")
    }
    /// `uplift 2pp`: a plan term's number followed by a word.
    public static func planTermWord(_ term: String, found: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0223", message: "`\(term)` takes a number or a percentage, and `\(found)` is neither", span: span,
                   suggestion: term == "uplift" ? "write `uplift 2%` for two percentage points" : "write `\(term) \(term == "power" ? "80" : "5")%`")
    }
    /// `uplift 2%` given twice.
    public static func repeatedClause(_ word: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0220", message: "`\(word)` is given twice", span: span, suggestion: "keep one `\(word)`")
    }
    /// `within 30 dayz`, `within 12 hours`: a word after a window's number that is no unit.
    public static func unknownTimeUnit(_ word: String, _ span: Span) -> Diagnostic {
        let units = ["days", "weeks", "months", "years"]
        var d = Diagnostic(code: "E0210", message: "`\(word)` is not a unit of time here", span: span,
                           notes: ["windows count whole days: the units are day(s), week(s), month(s) and year(s); `30d` is short for `30 days`"])
        if let close = Suggest.closest(to: word, in: units + ["day", "week", "month", "year"]) {
            d.suggestion = "did you mean `\(close)`?"
        } else if ["hour", "hours", "hr", "hrs", "h", "minute", "minutes", "min", "mins", "second", "seconds", "sec", "secs"].contains(word.lowercased()) {
            d.suggestion = "windows are in days at the least: write `within 1 day`"
        } else {
            d.suggestion = "write `days`, `weeks`, `months` or `years`"
        }
        return d
    }
    /// `aum => 1m`: the comparison is written `>=`.
    public static func reversedComparison(_ meant: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0212", message: "`\(meant.reversed().map(String.init).joined())` is not an operator", span: span, suggestion: "did you mean `\(meant)`?")
    }
    /// A REPL line starting with `and`/`or` after an entry that already ran (it acted, or failed).
    public static func continuesRanEntry(_ word: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0216", message: "`\(word)` continues a condition, but the entry before it already ran", span: span,
                   notes: ["a line starting with `and`/`or` continues a `define` or `segment` (without an action) that was just entered"],
                   suggestion: "end the line before with `\(word)` (an unfinished line continues on the next), or write the condition on one line")
    }
    /// `a == b`: Seg compares with one `=`.
    public static func doubleEquals(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0211", message: "`==` is not an operator in Seg", span: span, suggestion: "use `=` to compare: `city = \"上海\"`")
    }
    /// A word where a statement should begin. `after` is the token before it on the same line,
    /// which usually says what was meant (`50 w`, `group by`).
    public static func expectedStatement(found: Token, after: Token? = nil) -> Diagnostic {
        var d = Diagnostic(code: "E0202", message: "expected a statement, found \(found.describe)", span: found.span,
                           notes: ["statements begin with a keyword: segment, define, param, use, entity, model, scorecard, campaign, count, show, profile, overlap, explain, export, diff, sample, split, evaluate, assert, expect, build tags, plan campaign, version"])
        guard case .identifier(let w, _) = found.kind else { return d }
        let magnitudes = ["k", "m", "b", "w", "万", "亿", "千"]
        if let after, case .number(_, let text) = after.kind, magnitudes.contains(w.lowercased()) {
            d.message = "`\(w)` after `\(text)` is read as a new statement"
            d.suggestion = "a magnitude goes right after its number, with no space: `\(text)\(w)`"
            d.notes = []
        } else if after != nil, w.lowercased() == "group" {
            d.message = "Seg groups with `by`, not `group by`"
            d.suggestion = "write `by` alone, as in `count vip by city`"
            d.notes = []
        } else if after != nil, w.lowercased() == "order" || w.lowercased() == "sort" {
            d.suggestion = "`order by` goes after `show … with` columns, as in `show vip with name, aum order by aum desc limit 20`"
        } else if let k = Suggest.closest(to: w, in: Keyword.allCases.filter(\.beginsStatement).map(\.rawValue)) {
            d.suggestion = "did you mean `\(k)`?"
        }
        return d
    }
    /// `with name phone`: two items of a list with no comma between them.
    public static func missingComma(after: Token, before: Token) -> Diagnostic {
        Diagnostic(code: "E0218", message: "expected `,` between list items, found \(before.describe)", span: before.span,
                   suggestion: "separate the items with commas: `\(after.spelling ?? "…"), \(before.spelling ?? "…")`")
    }
    public static func keywordAsName(_ keyword: String, what: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0203", message: "`\(keyword)` is a keyword and cannot be used as \(what)", span: span,
                   suggestion: "to use it as a name, put it in backquotes: `\(keyword)`")
    }
    /// A clause word (`exclude`, `has`) that begins no statement on its own.
    public static func clauseOutsideBlock(_ word: String, block: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0204", message: "`\(word)` is a clause of \(block), not a statement of its own", span: span,
                   suggestion: "indent it under the \(block.split(separator: " ").last ?? "") line it belongs to")
    }
    public static func tooDeep(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(code: "E0205", message: "expression nested too deeply (more than \(limit) levels)", span: span,
                   suggestion: "split it into several `define`s")
    }
    public static func unknownType(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0206", message: "unknown type `\(name)`", span: span,
                   suggestion: Suggest.closest(to: name, in: TypeName.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" },
                   )
    }
    public static func paramNeedsTypeOrValue(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0207", message: "parameter `\(name)` needs a type or a default value", span: span,
                   suggestion: "for example `param \(name): number = 500k`")
    }
    public static func assertNeedsBound(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0208", message: "`assert count` needs a bound", span: span,
                   suggestion: "for example `assert count vip between 1000 and 50k` or `assert count vip >= 100`")
    }
    public static func badExportDestination(found: Token) -> Diagnostic {
        if found.kind == .eof { return unexpectedEnd(found.span, expected: "`csv`, `jsonl`, `list` or `table`") }
        return Diagnostic(code: "E0209", message: "cannot export to \(found.describe)", span: found.span,
                          notes: ["export to csv \"file.csv\", jsonl \"file.jsonl\", list [NAME] or table NAME"])
    }
}
