import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels
import SegEngine
import SegStore
import SegMemory

/// The REPL's answers from memory (`SegmentMemory`). What else a run reads instead of
/// computing again is in its plan (`RunPlan`, carried out in `Session+Plan.swift`).
extension Session {
    /// A REPL statement's rows from memory (`SegmentMemory`), where it can answer them and
    /// the engine tells cheaply that the data is what memory read.
    func answerFromMemory(_ c: CompiledAction, in program: CheckedProgram, reads: RunReads) -> [[Value]]? {
        // A column compared by a collation (`COLLATE NOCASE`) is SQL's to compare.
        guard options.keepSegments, !c.action.isExplain, !engine.comparesByCollation(program.entity.table) else { return nil }
        // The data version as the engine knows it without a scan: a question memory answers
        // reads a tag table or a kept segment, whose version this entry has already asked.
        // The tag table as built: a table dropped and built again under the same name is another.
        let built: TagStore.Built? = reads.tagTable.flatMap { table in
            try? TagStore(engine: engine, db: store).list().first(where: { $0.name == table })
        }
        if reads.tagTable != nil && built == nil { return nil }
        let identity = built.map { b in [b.name, b.createdAt, b.asOf, fingerprint(b.tags.map { $0.column + ":" + $0.fingerprint }.joined(separator: ",").utf8)].joined(separator: "|") } ?? ""
        return memory.answer(c, in: program, reads: reads, version: {
            engine.knownDataVersion(of: program.entity).map { $0 + "|" + identity }
        }) {
            // Every tag the table holds, so the first scan loads them all.
            built?.tags.map(\.column) ?? []
        }
    }
}
