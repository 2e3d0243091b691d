/// Draws diagnostics the one way Seg shows them:
///
///     error[E0201]: unknown field `balanse`
///      --> campaigns/q4.seg:3:22
///       |
///     3 | segment vip where balanse > 500k
///       |                   ^^^^^^^ did you mean `balance`?
///
/// Colour is added only when the caller says the output is a terminal.
public struct DiagnosticRenderer: Sendable {
    public var colour: Bool
    public init(colour: Bool = false) { self.colour = colour }

    public func render(_ d: Diagnostic, in sources: SourceMap) -> String {
        var out = paint("\(d.severity.rawValue)[\(d.code)]", d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36")
        out += paint(": \(d.message)", "1") + "\n"
        if let file = sources.file(d.span.file) {
            let (line, startCol) = file.location(of: d.span.start)
            let gutter = String(repeating: " ", count: String(line).count)
            out += "\(gutter)\(paint("-->", "34")) \(file.path):\(line):\(startCol)\n"
            out += "\(gutter) \(paint("|", "34"))\n"
            var text = file.lineText(line)
            let endLine = file.location(of: max(d.span.start, d.span.end - 1)).line
            var lastCol = endLine == line ? file.location(of: d.span.end).column : text.unicodeScalars.count + 1
            var col = startCol
            // A very long line shows a window around the place; control characters show as �,
            // so pasted garbage neither floods nor drives the terminal.
            let scalars = Array(text.unicodeScalars)
            if scalars.count > 160 {
                let from = max(0, col - 1 - 60), to = min(scalars.count, from + 140)
                let lead = from > 0 ? "…" : ""
                text = lead + String(String.UnicodeScalarView(scalars[from..<to])) + (to < scalars.count ? "…" : "")
                col = col - from + lead.unicodeScalars.count
                lastCol = min(lastCol - from + lead.unicodeScalars.count, text.unicodeScalars.count + 1)
            }
            text = String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.properties.generalCategory == .control && $0 != "\t" ? "\u{FFFD}" : $0
            }))
            out += "\(paint(String(line), "34")) \(paint("|", "34")) \(text.replacingTabs())\n"
            // The underline starts under the span's first character, measured in display columns.
            let prefix = String(text.unicodeScalars.prefix(col - 1).map(Character.init))
            let covered = String(text.unicodeScalars.dropFirst(col - 1).prefix(max(1, lastCol - col)).map(Character.init))
            let marks = String(repeating: "^", count: max(1, displayWidth(covered)))
            var underline = String(repeating: " ", count: displayWidth(prefix.replacingTabs())) + marks
            if let s = d.suggestion { underline += " " + s }
            out += "\(gutter) \(paint("|", "34")) \(paint(underline, d.severity == .error ? "1;31" : "1;33"))\n"
            for n in d.notes { out += "\(gutter) = note: \(n)\n" }
        } else {
            if let s = d.suggestion { out += "  = help: \(s)\n" }
            for n in d.notes { out += "  = note: \(n)\n" }
        }
        return out
    }

    public func render(_ ds: [Diagnostic], in sources: SourceMap) -> String {
        ds.map { render($0, in: sources) }.joined(separator: "\n")
    }

    private func paint(_ s: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}

extension String {
    fileprivate func replacingTabs() -> String { replacingOccurrences(of: "\t", with: "    ") }
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}

/// Terminal columns a string takes: East Asian wide characters take two.
public func displayWidth(_ s: String) -> Int {
    var w = 0
    for ch in s {
        guard let v = ch.unicodeScalars.first?.value else { continue }
        if v < 0x20 { continue }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
        w += wide ? 2 : 1
    }
    return w
}
