import Crypto
import Foundation
import SegCompile
import SegEngine

/// One row per `seg run` in the engine's database (LANGUAGE.md §5): what ran, with which
/// inputs, what it wrote and how it ended — so any list can be traced to the text that made it.
public struct Ledger {
    package let db: any StoreConnection
    package init(db: any StoreConnection) { self.db = db }

    /// Creates the ledger (`StoreTable.runs`) where it is absent, and adds later columns.
    package func prepare() throws(EngineError) {
        try db.withStoreLock { () throws(EngineError) in try db.storePrepare(.runs) }
    }

    package struct Entry {
        package var startedAt: Date
        package var scripts: [String]
        package var texts: [String]
        package var scriptVersion: String?
        package var params: [String: String]
        package var asOf: String
        package var engine: String
        package var role: String?
        /// Who ran it (`PolicyStore.user`), and the personal columns its script declared
        /// `not pii` under a role that may reclassify.
        package var user: String? = nil
        package var reclassified: [String] = []
        /// Whether personal data went out unmasked.
        package var unmasked: Bool
        /// The personal columns the run put out: masked, or (`unmasked`) revealed to its role.
        package var personalColumns: [String] = []
        package var status: String
        package var detail: String?
        package var wrote: [String]
        /// Every text the run read (`RunSources` as JSON), the data version it read, and a
        /// digest of what it printed: what `seg replay --run` compares.
        package var sources: String? = nil
        package var dataVersion: String? = nil
        package var outputsSHA256: String? = nil

        package init(startedAt: Date, scripts: [String], texts: [String], scriptVersion: String? = nil, params: [String: String], asOf: String, engine: String, role: String? = nil, user: String? = nil, reclassified: [String] = [], unmasked: Bool, personalColumns: [String] = [], status: String, detail: String? = nil, wrote: [String], sources: String? = nil, dataVersion: String? = nil, outputsSHA256: String? = nil) {
            self.startedAt = startedAt
            self.scripts = scripts
            self.texts = texts
            self.scriptVersion = scriptVersion
            self.params = params
            self.asOf = asOf
            self.engine = engine
            self.role = role
            self.user = user
            self.reclassified = reclassified
            self.unmasked = unmasked
            self.personalColumns = personalColumns
            self.status = status
            self.detail = detail
            self.wrote = wrote
            self.sources = sources
            self.dataVersion = dataVersion
            self.outputsSHA256 = outputsSHA256
        }
    }

    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    package func record(_ e: Entry) throws(EngineError) {
        try prepare()
        let stamp = ISO8601DateFormatter()
        let params = e.params.keys.sorted().map { "\($0)=\(e.params[$0]!)" }.joined(separator: " ")
        let git = e.scripts.first.flatMap(Ledger.gitState)
        var columns = ["started_at", "finished_at", "scripts", "script_sha256", "script_version", "git_commit", "git_dirty",
                       "params", "as_of", "engine", "role", "status", "detail", "wrote", "unmasked", "masked_columns", "revealed_columns",
                       "sources", "data_version", "outputs_sha256", "run_user", "reclassified_columns"]
        var row: [SQLValue] = [
            .text(stamp.string(from: e.startedAt)), .text(stamp.string(from: Date())), .text(e.scripts.joined(separator: " ")),
            .text(e.texts.map(Ledger.sha256).joined(separator: " ")), e.scriptVersion.map { .text($0) } ?? .null,
            git.map { .text($0.commit) } ?? .null, git.map { .integer($0.dirty ? 1 : 0) } ?? .null,
            .text(params), .text(e.asOf), .text(e.engine), e.role.map { .text($0) } ?? .null,
            .text(e.status), e.detail.map { .text($0) } ?? .null, .text(e.wrote.joined(separator: ", ")),
            .integer(e.unmasked ? 1 : 0),
            !e.unmasked && !e.personalColumns.isEmpty ? .text(e.personalColumns.joined(separator: ",")) : .null,
            e.unmasked && !e.personalColumns.isEmpty ? .text(e.personalColumns.joined(separator: ",")) : .null,
            e.sources.map { .text($0) } ?? .null, e.dataVersion.map { .text($0) } ?? .null, e.outputsSHA256.map { .text($0) } ?? .null,
            e.user.map { .text($0) } ?? .null, e.reclassified.isEmpty ? .null : .text(e.reclassified.joined(separator: ","))]
        if !db.storeTraits.numbersRows {
            // No sequences (Spark): the next number after the last run.
            let last = try db.storeQuery("SELECT COALESCE(MAX(run_id), 0) FROM \(raw: StoreNames.runs)").first?.first
            if case .integer(let n)? = last { columns.insert("run_id", at: 0); row.insert(.integer(n + 1), at: 0) }
        }
        try db.storeInsert(into: StoreNames.runs, columns: columns, rows: [row])
    }

    /// The runs, newest first.
    package func runs(limit: Int = 50) throws(EngineError) -> [[Value]] {
        guard try db.storeHasTable(StoreNames.runs) else { return [] }
        try? prepare()  // a store from before the personal-data columns
        return try db.storeQuery("""
            SELECT run_id, started_at, scripts, script_version, substr(script_sha256, 1, 12), as_of,
                   COALESCE(run_user, '') || CASE WHEN role IS NOT NULL THEN ' as ' || role ELSE '' END,
                   CASE WHEN revealed_columns IS NOT NULL THEN 'revealed: ' || revealed_columns
                        WHEN masked_columns IS NOT NULL THEN 'masked: ' || masked_columns ELSE '' END
                   || CASE WHEN reclassified_columns IS NULL THEN ''
                           WHEN revealed_columns IS NULL AND masked_columns IS NULL THEN 'reclassified: ' || reclassified_columns
                           ELSE '; reclassified: ' || reclassified_columns END,
                   status, wrote, git_commit, git_dirty
            FROM \(raw: StoreNames.runs) ORDER BY run_id DESC LIMIT \(raw: limit)
            """)
    }

    /// The commit of the repository holding the script, and whether the file differs from it.
    public static func gitState(_ path: String) -> (commit: String, dirty: Bool)? {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var dir = url.deletingLastPathComponent()
        var found = false
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { found = true; break }
            dir = dir.deletingLastPathComponent()
        }
        guard found else { return nil }
        func git(_ args: [String]) -> String? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", url.deletingLastPathComponent().path] + args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return nil }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let commit = git(["rev-parse", "HEAD"]), !commit.isEmpty else { return nil }
        let status = git(["status", "--porcelain", "--", url.lastPathComponent]) ?? ""
        return (commit, !status.isEmpty)
    }
}
