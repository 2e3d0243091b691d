import Foundation
import SegCheck
import SegCompile

/// Apache Spark through a small Python driver (spark/seg_spark.py) started once per `seg`
/// process and spoken to in JSON lines over stdin/stdout, so a script or a REPL session pays
/// Spark's start-up once. Statements are compiled to Spark SQL with `:pN` parameters.
public final class SparkEngine: Engine, @unchecked Sendable {
    package let process: Process
    package let input: FileHandle
    package let output: FileHandle
    package var pending = Data()
    /// Callers of `storeWritingWhileReading`: the driver speaks one request at a time, so a
    /// statement whose rows are written to the store as they come is read whole first.
    package var writersReading = 0
    public let label: String
    public var dialect: Dialect { .spark }

    /// Where the driver is: $SEG_SPARK_DRIVER, next to the installed binary, in the source
    /// tree, or else the copy built into the binary, written out to the cache once.
    public static func driverPath(executable: String) -> String? {
        if let env = ProcessInfo.processInfo.environment["SEG_SPARK_DRIVER"], !env.isEmpty { return env }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = dir.appendingPathComponent("../share/seg/spark/seg_spark.py").standardized.path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        for _ in 0..<6 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("spark/seg_spark.py").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return writeBuiltInDriver()
    }

    /// The built-in driver as a file Python can run, named by its content's hash so that a
    /// newer `seg` never runs an older driver; written to a temporary name, then renamed.
    package static func writeBuiltInDriver() -> String? {
        let text = BuiltInSparkDriver.text
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let dir = CacheDirectory.path + "/spark"
        let path = dir + "/seg_spark-" + String(hash, radix: 16) + ".py"
        if FileManager.default.contents(atPath: path) == Data(text.utf8) { return path }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try FileDoor.write(Data(text.utf8), to: path, by: .cache)
            return path
        } catch { return nil }
    }

    /// Starts the driver (Python from $SEG_PYTHON, else python3) and waits for Spark.
    /// The folder of the tables (Parquet, one folder a table).
    public var warehouse = ""

    /// A table of the warehouse: the query's rows written as Parquet (no index to make).
    public func createTable(_ name: String, as query: BoundQuery, key: String) throws(EngineError) {
        _ = try request(["op": "save", "table": name, "sql": query.text, "args": Self.arguments(query.parameters)])
    }

    public func dropTable(_ name: String) {
        _ = try? request(["op": "drop", "table": name])
    }

    /// Each table's Parquet files (names, sizes, modification times): Spark appends and
    /// overwrites files, so any change to a table shows.
    public func dataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? {
        var parts: [String] = []
        for table in [entity] + Set(relations).sorted() {
            let dir = (warehouse as NSString).appendingPathComponent(table)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
            var entries: [String] = []
            for f in files.sorted() where !f.hasPrefix(".") {
                var st = stat()
                guard stat(dir + "/" + f, &st) == 0 else { return nil }
                entries.append("\(f):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)")
            }
            parts.append(table + ":" + DataVersionCache.hash(entries.joined(separator: ",")))
        }
        return parts.joined(separator: ";")
    }

    /// `conf`: Spark settings as `key=value` (`--conf`), over spark-defaults.conf and Seg's defaults.
    /// The last of what the driver and its JVM wrote to stderr.
    let tail = StderrTail()

    public init(master: String, warehouse: String, driver: String, conf: [String] = []) throws(EngineError) {
        let python = ProcessInfo.processInfo.environment["SEG_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        label = "spark:\(master):\(warehouse)"
        self.warehouse = URL(fileURLWithPath: warehouse).standardized.path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, driver, "--master", master, "--warehouse", warehouse] + conf.flatMap { ["--conf", $0] }
        var environment = ProcessInfo.processInfo.environment
        // Loopback only for a local master: a cluster's executors must reach the driver.
        if master.hasPrefix("local") { environment["SPARK_LOCAL_IP"] = environment["SPARK_LOCAL_IP"] ?? "127.0.0.1" }
        environment["PYSPARK_PYTHON"] = environment["PYSPARK_PYTHON"] ?? python
        process.environment = environment
        let toDriver = Pipe(), fromDriver = Pipe()
        process.standardInput = toDriver
        process.standardOutput = fromDriver
        // The JVM's own words (a heap size it cannot read, a master that refused the
        // application) go to stderr: its last lines are kept, to name the cause if Spark fails.
        let errors = Pipe()
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [tail] h in tail.append(h.availableData) }
        input = toDriver.fileHandleForWriting
        output = fromDriver.fileHandleForReading
        do { try process.run() } catch {
            throw EngineError(kind: .cannotOpen, detail: "cannot start \(python): \(error.localizedDescription)", path: label)
        }
        let ready: [String: Any]
        do { ready = try readAnswer() } catch {
            throw EngineError(kind: .cannotOpen, detail: error.detail + tail.cause(), path: label)
        }
        if let message = ready["error"] as? String {
            // When the JVM said why, that is the cause, not a missing Java.
            let cause = tail.cause()
            throw EngineError(kind: .cannotOpen, detail: (cause.isEmpty ? message : message.replacingOccurrences(of: " (is Java 17 installed and JAVA_HOME set?)", with: "")) + cause, path: label)
        }
    }

    deinit {
        (process.standardError as? Pipe)?.fileHandleForReading.readabilityHandler = nil
        try? input.close()
        if process.isRunning { process.terminate() }
    }

    /// One answer, a line of JSON. A statement's rows come as one line of tens of megabytes, in
    /// pieces of a pipe's size: each piece is searched for the newline once (searching from the
    /// start again for each piece took minutes for 100,000 rows).
    package func readAnswer() throws(EngineError) -> [String: Any] {
        var searched = 0
        while true {
            if let newline = pending[(pending.startIndex + searched)...].firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                searched = 0
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
                return object
            }
            searched = pending.count
            let chunk = output.availableData
            if chunk.isEmpty { throw EngineError(kind: .cannotOpen, detail: "the Spark driver stopped", path: label) }
            pending.append(chunk)
        }
    }

    package func request(_ body: [String: Any]) throws(EngineError) -> [String: Any] {
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { throw EngineError(kind: .query, detail: "unencodable request", path: label) }
        do { try input.write(contentsOf: data + Data([0x0A])) } catch {
            throw EngineError(kind: .cannotOpen, detail: "the Spark driver stopped", path: label)
        }
        let answer = try readAnswer()
        if let message = answer["error"] as? String {
            throw EngineError(kind: message.contains("cancel") ? .interrupted : .query, detail: message, path: label)
        }
        return answer
    }

    package static func arguments(_ values: [SQLValue]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (i, v) in values.enumerated() {
            let name = "p\(i + 1)"
            switch v {
            case .null: out[name] = NSNull()
            case .integer(let n): out[name] = n
            case .real(let d): out[name] = d
            case .bool(let b): out[name] = b
            case .text(let s): out[name] = s
            case .date(let s): out[name] = ["date": s]
            }
        }
        return out
    }

    package static func value(_ v: Any, type: String) -> Value {
        if v is NSNull { return .null }
        if type == "boolean" { return .integer((v as? Bool) == true ? 1 : 0) }
        if let s = v as? String { return .text(s) }
        if let n = v as? NSNumber {
            if ["bigint", "int", "smallint", "tinyint"].contains(type) { return .integer(n.int64Value) }
            // JSONSerialization reads some numbers as decimals, whose `doubleValue` can be a unit
            // in the last place off (0.8701908663935245 became …246): their digits are read instead.
            if let d = v as? NSDecimalNumber, let exact = Double(d.stringValue) { return .real(exact) }
            return .real(n.doubleValue)
        }
        return .text("\(v)")
    }

    /// A statement's rows as the driver streams them: a header, then lines of rows until one
    /// says done. A reader that stops early (or an error) still reads the rest, so the next
    /// request starts on its own answer.
    public func run(_ query: BoundQuery, row: ([Value]) throws -> Void) throws {
        let header = try request(["op": "sql", "sql": query.text, "args": Self.arguments(query.parameters)])
        let types = header["types"] as? [String] ?? []
        var chunk = header["rows"] as? [[Any]] ?? []
        var done = header["done"] as? Bool ?? true
        if writersReading > 0 {
            // The rows' consumer sends requests of its own (appends to the store): the stream is
            // read to its end before any row is handed out.
            while !done {
                let next = try readAnswer()
                if let message = next["error"] as? String {
                    throw EngineError(kind: message.contains("cancel") ? .interrupted : .query, detail: message, path: label)
                }
                chunk += next["rows"] as? [[Any]] ?? []
                done = next["done"] as? Bool ?? true
            }
        }
        do {
            while true {
                for r in chunk {
                    try row(r.enumerated().map { Self.value($0.element, type: $0.offset < types.count ? types[$0.offset] : "") })
                }
                if done { return }
                let next = try readAnswer()
                if let message = next["error"] as? String {
                    done = true
                    throw EngineError(kind: message.contains("cancel") ? .interrupted : .query, detail: message, path: label)
                }
                chunk = next["rows"] as? [[Any]] ?? []
                done = next["done"] as? Bool ?? true
            }
        } catch {
            while !done {
                guard let next = try? readAnswer() else { break }
                done = next["error"] != nil || (next["done"] as? Bool ?? true)
            }
            throw error
        }
    }

    public func queryPlan(_ query: BoundQuery) throws(EngineError) -> [String] {
        try request(["op": "explain", "sql": query.text, "args": Self.arguments(query.parameters)])["plan"] as? [String] ?? []
    }

    /// A cached temporary view: Spark keeps its rows in memory for the run's statements.
    public func materialise(_ table: String, _ query: BoundQuery) throws(EngineError) {
        _ = try request(["op": "cache", "table": table, "sql": query.text, "args": Self.arguments(query.parameters)])
    }

    public func dropMaterialised(_ table: String) { _ = try? request(["op": "uncache", "table": table]) }

    /// Spark has no transactions: a run's writes are files staged until it succeeds.
    public func begin() throws(EngineError) {}
    public func commit() throws(EngineError) {}
    public func rollback() {}
    public func cancel() { kill(process.processIdentifier, SIGINT) }
    public func clearCancel() {}

    public func catalog() throws(EngineError) -> Catalog {
        let answer = try request(["op": "catalog"])
        var tables: [Catalog.Table] = []
        for t in answer["tables"] as? [[String: Any]] ?? [] {
            guard let name = t["name"] as? String else { continue }
            let columns = (t["columns"] as? [[String: Any]] ?? []).compactMap { c -> Catalog.Column? in
                guard let n = c["name"] as? String, let type = c["type"] as? String else { return nil }
                return Catalog.Column(name: n, type: Self.segType(type), notNull: (c["nullable"] as? Bool) == false, timestamp: type.hasPrefix("timestamp"),
                                     integer: ["bigint", "int", "smallint", "tinyint"].contains(type.lowercased()))
            }
            tables.append(Catalog.Table(name: name, columns: columns, primaryKey: []))
        }
        return Catalog(tables: tables)
    }

    package static func segType(_ t: String) -> SegType? {
        if ["bigint", "int", "smallint", "tinyint", "double", "float"].contains(t) || t.hasPrefix("decimal") { return .number }
        if t == "string" || t.hasPrefix("varchar") || t.hasPrefix("char") { return .string }
        if t == "boolean" { return .bool }
        if t == "date" || t.hasPrefix("timestamp") { return .date }
        return nil
    }

    /// Loads a table from a CSV file with a header (`schema`: Spark DDL, `a BIGINT, b STRING`).
    public func load(table: String, csv: String, schema: String) throws(EngineError) {
        _ = try request(["op": "load", "table": table, "csv": csv, "schema": schema])
    }
}

/// Seg's own tables on Spark: Parquet folders under the warehouse, created with a schema and
/// appended to by the driver (rows travel as JSON; dates as ISO text).
extension SparkEngine: StoreConnection, KeepsStore {
    package var store: any StoreConnection { self }
    package var storeDialect: Dialect { .spark }
    /// Neither transactions nor triggers: a list version becomes visible by its header row,
    /// written last, and the journal is not kept. Each insert is a Spark job writing Parquet
    /// files: 100,000 rows at a time (the driver's answers hold a statement's rows whole anyway).
    package var storeTraits: StoreTraits { StoreTraits(transactional: false, typelessColumns: false, numbersRows: false, rowsPerInsert: 100_000) }

    package func storeQuery(_ q: SQLLiteral) throws(EngineError) -> [[Value]] {
        var rows: [[Value]] = []
        do {
            try run(q.rendered(in: .spark)) { rows.append($0) }
        } catch let e as EngineError {
            throw e
        } catch {
            throw EngineError(kind: .query, detail: "\(error)", path: label)
        }
        return rows
    }

    package func storeExecute(_ sql: String) throws(EngineError) { _ = try storeQuery(SQLLiteral(sql: SQL(sql))) }

    package func storeColumns(of table: String) throws(EngineError) -> Set<String> {
        Set(try storeQuery("SHOW COLUMNS IN \(raw: table)").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n.trimmingCharacters(in: .whitespaces) } else { return nil }
        })
    }


    /// Parquet under the warehouse, appended to and never rewritten (no constraints to declare).
    package func storeCreate(_ table: StoreTable) throws(EngineError) {
        try createTable(table.name, schema: Dialect.spark.columnDefinitions(table.columns.map { ($0.name, $0.type) }))
    }

    package func storeAddColumns(_ columns: [StoreTable.Column], to table: String) throws(EngineError) {
        for sql in Dialect.spark.addColumns(columns, to: table) { try storeExecute(sql) }
    }

    package func storeInsert(into table: String, columns: [String], rows: [[SQLValue]]) throws(EngineError) {
        guard !rows.isEmpty else { return }
        let json: [[Any]] = rows.map { row in
            row.map { v -> Any in
                switch v {
                case .null: return NSNull()
                case .integer(let i): return i
                case .real(let d): return d
                case .bool(let b): return b
                case .text(let s), .date(let s): return s
                }
            }
        }
        _ = try request(["op": "append", "table": table, "columns": columns, "rows": json])
    }

    package func storeHasTable(_ name: String) throws(EngineError) -> Bool {
        (try request(["op": "exists", "table": name.lowercased()])["exists"] as? Bool) == true
    }

    /// An empty Parquet table with a schema (`a BIGINT, b STRING`).
    package func createTable(_ name: String, schema: String) throws(EngineError) {
        _ = try request(["op": "create", "table": name, "schema": schema])
    }

    package func storeCreateTable(_ name: String, columns: [(name: String, type: StoreColumnType)]) throws(EngineError) {
        try createTable(name, schema: Dialect.spark.columnDefinitions(columns))
    }

    package var inStoreTransaction: Bool { false }
    package func storeWritingWhileReading<T>(_ body: () throws -> T) rethrows -> T {
        writersReading += 1
        defer { writersReading -= 1 }
        return try body()
    }
}

/// Spark's answers for the capabilities that are SQLite's alone, declared by conformance
/// (`Engine+Capabilities.swift`) or stated here.
extension SparkEngine: PushesModelsDown, VersionsByReading, NoRunTransaction {
    /// The warehouse's Parquet files are written by Spark, never an export's target by name.
    public var databaseFiles: [String] { [] }
    /// Parquet columns carry no collation: texts compare by their bytes.
    public func comparesByCollation(_ table: String) -> Bool { false }
}

/// The last 16 KB a process wrote to stderr (read as it comes, so the pipe never fills).
final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        data.append(chunk)
        if data.count > 16_384 { data = Data(data.suffix(16_384)) }
    }

    /// The lines that say what went wrong (errors, exceptions, refusals), as a note to add to
    /// a message; empty when there are none.
    func cause() -> String {
        lock.lock()
        let text = String(decoding: data, as: UTF8.self)
        lock.unlock()
        let telling = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { l in ["Error", "Exception", "Invalid", "refused", "failed", "FAILED"].contains { l.contains($0) } && !l.hasPrefix("at ") }
        guard !telling.isEmpty else { return "" }
        return "; Spark says: " + telling.suffix(3).joined(separator: " | ").prefix(800)
    }
}
