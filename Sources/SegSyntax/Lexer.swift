/// Turns source text into tokens (LANGUAGE.md §1). Errors are collected as
/// diagnostics and lexing goes on, so one bad character does not hide the rest.
public struct Lexer {
    let file: SourceFile
    let s: [Unicode.Scalar]
    var i = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// Comment lines seen since the last token, for doc comments.
    var pendingComment: [String] = []
    var pendingCommentEndLine = -1
    var sawNewline = true
    /// Trivia since the last token, handed to the next one.
    var trivia: [Trivia] = []

    public init(file: SourceFile) {
        self.file = file
        self.s = file.scalars
        // A first line starting with `#!` is ignored: scripts may be executable.
        if s.count >= 2, s[0] == "#", s[1] == "!" {
            while i < s.count, s[i] != "\n" { i += 1 }
            trivia.append(.comment(file.slice(Span(file: file.id, start: 0, end: i))))
        }
    }

    /// Lexes the whole file; the last token is always `.eof`.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .eof { break }
        }
        return (tokens, lexer.diagnostics)
    }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
    func span(_ start: Int) -> Span { Span(file: file.id, start: start, end: i) }

    mutating func error(_ d: Diagnostic) {
        if diagnostics.count < 100 { diagnostics.append(d) }
    }

    public mutating func next() -> Token {
        skipTrivia()
        let start = i
        let doc: String? = {
            guard !pendingComment.isEmpty, file.location(of: start).line == pendingCommentEndLine + 1 else { return nil }
            return pendingComment.joined(separator: "\n")
        }()
        let startsLine = sawNewline
        pendingComment = []
        sawNewline = false
        let leading = trivia
        trivia = []
        func token(_ kind: TokenKind) -> Token {
            Token(kind: kind, span: span(start), leading: leading, docComment: doc, startsLine: startsLine,
                  atColumnOne: start == 0 || s[start - 1] == "\n")
        }
        guard let c = peek() else { return token(.eof) }

        if c.properties.isAlphabetic || c == "_" {
            while let d = peek(), isIdentifierPart(d) { i += 1 }
            let word = file.slice(span(start))
            if let k = Keyword(rawValue: word.lowercased()) {
                var t = token(.keyword(k))
                t.word = word
                return t
            }
            return token(.identifier(word, quoted: false))
        }
        if isDigit(c) { return token(lexNumber(start)) }
        i += 1
        switch c {
        case "`":
            var name = String.UnicodeScalarView()
            while let d = peek(), d != "`", d != "\n" { name.append(d); i += 1 }
            if peek() == "`" {
                i += 1
                if name.isEmpty { error(.emptyQuotedName(span(start))) }
            } else {
                error(.unterminatedQuotedName(span(start)))
            }
            return token(.identifier(String(name), quoted: true))
        case "\"", "'":
            return token(.string(lexString(quote: c, start: start)))
        case "=":
            if peek() == ">" || peek() == "<" {
                // `=>`, `=<`: said once, read as the operator meant.
                let meant = peek() == ">" ? ">=" : "<="
                i += 1
                error(.reversedComparison(meant, span(start)))
                return token(.symbol(meant))
            }
            if peek() == "=" {
                // `==` (or more): said once, then read as `=` so the rest of the statement is checked.
                while peek() == "=" { i += 1 }
                error(.doubleEquals(span(start)))
            }
            return token(.symbol("="))
        case "+", "*", "/", "(", ")", "[", "]", ",", ".", ":", ";":
            return token(.symbol(String(c)))
        case "-":
            return token(.symbol("-"))
        case "!":
            if peek() == "=" { i += 1; return token(.symbol("!=")) }
        case "<":
            if peek() == "=" { i += 1; return token(.symbol("<=")) }
            if peek() == ">" { i += 1; return token(.symbol("!=")) }
            return token(.symbol("<"))
        case ">":
            if peek() == "=" { i += 1; return token(.symbol(">=")) }
            return token(.symbol(">"))
        default:
            break
        }
        if Lexer.isForbiddenControl(c) {
            error(.controlCharacter(c, inString: false, span(start)))
        } else if let ascii = ["，": ",", "（": "(", "）": ")", "；": ";", "：": ":"][c] {
            // Full-width punctuation (a Chinese input method): said once, then read as meant,
            // so the rest of the statement is checked without follow-on errors.
            error(.unexpectedCharacter(c, span(start)))
            return token(.symbol(ascii))
        } else if (c == "&" || c == "|"), peek() == c {
            // `&&`, `||`: one error for the pair, then read as the word.
            i += 1
            error(.unexpectedCharacter(c, span(start)))
            var t = token(.keyword(c == "&" ? .and : .or))
            t.word = c == "&" ? "and" : "or"
            return t
        } else {
            error(.unexpectedCharacter(c, span(start)))
        }
        return next()
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// A date in a form people type (`2026/05/01`, `2026-5-1`, `2026.5.1`, `2026年5月1日`):
    /// four digits of year, a month and a day, one separator throughout, nothing glued after.
    /// Consumed only where the month and day are on the calendar, so `2026-5-100` stays arithmetic.
    mutating func typedDate() -> (text: String, iso: String)? {
        var k = i
        func run(_ most: Int) -> Int? {
            var n = 0, value = 0
            while k < s.count, isDigit(s[k]), n < most { value = value * 10 + Int(s[k].value - 48); k += 1; n += 1 }
            return n == 0 || (k < s.count && isDigit(s[k])) ? nil : value
        }
        guard let year = run(4), k - i == 4, k < s.count else { return nil }
        let separator = s[k]
        let chinese = separator == "年"
        guard chinese || separator == "/" || separator == "-" || separator == "." else { return nil }
        k += 1
        guard let month = run(2), k < s.count, s[k] == (chinese ? "月" : separator) else { return nil }
        k += 1
        guard let day = run(2) else { return nil }
        if chinese, k < s.count, s[k] == "日" || s[k] == "号" { k += 1 }
        if k < s.count, isIdentifierPart(s[k]) || s[k] == "." { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let iso = "\(year)-\(two(month))-\(two(day))"
        guard isValidDate(iso) else { return nil }
        let text = String(String.UnicodeScalarView(s[i..<k]))
        i = k
        return (text, iso)
    }
    func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c == "_" || c.properties.numericType != nil || c.properties.generalCategory == .nonspacingMark
    }

    mutating func skipTrivia() {
        while let c = peek() {
            if c == "\n" {
                sawNewline = true
                trivia.append(.newline)
                i += 1
            } else if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" || c == "\u{3000}" {
                i += 1
            } else if c == "-", peek(1) == "-" {
                let start = i
                while let d = peek(), d != "\n" { controlCheck(d); i += 1 }
                let line = file.location(of: start).line
                let onItsOwnLine = sawNewline || start == 0
                if !onItsOwnLine || pendingCommentEndLine != line - 1 { pendingComment = [] }
                if onItsOwnLine {
                    pendingComment.append(file.slice(Span(file: file.id, start: start + 2, end: i)).trimmingSpaces())
                    pendingCommentEndLine = line
                }
                trivia.append(.comment(file.slice(Span(file: file.id, start: start, end: i))))
            } else if c == "/", peek(1) == "*" {
                let start = i
                i += 2
                var depth = 1
                while depth > 0, i < s.count {
                    if s[i] == "*", peek(1) == "/" { depth -= 1; i += 2 }
                    else if s[i] == "/", peek(1) == "*" { depth += 1; i += 2 }
                    else { controlCheck(s[i]); i += 1 }
                }
                if depth > 0 { error(.unterminatedComment(Span(file: file.id, start: start, end: start + 2))) }
                trivia.append(.comment(file.slice(Span(file: file.id, start: start, end: i))))
                pendingComment = []
            } else {
                return
            }
        }
    }

    /// Numbers, magnitude suffixes, `%`, the `30d` duration, and ISO dates.
    mutating func lexNumber(_ start: Int) -> TokenKind {
        // ISO date: dddd-dd-dd not followed by another digit or letter.
        if i + 10 <= s.count, (0..<4).allSatisfy({ isDigit(s[i + $0]) }), s[i + 4] == "-",
           isDigit(s[i + 5]), isDigit(s[i + 6]), s[i + 7] == "-", isDigit(s[i + 8]), isDigit(s[i + 9]),
           !(i + 10 < s.count && isIdentifierPart(s[i + 10])) {
            i += 10
            let text = file.slice(span(start))
            if !isValidDate(text) { error(.invalidDate(text, span(start))) }
            return .date(text)
        }
        if let typed = typedDate() {
            // `2026/05/01`, `2026-5-1`, `2026.05.01`, `2026年5月1日`: a date meant, written the
            // way people type it. One error that shows the ISO form, then read as that date.
            error(.dateNotISO(typed.text, iso: typed.iso, span(start)))
            return .date(typed.iso)
        }
        var digits = ""
        func digitRun() {
            while let c = peek() {
                if isDigit(c) { digits.unicodeScalars.append(c); i += 1 }
                else if c == "_", let n = peek(1), isDigit(n), !digits.isEmpty { i += 1 }
                else { break }
            }
        }
        digitRun()
        if peek() == ".", let n = peek(1), isDigit(n) {
            digits += "."; i += 1
            digitRun()
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if let sign = peek(1), sign == "+" || sign == "-" { k = 2 }
            if let d = peek(k), isDigit(d) {
                digits += "e"
                if k == 2 { digits.unicodeScalars.append(peek(1)!) }
                i += k
                digitRun()
            }
        }
        var value = Double(digits) ?? 0
        // Suffix: letters glued to the number.
        let suffixStart = i
        while let c = peek(), isIdentifierPart(c), !isDigit(c) { i += 1 }
        let suffix = file.slice(Span(file: file.id, start: suffixStart, end: i))
        if !suffix.isEmpty {
            switch suffix {
            case "k", "K": value *= 1e3
            case "m", "M": value *= 1e6
            case "b", "B": value *= 1e9
            case "w", "W", "万": value *= 1e4
            case "亿": value *= 1e8
            case "千": value *= 1e3
            case "d": return .duration(value, .days)
            default:
                error(.badNumberSuffix(suffix, number: digits, span(start)))
            }
        }
        if peek() == "%" { i += 1; value /= 100 } else if peek() == " " {
            // `10 %`: the percent meant, said once, then read as `10%`.
            var k = i
            while k < s.count, s[k] == " " { k += 1 }
            if k < s.count, s[k] == "%" {
                error(.unexpectedCharacter("%", Span(file: file.id, start: k, end: k + 1)))
                i = k + 1
                value /= 100
            }
        }
        if !value.isFinite { error(.numberOverflow(span(start))); value = 0 }
        return .number(value, text: file.slice(span(start)))
    }

    /// Control characters other than tab, line feed and carriage return are refused wherever
    /// they stand (LANGUAGE.md §6): a NUL would end a string on its way to SQL or a file name.
    mutating func controlCheck(_ c: Unicode.Scalar, inString: Bool = false) {
        guard Lexer.isForbiddenControl(c) else { return }
        error(.controlCharacter(c, inString: inString, Span(file: file.id, start: i, end: i + 1)))
    }

    static func isForbiddenControl(_ c: Unicode.Scalar) -> Bool {
        c.properties.generalCategory == .control && c != "\t" && c != "\n" && c != "\r"
    }

    mutating func lexString(quote: Unicode.Scalar, start: Int) -> String {
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if c == quote { i += 1; return String(out) }
            if c == "\n" { break }
            controlCheck(c, inString: true)
            i += 1
            guard c == "\\" else { out.append(c); continue }
            let escStart = i - 1
            guard let e = peek() else { break }
            i += 1
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\\", "\"", "'": out.append(e)
            case "u":
                var hex = ""
                if peek() == "{" {
                    i += 1
                    while let h = peek(), h != "}", h != quote, h != "\n", hex.count < 8 { hex.unicodeScalars.append(h); i += 1 }
                    let closed = peek() == "}"
                    if closed { i += 1 }
                    if closed, let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) {
                        if Lexer.isForbiddenControl(u) {
                            error(.controlCharacter(u, inString: true, Span(file: file.id, start: escStart, end: i)))
                        }
                        out.append(u)
                        continue
                    }
                }
                let closed = i > 0 && s[i - 1] == "}"
                error(.badEscape(closed ? "\\u{\(hex)}" : "\\u{\(hex)", Span(file: file.id, start: escStart, end: i), unclosed: !closed && !hex.isEmpty && UInt32(hex, radix: 16) != nil))
            default:
                error(.badEscape("\\\(e)", Span(file: file.id, start: escStart, end: i)))
            }
        }
        error(.unterminatedString(Span(file: file.id, start: start, end: start + 1)))
        return String(out)
    }
}

/// True for a real calendar date `YYYY-MM-DD` (leap years included).
public func isValidDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return false }
    let (y, m, d) = (parts[0], parts[1], parts[2])
    guard (1...12).contains(m), d >= 1 else { return false }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= days[m - 1]
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" || f == "\r" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
