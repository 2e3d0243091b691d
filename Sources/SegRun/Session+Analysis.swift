import Foundation
import SegCheck

/// The analyst's tables: `profile` (shares and TGI) and `overlap` (a matrix), built from
/// the rows their queries return.
extension Session {
    /// Shares of each value in the segment and in the base, and TGI = segment share / base
    /// share × 100. Counts under the small-cell threshold show as `<10`, and so do the
    /// figures computed from them.
    func profile(_ rows: [[Value]], field: OutputColumn, title: String) -> ResultTable {
        let segTotal = rows.reduce(0.0) { $0 + ($1[1].double ?? 0) }
        let baseTotal = rows.reduce(0.0) { $0 + ($1[2].double ?? 0) }
        let small = "<\(options.minCell)"
        var out: [[Value]] = []
        for r in rows {
            let n = r[1].double ?? 0, b = r[2].double ?? 0
            let share = segTotal > 0 ? n / segTotal : 0, baseShare = baseTotal > 0 ? b / baseTotal : 0
            let hideSegment = n > 0 && n < Double(options.minCell), hideBase = b > 0 && b < Double(options.minCell)
            func percent(_ x: Double) -> Value { .real(x) }
            out.append([
                masking.present(r[0], as: field.expr),
                hideSegment ? .text(small) : .integer(Int64(n)),
                hideSegment ? .text(small) : percent(share),
                hideBase ? .text(small) : .integer(Int64(b)),
                hideBase ? .text(small) : percent(baseShare),
                hideSegment || hideBase || baseShare == 0 ? .text(hideSegment || hideBase ? small : "–") : .integer(Int64((share / baseShare * 100).rounded())),
                .text(hideSegment || hideBase || baseShare == 0 ? "" : Self.tgiBar(share / baseShare * 100)),
            ])
        }
        var table = ResultTable(title: title, columns: [field.label, "count", "share", "base", "base share", "TGI", "TGI bar (| = 100)"],
                           types: [field.personal ? .string : field.expr.type, .number, .number, .number, .number, .number, .string], rows: out,
                           note: "TGI = share ÷ base share × 100: over 100, the value is more common in the segment than in the base",
                           percent: [2, 4])
        table.displayOnly = [6]
        table.kind = .profile
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
