import SegCheck
import SegModels
import SegEngine
import SegStore
import SegMemory

extension Session {
    /// Makes a program's models callable from SQLite queries (Session.execute does this itself).
    public func registerModels(of program: CheckedProgram) {
        engine.prepare(models: program.models)
    }

    /// `evaluate MODEL on S against LABEL [vs S2]`: a summary (AUC, KS and where it peaks, PSI)
    /// and the gains table by decile. Rows: score, label, in S, in S2.
    func evaluateModel(_ rows: [[Value]], title: String, hasBase: Bool) -> [Output] {
        var scores: [Double] = [], labels: [Bool] = [], base: [Double] = []
        for r in rows {
            let score = r[0].double ?? .nan
            if CampaignAssignment.truthy(r[2]) {
                scores.append(score)
                labels.append(CampaignAssignment.truthy(r[1]))
            }
            if hasBase, CampaignAssignment.truthy(r[3]) { base.append(score) }
        }
        let e = ModelEvaluation(scores: scores, labels: labels)
        func num(_ d: Double) -> Value { d.isNaN ? .null : .real((d * 1e6).rounded() / 1e6) }
        var columns = ["customers", "positives", "auc", "ks", "ks_score"]
        var row: [Value] = [.integer(Int64(e.count)), .integer(Int64(e.positives)), num(e.auc), num(e.ks), num(e.ksScore)]
        if hasBase {
            columns.append("psi")
            row.append(num(ModelEvaluation.psi(expected: base, actual: scores)))
        }
        var summary = ResultTable(title: title, columns: columns, types: Array(repeating: .number, count: columns.count), rows: [row])
        summary.kind = .modelSummary
        var deciles = ResultTable(
            title: "deciles", columns: ["decile", "customers", "responders", "rate", "cumulative_capture", "lift", "min_score", "max_score"],
            types: Array(repeating: .number, count: 8),
            rows: e.deciles.map { d in
                [.integer(Int64(d.decile)), .integer(Int64(d.customers)), .integer(Int64(d.responders)), num(d.rate),
                 num(d.cumulativeCapture), num(d.lift), num(d.minScore), num(d.maxScore)]
            }, percent: [3, 4])
        deciles.kind = .deciles
        var out: [Output] = [.table(summary), .table(deciles)]
        if e.positives == 0 || e.positives == e.count {
            out.append(.message("every customer in \(title.split(separator: " ").dropFirst(3).first ?? "the segment") has the same label: AUC and KS are undefined"))
        }
        return out
    }
}
