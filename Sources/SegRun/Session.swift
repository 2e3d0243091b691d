import Foundation
import SegSyntax
import SegCheck
import SegCompile

/// How a run is set up.
public struct RunOptions: Sendable {
    /// `--param name=value`
    public var params: [String: String] = [:]
    /// The run's reference date (`today`), fixed once per run: `--as-of`, or the date the run starts.
    public var asOf: String = RunOptions.todayISO()
    /// Whether personal data may be shown and exported unmasked (the role's right, `seg.toml`).
    public var revealPII = false
    /// The `--role` the run is made under, recorded with what it writes.
    public var role: String?
    /// Profile cells with fewer entities than this show as `<10` (small-cell suppression).
    public var minCell = 10
    /// Score models as SQL expressions even on SQLite (`--models pushdown`), instead of in Seg's process.
    public var pushdownModels = false
    /// How aggregates are computed: nil chooses per statement from the data (DESIGN.md).
    public var plan: PlanChoice?
    /// Where `use stdlib.NAME` looks.
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
    /// DESIGN.md: 0 ok, 1 script error, 3 engine/data error, 4 a failed `assert`.
    public var exitCode: Int32 = 0
    public var sources = SourceMap()
}

/// Runs scripts on one engine: parse → check → compile → execute, statement by statement.
/// Exports and list versions take effect only when the whole script succeeds.
public final class Session {
    public let engine: any Engine
    public let catalog: Catalog
    public var options: RunOptions
    /// Rows of the entity's table, counted once for plan choices.
    var entityCount: Double?
    /// The texts of the scripts being run, by path (their SHA-256 goes with every list).
    var scriptTexts: [String: String] = [:]
    /// What this run wrote, for the ledger.
    var wrote: [String] = []
    /// The personal columns this run put out (masked or revealed), for the ledger.
    var personalOut: [String] = []
    /// Masks personal data on every way out, unless the role may see it.
    var masking: Masking { Masking(reveal: options.revealPII) }

    public init(engine: any Engine, options: RunOptions = RunOptions()) throws(EngineError) {
        self.engine = engine
        self.options = options
        self.catalog = try engine.catalog()
    }

    /// Parses and checks a script without running it.
    public func check(path: String, text: String, sources: inout SourceMap) -> (CheckedProgram?, [Diagnostic]) {
        let file = sources.add(path: path, text: text)
        var (program, syntaxErrors) = Parser.parse(file)
        if program.statements.isEmpty, syntaxErrors.isEmpty {
            syntaxErrors.append(.emptyScript(Span(file: file.id, start: 0, end: 0)))
        }
        let (expanded, useErrors) = ModuleLoader(stdlibPaths: options.stdlibPaths).expand(program, path: path, sources: &sources)
        program = expanded
        syntaxErrors += useErrors
        // The statements that parsed are checked too, so one run reports every error.
        let (checked, checkErrors) = Checker.check(program, catalog: catalog, sources: sources, params: options.params, asOf: options.asOf)
        let all = (syntaxErrors + checkErrors).sorted { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }
        return (syntaxErrors.hasErrors ? nil : checked, all)
    }

    /// Runs a whole script; `emit` sees each output as soon as it is ready.
    public func run(path: String, text: String, emit: (Output) -> Void = { _ in }) -> RunResult {
        run(scripts: [(path, text)], emit: emit)
    }

    /// Runs scripts together (`seg run a.seg b.seg`): one all-or-nothing run, whose campaigns
    /// share out customers by priority. The run is recorded in the ledger, however it ends.
    public func run(scripts: [(path: String, text: String)], emit: (Output) -> Void = { _ in }) -> RunResult {
        let started = Date()
        var result = RunResult()
        wrote = []
        personalOut = []
        for (path, text) in scripts { scriptTexts[path] = text }
        var programs: [(CheckedProgram, String)] = []
        for (path, text) in scripts {
            let (checked, diagnostics) = check(path: path, text: text, sources: &result.sources)
            result.diagnostics += diagnostics
            if let checked { programs.append((checked, path)) } else { result.exitCode = 1 }
        }
        if result.exitCode == 0 {
            execute(programs, into: &result, emit: emit)
        }
        recordRun(scripts: scripts, programs: programs.map(\.0), started: started, result: result)
        return result
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
        var compiled: [(CompiledAction, Int)] = []
        var compileErrors: [Diagnostic] = []
        // Compile errors do not depend on the plan or on what is computed once: find them
        // before anything runs (compiling runs no query, so this pass costs microseconds).
        for (program, _) in programs {
            for a in program.actions {
                if case .failure(let d) = Compiler.compile(a, in: program, dialect: engine.dialect, asOf: options.asOf,
                                                           pushdownModels: options.pushdownModels) { compileErrors.append(d) }
            }
        }
        result.diagnostics += compileErrors
        if compileErrors.hasErrors {
            result.exitCode = 1
            return
        }
        var computed: [ComputedCondition] = []
        defer { for c in computed { engine.dropMaterialised(c.table) } }
        for (index, (program, _)) in programs.enumerated() {
            if let sqlite = engine as? SQLiteEngine { ModelFunctions.register(program.models, on: sqlite.db) }
            let shared: (CheckedProgram, [ComputedCondition])
            do { shared = try computeSharedConditions(program, index: index, done: &computed) } catch {
                result.diagnostics.append(error.diagnostic)
                result.exitCode = error.exitCode
                return
            }
            for a in program.actions {
                // `explain` shows the statement as written; the rest read the computed conditions.
                let explains: Bool = { switch a.kind { case .explain, .explainFor, .explainCampaign: return true; default: return false } }()
                let p = explains ? program : shared.0
                switch Compiler.compile(a, in: p, dialect: engine.dialect, asOf: options.asOf, plan: planChoice(for: a, in: p),
                                        pushdownModels: options.pushdownModels) {
                case .success(var c):
                    if case .explain = a.kind { c.planNote = SharedConditions.note(shared.1, for: a, in: program, appendingTo: c.planNote) }
                    compiled.append((c, index))
                case .failure(let d): compileErrors.append(d)
                }
            }
        }
        result.diagnostics += compileErrors
        if compileErrors.hasErrors {
            result.exitCode = 1
            return
        }
        var staged = StagedFiles()
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
                    outputs = try execute(c, program: program, scriptPath: path, staged: &staged)
                }
                for o in outputs { emit(o); result.outputs.append(o) }
            } catch let failure as StatementFailure {
                result.diagnostics.append(failure.diagnostic)
                result.exitCode = failure.exitCode
                ok = false
                break
            } catch {
                result.diagnostics.append(.engine(EngineError(kind: .query, detail: "\(error)", path: engine.label), at: c.action.span))
                result.exitCode = 3
                ok = false
                break
            }
        }
        if ok {
            do {
                try engine.commit()
                try staged.commit()
            } catch let e as EngineError {
                staged.discard()
                result.diagnostics.append(.engine(e))
                result.exitCode = 3
            } catch let failure as MoveFailure {
                result.diagnostics.append(.cannotWrite(failure.path, failure.reason, .none))
                result.exitCode = 3
            } catch {
                result.diagnostics.append(.cannotWrite("an export", Self.reason(error), .none))
                result.exitCode = 3
            }
        } else {
            engine.rollback()
            staged.discard()
        }
    }

    /// Computes, into temporary tables, the conditions several of the program's statements
    /// would each evaluate again (`SharedConditions`); returns the program that reads them.
    func computeSharedConditions(_ program: CheckedProgram, index: Int, done: inout [ComputedCondition]) throws(StatementFailure) -> (CheckedProgram, [ComputedCondition]) {
        let chosen = SharedConditions.choose(program, actions: program.actions, dialect: engine.dialect, tablePrefix: "seg_once\(index + 1)_")
        let rewritten = SharedConditions.substituting(chosen, in: program)
        for c in chosen {
            // Earlier conditions are already in their tables, so this one reads them.
            let action = SharedConditions.membersAction(c, original: program)
            let query: CompiledAction
            switch SharedConditions.membersQuery(action, in: rewritten, dialect: engine.dialect, asOf: options.asOf,
                                                 plan: planChoice(for: action, in: rewritten), pushdownModels: options.pushdownModels) {
            case .success(let q): query = q
            case .failure(let d): throw StatementFailure(diagnostic: d, exitCode: 1)
            }
            done.append(c)
            do { try engine.materialise(c.table, query.bound) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: action.span), exitCode: 3)
            }
        }
        return (rewritten, chosen)
    }

    /// The plan for a statement's aggregates: as asked, or from the share of entities that
    /// pass its cheap conditions (one quick count).
    func planChoice(for action: CheckedAction, in program: CheckedProgram) -> PlanChoice {
        if let plan = options.plan { return plan }
        guard case .sharedPassesFrom = engine.dialect.aggregatePlan,
              Compiler.groupablePasses(action, in: program, dialect: engine.dialect, asOf: options.asOf).contains(where: { $0.aggregates >= 2 })
        else { return .auto(passing: nil) }
        func count(_ q: BoundQuery) -> Double? {
            var n: Double?
            try? engine.run(q) { row in n = row.first?.double }
            return n
        }
        let table = engine.dialect.quote(program.entity.table)
        if entityCount == nil { entityCount = count(BoundQuery(text: "SELECT COUNT(*) FROM \(table)", parameters: [])) }
        guard let total = entityCount, total > 0 else { return .auto(passing: nil) }
        guard let cheap = Compiler.cheapCount(action, in: program, dialect: engine.dialect, asOf: options.asOf) else { return .auto(passing: 1) }
        guard let passing = count(cheap) else { return .auto(passing: nil) }
        return .auto(passing: passing / total)
    }

    struct StatementFailure: Error {
        var diagnostic: Diagnostic
        var exitCode: Int32
    }

    func rows(_ c: CompiledAction) throws -> [[Value]] {
        var rows: [[Value]] = []
        do {
            try engine.run(c.bound) { rows.append($0) }
        } catch let e as EngineError {
            throw StatementFailure(diagnostic: .engine(e, at: c.action.span), exitCode: 3)
        }
        // `reasons` outside SQLite: the engine sent the inputs, the model explains them here.
        for p in c.packedReasons {
            for r in rows.indices {
                guard case .text(let packed) = rows[r][p.column] else { continue }
                let features = packed.split(separator: "|", omittingEmptySubsequences: false).map { part -> Double? in
                    switch part {
                    case "": return nil
                    case "true", "t": return 1
                    case "false", "f": return 0
                    default: return Double(part)
                    }
                }
                rows[r][p.column] = .text(p.model.model.reasons(features, k: p.k))
            }
        }
        return rows
    }

    func table(_ c: CompiledAction, title: String) throws -> ResultTable {
        var data = try rows(c)
        var types = present(&data, c.columns)
        if case .count(let by) = c.action.kind, !by.isEmpty { types[types.count - 1] = .number }
        return ResultTable(title: title, columns: c.columns.map(\.label), types: types, rows: data)
    }

    /// Rows on their way out: personal columns masked unless the run may reveal them, and
    /// noted for the ledger. Returns the columns' types as the rows now hold them.
    func present(_ data: inout [[Value]], _ columns: [OutputColumn]) -> [SegType] {
        for name in Masking.personalColumns(columns) where !personalOut.contains(name) { personalOut.append(name) }
        return masking.present(&data, columns)
    }

    func count(_ c: CompiledAction) throws -> Int64 {
        guard case .integer(let n)? = try rows(c).first?.first else { return 0 }
        return n
    }

    func execute(_ c: CompiledAction, program: CheckedProgram, scriptPath: String, staged: inout StagedFiles) throws -> [Output] {
        let a = c.action
        switch a.kind {
        case .count(let by) where by.isEmpty:
            return [.count(title: a.targetText, value: try count(c))]
        case .count:
            return [.table(try table(c, title: "count \(a.targetText) by \(c.columns.dropLast().map(\.label).joined(separator: ", "))"))]
        case .show:
            return [.table(try table(c, title: "show \(a.targetText)"))]
        case .explain:
            let plan: [String]
            do { plan = try engine.queryPlan(c.bound) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), exitCode: 3)
            }
            return [.explain(title: a.targetText, sql: c.inlineText, plan: plan, parameters: c.parameters.count, strategy: c.planNote,
                             engine: engine.dialect.name.displayName)]
        case .assertCount(let low, let high, let text):
            let n = try count(c)
            if let low, Double(n) < low { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), exitCode: 4) }
            if let high, Double(n) > high { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), exitCode: 4) }
            return []
        case .explainFor(let key, let nodes):
            guard let row = try rows(c).first else {
                return [.message("\(program.entity.name) \(key) is not in table \(program.entity.table)")]
            }
            // Each condition with its result: yes/no for conditions, the value for the rest.
            var lines: [[Value]] = []
            for (i, node) in nodes.enumerated() {
                let v = masking.present(row[i], node.expr.type, personal: node.expr.personal)
                let result = node.expr.type == .bool ? (Cell.text(v, .bool) == "true" ? "yes" : "no") : (Cell.text(v, node.expr.type) ?? "missing")
                var value = ""
                if let t = node.tested {
                    value = Cell.text(masking.present(row[nodes.count + i], t.type, personal: t.personal), t.type) ?? "missing"
                    if t.personal, !personalOut.contains(node.label) { personalOut.append(node.label) }
                }
                if node.expr.personal, !personalOut.contains(node.label) { personalOut.append(node.label) }
                lines.append([.text(String(repeating: "  ", count: node.depth) + node.label), .text(result), .text(value)])
            }
            return [.table(ResultTable(title: "explain \(a.targetText) for \(program.entity.name) \(key)",
                                       columns: ["condition", "result", "value"], types: [.string, .string, .string], rows: lines))]
        case .diff(let list, let version):
            let store = try store()
            let saved: (version: Int64, keys: [Value])?
            do { saved = try store.members(of: list, version: version) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), exitCode: 3)
            }
            guard let saved else {
                let known = (try? store.summary().compactMap { r -> String? in if case .text(let n) = r[0] { return n } else { return nil } }) ?? []
                throw StatementFailure(diagnostic: .noSuchList(list, version: version, known: Array(Set(known)), a.span), exitCode: 3)
            }
            let now = Set(try rows(c).map { $0[0] }), before = Set(saved.keys)
            func sample(_ s: Set<Value>) -> Value {
                let ordered = s.sorted { x, y in
                    if let a = x.double, let b = y.double { return a < b }
                    return (Cell.text(x, .string) ?? "") < (Cell.text(y, .string) ?? "")
                }
                return .text(ordered.prefix(5).compactMap { Cell.text($0, .string) }.joined(separator: ", "))
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
        case .export(let destination, _):
            let t = try table(c, title: a.targetText)
            return [try export(t, to: destination, action: a, program: program, scriptPath: scriptPath, staged: &staged)]
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
        }
    }

    /// Saved lists: name, version, members, when, from which script — newest version first.
    public func lists() throws(EngineError) -> ResultTable {
        guard let db = engine.ownTables else {
            return ResultTable(title: "lists", columns: [], types: [], rows: [])
        }
        return ResultTable(title: "lists", columns: ["list", "version", "members", "created", "script", "script version", "as of", "personal data"],
                           types: [.string, .number, .number, .string, .string, .string, .string, .string],
                           rows: try ListStore(db: db).summary())
    }

    func export(_ t: ResultTable, to destination: ExportDestination, action a: CheckedAction, program: CheckedProgram,
                scriptPath: String, staged: inout StagedFiles) throws -> Output {
        switch destination {
        case .csv(let path, let span), .jsonl(let path, let span):
            let isCSV: Bool = { if case .csv = destination { return true } else { return false } }()
            do {
                let temp = try FileExport.write(t, format: isCSV ? .csv : .jsonl, to: path)
                staged.add(temp: temp, final: path)
            } catch {
                throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), exitCode: 3)
            }
            return .message("wrote \(Cell.grouped(Int64(t.rows.count))) rows to \(path)")
        case .list(let name):
            guard case .export(_, let columns) = a.kind else { preconditionFailure("an export action") }
            let listName = name?.text ?? a.targetName ?? a.targetText
            let store = try store()
            do {
                try engine.begin()
                let saved = try store.save(
                    name: listName, table: t,
                    provenance: .init(script: scriptPath, scriptVersion: program.version, asOf: referenceDate(program),
                                      scriptSHA256: scriptTexts[scriptPath].map(Ledger.sha256), params: paramText(program),
                                      engine: engine.label, role: options.role,
                                      personalColumns: Masking.personalColumns(columns), revealed: masking.reveal))
                wrote.append("\(listName) v\(saved.version)")
                return .message("saved list \(listName) version \(saved.version) (\(Cell.grouped(Int64(saved.members))) members)")
            } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), exitCode: 3)
            }
        case .table(let name):
            let db = try storeConnection
            if catalog.tables.contains(where: { $0.name.lowercased() == name.text.lowercased() })
                || (try? db.storeHasTable(name.text)) == true {
                throw StatementFailure(diagnostic: .tableExists(name.text, name.span), exitCode: 3)
            }
            do {
                try engine.begin()
                // Columns named like the entity's fields keep their names; computed ones are c1, c2, ….
                let columns = t.columns.enumerated().map { i, c in
                    (name: program.entity.field(c) != nil ? c : "c\(i + 1)",
                     type: StoreColumnType.of(t.types[i], values: t.rows.lazy.map { $0[i] }))
                }
                try db.storeCreateTable(name.text, columns: columns)
                try db.storeInsert(into: name.text, columns: columns.map(\.name),
                                   rows: t.rows.map { row in zip(row, columns).map { $1.type.bind($0) } })
            } catch {
                throw StatementFailure(diagnostic: .engine(error, at: a.span), exitCode: 3)
            }
            return .message("wrote \(Cell.grouped(Int64(t.rows.count))) rows to table \(name.text)")
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
