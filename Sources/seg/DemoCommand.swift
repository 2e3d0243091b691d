import ArgumentParser
import Foundation
import SegSyntax
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic synthetic bank (deterministic for a seed) to a SQLite file, a PostgreSQL database or Spark.")

    @Option(name: .long, help: "How many customers.")
    var customers = 10_000

    @Option(name: .long, help: "The random seed: the same seed gives the same bank.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Where to write it: a SQLite file, or postgresql://user@host:port/db.", valueName: "path|url"))
    var db = "demo.db"

    @Flag(name: .long, help: "Replace the file (or, on PostgreSQL, the demo's tables and saved lists) if they exist.")
    var force = false

    @Option(name: .long, help: "Write it to Spark instead (with --warehouse): sqlite or spark.")
    var engine: Dialect.Name = .sqlite

    @Option(name: .long, help: ArgumentHelp("Spark's warehouse folder (with --engine spark).", valueName: "dir"))
    var warehouse = "spark-warehouse"

    @Option(name: .long, help: ArgumentHelp("Spark's master (with --engine spark).", valueName: "url"))
    var master = "local[2]"

    @Option(name: .long, help: ArgumentHelp("Copy this demo bank (a file `seg demo` wrote) to PostgreSQL or Spark instead of building a new one.", valueName: "file"))
    var from: String?

    func validate() throws {
        if from != nil, engine != .spark, !PostgresEngine.isConnectionString(db) {
            throw ValidationError("--from copies a demo bank to PostgreSQL (--db postgresql://…) or Spark (--engine spark)")
        }
        guard customers > 0, customers <= 50_000_000 else { throw ValidationError("--customers must be between 1 and 50,000,000") }
    }

    func run() throws {
        if let from, !FileManager.default.fileExists(atPath: from) {
            FileHandle.standardError.write(Data("seg demo: --from \(from): no such file\n".utf8))
            throw ExitCode(2)
        }
        if engine == .spark { return try toSpark() }
        if PostgresEngine.isConnectionString(db) { return try toPostgres() }
        if FileManager.default.fileExists(atPath: db) {
            guard force else {
                FileHandle.standardError.write(Data("seg demo: \(db) already exists; use --force to replace it\n".utf8))
                throw ExitCode(2)
            }
        }
        try DemoDefaults.build(at: db, customers: customers, seed: seed)
        print("wrote \(customers) customers to \(db)")
    }

    /// The bank to copy: `--from`, or a new one built in `dir`.
    func source(in dir: URL) throws -> String {
        if let from { return from }
        let path = dir.appendingPathComponent("bank.db").path
        try DemoDefaults.build(at: path, customers: customers, seed: seed)
        return path
    }

    /// The same seeded bank in PostgreSQL: built in SQLite, then copied table by table with
    /// COPY in one transaction, indexes and the past campaign's list included.
    func toPostgres() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try source(in: dir)
        let started = Date()
        var rows = 0
        do {
            let sqlite = try SQLiteDatabase(path: path)
            let pg = try PostgresEngine(db)
            var perTable: [String: Int] = [:]
            try DemoBank.load(from: sqlite, into: pg, replace: force) { table, copied in perTable[table] = copied }
            rows = perTable.values.reduce(0, +)
        } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        let seconds = Date().timeIntervalSince(started)
        print("wrote \(from ?? "\(customers) customers") to \(db) (\(rows) rows copied in \(String(format: "%.1f", seconds)) s)")
    }

    /// The same seeded bank in Spark: built in SQLite, then each table loaded from CSV into
    /// Parquet under the warehouse with its types.
    func toSpark() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try source(in: dir)
        guard let driver = SparkEngine.driverPath(executable: Bundle.main.executablePath ?? CommandLine.arguments[0]) else {
            throw ValidationError("cannot write the Spark driver built into seg under \(CacheDirectory.path) (set SEG_SPARK_DRIVER to spark/seg_spark.py)")
        }
        do {
            let sqlite = try SQLiteEngine(path: path)
            let spark = try SparkEngine(master: master, warehouse: warehouse, driver: driver)
            for table in DemoBank.tables {
                let csv = dir.appendingPathComponent("\(table).csv").path
                let schema = try DemoBank.export(table, from: sqlite.db, csv: csv)
                try spark.load(table: table, csv: csv, schema: schema)
            }
            try DemoBank.copyStore(from: sqlite.db, into: spark)
        } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        print("wrote \(from ?? "\(customers) customers") to Spark warehouse \(warehouse)")
    }
}
