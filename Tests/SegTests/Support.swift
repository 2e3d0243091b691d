import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Paths and helpers the tests share.
enum Support {
    /// The package root (the folder holding Package.swift).
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared/data`, beside the project; nil when this clone has none.
    static let sharedData: URL? = {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// The built `seg` binary, next to the test bundle.
    static let segBinary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("seg")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/seg")
    }()

    /// A gzip file's text, through the system's `gzip` (the tests read the shared data sets with it).
    static func gunzip(_ url: URL) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -dc \"$0\"", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try! p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `seg` copied alone into a fresh folder, as a user installs it: no stdlib/ or spark/ beside it.
    static func installedCopy() throws -> URL {
        let bin = tempDir().appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("seg")
        try FileManager.default.copyItem(at: segBinary, to: copy)
        return copy
    }

    /// Every temporary folder of this test process, removed when the process exits (a run
    /// makes thousands; left behind, they filled the disk).
    static let tempRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seg-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        tempRootPath = url.path
        atexit { if let path = Support.tempRootPath { try? FileManager.default.removeItem(atPath: path) } }
        return url
    }()
    nonisolated(unsafe) static var tempRootPath: String?

    /// A fresh temporary folder.
    static func tempDir() -> URL {
        let url = tempRoot.appendingPathComponent(UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A SQLite file made from SQL text.
    static func database(sql: String, in dir: URL = tempDir(), name: String = "test.db") throws -> String {
        let path = dir.appendingPathComponent(name).path
        let db = try SQLiteDatabase(path: path, create: true)
        try db.execute(sql)
        return path
    }

    /// Defines roles in a store's policy and grants them to the user running the tests, as an
    /// administrator would with `seg policy` (the tests own the database file, so they are its
    /// administrators): `crm` may reveal, `analyst` may not, `steward` may reveal and reclassify.
    static func grantRoles(_ engine: any Engine, to who: String? = nil) throws {
        let store = PolicyStore(engine: engine, db: engine.ownTables!)
        let user = who ?? store.user()
        try store.change([
            .role("analyst", reveal: false, reclassify: false, serverRole: nil),
            .role("crm", reveal: true, reclassify: false, serverRole: nil),
            .role("steward", reveal: true, reclassify: true, serverRole: nil),
            .grant(role: "analyst", to: user), .grant(role: "crm", to: user), .grant(role: "steward", to: user),
        ])
    }

    static func grantRoles(_ db: String) throws { try grantRoles(SQLiteEngine(path: db)) }

    /// Options for a run under `role` (granted by `grantRoles`).
    static func options(role: String?) -> RunOptions {
        var options = RunOptions()
        options.role = role
        return options
    }

    /// The small hand-checkable bank the script tests run on.
    static func fixtureDatabase() throws -> String {
        let sql = try String(contentsOf: root.appendingPathComponent("Tests/scripts/fixture.sql"), encoding: .utf8)
        return try database(sql: sql)
    }

    /// A demo bank, built once per test process.
    static let demoPath: String = {
        let path = tempDir().appendingPathComponent("demo.db").path
        let db = try! SQLiteDatabase(path: path, create: true)
        try! DemoBank(customers: 3000, seed: 7).write(to: db)
        return path
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the `seg` binary.
    static func seg(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: String? = nil, binary: URL = segBinary) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        // Output goes to files, so a large output can never block the child on a full pipe.
        let dir = tempDir()
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        try? FileManager.default.removeItem(at: dir)
        return Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a script in-process on a database.
    static func run(_ script: String, engine: any Engine, path: String = "test.seg", options: RunOptions = RunOptions()) throws -> RunResult {
        try Session(engine: engine, options: options).run(path: path, text: script)
    }

    static func run(_ script: String, db: String, path: String = "test.seg", options: RunOptions = RunOptions()) throws -> RunResult {
        let engine = try SQLiteEngine(path: db)
        let session = try Session(engine: engine, options: options)
        return session.run(path: path, text: script)
    }

    /// Diagnostics of a script, rendered without colour.
    static func rendered(_ result: RunResult) -> String {
        DiagnosticRenderer().render(result.diagnostics, in: result.sources)
    }

    /// Lexes and parses text.
    static func parse(_ text: String) -> (Program, [Diagnostic], SourceMap) {
        var map = SourceMap()
        let f = map.add(path: "t.seg", text: text)
        let (p, d) = Parser.parse(f)
        return (p, d, map)
    }
}
