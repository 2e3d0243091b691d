import Foundation
import SegCheck
import SegEngine
import SegStore
import SegMemory

/// The analyst's tables: `profile` (shares and TGI) and `overlap` (a matrix), built from
/// the rows their queries return.
extension Session {
    /// Shares of each value in the segment and in the base, and TGI = segment share / base
    /// share × 100. For a role that may not see personal data, counts under the small-cell
    /// threshold are suppressed (shown `<10`), and so are the figures computed from them.
    func profile(_ rows: [[Value]], field: OutputColumn, title: String) -> ResultTable {
        let segTotal = rows.reduce(0.0) { $0 + ($1[1].double ?? 0) }
        let baseTotal = rows.reduce(0.0) { $0 + ($1[2].double ?? 0) }
        var out: [[Value]] = []
        for r in rows {
            let n = r[1].double ?? 0, b = r[2].double ?? 0
            let share = segTotal > 0 ? n / segTotal : 0, baseShare = baseTotal > 0 ? b / baseTotal : 0
            let tgi = baseShare == 0 ? nil : share / baseShare * 100
            out.append([
                masking.present(r[0], as: field.expr),
                .integer(Int64(n)), .real(share), .integer(Int64(b)), .real(baseShare),
                tgi.map { .integer(Int64($0.rounded())) } ?? .null,
                .text(tgi.map(Self.tgiBar) ?? ""),
            ])
        }
        var table = ResultTable(title: title, columns: [field.label, "count", "share", "base", "base share", "TGI", "TGI bar (| = 100)"],
                           types: [field.personal ? .string : field.expr.type, .number, .number, .number, .number, .number, .string], rows: out,
                           note: "TGI = share ÷ base share × 100: over 100, the value is more common in the segment than in the base",
                           percent: [2, 4])
        table.displayOnly = [6]
        table.kind = .profile
        // Small cells, for a role that may not see personal data: a count and what is computed from it.
        if !masking.reveal {
            table.suppressSmall(counts: [1, 3], derived: [1: [2, 5], 3: [4, 5]], minCell: options.minCell)
            // No bar for a suppressed TGI.
            for r in table.rows.indices where table.suppressed.contains(.init(r, 5)) { table.rows[r][6] = .text("") }
        }
        return table
    }

    /// A bar for a TGI, one block per 10 in eighths of a block, with `|` at 100 (as common as
    /// in the base); past 300 it stops with `▸`.
    static func tgiBar(_ tgi: Double) -> String {
        let eighths = Int((min(tgi, 300) / 10 * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
        if bar.count < 10 { bar += String(repeating: " ", count: 10 - bar.count) }
        bar.insert("|", at: bar.index(bar.startIndex, offsetBy: 10))
        return bar + (tgi > 300 ? "▸" : "")
    }

    /// The overlap matrix: each row's segment, its size, and the share of it also in each column's.
    func overlap(_ sums: [Value], segments: [OutputColumn]) -> ResultTable {
        let n = segments.count
        var pair = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var k = 0
        for i in 0..<n {
            for j in i..<n {
                let v = sums.indices.contains(k) ? sums[k].double ?? 0 : 0
                pair[i][j] = v
                pair[j][i] = v
                k += 1
            }
        }
        var rows: [[Value]] = []
        for i in 0..<n {
            var row: [Value] = [.text(segments[i].label), .integer(Int64(pair[i][i]))]
            for j in 0..<n {
                let size = pair[i][i]
                row.append(size == 0 ? .null : .real(pair[i][j] / size))
            }
            rows.append(row)
        }
        var table = ResultTable(title: "overlap " + segments.map(\.label).joined(separator: ", "),
                                columns: ["segment", "count"] + segments.map(\.label),
                                types: [.string, .number] + segments.map { _ in .number }, rows: rows,
                                note: "each row's base is its own segment: the share of the row's customers also in the column's segment",
                                percent: Set(2..<(2 + n)))
        table.kind = .overlap
        return table
    }
}
