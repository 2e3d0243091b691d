import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels

/// How a run is set up.
public struct RunOptions: Sendable {
    /// `--param name=value`
    public var params: [String: String] = [:]
    /// The run's reference date (`today`), fixed once per run: `--as-of`, the date the
    /// database declares (`ReferenceDate`), or the date the run starts.
    /// Setting it gives the date (`.given`): only a date nobody set is replaced by the database's.
    public var asOf: String = RunOptions.todayISO() { didSet { asOfSource = .given } }
    /// Where `asOf` came from; a session replaces `.clock` by the database's declaration.
    public var asOfSource: AsOfSource = .clock
    /// The role the run asks to work under (`--role`, or `role` in `seg.toml`): the session
    /// asks the store's policy whether the running user holds it, and what it may do
    /// (`PolicyStore.resolve`); nothing here grants a right.
    public var role: String?
    /// Profile cells with fewer entities than this show as `<10` (small-cell suppression).
    public var minCell = 10
    /// Score models as SQL expressions even on SQLite (`--models pushdown`), instead of in Seg's process.
    public var pushdownModels = false
    /// How aggregates are computed: nil chooses per statement from the data (DESIGN.md).
    public var plan: PlanChoice?
    /// Where `use stdlib.NAME` looks.
    /// What an `expect` does: `stop` (seg run) says nothing when it holds and stops the run
    /// when it does not, as a failed `assert`; `show` (the REPL) says "ok" when it holds and
    /// stops likewise; `collect` (seg test) reports each, passed or failed, and goes on.
    public var expectations: ExpectationMode = .stop
    /// `seg report`: the script runs whole, then everything it wrote is undone (lists,
    /// contacts and tables rolled back, files never moved into place, no ledger row), so a
    /// report shows what a run would do and changes nothing.
    public var rehearse = false
    /// The REPL: each segment (a condition that reads relations, models or ranks) evaluated is
    /// kept as a temporary table of its members for the rest of the session, and read again
    /// while its definition, the date and the data are unchanged (`Session.keepingSegments`).
    public var keepSegments = false
    /// Texts read instead of files, by path (`seg replay`: the texts the replayed run read).
    public var storedTexts: [String: String] = [:]
    /// `seg replay`: the store as the replayed run found it — other campaigns' planned contacts
    /// count only from list versions saved by then (or by the replay itself).
    public var storeAsOf: StoreCutoff?
    /// `seg replay`: only what a replay compares runs — no file or table is exported and no tag
    /// table built (nothing is written, so nothing is checked or staged for writing).
    public var replaying = false
    public var stdlibPaths: [String] = ModuleLoader.defaultPaths(executable: CommandLine.arguments.first ?? ".")
    public init() {}

    /// Today in the local time zone. (Not DateFormatter: loading ICU costs more than the query.)
    public static func todayISO() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return CivilDate(Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday)).description
    }
}

/// What a run did.
public struct RunResult: Sendable {
    public var outputs: [Output] = []
    public var diagnostics: [Diagnostic] = []
    /// Why the run failed; nil when it succeeded. (`seg` maps it to an exit code.)
    public var failure: RunFailure?
    public var sources = SourceMap()
    /// A rehearsed run's list versions (`RunOptions.rehearse`): each list's members as the
    /// run would have saved them (key → group and rank, `ListStore.placements`), read before
    /// everything is undone (`seg replay`).
    public var rehearsedLists: [String: [Value: String]] = [:]
}

/// Runs scripts on one engine: parse → check → compile → execute, statement by statement.
/// Exports and list versions take effect only when the whole script succeeds.
public final class Session {
    public let engine: any Engine
    /// The database's tables and saved lists (the list names are read again after a run
    /// saves one, so later entries of a REPL may name it).
    public private(set) var catalog: Catalog
    public var options: RunOptions
    /// Segments kept between the REPL's entries: (fingerprint, date, data version) → table.
    var keptSegments: [String: String] = [:]
    /// The REPL's segments and columns in memory (`RunOptions.keepSegments`).
    lazy var memory = SegmentMemory(engine: engine)
    /// The rows memory answered the statement being executed with (`forEachRow` hands them out).
    var memoryRows: [[Value]]?
    /// Models scored in blocks, kept on the connection: (inputs query, model, data version) →
    /// the SQL function that reads the scores (`Session+Scoring.swift`).
    var scoredFunctions: [String: String] = [:]
    /// The run's `build tags`, done at its commit point.
    var stagedTagBuilds: [StagedTagBuild] = []
    /// What this run's statements said they saved or wrote (`effect`), and which of those are
    /// files: a run with a commit point says them only once it has committed.
    var effectTexts: Set<String> = []
    var fileEffectTexts: Set<String> = []
    /// How many statements memory answered in this session.
    public private(set) var answeredFromMemory = 0
    /// Counts for plan choices, each asked once a session.
    lazy var statistics: any PlanStatistics = EngineStatistics(engine: engine)
    /// Planning with this session's options and statistics.
    var planner: Planner { Planner(dialect: engine.dialect, options: options, statistics: statistics) }
    /// The texts of the scripts being run, by path (their SHA-256 goes with every list).
    var scriptTexts: [String: String] = [:]
    /// Every text the run being executed read (`RunSources`), and the texts themselves.
    var runSources: RunSources?
    var runTexts: [String] = []
    /// The list versions this run saved, in order.
    var savedListVersions: [(name: String, version: Int64)] = []
    /// The data version of each entity table this run read, computed once (`replayDataVersion`).
    var runDataVersions: [String: String] = [:]
    /// What this run wrote, for the ledger.
    var wrote: [String] = []
    /// Whether the run's ledger row went in with its effects (`RunJournal`, step 3).
    var recordedInCommit = false
    /// Warnings a statement raised while it ran (an empty campaign), for the run's diagnostics.
    var warnings: [Diagnostic] = []
    /// When the current `seg run` started (the REPL's entries: when each is executed).
    var runStarted: Date?
    /// The personal columns this run put out (masked or revealed), for the ledger.
    var personalOut: [String] = []
    /// Masks personal data on every way out, unless the role may see it.
    var masking: Masking { Masking(reveal: catalog.policy.mayReveal) }
    /// Who runs, as the policy knows them (recorded with every run and list version).
    public private(set) var runUser: String?
    /// The store's policy and this run's rights under it (`PolicyStore.resolve`).
    public var policy: Policy { catalog.policy }
    /// The last date in each windowed relation ("relation@as-of"), looked up once per session;
    /// `.some(nil)` when its data reaches the window's end.
    var lastDates: [String: String?] = [:]
    /// (relation, as-of) pairs already warned about in this session.
    var warnedPastData: Set<String> = []
    /// Told the reference date ("2026-11-01 (the database's reference date)") before a run
    /// whose statements depend on it; `seg run` prints it as its header.
    public var announceAsOf: (String) -> Void = { _ in }

    public init(engine: any Engine, options: RunOptions = RunOptions()) throws(EngineError) {
        self.engine = engine
        self.options = options
        self.catalog = try engine.catalog()
        // The policy comes from the store alone: the classification, and the role's rights
        // when the running user holds it (a role not held is refused here, before anything runs).
        if engine.ownTables != nil {
            do {
                let store = try PolicyStore(engine: engine)
                self.catalog.policy = try store.resolve(role: options.role)
                self.runUser = store.user()
            } catch let e as EngineError {
                throw e
            } catch {
                throw EngineError(kind: .refused, detail: "\(error)", path: engine.label)
            }
        } else if let role = options.role {
            throw EngineError(kind: .refused, detail: "role `\(role)`: this engine keeps no policy, so no role can be held", path: engine.label)
        }
        if self.options.asOfSource == .clock, let declared = ReferenceDate.declared(by: engine) {
            self.options.asOf = declared
            self.options.asOfSource = .database
        }
        // The next `seg` to open a store finishes or undoes the runs that died (`RunJournal`).
        if let db = engine.ownTables { recovered = RunJournal(db: db).recover() }
    }

    /// What opening the store did for runs that died, or could not do: `seg` says it on stderr.
    public private(set) var recovered: [String] = []

    /// Parses and checks a script without running it.
    public func check(path: String, text: String, sources: inout SourceMap) -> (CheckedProgram?, [Diagnostic]) {
        FrontEnd.check(path: path, text: text, catalog: catalog, options: frontEndOptions, sources: &sources)
    }

    public var frontEndOptions: FrontEnd.Options {
        FrontEnd.Options(params: options.params, asOf: options.asOf, stdlibPaths: options.stdlibPaths, storedTexts: options.storedTexts)
    }

    /// Runs a whole script; `emit` sees each output as soon as it is ready.
    public func run(path: String, text: String, emit: (Output) -> Void = { _ in }) -> RunResult {
        run(scripts: [(path, text)], emit: emit)
    }

    /// Runs scripts together (`seg run a.seg b.seg`): one all-or-nothing run, whose campaigns
    /// share out customers by priority. The run is recorded in the ledger, however it ends.
    public func run(scripts: [(path: String, text: String)], emit: (Output) -> Void = { _ in }) -> RunResult {
        let started = Date()
        runStarted = started
        defer { runStarted = nil }
        var result = RunResult()
        savedListVersions = []
        runDataVersions = [:]
        wrote = []
        personalOut = []
        recordedInCommit = false
        for (path, text) in scripts { scriptTexts[path] = text }
        var programs: [(CheckedProgram, String)] = []
        for (path, text) in scripts {
            let (checked, diagnostics) = check(path: path, text: text, sources: &result.sources)
            result.diagnostics += diagnostics
            if var checked {
                if options.replaying { checked.actions.removeAll { $0.exportsBesideTheStore } }
                programs.append((checked, path))
            } else { result.failure = .inScript }
        }
        // What the run read, recorded with its lists and ledger row for `seg replay`.
        runSources = RunSources(scripts: scripts.map(\.path), read: result.sources)
        runTexts = result.sources.files.filter { !$0.path.hasPrefix("<repl") }.map(\.text)
        // Model files too: a list is traced to the model that scored it, and replayed with it.
        for m in programs.flatMap(\.0.models) where m.model.format != .scorecard {
            guard let text = options.storedTexts[m.model.path]
                    ?? FileManager.default.contents(atPath: m.model.path).flatMap({ String(data: $0, encoding: .utf8) }) else { continue }
            runSources?.add(path: m.model.path, text: text)
            runTexts.append(text)
        }
        // `--as-of` beside a script that pins its date: said always, not only on a terminal.
        for (program, _) in programs {
            if options.asOfSource == .given, options.params["as_of"] == nil, let p = program.parameters["as_of"],
               case .date(let pinned) = p.value, pinned != options.asOf {
                result.diagnostics.append(.asOfIgnored(options.asOf, script: pinned, p.span))
            }
        }
        if result.failure == nil {
            let unknown = unknownParameters(programs.map(\.0))
            if !unknown.isEmpty {
                result.diagnostics += unknown
                result.failure = .usage  // a usage error: nothing runs
            }
        }
        if result.failure == nil {
            execute(programs, into: &result, emit: emit)
        }
        if !options.rehearse { recordRun(scripts: scripts, programs: programs.map(\.0), started: started, result: result) }
        return result
    }

    /// `--param` names that no program declares (with `use`d modules).
    public func unknownParameters(_ programs: [CheckedProgram]) -> [Diagnostic] {
        let declared = Set(programs.flatMap { $0.parameters.keys })
        return options.params.keys.sorted().filter { !declared.contains($0) }.map { .unknownParameter($0, declared: Array(declared)) }
    }

    /// Compiles and runs a checked program's actions, all or nothing: its exports and list
    /// versions take effect only when every action succeeds.
    public func execute(_ program: CheckedProgram, path: String, into result: inout RunResult, emit: (Output) -> Void = { _ in },
                        trace: (CompiledAction) -> Void = { _ in }) {
        execute([(program, path)], into: &result, emit: emit, trace: trace)
    }

    /// Runs several checked programs as one run (see `run(scripts:)`).
    func execute(_ programs: [(CheckedProgram, String)], into result: inout RunResult, emit: (Output) -> Void = { _ in },
                 trace: (CompiledAction) -> Void = { _ in }) {
        // Lists saved by this run (committed, or rolled back) are known to later checks.
        defer { refreshSavedLists() }
        // What this run writes, from nothing (the REPL runs one entry at a time).
        wrote = []
        warnings = []
        personalOut = []
        stagedTagBuilds = []
        recordedInCommit = false
        effectTexts = []
        fileEffectTexts = []
        var compiled: [(CompiledAction, Int)] = []
        // The program each statement was compiled from (tags and kept segments in place).
        var compiledFrom: [CheckedProgram] = []
        var compileErrors = planner.compileErrors(programs.map(\.0))
        result.diagnostics += compileErrors
        if compileErrors.hasErrors {
            result.failure = .inScript
            return
        }
        // Every file the run will write can be written: checked before any query runs.
        let actions = programs.flatMap(\.0.actions)
        let protectedFiles = filesRead(by: programs, sources: result.sources)
        let unwritable = Preflight.check(actions, protected: protectedFiles) + tableProblems(actions)
        if !unwritable.isEmpty {
            result.diagnostics += unwritable
            result.failure = .engine
            return
        }
        // `in list L version N` of a version that is not there would silently count nobody.
        let missingVersions = programs.flatMap { missingListVersions($0.0) }
        if !missingVersions.isEmpty {
            result.diagnostics += missingVersions
            result.failure = .engine
            return
        }
        for (program, _) in programs { result.diagnostics += windowsPastData(program) + unknownChannels(program) }
        if let first = programs.first(where: { p in p.0.actions.contains { ReferenceDate.isUsed(by: $0, in: p.0) } }) {
            announceAsOf(asOfDescription(first.0))
        }
        // A run with effects opens its journal first (`RunJournal`, step 1): a store that
        // cannot record the run runs nothing.
        let runID = UUID().uuidString.lowercased()
        var staged = StagedFiles(targets: Preflight.fileTargets(actions).map(\.path), runID: runID)
        if options.rehearse, Preflight.hasEffects(actions), engine.ownTables?.storeTraits.transactional != true {
            result.diagnostics.append(.cannotRehearse(engine.dialect.name.displayName))
            result.failure = .engine
            return
        }
        let journal: RunJournal? = Preflight.hasEffects(actions) && !options.rehearse ? engine.ownTables.map(RunJournal.init) : nil
        if let journal {
            do { try journal.open(runID, files: staged.planned) } catch {
                result.diagnostics.append(.cannotRecordRun(error))
                result.failure = .engine
                return
            }
            Fault.point("journal-opened")
        }
        // Closed however the run ends, except when its files could not all be moved into place
        // after the commit: then the row stays, for the next `seg` to finish.
        var keepJournal = false
        defer { if !keepJournal { journal?.close(runID) } }
        // One transaction for the whole run (`Engine.beginRun`); whatever did not commit is undone
        // before the journal row goes.
        let writing = Preflight.hasEffects(actions)
        do { try engine.beginRun(writing: writing) } catch {
            result.diagnostics.append(.engine(error, at: .none))
            result.failure = .engine
            return
        }
        // A run that only read ends its transaction keeping the temporary tables it made
        // (segments kept for the REPL's next entries); one that wrote and did not commit is
        // undone, and the segments it kept are forgotten with their tables.
        let keptBefore = keptSegments
        defer {
            engine.endRun(keep: !writing)
            if writing && !recordedInCommit { keptSegments = keptBefore }
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
        var computed: [ComputedCondition] = []
        var rankTables: [String] = []
        defer {
            for c in computed { engine.dropMaterialised(c.table) }
            for t in rankTables { engine.dropMaterialised(t) }
        }
        for (index, (written, _)) in programs.enumerated() {
            engine.prepare(models: written.models)
            // Definitions a fresh tag table holds are read from it (TagStore).
            let (program, tagNote) = readingTags(written)
            let shared: (CheckedProgram, [ComputedCondition])
            var keptNote: String?
            var scoring: [Int: ScoringChoice] = [:]
            do {
                // Kept segments first: a kept segment's ranks need not be computed again.
                let scored: CheckedProgram
                (scored, scoring) = try scoringModelsInBlocks(program)
                let kept: CheckedProgram
                (kept, keptNote) = try keepingSegments(scored)
                let ranked = try computeRanks(kept, index: index, done: &rankTables)
                shared = try computeSharedConditions(ranked, index: index, done: &computed)
            } catch {
                result.diagnostics.append(error.diagnostic)
                result.failure = error.failure
                return
            }
            for a in program.actions {
                // `explain` shows the statement as written; the rest read the computed conditions.
                let p = a.isExplain ? program : shared.0
                switch planner.compile(a, in: p) {
                case .success(var c):
                    if case .explain = a.kind {
                        c.planNote = SharedConditions.note(shared.1, for: a, in: program, appendingTo: c.planNote)
                        if let keptNote { c.planNote = (c.planNote.map { $0 + "; " } ?? "") + keptNote }
                        if let tagNote, Compiler.usesTags(a, in: program) {
                            // Aggregates the tag table holds are not computed: only the rest is planned.
                            let rest = Compiler.readsRelationsBeyondTags(a, in: program) ? c.planNote.map { $0 + "; " } ?? "" : ""
                            c.planNote = rest + tagNote
                        }
                        if let note = scoringNote(a, in: program, scoring) { c.planNote = (c.planNote.map { $0 + "; " } ?? "") + note }
                    }
                    compiled.append((c, index))
                    compiledFrom.append(p)
                case .failure(let d): compileErrors.append(d)
                }
            }
        }
        result.diagnostics += compileErrors
        if compileErrors.hasErrors {
            result.failure = .inScript
            return
        }
        // "saved list …", "wrote … rows to …" and "built seg_tags_…" are true only once the run
        // commits: where it has a commit point they wait for it, and a run that stops never says them.
        var held: [Output] = []
        func say(_ o: Output) {
            if journal != nil, case .message(let m) = o, effectTexts.contains(m) { held.append(o); return }
            emit(o)
            result.outputs.append(o)
        }
        func sayHeld(exceptFiles: Bool = false) {
            for o in held {
                if exceptFiles, case .message(let m) = o, fileEffectTexts.contains(m) { continue }
                emit(o)
                result.outputs.append(o)
            }
            held = []
        }
        var ok = true
        var campaigns: [Int: CampaignAssignment]?
        for (position, (c, index)) in compiled.enumerated() {
            trace(c)
            let (program, path) = programs[index]
            do {
                let outputs: [Output]
                if case .campaign(let campaign) = c.action.kind {
                    // Every campaign of the run is assigned at once, so priorities can share customers out.
                    if campaigns == nil { campaigns = try assignCampaigns(compiled, programs: programs) }
                    outputs = try writeCampaign(campaign, c, assignment: campaigns![position]!, program: program, scriptPath: path, staged: &staged)
                } else {
                    memoryRows = answerFromMemory(c, in: compiledFrom[position])
                    if memoryRows != nil { answeredFromMemory += 1 }
                    defer { memoryRows = nil }
                    outputs = try execute(c, program: program, scriptPath: path, staged: &staged)
                }
                for o in outputs { say(o) }
                result.diagnostics += warnings
                warnings = []
            } catch let failure as StatementFailure {
                var d = failure.diagnostic
                if !wrote.isEmpty || !staged.written.isEmpty, !d.notes.contains(where: { $0.contains("nothing it would have") }) {
                    d.notes.append("the run stopped here; nothing it would have written was saved (what it said it wrote was undone)")
                }
                result.diagnostics.append(d)
                result.failure = failure.failure
                ok = false
                break
            } catch {
                result.diagnostics.append(.engine(EngineError(kind: .query, detail: "\(error)", path: engine.label), at: c.action.span))
                result.failure = .engine
                ok = false
                break
            }
        }
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
        // `build tags`: in the run's transaction, before its ledger row.
        do throws(StatementFailure) {
            var built: [Output] = []
            defer {
                for o in built {
                    if case .message(let m) = o { effectTexts.insert(m) }
                    say(o)
                }
            }
            try buildStagedTags(emit: { built.append($0) }, into: &result)
            if !stagedTagBuilds.isEmpty { Fault.point("tags-built") }
        } catch {
            engine.rollback()
            staged.discard()
            var d = error.diagnostic
            if !wrote.isEmpty || !staged.written.isEmpty {
                d.notes.append("the run stopped here; nothing it would have written was saved (what it said it wrote was undone)")
            }
            result.diagnostics.append(d)
            result.failure = error.failure
            return
        }
        guard let journal else { return }  // nothing to commit: the run only read
        // Step 3: the ledger row and the journal's mark go in the run's own transaction, whose
        // commit is the one commit point of every effect.
        staged.prepareForCommit()
        do {
            try engine.begin()
            try TextStore(db: journal.db).keep(runTexts)
            try Ledger(db: journal.db).record(ledgerEntry(programs, status: "ok", detail: nil, wrote: wrote, outputs: result.outputs))
            Fault.point("ledger-written")
            try journal.markCommitted(runID)
            // The last look before the commit: every file is written and its target still takes it.
            let late = staged.problems(protected: protectedFiles)
            if !late.isEmpty {
                engine.rollback()
                staged.discard()
                result.diagnostics += late
                result.failure = .engine
                return
            }
            // Seg's own write (lists, contacts, tables, the ledger): cached data versions stand.
            try engine.ownWrite { try engine.commit() }
        } catch {
            engine.rollback()
            staged.discard()
            result.diagnostics.append(.cannotRecordRun(error))
            result.failure = .engine
            return
        }
        recordedInCommit = true
        Fault.point("committed")
        // Step 4: the files go into place. A failure here leaves the journal row, so the next
        // `seg` finishes the job; the run is committed and says so.
        do {
            try staged.moveIntoPlace()
        } catch {
            let failure = error as? MoveFailure ?? MoveFailure(path: "an export", reason: Self.reason(error))
            result.diagnostics.append(.cannotWrite(failure.path, failure.reason + " (the run is committed; the next `seg` on this store moves it into place)", .none))
            result.failure = .engine
            sayHeld(exceptFiles: true)
            keepJournal = true
            journal.leave(runID)
            return
        }
        sayHeld()
        journal.close(runID)
        Fault.point("closed")
    }

    /// Reads the saved lists' names again (after a run that may have saved one).
    func refreshSavedLists() {
        guard let db = engine.ownTables, let names = try? ListStore(db: db).names() else { return }
        catalog.savedLists = names
    }

    struct StatementFailure: Error {
        var diagnostic: Diagnostic
        var failure: RunFailure
    }

    func rows(_ c: CompiledAction) throws -> [[Value]] {
        var rows: [[Value]] = []
        try forEachRow(c) { rows.append($0) }
        return rows
    }

    /// Hands each row of a statement to `body` as the engine sends it: nothing is held.
    /// Rows memory answered the statement with (`memoryRows`) are handed out instead.
    func forEachRow(_ c: CompiledAction, _ body: ([Value]) throws -> Void) throws {
        if let rows = memoryRows {
            memoryRows = nil
            for r in rows { try body(r) }
            return
        }
        do {
            try engine.run(c.bound) { row in
                var row = row
                // `reasons` outside SQLite: the engine sent the inputs, the model explains them here.
                for p in c.packedReasons {
                    guard case .text(let packed) = row[p.column] else { continue }
                    let features = packed.split(separator: "|", omittingEmptySubsequences: false).map { part -> Double? in
                        switch part {
                        case "": return nil
                        case "true", "t": return 1
                        case "false", "f": return 0
                        default: return Double(part)
                        }
                    }
                    row[p.column] = .text(p.model.model.reasons(features, k: p.k))
                }
                try body(row)
            }
        } catch let e as EngineError {
            throw StatementFailure(diagnostic: .engine(e, at: c.action.span), failure: .engine)
        }
    }

    /// A failure while a statement writes, as the statement's diagnostic.
    func statementFailure(_ error: Error, at span: Span) -> StatementFailure {
        if let failure = error as? StatementFailure { return failure }
        return StatementFailure(diagnostic: .engine(error as? EngineError ?? EngineError(kind: .query, detail: "\(error)", path: engine.label), at: span), failure: .engine)
    }

    func count(_ c: CompiledAction) throws -> Int64 {
        guard case .integer(let n)? = try rows(c).first?.first else { return 0 }
        return n
    }

    func execute(_ c: CompiledAction, program: CheckedProgram, scriptPath: String, staged: inout StagedFiles) throws -> [Output] {
        let a = c.action
        switch a.kind {
        case .count(let by, _, _) where by.isEmpty:
            return [.count(title: a.targetText, value: try count(c))]
        case .count:
            // DECISION (README, Personal data): `count … by` prints exact counts whatever the
            // role — an analyst's own arithmetic, reconciled with SQL and sized campaigns on —
            // while `profile`, the shareable report, suppresses small cells. Neither can group
            // by a personal value (E0516), so no count is a person's.
            return [.table(try table(c, title: "count \(a.targetText) by \(c.columns.dropLast().map(\.label).joined(separator: ", "))"))]
        case .show:
            return [.table(try table(c, title: "show \(a.targetText)"))]
        case .explain:
            let plan: [String]
            do { plan = try engine.queryPlan(c.bound) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), failure: .engine)
            }
            // The bound every dated relation is read to (LANGUAGE.md §4), named with the date.
            let dated = ReferenceDate.datedRelations(a, in: program)
            let asOf = ReferenceDate.isUsed(by: a, in: program)
                ? asOfDescription(program) + (dated.isEmpty ? "" : "; \(dated.joined(separator: ", ")) read up to it") : nil
            return [.explain(title: a.targetText, sql: c.inlineText, plan: plan, parameters: c.parameters.count, strategy: c.planNote,
                             engine: engine.dialect.name.displayName, asOf: asOf)]
        case .assertCount(let low, let high, let text):
            let n = try count(c)
            if let low, Double(n) < low { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), failure: .assertion) }
            if let high, Double(n) > high { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), failure: .assertion) }
            return []
        case .expectCount(let low, let high, let text):
            let n = try count(c)
            let passed = !(low.map { Double(n) < $0 } ?? false) && !(high.map { Double(n) > $0 } ?? false)
            return try expectation(ExpectationResult(text: text, passed: passed, detail: "count is \(Cell.grouped(n))", span: a.span),
                                   failure: .expectationFailed(text, "the count is \(n), expected \(Diagnostic.range(low, high))", a.span))
        case .expectMember(let key, let negated, _, let becauseText, let text):
            let entity = program.entity
            let who = "\(entity.name) \(key)"
            guard let row = try rows(c).first else {
                let detail = "\(who) is not in table \(entity.table)"
                return try expectation(ExpectationResult(text: text, passed: false, detail: detail, span: a.span),
                                       failure: .expectationFailed(text, detail, a.span))
            }
            let inTarget = row[0] == .integer(1), because = row[1] == .integer(1)
            var detail = "\(who) is \(inTarget ? "in" : "not in") \(a.targetText)"
            var passed = inTarget != negated
            if let becauseText {
                detail += ", and `\(becauseText)` is \(because ? "true" : "false") for \(who)"
                // In S because C: C holds; not in S because C: C does not.
                passed = passed && because != negated
            }
            return try expectation(ExpectationResult(text: text, passed: passed, detail: detail, span: a.span),
                                   failure: .expectationFailed(text, detail, a.span))
        case .explainFor(let key, let nodes):
            guard let row = try rows(c).first else {
                return [.message("\(program.entity.name) \(key) is not in table \(program.entity.table)")]
            }
            // Each condition with its result: yes/no for conditions, the value for the rest.
            var lines: [[Value]] = []
            for (i, node) in nodes.enumerated() {
                let v = masking.present(row[i], as: node.expr)
                let result = node.expr.type == .bool ? (Cell.text(v, .bool) == "true" ? "yes" : "no") : (Cell.text(v, node.expr.type) ?? "missing")
                var value = ""
                if let t = node.tested {
                    value = Cell.text(masking.present(row[nodes.count + i], as: t), t.type) ?? "missing"
                    // The ledger names the field a condition's value came from, not the condition.
                    if let source = program.personalSource(t), !personalOut.contains(source) { personalOut.append(source) }
                }
                if let source = program.personalSource(node.expr), !personalOut.contains(node.label) {
                    personalOut.append(node.label == source ? source : node.label)
                }
                lines.append([.text(String(repeating: "  ", count: node.depth) + node.label), .text(result), .text(value)])
            }
            return [.table(ResultTable(title: "explain \(a.targetText) for \(program.entity.name) \(key)",
                                       columns: ["condition", "result", "value"], types: [.string, .string, .string], rows: lines))]
        case .diff(let list, let version):
            let store = try store()
            let saved: (version: Int64, keys: [Value])?
            do { saved = try store.members(of: list, version: version) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), failure: .engine)
            }
            guard let saved else {
                let known = (try? store.summary().compactMap { r -> String? in if case .text(let n) = r[0] { return n } else { return nil } }) ?? []
                throw StatementFailure(diagnostic: .noSuchList(list, version: version, known: Array(Set(known)), a.span), failure: .engine)
            }
            let now = Set(try rows(c).map { $0[0] }), before = Set(saved.keys)
            func sample(_ s: Set<Value>) -> Value {
                let ordered = s.sorted { x, y in
                    if let a = x.double, let b = y.double { return a < b }
                    return (Cell.text(x, .string) ?? "") < (Cell.text(y, .string) ?? "")
                }
                let key = program.entity.keyColumn
                return .text(ordered.prefix(5).compactMap { Cell.text(masking.present($0, as: key.expr), .string) }.joined(separator: ", "))
            }
            let entered = now.subtracting(before), left = before.subtracting(now), stayed = now.intersection(before)
            return [.table(ResultTable(title: "diff \(a.targetText) against list \(list) version \(saved.version)",
                                       columns: ["", "count", "sample"], types: [.string, .number, .string],
                                       rows: [[.text("entered"), .integer(Int64(entered.count)), sample(entered)],
                                              [.text("left"), .integer(Int64(left.count)), sample(left)],
                                              [.text("stayed"), .integer(Int64(stayed.count)), sample(stayed)]]))]
        case .profile(let field, _, let baseText):
            return [.table(profile(try rows(c), field: field, title: "profile \(a.targetText) by \(field.label) vs \(baseText)"))]
        case .overlap(let segments):
            return [.table(overlap(try rows(c).first ?? [], segments: segments))]
        case .export(.csv(let path, let span), _), .export(.jsonl(let path, let span), _):
            let isCSV: Bool = { if case .export(.csv, _) = a.kind { return true } else { return false } }()
            if let spec = a.snapshots {
                return [try streamSnapshots(c, spec, program: program, path: path, isCSV: isCSV, temp: staged.temp(for: path), span: span)]
            }
            return [try streamExport(c, path: path, isCSV: isCSV, temp: staged.temp(for: path), span: span)]
        case .export(.list(let name), _):
            return [try streamList(c, name: name?.text ?? a.targetName ?? a.targetText, program: program, scriptPath: scriptPath)]
        case .export(.table(let name), _):
            return [try streamTable(c, name: name, program: program)]
        case .sample(let n, let seed, _):
            return [.table(try table(c, title: "sample \(n) from \(a.targetText) seed \"\(seed)\""))]
        case .campaign:
            return []  // run with the others in `execute(_ programs:)`
        case .explainCampaign(let campaign, let key):
            return [try explainCampaign(campaign, key: key, c, program: program)]
        case .evaluateCampaign(let name, let listName, _):
            return try evaluateCampaign(name, listName: listName, c, program: program)
        case .evaluateModel(_, _, let base, let title):
            return evaluateModel(try rows(c), title: title, hasBase: base != nil)
        case .buildTags(let modules):
            try stageTagBuild(modules, program: program, scriptPath: scriptPath, span: a.span)
            return []
        }
    }

    /// An `expect`'s result: an output under `seg test`; elsewhere nothing when it holds, and
    /// the run stops when it does not (as a failed `assert`).
    func expectation(_ r: ExpectationResult, failure: Diagnostic) throws -> [Output] {
        switch options.expectations {
        case .collect: return [.expectation(r)]
        case .show, .stop:
            if !r.passed { throw StatementFailure(diagnostic: failure, failure: .assertion) }
            return options.expectations == .show ? [.expectation(r)] : []
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return ns.localizedDescription
    }
}

public enum ExpectationMode: Sendable, Equatable {
    case stop, show, collect
}

/// Why a run failed, as a value: the library never speaks of process exit codes (only `seg`
/// maps these to them, DESIGN.md's 1–4). Ordered from least to most severe for a caller
/// that reports the worst of several runs.
public enum RunFailure: Sendable, Comparable {
    /// The script has errors: nothing ran.
    case inScript
    /// The command was used wrongly (a param that does not exist): nothing ran.
    case usage
    /// The engine, the data or a file failed while running.
    case engine
    /// An `assert` did not hold.
    case assertion
}
