import ArgumentParser
import Foundation
import SegSyntax
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Print the SQL a script compiles to, for SQLite, PostgreSQL or Spark SQL.",
        discussion: """
            By default values appear as placeholders (?1, $1::float8, :p1), as they are bound when run. \
            With --inline each value is written as the dialect's own literal, for reading and pasting.
            """)

    @Argument(help: ArgumentHelp("The .seg script.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "The SQL dialect: sqlite, postgres or spark.")
    var dialect: Dialect.Name = .sqlite

    @Flag(name: .long, help: "Write values as literals instead of placeholders.")
    var inline = false

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: ArgumentHelp("Check against the tables of a SQL schema file (CREATE TABLE …), or `demo`, instead of a database. Without --db, the demo bank's schema.", valueName: "file.sql|demo"))
    var schema: String?

    func run() throws {
        let session = try script.session(schema: schema)
        let text = try readScript(file, engine: session.engine)
        var map = SourceMap()
        let (checked, diagnostics) = session.check(path: file, text: text, sources: &map)
        Diagnostics.print(diagnostics, map)
        guard let program = checked else { throw ExitCode(1) }
        let unknown = session.unknownParameters([program])
        if !unknown.isEmpty {
            Diagnostics.print(unknown, SourceMap())
            throw ExitCode(2)
        }
        let (compiled, errors) = Compiler.compile(program, dialect: .named(dialect), asOf: session.options.asOf,
                                                  plan: session.options.plan ?? .auto(passing: nil), pushdownModels: session.options.pushdownModels)
        Diagnostics.print(errors, map)
        if errors.hasErrors { throw ExitCode(1) }
        if compiled.isEmpty {
            // Only declarations: a definition compiles into the statements that use it.
            let file = map.files.first { $0.path == self.file }?.id
            let own = program.definitions.filter { $0.body.span.file == file }.map(\.name)
            let named = own.prefix(5).joined(separator: ", ") + (own.count > 5 ? ", …" : "")
            print("-- \(self.file) declares \(own.count) definition\(own.count == 1 ? "" : "s")\(own.isEmpty ? "" : " (\(named))") and no statement that runs, so there is no SQL to show.")
            print("-- A definition compiles into the statements that use it: add `count \(own.first ?? "vip")` (or show, export) to see its SQL.")
            return
        }
        for c in compiled {
            let source = map.file(c.action.span.file)?.slice(c.action.span) ?? ""
            print("-- \(source.split(separator: "\n").joined(separator: " "))")
            if case .buildTags = c.action.kind {
                print("-- runs the tag store's queries when the run commits: `seg tags build MODULE… --sql` prints them\n")
                continue
            }
            if inline {
                print(c.inlineText + ";")
            } else {
                print(c.bound.text + ";")
                if !c.parameters.isEmpty {
                    print("-- parameters: " + c.parameters.enumerated().map { "\($0.offset + 1) = \($0.element)" }.joined(separator: ", "))
                }
            }
            print()
        }
    }
}

extension Dialect.Name: ExpressibleByArgument {}
