import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// A session that lives across entries (the REPL): definitions persist and may be
/// redefined; an error ends the entry, never the session.
///
/// Each entry is checked as if together with the definitions of every earlier good entry
/// (the prelude), so names, types and cycles are checked exactly as in a script; only the
/// entry's own actions run. An entry that only adds names is checked alone against a
/// `Checker` kept from the entries before (its cost is its own size, not the session's:
/// 5,000 piped definitions were quadratic, issue 25); one that redefines a name, chooses an
/// entity or declares a campaign, model or split checks the whole prelude again, as a script.
public final class Conversation {
    public let session: Session
    public private(set) var sources = SourceMap()
    /// Definitions, parameters, entities and uses of the entries so far (no actions).
    var prelude: [Statement] = []
    /// Lists the prelude's campaigns write (known to later entries, as in a script).
    var preludeLists: Set<String> = []
    /// The module files the prelude's entries spliced in: a later `use` does not splice them again.
    var usedModules: Set<String> = []
    /// Holds the prelude's definitions, checked; nil until a whole check made it, and after an
    /// entry that failed while checking on it.
    var checker: Checker?
    /// How many entries checked the whole prelude again, and how many only themselves.
    public private(set) var fullChecks = 0, entryChecks = 0
    var entries = 0
    /// The session's definitions as written, for `.save`.
    public private(set) var script: [String] = []
    /// The names `script`'s lines may define.
    var scriptNames: Set<String> = []
    /// The latest checked program: what the REPL completes and lists.
    public private(set) var program: CheckedProgram?

    public init(session: Session) {
        self.session = session
        // The checker every entry is checked on, holding nothing yet (as `Checker.check` of no
        // statements makes it).
        if case (let entity?, _) = Checker.entity(of: Program(statements: []), catalog: session.catalog) {
            var c = Checker(entity: entity, catalog: session.catalog, sources: SourceMap(), params: session.options.params, asOf: session.options.asOf)
            let actions = c.checkEntry(Program(statements: []), catalog: session.catalog, sources: sources, keptLists: [], asOf: session.options.asOf)
            var empty = c.program
            empty.actions = actions
            program = c.diagnostics.hasErrors ? nil : empty
            checker = c.diagnostics.hasErrors ? nil : c
        }
    }

    public enum Completeness: Equatable { case complete, incomplete, empty }

    /// Whether text is a whole entry, or ends in the middle of a statement (the parser
    /// says so: unexpected end, an open string or comment), or holds nothing.
    public static func completeness(_ text: String) -> Completeness {
        var map = SourceMap()
        let file = map.add(path: "<entry>", text: text)
        let (program, diagnostics) = Parser.parse(file)
        if program.statements.isEmpty, diagnostics.isEmpty { return .empty }
        let unfinished = diagnostics.contains { d in
            d.code == "E0200" || d.code == "E0105" || (d.code == "E0103" && file.location(of: d.span.start).line == file.location(of: file.scalars.count).line)
        }
        if unfinished, !text.hasSuffix(";") { return .incomplete }
        return .complete
    }

    /// Checks and runs one entry.
    /// `path`: the file the text was read from (`.load`), whose folder `use`, model files and
    /// `build tags` are relative to, as in `seg run`; nil for what was typed.
    public func evaluate(_ text: String, path: String? = nil, emit: (Output) -> Void = { _ in }, trace: (CompiledAction) -> Void = { _ in }) -> RunResult {
        session.engine.clearCancel()
        entries += 1
        let file = sources.add(path: path ?? "<entry \(entries)>", text: text)
        var result = RunResult()
        var (parsed, syntaxErrors) = Parser.parse(file)
        let uses = parsed.statements.filter { if case .use = $0.kind { true } else { false } }
        let written = parsed.statements.filter { Self.definitionOnly($0) != nil }.map { file.slice($0.span) }
        var used = usedModules
        let (expanded, useErrors) = ModuleLoader(stdlibPaths: session.options.stdlibPaths, databaseFiles: session.engine.databaseFiles)
            .expand(parsed, path: path ?? FileManager.default.currentDirectoryPath + "/<entry>", sources: &sources, alreadyUsed: &used)
        parsed = expanded
        syntaxErrors += useErrors
        // Names this entry defines replace earlier ones.
        let redefined = Set(parsed.statements.compactMap(Self.definedName))
        var (checked, checkErrors, kept) = check(parsed, redefined: redefined, syntaxErrors: syntaxErrors)
        if let use = uses.first { checkErrors = Self.blameTheUse(checkErrors, use: use, file: file.id, sources: sources) }
        // A campaign of an earlier entry does not run again (below): planning it here saves nothing.
        let ownCampaigns = Set(parsed.statements.compactMap { s -> String? in
            if case .campaign(let c) = s.kind, s.span.file == file.id { return c.name.text } else { return nil }
        })
        checkErrors.removeAll { $0.code == "W0709" && !ownCampaigns.contains(sources.file($0.span.file)?.slice($0.span) ?? "") }
        result.sources = sources
        result.diagnostics = syntaxErrors + checkErrors
        guard !syntaxErrors.hasErrors, var program = checked else {
            result.failure = .inScript
            return result
        }
        // A campaign of an earlier entry stays known (for `explain`, `evaluate`) but runs only
        // in the entry that wrote it: every `explain` only reads (LANGUAGE.md, Campaigns).
        program.actions.removeAll { a in
            if case .campaign = a.kind { return a.span.file != file.id }
            return false
        }
        // The ledger traces a REPL save to the entry's own text.
        session.scriptTexts[path ?? "<repl>"] = text
        if program.actions.isEmpty, kept == nil {
            // Only new names (checked alone above): nothing to run, and no model or entity
            // changed since the entry before. A run of no statements would only look for lists
            // saved meanwhile; its preparation reads every definition, which made piped
            // definitions quadratic again.
            session.refreshSavedLists()
        } else {
            session.execute(program, path: path ?? "<repl>", into: &result, emit: emit, trace: trace)
        }
        remember(parsed, written: written, redefined: redefined, kept: kept)
        usedModules = used
        self.program = program
        return result
    }

    /// `use stdlib.rfm` after entries written against the database's own names: the module's
    /// entity replaces the inferred one, and an earlier entry no longer checks (`app_events` is
    /// the module's `app_logins`). The `use` is what failed, so the error is said there, with
    /// what broke in the earlier entry as a note.
    static func blameTheUse(_ errors: [Diagnostic], use: Statement, file: Int, sources: SourceMap) -> [Diagnostic] {
        let earlier = errors.filter { d in
            d.isError && d.span != .none && d.span.file != file && (sources.file(d.span.file)?.path.hasPrefix("<entry") ?? false)
        }
        guard let first = earlier.first, let entry = sources.file(first.span.file) else { return errors }
        let line = entry.location(of: first.span.start).line
        let module = sources.file(use.span.file)?.slice(use.span) ?? "use"
        let blamed = Diagnostic(code: "E0534", message: "`\(module)` changes the names earlier entries were written with: \(entry.path) no longer checks",
                                span: use.span,
                                notes: ["\(entry.path), line \(line): \(first.message)"] + first.notes + (first.suggestion.map { ["there: \($0)"] } ?? []),
                                suggestion: "write that entry again with the module's names, or `use` the module first, at the start of a session")
        return [blamed] + errors.filter { !earlier.contains($0) }
    }

    /// An entry checked: alone against the checker kept from earlier entries when it only
    /// adds names, else with the prelude (without what it redefines, which is returned as
    /// `kept`; nil: all of the prelude, appended to in place).
    func check(_ parsed: Program, redefined: Set<String>, syntaxErrors: [Diagnostic]) -> (CheckedProgram?, [Diagnostic], [Statement]?) {
        var checked: CheckedProgram?, checkErrors: [Diagnostic] = []
        var kept: [Statement]?
        // (The session's catalog changes only in its saved lists, and an entry that chooses an
        // entity is not checked alone: the kept checker's entity is still the one to use.)
        if var c = checker, Self.addsOnly(parsed), !redefined.contains(where: { c.defines($0) }) {
            // Checked alone against the kept checker. It and the latest program are let go of
            // first, so the definitions it appends to are not copied (that copy, made for every
            // entry, was quadratic too); an entry that fails gives the program back as it was.
            checker = nil
            let before = (definitions: c.program.definitions.count, parameters: c.program.parameters, actions: program?.actions ?? [])
            program = nil
            entryChecks += 1
            let actions = c.checkEntry(parsed, catalog: session.catalog, sources: sources, keptLists: preludeLists, asOf: session.options.asOf)
            checkErrors = c.diagnostics
            if !checkErrors.hasErrors, !syntaxErrors.hasErrors {
                checked = c.program
                checked?.actions = actions
                checker = c
            } else {
                // Only definitions and parameters are added by such an entry.
                var previous = c.program
                previous.definitions.removeLast(previous.definitions.count - before.definitions)
                previous.parameters = before.parameters
                previous.actions = before.actions
                program = previous
            }
        } else {
            fullChecks += 1
            let rest = prelude.filter { Self.definedName($0).map { !redefined.contains($0) } ?? true }
            kept = rest
            var combined = Program(statements: rest + parsed.statements)
            combined.brokenNames = parsed.brokenNames
            combined.missingModule = parsed.missingModule
            // As `Checker.check` does, keeping the checker for the entries after.
            let (entity, entityErrors) = Checker.entity(of: combined, catalog: session.catalog)
            checkErrors = entityErrors
            if let entity {
                var c = Checker(entity: entity, catalog: session.catalog, sources: SourceMap(), params: session.options.params, asOf: session.options.asOf)
                let actions = c.checkEntry(combined, catalog: session.catalog, sources: sources, keptLists: [], asOf: session.options.asOf)
                checkErrors = c.diagnostics
                if !checkErrors.hasErrors {
                    checked = c.program
                    checked?.actions = actions
                    if !syntaxErrors.hasErrors { checker = c }
                }
            }
        }
        return (checked, checkErrors, kept)
    }

    /// The entry's definitions join the prelude (without their trailing actions), and the
    /// script `.save` writes.
    func remember(_ parsed: Program, written: [String], redefined: Set<String>, kept: [Statement]?) {
        // The entry's definitions join the prelude (without their trailing actions).
        let added = parsed.statements.compactMap(Self.definitionOnly)
        if let kept { prelude = kept + added } else { prelude += added }
        for s in added { preludeLists.formUnion(Checker.listsWritten(by: s)) }
        // Only names defined before can have lines to drop (every line was looked at for each
        // name, which made piped definitions quadratic).
        let replaced = redefined.filter { scriptNames.contains($0) }
        if !replaced.isEmpty {
            script.removeAll { line in replaced.contains { line.hasPrefix("define \($0) ") || line.hasPrefix("segment \($0) ") || line.hasPrefix("param \($0)") } }
        }
        script += written
        scriptNames.formUnion(redefined)
    }

    /// Whether an entry only defines (`define`, `segment` without an action, `param`): such
    /// an entry may be continued by a following line that starts with `and` / `or`.
    public static func onlyDefines(_ text: String) -> Bool {
        var sources = SourceMap()
        let (parsed, errors) = Parser.parse(sources.add(path: "<entry>", text: text))
        guard errors.isEmpty, !parsed.statements.isEmpty else { return false }
        return parsed.statements.allSatisfy { s in
            switch s.kind {
            case .define, .param: return true
            case .segment(_, _, _, let action): return action == nil
            default: return false
            }
        }
    }

    /// Whether an entry only adds what the kept checker can take alone: definitions,
    /// parameters, statements and `use` of modules (whose names are then new ones).
    static func addsOnly(_ program: Program) -> Bool {
        program.statements.allSatisfy { s in
            switch s.kind {
            case .define, .segment, .param, .action, .use(.module), .use(.file): return true
            default: return false
            }
        }
    }

    static func definedName(_ s: Statement) -> String? {
        switch s.kind {
        case .define(let n, _), .segment(let n, _, _, _), .param(let n, _, _, _): return n.text
        default: return nil
        }
    }

    static func definitionOnly(_ s: Statement) -> Statement? {
        switch s.kind {
        // Statements that act: run in their entry only, never again with a later one.
        case .action, .evaluateCampaign, .planCampaign, .evaluateModel: return nil
        case .segment(let n, let from, let c, _?):
            var copy = s
            copy.kind = .segment(n, from: from, condition: c, action: nil)
            return copy
        default: return s
        }
    }
}
