import ArgumentParser
import Foundation
import SegEngine
import SegStore
import SegDemo

/// `seg`: the command line of the Seg language.
struct Seg: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "seg",
        abstract: "Seg: customer segmentation for banks, compiled to SQL.",
        discussion: """
            Write `segment vip where aum >= 500k` in a .seg file, then `seg run file.seg`. \
            Without --db, Seg runs on a synthetic demo bank it builds on first use. \
            Exit codes: 0 ok, 1 script error, 2 usage error, 3 engine or data error, 4 an `assert` failed.
            """,
        version: version,
        subcommands: [RunCommand.self, CheckCommand.self, CompileCommand.self, FmtCommand.self, TestCommand.self, LspCommand.self, ReportCommand.self, TagsCommand.self, ReplCommand.self, ListsCommand.self, ReplayCommand.self, PolicyCommand.self, DemoCommand.self]
    )
}

@main
enum Main {
    /// Runs the command on a thread with a large stack: scripts are checked and compiled
    /// by recursive descent, and the depth limits of parser, checker and compiler are set
    /// for this stack, not the 8 MiB of the main thread.
    static func main() {
        // A file that may not grow (a full disk, a size limit) is an error to report, not a
        // signal that kills the run halfway.
        signal(SIGXFSZ, SIG_IGN)
        let done = DispatchSemaphore(value: 0)
        let worker = Thread {
            run()
            done.signal()
        }
        worker.stackSize = 1 << 30
        worker.start()
        done.wait()
    }

    static func run() {
        do {
            var command = try Seg.parseAsRoot()
            try command.run()
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = Seg.exitCode(for: error)
            let message = Seg.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            // Usage errors exit 2 (DESIGN.md), not the parser's 64.
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
