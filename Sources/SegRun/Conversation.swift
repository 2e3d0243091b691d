import Foundation
import SegSyntax
import SegCheck
import SegCompile

/// A session that lives across entries (the REPL): definitions persist and may be
/// redefined; an error ends the entry, never the session.
///
/// Each entry is checked together with the definitions of every earlier good entry (the
/// prelude), so names, types and cycles are checked exactly as in a script; only the
/// entry's own actions run.
public final class Conversation {
    public let session: Session
    public private(set) var sources = SourceMap()
    /// Definitions, parameters, entities and uses of the entries so far (no actions).
    var prelude: [Statement] = []
    var entries = 0
    /// The session's definitions as written, for `.save`.
    public private(set) var script: [String] = []
    /// The latest checked program: what the REPL completes and lists.
    public private(set) var program: CheckedProgram?

    public init(session: Session) {
        self.session = session
        let (checked, _) = Checker.check(Program(statements: []), catalog: session.catalog, sources: sources, asOf: session.options.asOf)
        program = checked
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
        let written = parsed.statements.filter { Self.definitionOnly($0) != nil }.map { file.slice($0.span) }
        let (expanded, useErrors) = ModuleLoader(stdlibPaths: session.options.stdlibPaths).expand(parsed, path: path ?? FileManager.default.currentDirectoryPath + "/<entry>", sources: &sources)
        parsed = expanded
        syntaxErrors += useErrors
        // Names this entry defines replace earlier ones.
        let redefined = Set(parsed.statements.compactMap(Self.definedName))
        let kept = prelude.filter { Self.definedName($0).map { !redefined.contains($0) } ?? true }
        var combined = Program(statements: kept + parsed.statements)
        combined.brokenNames = parsed.brokenNames
        combined.missingModule = parsed.missingModule
        let (checked, checkErrors) = Checker.check(combined, catalog: session.catalog, sources: sources,
                                                   params: session.options.params, asOf: session.options.asOf)
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
        session.execute(program, path: path ?? "<repl>", into: &result, emit: emit, trace: trace)
        // The entry's definitions join the prelude (without their trailing actions).
        prelude = kept + parsed.statements.compactMap(Self.definitionOnly)
        script.removeAll { line in redefined.contains { line.hasPrefix("define \($0) ") || line.hasPrefix("segment \($0) ") || line.hasPrefix("param \($0)") } }
        script += written
        self.program = program
        return result
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

    static func definedName(_ s: Statement) -> String? {
        switch s.kind {
        case .define(let n, _), .segment(let n, _, _, _), .param(let n, _, _, _): return n.text
        default: return nil
        }
    }

    static func definitionOnly(_ s: Statement) -> Statement? {
        switch s.kind {
        case .action: return nil
        case .segment(let n, let from, let c, _?):
            var copy = s
            copy.kind = .segment(n, from: from, condition: c, action: nil)
            return copy
        default: return s
        }
    }
}
