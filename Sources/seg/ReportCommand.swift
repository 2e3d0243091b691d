import ArgumentParser
import Foundation
import SegSyntax
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg report`: runs scripts as `seg run` does, undoes what they would save, and writes one
/// self-contained HTML page of their results (ReportHTML).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run scripts and write their results as one self-contained HTML page; nothing is saved.",
        discussion: """
            Segment sizes, each campaign's funnel, profiles with TGI bars, the overlap matrix as a \
            heatmap, model evaluation (ROC, KS, gains and lift by decile, PSI), campaign evaluation \
            (rates with 95% intervals) and the provenance (script SHA-256, git revision, as-of, \
            engine). Charts are inline SVG: the file needs no network. Lists, contacts and tables \
            the scripts would save are rolled back, files they would export are not written, and \
            no ledger row is added.
            """)

    @Argument(help: ArgumentHelp("The .seg scripts, run as one (as `seg run` does).", valueName: "file"))
    var files: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var output = "report.html"

    @OptionGroup var script: ScriptOptions

    func run() throws {
        let session = try script.session()
        let scripts = try files.map { ($0, try readScript($0, engine: session.engine)) }
        // The page is written through the one door (`FileDoor`): checked before the scripts
        // run, never over the database or a script it reads.
        let protected = session.engine.databaseFiles + files
        if let reason = FileDoor.problem(output, protected: protected) {
            FileHandle.standardError.write(Data("error: cannot write \(output): \(reason)\n".utf8))
            throw ExitCode(3)
        }
        session.options.rehearse = true
        let result = session.run(scripts: scripts)
        Diagnostics.print(result.diagnostics, result.sources)
        if let failure = result.failure { throw ExitCode(failure.exitCode) }
        let git = files.first.flatMap(Ledger.gitState).map { $0.commit + ($0.dirty ? " (the script differs from it)" : "") }
        var sources = SourceMap()
        let asOf = session.check(path: files[0], text: scripts[0].1, sources: &sources).0.map(session.asOfDescription) ?? session.options.asOf
        let stamp = ISO8601DateFormatter().string(from: Date())
        var page = ReportHTML(
            title: "Seg report: " + files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "),
            provenance: .init(scripts: scripts.map { ($0.0, Ledger.sha256($0.1)) }, git: git, asOf: asOf,
                              engine: "\(session.engine.dialect.name.displayName) (\(session.engine.label))", generated: stamp, version: Seg.version),
            outputs: result.outputs)
        do {
            try FileDoor.write(Data(page.render().utf8), to: output, by: .report, protected: protected + result.sources.files.map(\.path))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(3)
        }
        print("wrote \(output)")
    }
}
