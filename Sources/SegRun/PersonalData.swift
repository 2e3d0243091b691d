import SegCheck
import SegEngine
import SegStore
import SegMemory

/// Masks one personal value (LANGUAGE.md §5) by its shape, keeping what a person needs to
/// recognise the record and no more: `138****1111`, `4403**********0815`, `张*`, `欧阳**`,
/// `u***@example.cn`, `J*** S****`. The shape, not the column's name, decides, so a value
/// computed from a personal field (`coalesce(phone, email)`) is masked as what it holds.
public enum Mask {
    public static func apply(_ s: String) -> String {
        let chars = Array(s)
        guard !chars.isEmpty else { return s }
        if let at = chars.firstIndex(of: "@"), at > 0, at < chars.count - 1 {
            // An email address: the first letter of the mailbox, and the domain.
            return String(chars[0]) + "***" + String(chars[at...])
        }
        let digits = chars.filter(\.isASCIIDigit).count
        if digits * 10 >= chars.count * 7 {
            // Phone, ID and card numbers: an ID number (15 or 18) or a card keeps its first and
            // last four, anything shorter its first three and last four, short values only their last.
            if chars.count >= 15 { return keep(chars, first: 4, last: 4) }
            if chars.count >= 11 { return keep(chars, first: 3, last: 4) }
            if chars.count >= 7 { return keep(chars, first: 1, last: 2) }
            return String(repeating: "*", count: chars.count)
        }
        if chars.count == 1 { return "*" }
        if chars.allSatisfy({ $0.isHan || $0 == "·" }), chars.count <= 6 {
            // A Chinese name keeps its family name: one character, or two for a compound one.
            let family = chars.count >= 3 && compoundSurnames.contains(String(chars.prefix(2))) ? 2 : 1
            return String(chars[..<family]) + String(repeating: "*", count: max(chars.count - family, 1))
        }
        if chars.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "." }), !chars.contains(where: \.isHan) {
            // A name in Latin letters: each word's initial.
            return s.split(separator: " ", omittingEmptySubsequences: false).map { (word: Substring) -> String in
                guard let initial = word.first else { return "" }
                return String(initial) + String(repeating: "*", count: max(word.count - 1, 1))
            }.joined(separator: " ")
        }
        // Anything else (an address): its first third, at most six characters — a province and city.
        return keep(chars, first: min(max(chars.count / 3, 1), 6), last: 0)
    }

    /// A date keeps its year: `1988-**-**`.
    public static func date(_ s: String) -> String {
        let chars = Array(s)
        guard chars.count >= 10, chars[4] == "-" else { return Masking.hidden }
        return String(chars.prefix(5)) + "**-**"
    }

    static func keep(_ chars: [Character], first: Int, last: Int) -> String {
        guard chars.count > first + last else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(first)) + String(repeating: "*", count: chars.count - first - last) + String(chars.suffix(last))
    }

    /// Two-character family names (复姓), so `欧阳娜娜` keeps `欧阳`.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
        "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "钟离", "万俟", "东郭",
    ]
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// A CJK ideograph (the basic block and extension A).
    var isHan: Bool { unicodeScalars.first.map { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) } ?? false }
}

/// The one step every output passes through on its way out (`show`, every export, list
/// members, `explain … for`, `diff`, the REPL): personal values are masked unless the run's
/// role may see them. What was masked or revealed is recorded with lists and in the ledger.
public struct Masking: Sendable {
    /// Whether the run's role may see personal data (`seg.toml`, `--role`).
    public var reveal: Bool

    public init(reveal: Bool) { self.reveal = reveal }

    /// One value of an expression on its way out. Missing stays missing. A personal value
    /// as stored keeps its recognisable shape: a text by `Mask`, a date its year
    /// (`1988-**-**`); a personal number, or any personal value computed otherwise, is
    /// hidden whole — it can be computed on (`card_no / 10000`, `birth_date + 200 days`), so
    /// anything a mask kept of it could be walked through to recover the stored value.
    public func present(_ v: Value, as e: TypedExpr) -> Value {
        present(v, e.type, personal: e.personal, asStored: e.asStored)
    }

    public func present(_ v: Value, _ type: SegType, personal: Bool, asStored: Bool) -> Value {
        guard personal, !reveal, type != .bool, let text = Cell.text(v, type) else { return v }
        switch type {
        case .string where asStored: return .text(Mask.apply(text))
        case .date where asStored: return .text(Mask.date(text))
        default: return .text(Masking.hidden)
        }
    }

    /// What a personal number or date shows.
    public static let hidden = "****"

    /// Masks the personal columns of rows in place; returns the types the rows now have (a
    /// masked number or date is text).
    public func present(_ rows: inout [[Value]], _ columns: [OutputColumn]) -> [SegType] {
        for r in rows.indices { presentRow(&rows[r], columns) }
        return outputTypes(columns)
    }

    /// The types columns have on their way out: a masked number or date is text.
    public func outputTypes(_ columns: [OutputColumn]) -> [SegType] {
        columns.map { !reveal && $0.personal && $0.expr.type != .bool ? .string : $0.expr.type }
    }

    /// One row on its way out.
    public func presentRow(_ row: inout [Value], _ columns: [OutputColumn]) {
        guard !reveal else { return }
        for (i, column) in columns.enumerated() where column.personal && column.expr.type != .bool {
            row[i] = present(row[i], as: column.expr)
        }
    }

    /// Which of these columns are personal, as the list version and ledger record them.
    public static func personalColumns(_ columns: [OutputColumn]) -> [String] {
        columns.filter(\.personal).map(\.label)
    }
}
