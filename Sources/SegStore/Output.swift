import SegSyntax
import SegCheck
import SegEngine

/// Rows a statement produced, with what each column is.
public struct ResultTable: Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var types: [SegType]
    public var rows: [[Value]]
    /// How many rows there were before `limit` cut them, when it did (`show`: "20 of 137 rows").
    public var total: Int64? = nil
    /// How to read the table, printed under it ("TGI = …").
    public var note: String? = nil
    /// Columns of rates a table shows as percentages, and differences of rates as percentage
    /// points (`0.108294` → `10.8%`, `10.8 pp`); JSON and CSV keep the numbers.
    public var percent: Set<Int> = []
    public var points: Set<Int> = []
    /// Columns for the eye only (a bar): left out of JSON and CSV.
    public var displayOnly: Set<Int> = []
    /// What the table is, for a reader that draws it (`seg report`); nil: rows to list.
    public var kind: Kind? = nil
    /// Small-cell suppression (`--min-cell`): the cells whose counts fall under
    /// `suppressedBelow`, and the figures computed from them. They are missing in `rows`, so a
    /// number column stays numeric; people see `<10`, machines a `suppressed` flag per row.
    public var suppressed: Set<CellRef> = []
    public var suppressedBelow: Int? = nil

    public struct CellRef: Hashable, Sendable {
        public var row: Int
        public var column: Int
        public init(_ row: Int, _ column: Int) { self.row = row; self.column = column }
    }

    /// What a person sees in a suppressed cell (`<10`); nil for any other cell.
    public func suppressedText(_ row: Int, _ column: Int) -> String? {
        guard let n = suppressedBelow, suppressed.contains(CellRef(row, column)) else { return nil }
        return "<\(n)"
    }

    /// Suppresses counts under `minCell` (and over 0) in `counts`, and the cells of `derived`
    /// computed from them (a share, a TGI) in the same row.
    public mutating func suppressSmall(counts: [Int], derived: [Int: [Int]] = [:], minCell: Int) {
        suppressedBelow = minCell
        for r in rows.indices {
            for c in counts {
                guard let n = rows[r][c].double, n > 0, n < Double(minCell) else { continue }
                for hidden in [c] + (derived[c] ?? []) {
                    rows[r][hidden] = .null
                    suppressed.insert(CellRef(r, hidden))
                }
            }
        }
    }

    public enum Kind: String, Sendable, Equatable {
        /// A campaign's steps: target, each exclusion, caps, limits, holdout, treatment.
        case funnel
        /// `profile`: value, count, share, base, base share, TGI.
        case profile
        /// `overlap`: the pairwise counts.
        case overlap
        /// `evaluate MODEL`: the summary (AUC, KS, PSI) and the gains by decile.
        case modelSummary, deciles
        /// `evaluate campaign`: rates per group, and the effect with its interval.
        case campaignGroups, campaignEffect
        /// `evaluate campaign … by decile(score)`: uplift per decile and the Qini areas.
        case upliftByDecile, upliftSummary
        /// `evaluate campaign … on MEASURE`: the difference in means, plain and CUPED.
        case measureEffect
        /// `plan campaign`: the detectable uplift, or the holdout an uplift needs.
        case campaignPlan
    }

    /// The table as JSON and CSV carry it: without the columns for the eye only.
    public var forMachines: ResultTable {
        guard !displayOnly.isEmpty || suppressedBelow != nil else { return self }
        let keep = columns.indices.filter { !displayOnly.contains($0) }
        // A suppressed table says, row by row, whether its missing counts were suppressed.
        let flag = suppressedBelow != nil
        var t = ResultTable(title: title, columns: keep.map { columns[$0] } + (flag ? ["suppressed"] : []),
                            types: keep.map { types[$0] } + (flag ? [.bool] : []),
                            rows: rows.enumerated().map { n, r in
                                keep.map { r[$0] } + (flag ? [.integer(keep.contains { suppressed.contains(CellRef(n, $0)) } ? 1 : 0)] : [])
                            }, total: total, note: note)
        t.kind = kind
        t.percent = Set(keep.enumerated().filter { percent.contains($0.element) }.map(\.offset))
        t.points = Set(keep.enumerated().filter { points.contains($0.element) }.map(\.offset))
        return t
    }

    public init(title: String, columns: [String], types: [SegType], rows: [[Value]], total: Int64? = nil, note: String? = nil,
                percent: Set<Int> = [], points: Set<Int> = []) {
        self.title = title
        self.columns = columns
        self.types = types
        self.rows = rows
        self.total = total
        self.note = note
        self.percent = percent
        self.points = points
    }
}

/// What running a statement shows the user. The CLI and REPL format it; tests read it.
public enum Output: Sendable, Equatable {
    /// `count S`
    case count(title: String, value: Int64)
    /// `count S by …`, `show S …`
    case table(ResultTable)
    /// `explain S`: the SQL as it reads (values inline), and the engine's plan.
    /// `strategy` says how aggregates are computed and why.
    /// `asOf`: the reference date and where it came from, when the statement depends on it.
    case explain(title: String, sql: String, plan: [String], parameters: Int, strategy: String?, engine: String, asOf: String? = nil)
    /// A sentence: "wrote 1,234 rows to vip.csv".
    case message(String)
    /// An `expect` statement's result (`seg test`).
    case expectation(ExpectationResult)
}

/// What an `expect` found: the statement as written, whether it held, and what was seen.
public struct ExpectationResult: Sendable, Equatable {
    public var text: String
    public var passed: Bool
    /// "count is 650", "customer 10043 is in vip_at_risk", …
    public var detail: String
    public var span: SegSyntax.Span
    public init(text: String, passed: Bool, detail: String, span: SegSyntax.Span) {
        self.text = text
        self.passed = passed
        self.detail = detail
        self.span = span
    }
}

/// Turns engine values into text the way every output shows them.
public enum Cell {
    /// nil for a missing value.
    public static func text(_ v: Value, _ type: SegType) -> String? {
        switch (v, type) {
        case (.null, _): return nil
        case (.integer(let i), .bool): return i != 0 ? "true" : "false"
        case (.real(let d), .bool): return d != 0 ? "true" : "false"
        case (.integer(let i), _): return String(i)
        case (.real(let d), _): return number(d)
        case (.text(let s), .bool): return ["1", "true", "t", "yes"].contains(s.lowercased()) ? "true" : "false"
        case (.text(let s), .date): return s.count > 10 && s.dropFirst(10).allSatisfy({ " T0:.Z".contains($0) }) ? String(s.prefix(10)) : s
        case (.text(let s), _): return s
        }
    }

    /// Shortest text of a number to 15 significant digits: 42, 0.7, 6615034.79 — no float
    /// noise like 6615034.789999999 from adding up cents.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        // Fast path: where Swift's shortest round-trip text has at most 15 significant digits
        // and no exponent, it is exactly what %.15g prints (the double lies far closer to it
        // than half a 15th digit), at a tenth of the cost — exports format millions of these.
        let m = abs(d)
        if m >= 1e-4, m < 1e15 {
            let s = d.description
            var significant = 0, leading = true, exponent = false
            for c in s.utf8 {
                if c == UInt8(ascii: "e") { exponent = true; break }
                guard c >= 48, c <= 57 else { continue }
                if leading, c == 48 { continue }
                leading = false
                significant += 1
            }
            if !exponent, significant <= 15 { return s }
        }
        return String(format: "%.15g", d)
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
