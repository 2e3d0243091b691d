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
        public init(params: [String: String] = [:], asOf: String, stdlibPaths: [String] = []) {
            self.params = params
            self.asOf = asOf
            self.stdlibPaths = stdlibPaths
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
        let (expanded, useErrors) = ModuleLoader(stdlibPaths: options.stdlibPaths).expand(program, path: path, sources: &sources)
        program = expanded
        syntaxErrors += useErrors
        let (checked, checkErrors) = partial
            ? Checker.checkAll(program, catalog: catalog, sources: sources, params: options.params, asOf: options.asOf)
            : Checker.check(program, catalog: catalog, sources: sources, params: options.params, asOf: options.asOf)
        let all = (syntaxErrors + checkErrors).sorted { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }
        return (syntaxErrors.hasErrors && !partial ? nil : checked, all)
    }
}
