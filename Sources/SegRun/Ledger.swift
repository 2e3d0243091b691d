import Crypto
import Foundation
import SegCompile

/// One row per `seg run` in the engine's database (LANGUAGE.md §5): what ran, with which
/// inputs, what it wrote and how it ended — so any list can be traced to the text that made it.
struct Ledger {
    let db: SQLiteDatabase

    static let schema = """
        CREATE TABLE IF NOT EXISTS seg_runs (
            run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
            scripts TEXT NOT NULL, script_sha256 TEXT NOT NULL, script_version TEXT, git_commit TEXT, git_dirty INTEGER,
            params TEXT, as_of TEXT, engine TEXT, role TEXT, unmasked INTEGER, status TEXT NOT NULL, detail TEXT, wrote TEXT);
        CREATE TRIGGER IF NOT EXISTS seg_runs_immutable_u BEFORE UPDATE ON seg_runs
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS seg_runs_immutable_d BEFORE DELETE ON seg_runs
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        """

    struct Entry {
        var startedAt: Date
        var scripts: [String]
        var texts: [String]
        var scriptVersion: String?
        var params: [String: String]
        var asOf: String
        var engine: String
        var role: String?
        /// Whether personal data went out unmasked.
        var unmasked: Bool
        var status: String
        var detail: String?
        var wrote: [String]
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func record(_ e: Entry) throws(EngineError) {
        try db.execute(Ledger.schema)
        let stamp = ISO8601DateFormatter()
        let params = e.params.keys.sorted().map { "\($0)=\(e.params[$0]!)" }.joined(separator: " ")
        let git = e.scripts.first.flatMap(Ledger.gitState)
        try db.query("""
            INSERT INTO seg_runs (started_at, finished_at, scripts, script_sha256, script_version, git_commit, git_dirty,
                                  params, as_of, engine, role, status, detail, wrote, unmasked)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            """, [.text(stamp.string(from: e.startedAt)), .text(stamp.string(from: Date())), .text(e.scripts.joined(separator: " ")),
                  .text(e.texts.map(Ledger.sha256).joined(separator: " ")), e.scriptVersion.map { .text($0) } ?? .null,
                  git.map { .text($0.commit) } ?? .null, git.map { .integer($0.dirty ? 1 : 0) } ?? .null,
                  .text(params), .text(e.asOf), .text(e.engine), e.role.map { .text($0) } ?? .null,
                  .text(e.status), e.detail.map { .text($0) } ?? .null, .text(e.wrote.joined(separator: ", ")),
                  .integer(e.unmasked ? 1 : 0)]).forEach { _ in }
    }

    /// The runs, newest first.
    func runs(limit: Int = 50) throws(EngineError) -> [[Value]] {
        let exists = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_runs'")
        guard exists.first?.first == .integer(1) else { return [] }
        return try db.query("""
            SELECT run_id, started_at, scripts, script_version, substr(script_sha256, 1, 12), as_of, role,
                   CASE WHEN unmasked THEN 'unmasked' ELSE 'masked' END, status, wrote, git_commit, git_dirty
            FROM seg_runs ORDER BY run_id DESC LIMIT ?1
            """, [.integer(Int64(limit))])
    }

    /// The commit of the repository holding the script, and whether the file differs from it.
    static func gitState(_ path: String) -> (commit: String, dirty: Bool)? {
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
