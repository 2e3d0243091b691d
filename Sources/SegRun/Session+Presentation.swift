import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Presentation: every row that leaves a statement as a table goes through here, masked
/// unless the run may reveal personal data, and noted for the ledger.
extension Session {
    func table(_ c: CompiledAction, title: String) throws -> ResultTable {
        var data = try rows(c)
        var types = present(&data, c.columns)
        if case .count(let by, _, _) = c.action.kind, !by.isEmpty { types[types.count - 1] = .number }
        var total: Int64?
        if case .show(_, _, let limit) = c.action.kind, data.count == limit, let query = c.total {
            try engine.run(query) { row in if case .integer(let n)? = row.first { total = n } }
        }
        return ResultTable(title: title, columns: c.columns.map(\.label), types: types, rows: data, total: total)
    }

    /// Notes the personal columns a statement puts out, for the ledger.
    func notePersonal(_ columns: [OutputColumn]) {
        for name in Masking.personalColumns(columns) where !effects.personalOut.contains(name) { effects.personalOut.append(name) }
    }

    /// Rows on their way out: personal columns masked unless the run may reveal them, and
    /// noted for the ledger. Returns the columns' types as the rows now hold them.
    func present(_ data: inout [[Value]], _ columns: [OutputColumn]) -> [SegType] {
        notePersonal(columns)
        return masking.present(&data, columns)
    }
}
