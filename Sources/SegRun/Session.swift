import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels
import SegEngine
import SegStore
import SegMemory

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
    /// `seg run` without `--accept-warnings`: a run with a campaign stops before saving
    /// anything when a warning says its answer is most likely not what was meant
    /// (`Diagnostic.doubtsTheAnswer`): a channel no contact uses, a value no row holds.
    public var stopCampaignsOnWarnings = false
    /// `--csv-excel`: every CSV file the run writes is one for Excel (`export … to csv "x" excel`).
    public var csvForExcel = false
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
    /// Where Seg keeps its own tables: the engine's database (`StoreConnection`).
    let store: any StoreConnection
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
    /// What the run being executed did (`RunEffects`): new for every run.
    var effects = RunEffects()
    /// How many statements memory answered in this session.
    public internal(set) var answeredFromMemory = 0
    /// Counts for plan choices, each asked once a session.
    lazy var statistics: any PlanStatistics = EngineStatistics(engine: engine)
    /// Planning with this session's options and statistics.
    var planner: Planner {
        Planner(dialect: engine.dialect, plan: options.plan, asOf: options.asOf, pushdownModels: options.pushdownModels,
                listCutoff: options.storeAsOf, statistics: statistics)
    }
    /// The texts of the scripts being run, by path (their SHA-256 goes with every list).
    var scriptTexts: [String: String] = [:]
    /// Every text the run being executed read (`RunSources`), and the texts themselves.
    var runSources: RunSources?
    var runTexts: [String] = []
    /// When the current `seg run` started (the REPL's entries: when each is executed).
    var runStarted: Date?
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
        // Every engine Seg ships keeps Seg's own tables in its database: the session holds that
        // store once, here, and every list, ledger row, journal and policy goes through it.
        guard let store = engine.ownTables else {
            throw EngineError(kind: .cannotOpen, detail: "this engine keeps no store for Seg's own tables", path: engine.label)
        }
        self.store = store
        self.catalog = try engine.catalog()
        // The saved lists' names, so a script may say `in list L` (the engine reports tables only).
        self.catalog.savedLists = try ListStore(db: store).names()
        // The policy comes from the store alone: the classification, and the role's rights
        // when the running user holds it (a role not held is refused here, before anything runs).
        do {
            let policy = PolicyStore(engine: engine, db: store)
            self.catalog.policy = try policy.resolve(role: options.role)
            self.runUser = policy.user()
        } catch let e as EngineError {
            throw e
        } catch {
            throw EngineError(kind: .refused, detail: "\(error)", path: engine.label)
        }
        if self.options.asOfSource == .clock, let declared = ReferenceDate.declared(by: engine) {
            self.options.asOf = declared
            self.options.asOfSource = .database
        }
        // The next `seg` to open a store finishes or undoes the runs that died (`RunJournal`).
        recovered = RunJournal(db: store).recover()
    }

    /// What opening the store did for runs that died, or could not do: `seg` says it on stderr.
    public private(set) var recovered: [String] = []

    /// Parses and checks a script without running it.
    public func check(path: String, text: String, sources: inout SourceMap) -> (CheckedProgram?, [Diagnostic]) {
        FrontEnd.check(path: path, text: text, catalog: catalog, options: frontEndOptions, sources: &sources)
    }

    public var frontEndOptions: FrontEnd.Options {
        FrontEnd.Options(params: options.params, asOf: options.asOf, stdlibPaths: options.stdlibPaths, storedTexts: options.storedTexts,
                         databaseFiles: engine.databaseFiles)
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
        effects = RunEffects()
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
        result.diagnostics += asOfIgnored(programs.map(\.0))
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

    /// `--as-of` beside a script that pins its date (W0705): said always, not only on a terminal.
    public func asOfIgnored(_ programs: [CheckedProgram]) -> [Diagnostic] {
        programs.compactMap { program in
            guard options.asOfSource == .given, options.params["as_of"] == nil, let p = program.parameters["as_of"],
                  case .date(let pinned) = p.value, pinned != options.asOf else { return nil }
            return .asOfIgnored(options.asOf, script: pinned, p.span)
        }
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

    /// Reads the saved lists' names again (after a run that may have saved one).
    func refreshSavedLists() {
        guard let names = try? ListStore(db: store).names() else { return }
        catalog.savedLists = names
    }

    struct StatementFailure: Error {
        var diagnostic: Diagnostic
        var failure: RunFailure
    }

    package func rows(_ c: CompiledAction) throws -> [[Value]] {
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
