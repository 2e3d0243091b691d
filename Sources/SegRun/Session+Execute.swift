import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// A run, from checked programs to its one commit point (RunJournal's protocol):
/// checks before any query, the journal and the run's transaction, each program's
/// `RunPlan` carried out, the statements, then the commit and the files moved into place.
extension Session {
    /// Runs several checked programs as one run (see `run(scripts:)`), all or nothing.
    func execute(_ programs: [(CheckedProgram, String)], into result: inout RunResult, emit: (Output) -> Void = { _ in },
                 trace: (CompiledAction) -> Void = { _ in }) {
        // Lists saved by this run (committed, or rolled back) are known to later checks.
        defer { refreshSavedLists() }
        // What this run writes, from nothing (the REPL runs one entry at a time).
        effects = RunEffects()
        guard let protectedFiles = checkBeforeRunning(programs, into: &result) else { return }
        // A run with effects opens its journal first (`RunJournal`, step 1): a store that
        // cannot record the run runs nothing.
        let actions = programs.flatMap(\.0.actions)
        let writing = Preflight.hasEffects(actions)
        let runID = UUID().uuidString.lowercased()
        var staged = StagedFiles(targets: Preflight.fileTargets(actions).map(\.path), runID: runID)
        if options.rehearse, writing, !store.storeTraits.transactional {
            return fail(.cannotRehearse(engine.dialect.name.displayName), into: &result)
        }
        let journal: RunJournal? = writing && !options.rehearse ? RunJournal(db: store) : nil
        if let journal {
            do { try journal.open(runID, files: staged.planned) } catch { return fail(.cannotRecordRun(error), into: &result) }
            Fault.point("journal-opened")
        }
        // Closed however the run ends, except when its files could not all be moved into place
        // after the commit: then the row stays, for the next `seg` to finish.
        var keepJournal = false
        defer { if !keepJournal { journal?.close(runID) } }
        // One transaction for the whole run (`Engine.beginRun`); whatever did not commit is undone
        // before the journal row goes.
        do { try engine.beginRun(writing: writing) } catch { return fail(.engine(error, at: .none), into: &result) }
        // A run that only read ends its transaction keeping the temporary tables it made
        // (segments kept for the REPL's next entries); one that wrote and did not commit is
        // undone, and the segments it kept are forgotten with their tables.
        let keptBefore = keptSegments
        defer {
            engine.endRun(keep: !writing)
            if writing && !effects.recordedInCommit { keptSegments = keptBefore }
        }
        // Holding the write lock now: a table another run made since the check above is found
        // here, said as E0711, not as the engine's own words when the statement creates it.
        if writing {
            let taken = tablesTaken(actions)
            if !taken.isEmpty {
                result.diagnostics += taken
                result.failure = .engine
                return
            }
        }
        var temporaries: [String] = []
        defer { for t in temporaries { engine.dropMaterialised(t) } }
        let statements: [PlannedStatement]
        do throws(StatementFailure) { statements = try plan(programs, temporaries: &temporaries, into: &result) } catch {
            result.diagnostics.append(error.diagnostic)
            result.failure = error.failure
            return
        }
        if result.failure != nil { return }
        var speech = RunSpeech(holding: journal != nil)
        let ok = runStatements(statements, programs: programs, staged: &staged, speech: &speech, into: &result, emit: emit, trace: trace)
        if ok { Fault.point("statements-done") }
        // The targets are checked again just before the commit: one may have changed while the queries ran.
        let unmovable = ok ? staged.problems(protected: protectedFiles) : []
        if !ok || !unmovable.isEmpty || options.rehearse {
            if ok, options.rehearse { result.rehearsedLists = rehearsedMembers() }
            engine.rollback()
            staged.discard()
            result.diagnostics += unmovable
            if !unmovable.isEmpty { result.failure = .engine }
            return
        }
        guard buildTagsAtCommit(staged: &staged, speech: &speech, into: &result, emit: emit), let journal else { return }
        keepJournal = commit(programs, runID: runID, journal: journal, staged: &staged, protectedFiles: protectedFiles,
                             speech: &speech, into: &result, emit: emit)
    }

    /// A run's failure before anything ran.
    func fail(_ d: Diagnostic, into result: inout RunResult) {
        result.diagnostics.append(d)
        result.failure = .engine
    }

    /// Everything found wrong before any query runs: statements that do not compile, files
    /// and tables the run cannot write, list versions that are not there. Returns the files
    /// the run reads (never to be overwritten), or nil when the run must not start.
    func checkBeforeRunning(_ programs: [(CheckedProgram, String)], into result: inout RunResult) -> [String]? {
        let compileErrors = planner.compileErrors(programs.map(\.0))
        result.diagnostics += compileErrors
        if compileErrors.hasErrors {
            result.failure = .inScript
            return nil
        }
        // Every file the run will write can be written: checked before any query runs.
        let actions = programs.flatMap(\.0.actions)
        let protectedFiles = filesRead(by: programs, sources: result.sources)
        // `in list L version N` of a version that is not there would silently count nobody.
        let problems = Preflight.check(actions, protected: protectedFiles) + tableProblems(actions)
        let blocking = problems.isEmpty ? programs.flatMap { missingListVersions($0.0) } : problems
        if !blocking.isEmpty {
            result.diagnostics += blocking
            result.failure = .engine
            return nil
        }
        for (program, _) in programs { result.diagnostics += windowsPastData(program) + unknownChannels(program) + unknownValues(program) }
        // Warnings in the order of the script (the checker's and the run's were found apart).
        result.diagnostics = result.diagnostics.enumerated().sorted { a, b in
            (a.element.span.file, a.element.span.start, a.offset) < (b.element.span.file, b.element.span.start, b.offset)
        }.map(\.element)
        let doubts = result.diagnostics.filter(\.doubtsTheAnswer)
        if options.stopCampaignsOnWarnings, !doubts.isEmpty,
           let campaign = actions.first(where: { if case .campaign = $0.kind { true } else { false } }) {
            result.diagnostics.append(.stoppedOnWarnings(doubts.count, campaign.span))
            result.failure = .inScript
            return nil
        }
        if let first = programs.first(where: { p in p.0.actions.contains { ReferenceDate.isUsed(by: $0, in: p.0) } }) {
            announceAsOf(asOfDescription(first.0))
        }
        return protectedFiles
    }
}

/// A statement as planned for a run: compiled with what the run computed before it.
struct PlannedStatement {
    var compiled: CompiledAction
    /// Which of the run's programs it belongs to.
    var program: Int
    /// What it was compiled with (memory answers from the same reads).
    var reads: RunReads
}

/// What a run says: where it has a commit point, "saved list …", "wrote … rows to …" and
/// "built seg_tags_…" wait for it, and a run that stops never says them.
struct RunSpeech {
    let holding: Bool
    var held: [Output] = []

    mutating func say(_ o: Output, effects: Set<String>, emit: (Output) -> Void, into result: inout RunResult) {
        if holding, case .message(let m) = o, effects.contains(m) { held.append(o); return }
        emit(o)
        result.outputs.append(o)
    }

    /// What was held, once the run committed (its files too, unless they could not be moved).
    mutating func sayHeld(except files: Set<String> = [], emit: (Output) -> Void, into result: inout RunResult) {
        for o in held {
            if case .message(let m) = o, files.contains(m) { continue }
            emit(o)
            result.outputs.append(o)
        }
        held = []
    }
}
