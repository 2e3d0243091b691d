import ArgumentParser
import Foundation
import SegSyntax
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg replay LIST [VERSION]`, `seg replay --run ID` (LANGUAGE.md §6): the very texts a list
/// version or a run was made from, run again with its parameters and `as_of`; nothing is saved.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a saved list's script again, as of the same date, and say whether it gives the same members.",
        discussion: """
            Runs the texts the list version was made from (kept in the store, whatever the files hold now) with \
            its parameters and as_of, saving nothing. Exit 0 when identical, 1 when the members differ \
            (those that entered and left are listed, a few explained), 3 when it cannot replay.
            """)

    @Argument(help: ArgumentHelp("The saved list.", valueName: "list"))
    var list: String?

    @Argument(help: ArgumentHelp("Its version (default: the latest).", valueName: "version"))
    var version: Int?

    @Option(name: .customLong("run"), help: ArgumentHelp("Replay a run of the ledger instead (`seg lists --runs` shows them).", valueName: "id"))
    var runID: Int?

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: "How to print results: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if list != nil, runID != nil { throw ValidationError("name a list or a run, not both: `seg replay q4_offer 3` or `seg replay --run 12`") }
        if list == nil, runID == nil { throw ValidationError("name a list (`seg replay q4_offer 3`) or a run (`seg replay --run 12`)") }
        // A replay runs with what the run recorded: another date or parameter would be another run.
        if !script.param.isEmpty || script.asOf != nil {
            throw ValidationError("a replay runs with the parameters and as_of its run recorded; to run the script otherwise, use `seg run`")
        }
    }

    func run() throws {
        let session = try script.session()
        let report: Replay.Report
        do {
            if let runID { report = try session.replayRun(runID) } else { report = try session.replayList(list!, version: version) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(3)
        }
        let printer = Printer(format: format, colour: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        for o in report.shown(forMachines: format != .table) { printer.print(o) }
        if !report.identical { throw ExitCode(1) }
    }
}
