import ArgumentParser
import Foundation
import SegSyntax
import SegRun
import SegEngine
import SegStore
import SegDemo

struct ListsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Show the saved lists: versions, sizes, when and from which script; or the ledger of runs.")

    @Argument(help: ArgumentHelp("Only this list.", valueName: "name"))
    var name: String?

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: "How to print results: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Show the ledger: one row per `seg run`, newest first.")
    var runs = false

    func run() throws {
        let session = try script.session()
        var table: ResultTable
        do { table = runs ? try session.runs() : try session.lists() } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        if let name, !runs { table.rows = table.rows.filter { $0.first == .text(name) } }
        Printer(format: format, colour: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil).print(.table(table))
    }
}
