import Foundation
import Rainbow
import SegCheck
import SegRun
import SegSyntax
import SegEngine
import SegStore
import SegDemo

/// How results are printed: aligned tables for people, JSON or CSV for machines.
enum OutputFormat: String, CaseIterable {
    case table, json, csv
}

struct Printer {
    var format: OutputFormat
    /// Colour only on a terminal.
    var colour: Bool
    /// One block per row, a line per column (the REPL's `.x`): for rows wider than the screen.
    var expanded = false

    func print(_ output: Output) { Swift.print(text(output), terminator: "") }

    /// An output as the format writes it, ending with a newline (empty for nothing).
    func text(_ output: Output) -> String {
        switch format {
        case .table: return human(output)
        case .json: return json(output) + "\n"
        case .csv: return csv(output)
        }
    }

    /// The text people read: aligned tables (or, expanded, one block per row).
    func human(_ output: Output) -> String {
        var out = ""
        switch output {
        case .count(let title, let value):
            out += "\(paint("count \(Self.shortTitle(title))", \.bold)): \(Cell.grouped(value))\n"
        case .table(let t):
            out += paint(Self.shortTitle(t.title), \.bold) + "\n"
            out += expanded ? renderRecords(t) : renderTable(t)
            if let total = t.total, total > Int64(t.rows.count) {
                out += paint("(\(Cell.grouped(Int64(t.rows.count))) of \(Cell.grouped(total)) rows)", \.dim) + "\n"
            } else {
                out += paint("(\(Cell.grouped(Int64(t.rows.count))) row\(t.rows.count == 1 ? "" : "s"))", \.dim) + "\n"
            }
            if let note = t.note { out += paint(note, \.dim) + "\n" }
        case .explain(let title, let sql, let plan, let parameters, let strategy, let engine, let asOf):
            out += paint("explain \(title)", \.bold) + "\n"
            if let asOf { out += paint("-- as of: ", \.dim) + asOf + "\n" }
            if let strategy { out += paint("-- aggregates: ", \.dim) + strategy + "\n" }
            out += paint("-- SQL for \(engine); its \(parameters) value\(parameters == 1 ? " is" : "s are") bound as parameters when run, shown inline here", \.dim) + "\n"
            out += sql + "\n"
            out += paint("-- \(engine)'s plan", \.dim) + "\n"
            for line in plan { out += line + "\n" }
        case .message(let m):
            out += m + "\n"
        case .expectation(let r):
            out += (r.passed ? paint("ok    ", \.green) : paint("FAILED", \.red)) + "  " + r.text
                + (r.passed ? "" : "\n      " + r.detail) + "\n"
        }
        return out
    }

    func paint(_ s: String, _ style: KeyPath<String, String>) -> String { colour ? s[keyPath: style] : s }

    /// A title as a line: a target written with a 100,000-value list is shown by its ends.
    static func shortTitle(_ title: String) -> String {
        guard title.count > 160 else { return title }
        return String(title.prefix(100)) + " … " + String(title.suffix(40))
    }

    /// Each row as a block of `column | value` lines, as psql's expanded display.
    func renderRecords(_ t: ResultTable) -> String {
        let width = t.columns.map(displayWidth).max() ?? 0
        var out = ""
        for (n, row) in t.rows.enumerated() {
            out += paint("-[ row \(n + 1) ]" + String(repeating: "-", count: max(0, width - 4)), \.dim) + "\n"
            for (i, cell) in zip(row, t.types).enumerated() {
                var text = t.suppressedText(n, i) ?? Cell.text(cell.0, cell.1) ?? "–"
                let name = t.columns[i]
                if cell.1 == .number, !name.lowercased().hasSuffix("id") { text = Self.withSeparators(text) }
                out += name + String(repeating: " ", count: width - displayWidth(name)) + " | " + text + "\n"
            }
        }
        return out
    }

    /// A plain aligned table; wide (Chinese) characters count two columns. A number column
    /// is written one way throughout: with thousands separators in every row when any of its
    /// values reaches 10,000 (never in `…id` columns). Nothing is cut, but on a terminal too
    /// narrow for the whole table, where the widest text columns are cut with `…`.
    func renderTable(_ t: ResultTable) -> String {
        let formats = t.types.indices.map { i in
            t.types[i] == .number ? ColumnFormat(column: t.columns[i], values: t.rows.map { $0[i] }) : nil
        }
        var cells = t.rows.enumerated().map { n, row in
            zip(row, t.types).enumerated().map { i, cell -> String in
                if let small = t.suppressedText(n, i) { return small }
                guard let text = Cell.text(cell.0, cell.1) else { return "–" }
                if let x = cell.0.double, cell.1 == .number, t.percent.contains(i) || t.points.contains(i) {
                    return String(format: "%.1f", x * 100) + (t.percent.contains(i) ? "%" : " pp")
                }
                if let format = formats[i], let x = cell.0.double { return format.text(x) }
                return text
            }
        }
        var widths = t.columns.map(displayWidth)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], displayWidth(c)) } }
        if colour, let screen = Terminal.size()?.columns {
            // Too wide for the screen: the widest text columns give way, down to 12 columns each.
            var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
            while total > screen, let i = widths.indices.filter({ t.types[$0] != .number && widths[$0] > 12 }).max(by: { widths[$0] < widths[$1] }) {
                let cut = min(total - screen, widths[i] - 12)
                widths[i] -= cut
                total -= cut
            }
            for r in cells.indices { for i in widths.indices where displayWidth(cells[r][i]) > widths[i] { cells[r][i] = Self.truncated(cells[r][i], to: widths[i]) } }
        }
        let rightAligned = t.types.map { $0 == .number }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in
                let pad = String(repeating: " ", count: max(0, widths[i] - displayWidth(v)))
                return rightAligned[i] ? pad + v : v + pad
            }.joined(separator: "  ").trimmingTrailingWhitespace
        }
        var out = paint(line(t.columns.enumerated().map { i, c in displayWidth(c) > widths[i] ? Self.truncated(c, to: widths[i]) : c }), \.underline) + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    /// How a number column is written on a screen, one way for every row: thousands
    /// separators in all or none (none in `…id` columns and columns of years), and as many
    /// decimals as its values need, at most 2 where they reach 100, 4 where they reach 1 and
    /// 6 below (p-values). Files and JSON keep every digit.
    struct ColumnFormat {
        var separators: Bool
        var decimals: Int

        init(column: String, values: [Value]) {
            let numbers = values.compactMap(\.double).filter(\.isFinite)
            let largest = numbers.map(abs).max() ?? 0
            // A column of counts is no column of years, even when its counts fall between 1900
            // and 2100 (a plan's 2,001 members).
            let name = column.lowercased()
            let counts = ["count", "customers", "members", "treatment", "holdout", "treated", "held", "responders"]
                .contains { name == $0 || name.hasSuffix("_" + $0) || name.hasPrefix($0 + "_") }
            let years = !counts && !numbers.isEmpty && numbers.allSatisfy { $0 == $0.rounded() && $0 >= 1900 && $0 <= 2100 }
            separators = !column.lowercased().hasSuffix("id") && !years && largest >= 1_000
            let needed = numbers.map { v -> Int in
                let text = Cell.number(v)
                guard !text.contains("e"), let dot = text.firstIndex(of: ".") else { return 0 }
                return text.distance(from: dot, to: text.endIndex) - 1
            }.max() ?? 0
            decimals = min(needed, largest >= 100 ? 2 : largest >= 1 ? 4 : 6)
        }

        func text(_ v: Double) -> String {
            let plain = decimals == 0 && v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.\(decimals)f", v)
            return separators ? Printer.withSeparators(plain, from: 1_000) : plain
        }
    }

    /// `20811037.09` → `20,811,037.09`, from 10,000 up (so years and small counts stay as they are).
    static func withSeparators(_ text: String, from smallest: Double = 10_000) -> String {
        guard let v = Double(text), abs(v) >= smallest, !text.contains("e") else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        let digits = Array(parts[0])
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (negative ? "-" : "") + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Cuts a cell to a display width with an ellipsis (on a terminal only).
    static func truncated(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = ""
        for ch in text {
            if displayWidth(out + String(ch)) > width - 1 { break }
            out.append(ch)
        }
        return out + "…"
    }

    // MARK: machines

    func json(_ output: Output) -> String {
        switch output {
        case .count(let title, let value):
            return "{\"segment\":\(jsonString(title)),\"count\":\(value)}"
        case .table(let table):
            let t = table.forMachines
            let rows = t.rows.map { row in
                "{" + zip(t.columns, zip(row, t.types)).map { name, cell in jsonString(name) + ":" + FileExport.jsonValue(cell.0, cell.1) }
                    .joined(separator: ",") + "}"
            }
            return "{\"title\":\(jsonString(t.title)),\"rows\":[\(rows.joined(separator: ","))]" + (t.total.map { ",\"total\":\($0)" } ?? "") + "}"
        case .explain(let title, let sql, let plan, _, let strategy, _, let asOf):
            return "{\"explain\":\(jsonString(title)),\"sql\":\(jsonString(sql)),\"plan\":[\(plan.map(jsonString).joined(separator: ","))],\"strategy\":\(strategy.map(jsonString) ?? "null"),\"as_of\":\(asOf.map(jsonString) ?? "null")}"
        case .message(let m):
            return "{\"message\":\(jsonString(m))}"
        case .expectation(let r):
            return "{\"expect\":\(jsonString(r.text)),\"passed\":\(r.passed),\"detail\":\(jsonString(r.detail))}"
        }
    }

    func csv(_ output: Output) -> String {
        switch output {
        case .count(let title, let value):
            return String(decoding: FileExport.csv(ResultTable(title: title, columns: ["segment", "count"], types: [.string, .number],
                                                               rows: [[.text(title), .integer(value)]]), crlf: false), as: UTF8.self)
        case .table(let t):
            return String(decoding: FileExport.csv(t.forMachines, crlf: false), as: UTF8.self)
        case .explain(_, let sql, _, _, _, _, _):
            return sql + "\n"
        case .message(let m):
            FileHandle.standardError.write(Data((m + "\n").utf8))
            return ""
        case .expectation(let r):
            return String(decoding: FileExport.csv(ResultTable(title: "expect", columns: ["expect", "passed", "detail"], types: [.string, .bool, .string],
                                                               rows: [[.text(r.text), .integer(r.passed ? 1 : 0), .text(r.detail)]]), crlf: false), as: UTF8.self)
        }
    }

    func jsonString(_ s: String) -> String { FileExport.jsonString(s) }
}

extension String {
    /// Without trailing white space, in one pass from the end (a regex `\s+$` is quadratic on
    /// a long run of spaces: a 12,000-character column title took minutes).
    var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[..<end])
    }
}
