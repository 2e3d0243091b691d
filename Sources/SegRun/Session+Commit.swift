import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// A run's statements, then its one commit point (RunJournal's steps 3 and 4).
extension Session {
    /// Runs the planned statements in order; false once one fails (the run stops there).
    func runStatements(_ statements: [PlannedStatement], programs: [(CheckedProgram, String)], staged: inout StagedFiles,
                       speech: inout RunSpeech, into result: inout RunResult, emit: (Output) -> Void,
                       trace: (CompiledAction) -> Void) -> Bool {
        var campaigns: [Int: CampaignAssignment]?
        for (position, s) in statements.enumerated() {
            let c = s.compiled
            trace(c)
            let (program, path) = programs[s.program]
            do {
                let outputs: [Output]
                if case .campaign(let campaign) = c.action.kind {
                    // Every campaign of the run is assigned at once, so priorities can share customers out.
                    if campaigns == nil { campaigns = try assignCampaigns(statements.map { ($0.compiled, $0.program) }, programs: programs) }
                    outputs = try writeCampaign(campaign, c, assignment: campaigns![position]!, program: program, scriptPath: path, staged: &staged)
                } else {
                    memoryRows = answerFromMemory(c, in: program, reads: s.reads)
                    if memoryRows != nil { answeredFromMemory += 1 }
                    defer { memoryRows = nil }
                    outputs = try execute(c, program: program, scriptPath: path, staged: &staged)
                }
                for o in outputs { speech.say(o, effects: effects.texts, emit: emit, into: &result) }
                result.diagnostics += effects.warnings
                effects.warnings = []
            } catch let failure as StatementFailure {
                result.diagnostics.append(stopped(failure.diagnostic, staged: staged))
                result.failure = failure.failure
                return false
            } catch {
                result.diagnostics.append(.engine(EngineError(kind: .query, detail: "\(error)", path: engine.label), at: c.action.span))
                result.failure = .engine
                return false
            }
        }
        return true
    }

    /// A failure's diagnostic, saying that what the run said it wrote was undone.
    func stopped(_ d: Diagnostic, staged: StagedFiles) -> Diagnostic {
        var d = d
        if !effects.wrote.isEmpty || !staged.written.isEmpty, !d.notes.contains(where: Diagnostic.runStoppedNotes.contains) {
            d.notes.append(Diagnostic.runStoppedUndone)
        }
        return d
    }

    /// `build tags`: in the run's transaction, before its ledger row. False when a build failed
    /// (the run is undone).
    func buildTagsAtCommit(staged: inout StagedFiles, speech: inout RunSpeech, into result: inout RunResult, emit: (Output) -> Void) -> Bool {
        let built: [Output]
        do throws(StatementFailure) {
            built = try buildStagedTags()
            if !effects.stagedTagBuilds.isEmpty { Fault.point("tags-built") }
        } catch {
            engine.rollback()
            staged.discard()
            result.diagnostics.append(stopped(error.diagnostic, staged: staged))
            result.failure = error.failure
            return false
        }
        // Said once the run commits, as every effect is.
        for o in built {
            if case .message(let m) = o { effects.texts.insert(m) }
            speech.say(o, effects: effects.texts, emit: emit, into: &result)
        }
        return true
    }

    /// Step 3: the ledger row and the journal's mark go in the run's own transaction, whose
    /// commit is the one commit point of every effect; step 4: the files go into place.
    /// Returns whether the journal row must stay (files not yet moved).
    func commit(_ programs: [(CheckedProgram, String)], runID: String, journal: RunJournal, staged: inout StagedFiles,
                protectedFiles: [String], speech: inout RunSpeech, into result: inout RunResult, emit: (Output) -> Void) -> Bool {
        staged.prepareForCommit()
        do {
            try engine.begin()
            try TextStore(db: journal.db).keep(runTexts)
            try Ledger(db: journal.db).record(ledgerEntry(programs, status: "ok", detail: nil, wrote: effects.wrote, outputs: result.outputs))
            Fault.point("ledger-written")
            try journal.markCommitted(runID)
            // The last look before the commit: every file is written and its target still takes it.
            let late = staged.problems(protected: protectedFiles)
            if !late.isEmpty {
                engine.rollback()
                staged.discard()
                result.diagnostics += late
                result.failure = .engine
                return false
            }
            // Seg's own write (lists, contacts, tables, the ledger): cached data versions stand.
            try engine.ownWrite { try engine.commit() }
        } catch {
            engine.rollback()
            staged.discard()
            result.diagnostics.append(.cannotRecordRun(error))
            result.failure = .engine
            return false
        }
        effects.recordedInCommit = true
        Fault.point("committed")
        // Step 4: a failure here leaves the journal row, so the next `seg` finishes the job;
        // the run is committed and says so.
        do {
            try staged.moveIntoPlace()
        } catch {
            let failure = error as? MoveFailure ?? MoveFailure(path: "an export", reason: Self.reason(error))
            result.diagnostics.append(.cannotWrite(failure.path, failure.reason + " (the run is committed; the next `seg` on this store moves it into place)", .none))
            result.failure = .engine
            speech.sayHeld(except: effects.fileTexts, emit: emit, into: &result)
            journal.leave(runID)
            return true
        }
        speech.sayHeld(emit: emit, into: &result)
        journal.close(runID)
        Fault.point("closed")
        return false
    }
}

extension Diagnostic {
    /// The note a failure gets when the run had said it wrote something: all of it was undone.
    static let runStoppedUndone = "the run stopped here; nothing it would have written was saved (what it said it wrote was undone)"
    static let runStoppedNothingExported = "the run stopped here; nothing it would have exported was saved"
    /// Notes that already say the run stopped and saved nothing.
    static let runStoppedNotes = [runStoppedUndone, runStoppedNothingExported]
}
