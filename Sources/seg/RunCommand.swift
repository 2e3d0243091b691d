import ArgumentParser
import Foundation
import SegSyntax
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scripts: count, show, explain and export segments; run campaigns.",
        discussion: """
            The files run as one: exports and list versions take effect only when every statement of every file succeeds; \
            a failed `assert` exits 4 and saves nothing. Campaigns of the files share customers out by `priority` \
            (then the order of the files). Every run is recorded in the ledger (`seg lists --runs`).
            """)

    @Argument(help: ArgumentHelp("The .seg scripts to run, in order.", valueName: "file"))
    var files: [String]

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: "How to print results: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(name: .customLong("dry-run"), help: "Check and compile only; touch no data.")
    var dryRun = false

    @Flag(name: .customLong("accept-warnings"),
          help: "Save a campaign's list even when a warning doubts the answer (a value or channel no row has, a reversed `between`).")
    var acceptWarnings = false

    @Flag(name: .customLong("csv-excel"), help: "Write every CSV file for Excel: UTF-8 with a byte-order mark (as `to csv \"x.csv\" excel`).")
    var csvExcel = false

    func run() throws {
        let session = try script.session()
        session.options.stopCampaignsOnWarnings = !acceptWarnings
        session.options.csvForExcel = csvExcel
        // A header for the person at the terminal; a pipe's stderr carries diagnostics only.
        if isatty(2) != 0 { session.announceAsOf = { FileHandle.standardError.write(Data("as of \($0)\n".utf8)) } }
        let printer = Printer(format: format, colour: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        if !dryRun {
            // One run: all or nothing across the files, campaigns sharing customers by priority.
            let scripts = try files.map { ($0, try readScript($0, engine: session.engine)) }
            let result = session.run(scripts: scripts) { printer.print($0) }
            Diagnostics.print(result.diagnostics, result.sources)
            if let failure = result.failure { throw ExitCode(failure.exitCode) }
            return
        }
        // A dry run: each file checked and compiled, nothing run.
        var worst: RunFailure?
        for file in files {
            let text = try readScript(file, engine: session.engine)
            var map = SourceMap()
            let (checked, diagnostics) = session.check(path: file, text: text, sources: &map)
            var all = diagnostics
            if let checked {
                all += session.asOfIgnored([checked])
                all += Compiler.compile(checked, dialect: session.engine.dialect, asOf: session.options.asOf).1
                if !all.hasErrors, case let unknown = session.unknownParameters([checked]), !unknown.isEmpty {
                    Diagnostics.print(unknown, map)
                    worst = max(worst ?? .usage, .usage)
                    continue
                }
            }
            Diagnostics.print(all, map)
            if all.hasErrors { worst = max(worst ?? .inScript, .inScript) } else { print("\(file): ok (dry run: checked and compiled, nothing run)") }
        }
        if let worst { throw ExitCode(worst.exitCode) }
    }
}

extension RunFailure {
    /// DESIGN.md: 1 script error, 2 usage, 3 engine/data error, 4 a failed `assert`.
    var exitCode: Int32 {
        switch self {
        case .inScript: return 1
        case .usage: return 2
        case .engine: return 3
        case .assertion: return 4
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
