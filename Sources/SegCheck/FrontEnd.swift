import Foundation
import SegSyntax

/// The one front end: a script's text → its checked program and every diagnostic, with `use`
/// resolved inside. The CLI (`seg check`, `compile`, `run`), the REPL's sessions, the fuzzer
/// and tools built on them all come through here; it needs a catalog, never a live engine.
public enum FrontEnd {
    public struct Options: Sendable {
        public var params: [String: String]
        public var asOf: String
        /// Where `use stdlib.x` looks before the library built into seg.
        public var stdlibPaths: [String]
        /// Texts to read instead of files, by path (`seg replay`: the texts a run read then).
        public var storedTexts: [String: String] = [:]
        /// The engine's database files: `use` never opens them (`ScriptFile`).
        public var databaseFiles: [String] = []
        public init(params: [String: String] = [:], asOf: String, stdlibPaths: [String] = [], storedTexts: [String: String] = [:],
                    databaseFiles: [String] = []) {
            self.databaseFiles = databaseFiles
            self.params = params
            self.asOf = asOf
            self.stdlibPaths = stdlibPaths
            self.storedTexts = storedTexts
        }
    }

    /// Parses, resolves `use`, and checks. The statements that parsed are checked too, so one
    /// run reports every error; the program is nil when any syntax or `use` error was found.
    /// `partial`: the program that checked even where something did not (for an editor,
    /// whose text is rarely finished); otherwise nil on any error.
    public static func check(path: String, text: String, catalog: Catalog, options: Options,
                             sources: inout SourceMap, partial: Bool = false) -> (CheckedProgram?, [Diagnostic]) {
        let file = sources.add(path: path, text: text)
        var (program, syntaxErrors) = Parser.parse(file)
        if program.statements.isEmpty, syntaxErrors.isEmpty {
            syntaxErrors.append(.emptyScript(Span(file: file.id, start: 0, end: 0)))
        }
        let (expanded, useErrors) = ModuleLoader(stdlibPaths: options.stdlibPaths, stored: options.storedTexts, databaseFiles: options.databaseFiles).expand(program, path: path, sources: &sources)
        program = expanded
        syntaxErrors += useErrors
        let (checked, checkErrors) = partial
            ? Checker.checkAll(program, catalog: catalog, sources: sources, params: options.params, asOf: options.asOf, storedTexts: options.storedTexts)
            : Checker.check(program, catalog: catalog, sources: sources, params: options.params, asOf: options.asOf, storedTexts: options.storedTexts)
        var all = (syntaxErrors + checkErrors).sorted { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }
        // `build tags M, …` names modules the script need not use: they are checked here too,
        // so `seg check` finds what the run would stop at.
        var tagErrors = false
        for statement in program.statements {
            guard case .action(let a) = statement.kind, case .buildTags(let modules) = a.kind, !modules.isEmpty,
                  let script = sources.file(a.span.file) else { continue }
            if let d = tagModules(modules, scriptPath: script.path, catalog: catalog, options: options, at: a.span).1 {
                all.append(d)
                tagErrors = true
            }
        }
        return ((syntaxErrors.hasErrors || tagErrors) && !partial ? nil : checked, all)
    }

    /// Modules checked as one program (what `seg tags build` and `build tags` compute): a
    /// module as `use` names it, a file relative to `folder`, as `use` finds it.
    public static func checkModules(_ modules: [UseTarget], folder: String, catalog: Catalog, options: Options,
                                    sources: inout SourceMap) -> (CheckedProgram?, [Diagnostic]) {
        let text = modules.map { m -> String in
            switch m {
            case .module(let parts): return "use " + parts.joined(separator: ".")
            case .file(let path): return "use \"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            case .entity(let name): return "use entity \(name.text)"
            }
        }.joined(separator: "\n") + "\n"
        return check(path: (folder.isEmpty ? "" : folder + "/") + modulesPlace, text: text, catalog: catalog, options: options, sources: &sources)
    }

    /// The name the synthesized `use` lines go by (errors in them point at no file of the user's).
    public static let modulesPlace = "<build tags>"

    /// The modules a `build tags` names, checked as one program; or E0731 with each error
    /// where it is (the file, line and column `use` would report).
    public static func tagModules(_ modules: [UseTarget], scriptPath: String, catalog: Catalog, options: Options,
                                  at span: Span) -> (CheckedProgram?, Diagnostic?) {
        var sources = SourceMap()
        let (checked, diagnostics) = checkModules(modules, folder: (scriptPath as NSString).deletingLastPathComponent,
                                                  catalog: catalog, options: options, sources: &sources)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let checked, errors.isEmpty else {
            var d = Diagnostic.tagModulesDoNotCheck(span)
            d.notes = errors.prefix(3).map { e in
                guard let file = sources.file(e.span.file), !file.path.hasSuffix(modulesPlace) else { return e.message }
                let (line, column) = file.location(of: e.span.start)
                return "\(file.path):\(line):\(column): \(e.message)" + (e.suggestion.map { " (\($0))" } ?? "")
            }
            return (nil, d)
        }
        return (checked, nil)
    }
}

extension Diagnostic {
    public static func tagModulesDoNotCheck(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0731", message: "the modules named after `build tags` do not check", span: span,
                   suggestion: "name them as `use` does: `build tags stdlib.rfm, \"shared/tags.seg\"` (a file relative to this script)")
    }
}

/// The REPL's checking (issue 25): a checker kept between entries checks each new entry alone
/// against everything defined before it, so an entry costs its own size, not the session's.
/// `Conversation` keeps one while entries only add names, and checks the whole session again
/// (as a script, `checkAll`) when an entry redefines, declares an entity, or does more.
extension Checker {
    /// The entity a program's statements choose: declared, used, or inferred from the catalog.
    public static func entity(of parsed: Program, catalog: Catalog) -> (Entity?, [Diagnostic]) {
        chooseEntity(parsed, catalog: catalog)
    }

    /// A checker as `checkAll` makes it, before it checks anything.
    public init(entity: Entity, catalog: Catalog, sources: SourceMap, params: [String: String], asOf: String) {
        self.init(entity: entity, sources: sources, params: params, asOf: asOf)
        knownLists = catalog.savedLists
        listsUnknown = catalog.listsUnknown
    }

    /// Checks one more entry as `checkAll` would check it after the kept statements (those
    /// this checker already holds): against the catalog's saved lists and the lists those
    /// statements write (`keptLists`), with every source. Its definitions join the checker's.
    public mutating func checkEntry(_ parsed: Program, catalog: Catalog, sources: SourceMap, keptLists: Set<String>,
                                    asOf: String) -> [CheckedAction] {
        self.sources = sources
        knownLists = catalog.savedLists.union(keptLists)
        listsUnknown = catalog.listsUnknown
        defaultAsOf = asOf
        failed = []
        let actions = check(parsed)
        // Not kept: the session adds its next entry to its own map without copying this one.
        self.sources = SourceMap()
        return actions
    }

    /// Whether a definition or parameter of this name is already known.
    public func defines(_ name: String) -> Bool {
        names[name] != nil || program.parameters[name] != nil
    }

    /// The lists a kept statement makes known to later ones (pass 1 of `check`): a campaign's
    /// and those its `export to list` names.
    public static func listsWritten(by s: Statement) -> [String] {
        guard case .campaign(let c) = s.kind else { return [] }
        return [c.name.text] + c.items.compactMap { item in
            if case .export(.list(let n?), _) = item.clause { return n.text }
            return nil
        }
    }
}
