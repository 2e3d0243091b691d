import ArgumentParser
import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

/// Options shared by the commands that read a database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database to segment: a SQLite file, or a PostgreSQL server (postgresql://user@host:port/db, or key=value connection settings; PG* variables fill the rest). Without it, Seg uses the demo bank, building it on first use.", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: "The engine: sqlite (default; PostgreSQL when --db is a postgresql:// URL) or spark.")
    var engine: Dialect.Name?

    @Option(name: .long, help: ArgumentHelp("Spark's master (with --engine spark).", valueName: "url"))
    var master = "local[2]"

    @Option(name: .long, help: ArgumentHelp("Spark's warehouse folder: one Parquet folder per table (with --engine spark).", valueName: "dir"))
    var warehouse = "spark-warehouse"

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A Spark setting, as with spark-submit (repeatable; with --engine spark). It wins over spark-defaults.conf, which wins over Seg's own defaults.", valueName: "key=value"))
    var conf: [String] = []

    func validate() throws {
        for c in conf where !c.contains("=") || c.hasPrefix("=") {
            throw ValidationError("--conf takes key=value, like `--conf spark.executor.memory=4g`; `\(c)` has no key and value")
        }
    }

    /// Opens the engine, building the default demo bank when no database is named.
    func openEngine() throws -> any Engine {
        if engine == .spark {
            guard let driver = SparkEngine.driverPath(executable: Bundle.main.executablePath ?? CommandLine.arguments[0]) else {
                Diagnostics.print([.engine(EngineError(kind: .cannotOpen, detail: "cannot write the Spark driver built into seg under \(CacheDirectory.path) (set SEG_SPARK_DRIVER to spark/seg_spark.py)", path: "spark"))], SourceMap())
                throw ExitCode(3)
            }
            do { return try SparkEngine(master: master, warehouse: warehouse, driver: driver, conf: conf) } catch {
                Diagnostics.print([.engine(error)], SourceMap())
                throw ExitCode(3)
            }
        }
        if let db, PostgresEngine.isConnectionString(db) {
            do { return try PostgresEngine(db) } catch {
                Diagnostics.print([.engine(error)], SourceMap())
                throw ExitCode(3)
            }
        }
        let path = db ?? DemoDefaults.path
        if db == nil, !FileManager.default.fileExists(atPath: path) {
            try DemoDefaults.build(at: path, customers: DemoDefaults.customers, seed: DemoDefaults.seed)
        }
        do {
            return try SQLiteEngine(path: path)
        } catch {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
    }
}

/// What every command that reads a script is told: the database, parameters, the date.
struct ScriptOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Set a script parameter (repeatable).", valueName: "name=value"))
    var param: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The run's reference date (`today`), YYYY-MM-DD.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: "How aggregates are computed: auto (chosen per statement from the data), correlated or grouped.")
    var plan: PlanOption = .auto

    @Option(name: .customLong("min-cell"), help: ArgumentHelp("For a role that may not see personal data, `profile` counts under this show as <N: missing, with a `suppressed` flag, in JSON and CSV.", valueName: "n"))
    var minCell: Int = 10

    @Option(name: .long, help: "How models score on SQLite: inprocess (Swift functions inside the query) or pushdown (plain SQL).")
    var models: ModelScoring = .inprocess

    @Option(name: .long, help: ArgumentHelp("The role the run is made under: one the store's policy grants you (`seg policy`); a role that may reveal sees personal data unmasked.", valueName: "name"))
    var role: String?

    @Flag(name: .customLong("reveal-pii"), help: "Ask for personal data unmasked: refused unless the role may reveal it.")
    var revealPII = false

    @Option(name: .long, help: ArgumentHelp("The project's config file (default: ./seg.toml, or $SEG_CONFIG).", valueName: "path"))
    var config: String?

    func validate() throws {
        try validateDate(asOf)
        _ = try parseParams(param)
        guard minCell >= 1 else { throw ValidationError("--min-cell must be at least 1") }
    }

    /// Opens the database and reads its catalog; a failure is reported here (exit 3).
    func session() throws -> Session { try session(engine: database.openEngine()) }

    /// For commands that read no data (`check`, `compile`): a schema when one is named
    /// (`--schema FILE.sql` or `demo`), and without `--db` the demo bank's schema in memory,
    /// so a campaign repository is checked in CI without the bank's database.
    func session(schema: String?) throws -> Session {
        guard let schema = schema ?? (database.db == nil && database.engine != .spark && database.engine != .postgres ? "demo" : nil) else { return try session() }
        let ddl: String
        if schema == "demo" {
            ddl = DemoBank.emptySchema
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: schema, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: schema) else {
                let why = isFolder.boolValue ? "it is a folder" : "there is no such file"
                throw Self.schemaFailure("--schema \(schema): \(why) (give a SQL file of CREATE TABLE statements, or `demo`)")
            }
            ddl = String(decoding: data, as: UTF8.self)
            guard ddl.range(of: "create table", options: .caseInsensitive) != nil else {
                throw Self.schemaFailure("--schema \(schema): it declares no table (it should hold CREATE TABLE statements)")
            }
        }
        do { return try session(engine: SQLiteEngine(schema: ddl, label: schema)) } catch let error as EngineError {
            throw Self.schemaFailure("--schema \(schema) does not load: \(error.detail.replacingOccurrences(of: "the schema does not load: ", with: ""))")
        }
    }

    /// The policy refused what the command asked: said on stderr, exit 2.
    static func refusal(_ message: String) -> Error {
        FileHandle.standardError.write(Data("seg: \(message)\n".utf8))
        return ExitCode(2)
    }

    /// A schema that cannot be read: said on stderr, exit 2 (the command was given a bad file).
    static func schemaFailure(_ message: String) -> Error {
        FileHandle.standardError.write(Data("seg: \(message)\n".utf8))
        return ExitCode(2)
    }

    func session(engine: any Engine) throws -> Session {
        var options = RunOptions()
        options.params = try parseParams(param)
        if let asOf {
            options.asOf = asOf
            options.asOfSource = .given
        }
        options.plan = plan.choice
        options.minCell = minCell
        options.pushdownModels = models == .pushdown
        let project = try ProjectConfig.load(config)
        options.role = role ?? project.role
        options.stdlibPaths = ModuleLoader.defaultPaths(executable: Bundle.main.executablePath ?? CommandLine.arguments[0])
        do {
            let session = try Session(engine: engine, options: options)
            if revealPII, !session.policy.mayReveal {
                throw Self.refusal(options.role.map { "role `\($0)` may not see personal data under the store's policy: the output stays masked; run without --reveal-pii, or under a role that may (`seg policy` lists them)" }
                                      ?? "personal data is shown unmasked only to a role that may see it: add --role NAME (a role the store's policy grants you; `seg policy` lists them)")
            }
            // What the store's recovery did for runs that died, above all what it could not do.
            for note in session.recovered { FileHandle.standardError.write(Data("seg: \(note)\n".utf8)) }
            return session
        } catch let error as EngineError where error.kind == .refused {
            FileHandle.standardError.write(Data("seg: \(error.detail)\n".utf8))
            throw ExitCode(2)
        } catch let error as EngineError {
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
    }
}


enum ModelScoring: String, ExpressibleByArgument, CaseIterable {
    case inprocess, pushdown
}

enum PlanOption: String, ExpressibleByArgument, CaseIterable {
    case auto, correlated, grouped
    var choice: PlanChoice? {
        switch self {
        case .auto: return nil
        case .correlated: return .correlated
        case .grouped: return .grouped
        }
    }
}

enum DemoDefaults {
    static let customers = 10_000
    static let seed: UInt64 = 42

    /// Where the default demo bank lives: `$SEG_DEMO_DB`, or a cache file named for its generator version.
    static var path: String {
        if let p = ProcessInfo.processInfo.environment["SEG_DEMO_DB"], !p.isEmpty { return p }
        return "\(CacheDirectory.path)/demo-v\(DemoBank.generatorVersion)-s\(seed)-n\(customers).db"
    }

    /// Builds a demo bank into a temporary file, then moves it into place.
    static func build(at path: String, customers: Int, seed: UInt64, quiet: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The bank goes in through the one door (`FileDoor`): never over a link, device or pipe.
        if let reason = FileDoor.problem(path) {
            Diagnostics.print([.cannotWrite(path, reason, .none)], SourceMap())
            throw ExitCode(3)
        }
        // The database there now, as SQLite counts its writes: one written while the new bank
        // is built is not replaced (its runs' lists would be lost without a word).
        let counterBefore = (try? SQLiteDatabase(path: path))?.changeCounter()
        let temp = path + ".building-\(ProcessInfo.processInfo.processIdentifier)"
        unlink(temp)
        let progress = ProgressBar(total: customers, label: "building demo bank", enabled: !quiet && isatty(2) != 0)
        if !quiet { FileHandle.standardError.write(Data("building the demo bank (\(customers) customers, seed \(seed)) at \(path)\n".utf8)) }
        do {
            let db = try SQLiteDatabase(path: temp, create: true)
            try DemoBank(customers: customers, seed: seed).write(to: db) { progress.update($0) }
        } catch {
            unlink(temp)
            progress.finish()
            Diagnostics.print([.engine(error)], SourceMap())
            throw ExitCode(3)
        }
        progress.finish()
        // A database there already (`seg demo --force`) is replaced through SQLite, under its
        // locks and journals; anything else through the one door.
        if let existing = try? SQLiteDatabase(path: path), (try? existing.query("PRAGMA schema_version")) != nil {
            defer { unlink(temp) }
            // Under the write lock (a run writing now finishes first), the last look: unchanged since the build began?
            let unchanged: Bool = {
                guard (try? existing.execute("BEGIN IMMEDIATE")) != nil else { return false }
                defer { try? existing.execute("ROLLBACK") }
                return existing.changeCounter() == counterBefore
            }()
            if !unchanged {
                Diagnostics.print([.cannotWrite(path, "another run wrote to it while the new demo bank was built; nothing was replaced (run seg demo --force again)", .none)], SourceMap())
                throw ExitCode(3)
            }
            do { try existing.replaceContents(with: try SQLiteDatabase(path: temp)) } catch {
                Diagnostics.print([.engine(error)], SourceMap())
                throw ExitCode(3)
            }
            return
        }
        do { try FileDoor.moveIntoPlace(temp, path) } catch {
            unlink(temp)
            Diagnostics.print([.cannotWrite(path, error.reason, .none)], SourceMap())
            throw ExitCode(3)
        }
    }
}

/// A one-line progress bar on standard error (only on a terminal).
final class ProgressBar {
    let total: Int
    let label: String
    let enabled: Bool
    init(total: Int, label: String, enabled: Bool) {
        self.total = max(1, total)
        self.label = label
        self.enabled = enabled
    }
    func update(_ done: Int) {
        guard enabled else { return }
        let width = 30, filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done * 100 / total)%".utf8))
    }
    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}

enum Diagnostics {
    /// Prints diagnostics to standard error, in colour on a terminal.
    /// `limit`: at most this many diagnostics, then how many more there were (the REPL's cap
    /// per entry, so pasted garbage cannot flood the terminal).
    static func print(_ ds: [Diagnostic], _ sources: SourceMap, limit: Int? = nil) {
        guard !ds.isEmpty else { return }
        let renderer = DiagnosticRenderer(colour: isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let shown = limit.map { Array(ds.prefix($0)) } ?? ds
        var text = renderer.render(shown, in: sources) + "\n"
        if shown.count < ds.count { text += "… and \(ds.count - shown.count) more in this entry\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Reads a script file as UTF-8. A missing, unreadable or binary file is reported
/// here (exit 1), with the place of the first bad byte.
func readScript(_ path: String, engine: (any Engine)? = nil) throws -> String {
    let data: Data
    do { data = try ScriptFile.read(path, databaseFiles: engine?.databaseFiles ?? []) } catch {
        Diagnostics.print([.cannotReadScript(path, error.reason)], SourceMap())
        throw ExitCode(1)
    }
    let (text, invalid) = decodeSource(Array(data))
    if let invalid {
        var map = SourceMap()
        let f = map.add(path: path, text: text)
        Diagnostics.print([.invalidUTF8(Span(file: f.id, start: invalid, end: invalid + 1))], map)
        throw ExitCode(1)
    }
    return text
}

/// `--param name=value` options, parsed.
func parseParams(_ raw: [String]) throws -> [String: String] {
    var out: [String: String] = [:]
    for p in raw {
        guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
            throw ValidationError("--param takes name=value, got `\(p)`")
        }
        let name = String(p[..<eq])
        guard out[name] == nil else { throw ValidationError("--param \(name) is given twice; give each parameter once") }
        out[name] = String(p[p.index(after: eq)...])
    }
    return out
}

func validateDate(_ s: String?) throws {
    if let s, !isValidDate(s) || s.count != 10 { throw ValidationError("--as-of takes a date as YYYY-MM-DD, got `\(s)`") }
}
