import Foundation
import SegCheck

/// Saved lists in the engine's own database (`seg_` tables). A version is written once
/// and never changed: triggers refuse any update or delete. (The full store — ledger,
/// groups, ranks, contact history — grows on these tables.)
struct ListStore {
    let db: SQLiteDatabase

    static let schema = """
        CREATE TABLE IF NOT EXISTS seg_lists (
            name TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
            members INTEGER NOT NULL, script TEXT, script_version TEXT, as_of TEXT, columns TEXT,
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS seg_list_members (
            name TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL, data TEXT,
            PRIMARY KEY (name, version, member_key));
        CREATE TRIGGER IF NOT EXISTS seg_lists_immutable_u BEFORE UPDATE ON seg_lists
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_lists_immutable_d BEFORE DELETE ON seg_lists
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_list_members_immutable_u BEFORE UPDATE ON seg_list_members
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_list_members_immutable_d BEFORE DELETE ON seg_list_members
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        """

    /// The members of a version of a list (the latest when `version` is nil); nil when there is no such list or version.
    func members(of name: String, version: Int?) throws(EngineError) -> (version: Int64, keys: [Value])? {
        let exists = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'")
        guard exists.first?.first == .integer(1) else { return nil }
        let v: Int64
        if let version {
            v = Int64(version)
        } else {
            guard case .integer(let latest)? = try db.query("SELECT MAX(version) FROM seg_lists WHERE name = ?1", [.text(name)]).first?.first else { return nil }
            v = latest
        }
        guard try !db.query("SELECT 1 FROM seg_lists WHERE name = ?1 AND version = ?2", [.text(name), .integer(v)]).isEmpty else { return nil }
        let keys = try db.query("SELECT member_key FROM seg_list_members WHERE name = ?1 AND version = ?2 ORDER BY member_key", [.text(name), .integer(v)]).map { $0[0] }
        return (v, keys)
    }

    /// Every list with its versions and sizes, newest version first.
    func summary() throws(EngineError) -> [[Value]] {
        let exists = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'")
        guard exists.first?.first == .integer(1) else { return [] }
        return try db.query("SELECT name, version, members, created_at, script, script_version, as_of FROM seg_lists ORDER BY name, version DESC")
    }

    struct Provenance {
        var script: String
        var scriptVersion: String?
        var asOf: String
    }

    /// Writes a new version of list `name`; the caller's transaction makes it all-or-nothing.
    func save(name: String, table: ResultTable, provenance: Provenance) throws(EngineError) -> (version: Int64, members: Int) {
        try db.execute(ListStore.schema)
        let current = try db.query("SELECT COALESCE(MAX(version), 0) FROM seg_lists WHERE name = ?1", [.text(name)])
        guard case .integer(let latest) = current.first?.first ?? .integer(0) else { return (0, 0) }
        let version = latest + 1
        let insert = try db.prepare("INSERT INTO seg_list_members (name, version, member_key, data) VALUES (?1, ?2, ?3, ?4)")
        var seen = Set<Value>()
        for row in table.rows where seen.insert(row[0]).inserted {
            let data = FileExport.jsonl(ResultTable(title: "", columns: table.columns, types: table.types, rows: [row]))
            try insert.bind(values: [.text(name), .integer(version), row[0], .text(String(decoding: data.dropLast(), as: UTF8.self))])
            _ = try insert.step()
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        try db.query("""
            INSERT INTO seg_lists (name, version, created_at, members, script, script_version, as_of, columns)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """, [.text(name), .integer(version), .text(stamp), .integer(Int64(seen.count)), .text(provenance.script),
                  provenance.scriptVersion.map { .text($0) } ?? .null, .text(provenance.asOf),
                  .text(table.columns.joined(separator: ","))]).forEach { _ in }
        return (version, seen.count)
    }
}
