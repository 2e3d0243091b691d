import ArgumentParser
import Foundation
import SegSyntax
import SegCheck
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg tags`: the tag store (SegRun/TagStore.swift).
struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Tag tables: definitions computed once for every customer, read by later runs while they are fresh.",
        subcommands: [TagsList.self, TagsBuild.self, TagsDrop.self],
        defaultSubcommand: TagsList.self)
}

struct TagsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tag tables, newest first, and whether each is fresh.")

    @OptionGroup var script: ScriptOptions

    func run() throws {
        let session = try script.session()
        let table: ResultTable
        do { table = try session.tagTables() } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        Printer(format: .table, colour: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil).print(.table(table))
    }
}

struct TagsDrop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Remove tag tables by name, or every stale one (--stale).")

    @Argument(help: ArgumentHelp("Tag tables, as `seg tags` lists them.", valueName: "table"))
    var tables: [String] = []

    @Flag(name: .long, help: "Remove every stale tag table: gone, built on data that changed since, or holding copies of the customers' columns.")
    var stale = false

    @OptionGroup var script: ScriptOptions

    func validate() throws {
        if tables.isEmpty && !stale { throw ValidationError("name the tag tables to drop (`seg tags` lists them), or give --stale") }
    }

    func run() throws {
        let session = try script.session()
        var names: [String] = []
        if stale {
            do { names = try session.staleTagTables() } catch {
                Diagnostics.print([.engine(error)], SourceMap())
                throw ExitCode(3)
            }
            if names.isEmpty && tables.isEmpty { print("no stale tag tables") }
        }
        for t in tables where !names.contains(t) { names.append(t) }
        let missing: [String]
        do { missing = try session.dropTags(names) } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        for t in names where !missing.contains(t) { print("dropped \(t)") }
        if !missing.isEmpty {
            FileHandle.standardError.write(Data("error: no tag table named \(missing.joined(separator: ", ")) (`seg tags` lists them)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct TagsBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compute the definitions of modules for every customer into a new tag table.",
        discussion: """
            Each MODULE is a standard module (stdlib.rfm) or a script file (segments.seg); every \
            define and segment it declares becomes a column. One query computes them all: every \
            aggregate of one relation and window in one grouped pass, each rank in one pass. \
            Later runs read a definition from the table while it is fresh: built for the same \
            as-of date, from the same definition, on data that has not changed since.
            """)

    @Argument(help: ArgumentHelp("Standard modules (stdlib.rfm) or script files.", valueName: "module"))
    var modules: [String]

    @Flag(name: .long, help: "Print the query a build would run (values inline) and build nothing.")
    var sql = false

    @OptionGroup var script: ScriptOptions

    func run() throws {
        let session = try script.session()
        let started = Date()
        if sql {
            switch session.buildTags(modules: modules, onlySQL: true) {
            case .failure(let failure):
                Diagnostics.print(failure.diagnostics, failure.sources)
                throw ExitCode(failure.failure.exitCode)
            case .success(let plan):
                print(plan.sql ?? "")
            }
            return
        }
        if isatty(2) != 0 { FileHandle.standardError.write(Data("building tags for \(modules.joined(separator: ", ")) …\n".utf8)) }
        switch session.buildTags(modules: modules) {
        case .failure(let failure):
            Diagnostics.print(failure.diagnostics, failure.sources)
            throw ExitCode(failure.failure.exitCode)
        case .success(let built):
            print("built \(built.name): \(built.tags.count) tag\(built.tags.count == 1 ? "" : "s") for \(Cell.grouped(built.entities)) customers, as of \(built.asOf), in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            print("  " + built.tags.joined(separator: ", "))
            if !built.leftOut.isEmpty {
                print("left out, computed where they are read: " + built.leftOut.joined(separator: "; "))
            }
        }
    }
}
