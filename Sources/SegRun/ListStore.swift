import Foundation
import SegCheck
import SegCompile

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
        CREATE TABLE IF NOT EXISTS seg_list_exclusions (
            name TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (name, version, member_key));
        CREATE TABLE IF NOT EXISTS seg_contacts (
            campaign TEXT NOT NULL, list TEXT NOT NULL, version INTEGER NOT NULL, member_key NOT NULL,
            channel TEXT, contact_date TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS seg_contacts_key ON seg_contacts (member_key, contact_date);
        CREATE TRIGGER IF NOT EXISTS seg_list_exclusions_immutable_u BEFORE UPDATE ON seg_list_exclusions
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_list_exclusions_immutable_d BEFORE DELETE ON seg_list_exclusions
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_lists_immutable_u BEFORE UPDATE ON seg_lists
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_lists_immutable_d BEFORE DELETE ON seg_lists
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_list_members_immutable_u BEFORE UPDATE ON seg_list_members
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS seg_list_members_immutable_d BEFORE DELETE ON seg_list_members
            BEGIN SELECT RAISE(ABORT, 'list versions are immutable'); END;
        """

    /// Creates the store's tables, and adds the columns later releases added to older stores.
    func prepare() throws(EngineError) {
        try db.execute(ListStore.schema)
        let memberColumns = Set(try db.query("SELECT name FROM pragma_table_info('seg_list_members')").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n } else { return nil }
        })
        if !memberColumns.contains("grp") {
            try db.execute("ALTER TABLE seg_list_members ADD COLUMN grp TEXT; ALTER TABLE seg_list_members ADD COLUMN rnk INTEGER")
        }
        let listColumns = Set(try db.query("SELECT name FROM pragma_table_info('seg_lists')").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n } else { return nil }
        })
        for (column, type) in [("campaign", "TEXT"), ("script_sha256", "TEXT"), ("params", "TEXT"), ("engine", "TEXT"), ("role", "TEXT"), ("masked", "INTEGER")]
        where !listColumns.contains(column) {
            try db.execute("ALTER TABLE seg_lists ADD COLUMN \(column) \(type)")
        }
    }

    /// Names of the saved lists.
    func names() throws(EngineError) -> Set<String> {
        let exists = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_lists'")
        guard exists.first?.first == .integer(1) else { return [] }
        return Set(try db.query("SELECT DISTINCT name FROM seg_lists").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n } else { return nil }
        })
    }

    /// A saved version: its members' groups and the date it was made for.
    func version(of name: String, _ version: Int?) throws(EngineError) -> (version: Int64, asOf: String, groups: [Value: String])? {
        guard let (v, _) = try members(of: name, version: version) else { return nil }
        let asOf = try db.query("SELECT as_of FROM seg_lists WHERE name = ?1 AND version = ?2", [.text(name), .integer(v)])
        guard case .text(let date)? = asOf.first?.first else { return nil }
        var groups: [Value: String] = [:]
        for r in try db.query("SELECT member_key, COALESCE(grp, 'treatment') FROM seg_list_members WHERE name = ?1 AND version = ?2", [.text(name), .integer(v)]) {
            if case .text(let g) = r[1] { groups[r[0]] = g }
        }
        return (v, date, groups)
    }

    /// Contacts Seg planned for other campaigns: per member, how many fall in (start, end].
    func plannedContacts(excluding campaign: String, channel: String?, after start: String, through end: String) throws(EngineError) -> [Value: Int] {
        let exists = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'seg_contacts'")
        guard exists.first?.first == .integer(1) else { return [:] }
        var sql = "SELECT member_key, COUNT(*) FROM seg_contacts WHERE campaign <> ?1 AND contact_date > ?2 AND contact_date <= ?3"
        var values: [SQLValue] = [.text(campaign), .text(start), .text(end)]
        if let channel { sql += " AND channel = ?4"; values.append(.text(channel)) }
        var out: [Value: Int] = [:]
        for r in try db.query(sql + " GROUP BY member_key", values) {
            if case .integer(let n) = r[1] { out[r[0]] = Int(n) }
        }
        return out
    }

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
        var scriptSHA256: String? = nil
        var params: String? = nil
        var engine: String? = nil
        var role: String? = nil
        var masked = true
        var campaign: String? = nil
    }

    /// What a campaign adds to a version: each member's group and rank, and why the others were left out.
    struct CampaignParts {
        var groups: [Value: (group: String, rank: Int)]
        var reasons: [(Value, String)]
        /// Planned contacts: the treatment group, on the run's date.
        var channel: String?
        /// False when the contacts are already in the contact history (the demo's past campaign).
        var recordContacts = true
    }

    /// Writes a new version of list `name`; the caller's transaction makes it all-or-nothing.
    func save(name: String, table: ResultTable, provenance: Provenance, campaign: CampaignParts? = nil) throws(EngineError) -> (version: Int64, members: Int) {
        try prepare()
        let current = try db.query("SELECT COALESCE(MAX(version), 0) FROM seg_lists WHERE name = ?1", [.text(name)])
        guard case .integer(let latest) = current.first?.first ?? .integer(0) else { return (0, 0) }
        let version = latest + 1
        let insert = try db.prepare("INSERT INTO seg_list_members (name, version, member_key, data, grp, rnk) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        var seen = Set<Value>()
        for row in table.rows where seen.insert(row[0]).inserted {
            let data = FileExport.jsonl(ResultTable(title: "", columns: table.columns, types: table.types, rows: [row]))
            let assigned = campaign?.groups[row[0]]
            try insert.bind(values: [.text(name), .integer(version), row[0], .text(String(decoding: data.dropLast(), as: UTF8.self)),
                                     assigned.map { .text($0.group) } ?? .null, assigned.map { .integer(Int64($0.rank)) } ?? .null])
            _ = try insert.step()
        }
        if let campaign {
            let reason = try db.prepare("INSERT INTO seg_list_exclusions (name, version, member_key, reason) VALUES (?1, ?2, ?3, ?4)")
            for (key, why) in campaign.reasons {
                try reason.bind(values: [.text(name), .integer(version), key, .text(why)])
                _ = try reason.step()
            }
            let contact = try db.prepare("INSERT INTO seg_contacts (campaign, list, version, member_key, channel, contact_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            for row in table.rows where campaign.recordContacts && campaign.groups[row[0]]?.group == "treatment" {
                try contact.bind(values: [.text(provenance.campaign ?? name), .text(name), .integer(version), row[0],
                                          campaign.channel.map { .text($0) } ?? .null, .text(provenance.asOf)])
                _ = try contact.step()
            }
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        try db.query("""
            INSERT INTO seg_lists (name, version, created_at, members, script, script_version, as_of, columns,
                                   campaign, script_sha256, params, engine, role, masked)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            """, [.text(name), .integer(version), .text(stamp), .integer(Int64(seen.count)), .text(provenance.script),
                  provenance.scriptVersion.map { .text($0) } ?? .null, .text(provenance.asOf),
                  .text(table.columns.joined(separator: ",")), provenance.campaign.map { .text($0) } ?? .null,
                  provenance.scriptSHA256.map { .text($0) } ?? .null, provenance.params.map { .text($0) } ?? .null,
                  provenance.engine.map { .text($0) } ?? .null, provenance.role.map { .text($0) } ?? .null,
                  .integer(provenance.masked ? 1 : 0)]).forEach { _ in }
        return (version, seen.count)
    }
}
