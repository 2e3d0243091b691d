import Foundation
import SegSyntax

/// Resolves `use "file.seg"` and `use stdlib.NAME` before checking: the used files'
/// definitions, parameters and entities join the program, ahead of the statements of
/// the file that uses them. Actions in a used file do not run.
public struct ModuleLoader {
    /// Folders searched for `use stdlib.NAME` (as `NAME.seg`), in order.
    public var stdlibPaths: [String]
    /// The standard library compiled into the binary (name → text), used when no folder
    /// holds the module: a `seg` copied anywhere still has `use stdlib.*`.
    public var builtIn: [String: String]
    /// Texts read instead of files, by path: a replay reads what the run it replays read,
    /// whatever the files hold now (or if they are gone).
    public var stored: [String: String]
    /// The engine's database files, which `use` never opens (`ScriptFile`).
    public var databaseFiles: [String]

    public init(stdlibPaths: [String], builtIn: [String: String] = BuiltInStdlib.modules, stored: [String: String] = [:],
                databaseFiles: [String] = []) {
        self.stdlibPaths = stdlibPaths
        self.builtIn = builtIn
        self.stored = stored
        self.databaseFiles = databaseFiles
    }

    /// A file on disk, through the one script reader.
    func read(_ file: String) -> Result<Data, ScriptFile.Unreadable> {
        Result { () throws(ScriptFile.Unreadable) in try ScriptFile.read(file, databaseFiles: databaseFiles) }
    }

    func exists(_ path: String) -> Bool { stored[path] != nil || FileManager.default.fileExists(atPath: path) }

    /// The name under which a built-in module's text appears in diagnostics.
    public static func builtInPath(_ name: String) -> String { "<seg>/stdlib/\(name).seg" }

    /// Where the standard library is for a `seg` binary: `$SEG_STDLIB`, beside the binary
    /// (`../share/seg/stdlib`, `stdlib`), and the source tree it was built in. A folder
    /// found here overrides the copy built into the binary.
    public static func defaultPaths(executable: String) -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["SEG_STDLIB"], !env.isEmpty { paths.append(env) }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        paths.append(dir.appendingPathComponent("../share/seg/stdlib").standardized.path)
        paths.append(dir.appendingPathComponent("stdlib").path)
        for _ in 0..<6 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("stdlib")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("bank.seg").path) {
                paths.append(candidate.path)
                break
            }
        }
        return paths
    }

    /// The program with every `use` it makes (and those they make) spliced in.
    public func expand(_ program: Program, path: String, sources: inout SourceMap) -> (Program, [Diagnostic]) {
        var used: Set<String> = []
        return expand(program, path: path, sources: &sources, alreadyUsed: &used)
    }

    /// `expand`, skipping the files an earlier part of the same program spliced in already
    /// (`alreadyUsed`, which gains this expansion's): the REPL's entries are one program, so
    /// `use stdlib.rfm` after `use stdlib.tags` does not declare their shared entity again.
    public func expand(_ program: Program, path: String, sources: inout SourceMap, alreadyUsed: inout Set<String>) -> (Program, [Diagnostic]) {
        let me = URL(fileURLWithPath: path).absoluteURL.standardized.path
        var seen: Set<String> = alreadyUsed.union([me])
        defer { alreadyUsed = seen.subtracting([me]) }
        return expand(program, path: path, sources: &sources, seen: &seen, chain: [me])
    }

    /// `chain`: the files being expanded, outermost first (a file in it again is a cycle);
    /// `seen`: every file already spliced in (a diamond reads a shared module once).
    func expand(_ program: Program, path: String, sources: inout SourceMap, seen: inout Set<String>, chain: [String]) -> (Program, [Diagnostic]) {
        var statements: [Statement] = []
        var diagnostics: [Diagnostic] = []
        var broken = program.brokenNames
        var missing = program.missingModule
        for s in program.statements {
            guard case .use(let target) = s.kind else {
                statements.append(s)
                continue
            }
            let found: Result<String, Diagnostic>
            switch target {
            case .entity:
                statements.append(s)
                continue
            case .file(let relative):
                // Absolute first: `tests/a.seg` using `../lib.seg` is `lib.seg` beside `tests`.
                let base = URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent()
                let candidate = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardized.path
                if exists(candidate) {
                    found = .success(candidate)
                } else if case .failure(let e) = read(candidate), e.reason != "no such file" {
                    found = .failure(.useUnreadable(candidate, reason: e.reason, s.span))  // a loop of links, a permission
                } else {
                    found = .failure(.useNotFound(relative, s.span, tried: [candidate]))
                }
            case .module(let parts):
                guard parts.count == 2, parts[0] == "stdlib" else {
                    found = .failure(.badModule(parts.joined(separator: "."), s.span))
                    break
                }
                let tried = stdlibPaths.map { URL(fileURLWithPath: $0).appendingPathComponent(parts[1] + ".seg").path }
                if let kept = stored.keys.sorted().first(where: { $0.hasSuffix("/stdlib/" + parts[1] + ".seg") }) {
                    found = .success(kept)  // the standard module the replayed run read
                } else if let hit = tried.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                    found = .success(hit)
                } else if builtIn[parts[1]] != nil {
                    found = .success(Self.builtInPath(parts[1]))
                } else {
                    found = .failure(.useNotFound("stdlib.\(parts[1])", s.span, tried: tried + ["the standard library built into seg"], known: knownModules()))
                }
            }
            switch found {
            case .failure(let d):
                diagnostics.append(d)
                missing = true
            case .success(let file):
                let key = URL(fileURLWithPath: file).absoluteURL.standardized.path
                // A file used twice (a diamond) is read once; one that uses itself is a cycle.
                if chain.contains(key) {
                    diagnostics.append(.useCycle(file, s.span))
                    continue
                }
                guard !seen.contains(key) else { continue }
                seen.insert(key)
                guard chain.count < 20, let data = contents(of: file) else {
                    // There, but not a file Seg reads (a pipe, a device, a loop of links): say what it is.
                    if stored[file] == nil, case .failure(let e) = read(file), e.reason != "no such file" {
                        diagnostics.append(.useUnreadable(file, reason: e.reason, s.span))
                    } else {
                        diagnostics.append(.useNotFound(file, s.span, tried: [file]))
                    }
                    continue
                }
                let (text, invalid) = decodeSource(Array(data))
                let source = sources.add(path: file, text: text)
                if let invalid { diagnostics.append(.invalidUTF8(Span(file: source.id, start: invalid, end: invalid + 1))); continue }
                let (parsed, errors) = Parser.parse(source)
                diagnostics += errors
                let (inner, innerErrors) = expand(parsed, path: file, sources: &sources, seen: &seen, chain: chain + [key])
                diagnostics += innerErrors
                broken.formUnion(inner.brokenNames)
                missing = missing || inner.missingModule
                // `use` brings declarations only (LANGUAGE.md §2): a used file's actions,
                // evaluations and exports never run, and its campaigns are declared, not run.
                for var m in inner.statements {
                    switch m.kind {
                    case .action, .evaluateCampaign, .planCampaign, .evaluateModel: continue
                    case .segment(let n, let from, let c, _?): m.kind = .segment(n, from: from, condition: c, action: nil)
                    default: break
                    }
                    m.fromUsedFile = true
                    statements.append(m)
                }
            }
        }
        var out = Program(statements: statements)
        out.brokenNames = broken
        out.missingModule = missing
        return (out, diagnostics)
    }

    /// A used file's bytes: from disk, or the built-in copy of a standard module.
    func contents(of file: String) -> Data? {
        if let text = stored[file] { return Data(text.utf8) }
        if case .success(let data) = read(file) { return data }
        if let name = builtIn.keys.first(where: { Self.builtInPath($0) == file }) { return Data(builtIn[name]!.utf8) }
        return nil
    }

    /// The standard modules `use stdlib.NAME` can find: in the folders, and built in.
    public func knownModules() -> [String] {
        let onDisk = stdlibPaths.flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".seg") }.map { String($0.dropLast(4)) }
        }
        return Set(onDisk).union(builtIn.keys).sorted()
    }
}
