import ArgumentParser
import Foundation
import SegRun

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic synthetic bank (deterministic for a seed) to a SQLite file.")

    @Option(name: .long, help: "How many customers.")
    var customers = 10_000

    @Option(name: .long, help: "The random seed: the same seed gives the same bank.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Where to write it.", valueName: "path"))
    var db = "demo.db"

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        guard customers > 0, customers <= 50_000_000 else { throw ValidationError("--customers must be between 1 and 50,000,000") }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: db) {
            guard force else {
                FileHandle.standardError.write(Data("seg demo: \(db) already exists; use --force to replace it\n".utf8))
                throw ExitCode(2)
            }
        }
        try DemoDefaults.build(at: db, customers: customers, seed: seed)
        print("wrote \(customers) customers to \(db)")
    }
}
