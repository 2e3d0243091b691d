import ArgumentParser
import Foundation
import Rainbow
import SegSyntax
import SegCheck
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg test`: runs the `expect` statements of test scripts on a database and reports
/// them as a test runner does (grammar/seg.ebnf `expect`; README "Testing segments").
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check the `expect` statements of test scripts on a database.",
        discussion: """
            Each file is a Seg script (it may `use` the campaign files it tests) with statements like:
              expect customer 10042 in vip_at_risk
              expect customer 10043 not in vip_at_risk because declining
              expect count vip between 600 and 700
            Every expectation runs and is reported; a test script only reads (an `export` or a \
            campaign in it is an error). Without files, every .seg file under ./tests. \
            Exits 0 when every expectation holds, 1 otherwise.
            """)

    @Argument(help: ArgumentHelp("Test scripts, or folders of them (default: tests/).", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: "text (default) or json.")
    var format: TestFormat = .text

    @OptionGroup var script: ScriptOptions

    struct FileResult {
        var path: String
        var results: [(line: Int, result: ExpectationResult)] = []
        /// Errors as shown (rendered), and as JSON carries them.
        var errors: [String] = []
        var structured: [[String: Any]] = []

        mutating func add(_ diagnostics: [Diagnostic], _ sources: SourceMap) {
            errors += DiagnosticRenderer(colour: false).render(diagnostics, in: sources).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for d in diagnostics {
                let file = sources.file(d.span.file)
                let (line, column) = file?.location(of: d.span.start) ?? (0, 0)
                structured.append(["code": d.code, "message": d.message, "file": file?.path ?? path, "line": line, "column": column])
            }
        }

        mutating func add(_ message: String, code: String) {
            errors.append(message)
            structured.append(["code": code, "message": message, "file": path, "line": 0, "column": 0])
        }
    }

    /// The scripts to run: as named (each once), or every .seg file under ./tests.
    var scripts: [String] {
        get throws {
            var seen = Set<String>()
            return try FmtCommand.expand(files.isEmpty ? ["tests"] : files).filter { seen.insert(URL(fileURLWithPath: $0).standardized.path).inserted }
        }
    }

    func validate() throws {
        if files.isEmpty && !FileManager.default.fileExists(atPath: "tests") {
            throw ValidationError("no test scripts named, and no tests/ folder here")
        }
        for f in files where !FileManager.default.fileExists(atPath: f) { throw ValidationError("no such file or folder: \(f)") }
        if try scripts.isEmpty { throw ValidationError("no .seg files in \((files.isEmpty ? ["tests"] : files).joined(separator: ", "))") }
    }

    func run() throws {
        let scripts = try self.scripts
        let session = try script.session()
        session.options.expectations = .collect
        // A test only reads: it leaves no ledger row either.
        session.options.rehearse = true
        let colour = format == .text && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let started = Date()
        var files: [FileResult] = []
        for path in scripts {
            var file = FileResult(path: path)
            defer { files.append(file) }
            let text: String
            do { text = try readScript(path, engine: session.engine) } catch { file.add("cannot read \(path)", code: "E0100"); continue }
            var map = SourceMap()
            let (checked, diagnostics) = session.check(path: path, text: text, sources: &map)
            var refused = diagnostics.filter { $0.severity == .error }
            if let checked {
                // A test only reads: what would write is refused before anything runs.
                for a in checked.actions where Self.writes(a) { refused.append(.testWrites(a.span)) }
                if !checked.actions.contains(where: Self.isExpectation) { file.add("\(path): no `expect` statement", code: "E0729") }
            }
            if !refused.isEmpty {
                file.add(refused, map)
                continue
            }
            let result = session.run(path: path, text: text)
            for case .expectation(let r) in result.outputs {
                let line = result.sources.file(r.span.file)?.location(of: r.span.start).line ?? 0
                file.results.append((line, r))
            }
            let errors = result.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty { file.add(errors, result.sources) }
        }
        let passed = files.reduce(0) { $0 + $1.results.filter(\.result.passed).count }
        let failed = files.reduce(0) { $0 + $1.results.filter { !$0.result.passed }.count }
        let errored = files.filter { !$0.errors.isEmpty }.count
        switch format {
        case .json:
            print(Self.json(files, passed: passed, failed: failed))
        case .text:
            func paint(_ s: String, _ style: KeyPath<String, String>) -> String { colour ? s[keyPath: style] : s }
            for file in files {
                print(paint(file.path, \.bold))
                for (line, r) in file.results {
                    print("  " + (r.passed ? paint("ok    ", \.green) : paint("FAILED", \.red)) + "  \(r.text)" + paint("  (line \(line))", \.dim))
                    if !r.passed { print("          " + r.detail) }
                }
                for e in file.errors where !e.isEmpty { print("  " + paint(e, \.red)) }
            }
            var summary = "\(passed) passed, \(failed) failed"
            if errored > 0 { summary += ", \(errored) file\(errored == 1 ? "" : "s") with errors" }
            summary += String(format: " (%d file%@, %.2f s)", files.count, files.count == 1 ? "" : "s", Date().timeIntervalSince(started))
            print(failed + errored == 0 ? paint(summary, \.green) : paint(summary, \.red))
        }
        if failed + errored > 0 { throw ExitCode(1) }
    }

    static func isExpectation(_ a: CheckedAction) -> Bool {
        switch a.kind {
        case .expectCount, .expectMember: return true
        default: return false
        }
    }

    static func writes(_ a: CheckedAction) -> Bool { a.writes }

    static func json(_ files: [FileResult], passed: Int, failed: Int) -> String {
        let s = FileExport.jsonString
        let items = files.map { f in
            let results = f.results.map { line, r in
                "{\"line\":\(line),\"expect\":\(s(r.text)),\"passed\":\(r.passed),\"detail\":\(s(r.detail))}"
            }
            let errors = f.structured.map { e in
                "{\"code\":\(s(e["code"] as? String ?? "")),\"message\":\(s(e["message"] as? String ?? "")),\"file\":\(s(e["file"] as? String ?? "")),"
                    + "\"line\":\(e["line"] as? Int ?? 0),\"column\":\(e["column"] as? Int ?? 0)}"
            }
            return "{\"file\":\(s(f.path)),\"expectations\":[\(results.joined(separator: ","))],\"errors\":[\(errors.joined(separator: ","))]}"
        }
        return "{\"files\":[\(items.joined(separator: ","))],\"passed\":\(passed),\"failed\":\(failed)}"
    }
}

enum TestFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Diagnostic {
    static func testWrites(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0727", message: "a test script only reads: this statement would write", span: span,
                   suggestion: "test the segment with `expect count …` or `expect customer K in S`; run exports, campaigns and `build tags` with `seg run`")
    }
}
