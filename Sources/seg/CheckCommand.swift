import ArgumentParser
import Foundation
import SegSyntax
import SegRun
import SegCheck
import SegEngine
import SegStore
import SegDemo

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and type-check scripts against the database's catalog; no data is touched.",
        discussion: "Reports every error in every file. Exits 1 if any file has an error.")

    @Argument(help: ArgumentHelp("The .seg scripts to check.", valueName: "file"))
    var files: [String]

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: ArgumentHelp("Check against the tables of a SQL schema file (CREATE TABLE …), or `demo`, instead of a database. Without --db, the demo bank's schema.", valueName: "file.sql|demo"))
    var schema: String?

    func run() throws {
        let session = try script.session(schema: schema)
        var failed = false
        var programs: [CheckedProgram] = []
        for file in files {
            let text: String
            do { text = try readScript(file, engine: session.engine) } catch { failed = true; continue }
            var map = SourceMap()
            let (checked, diagnostics) = session.check(path: file, text: text, sources: &map)
            Diagnostics.print(diagnostics, map)
            if let checked { programs.append(checked) }
            if diagnostics.hasErrors { failed = true } else { print("\(file): ok") }
        }
        if failed { throw ExitCode(1) }
        // A `--param` no file declares would silently run with the default: a usage error.
        let unknown = session.unknownParameters(programs)
        if !unknown.isEmpty {
            Diagnostics.print(unknown, SourceMap())
            throw ExitCode(2)
        }
    }
}
