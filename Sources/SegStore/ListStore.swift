import Foundation
import SegCheck
import SegCompile
import SegEngine

/// Saved lists in the engine's own database (`seg_` tables). A version is written once and
/// never changed: on SQLite and PostgreSQL triggers refuse any update or delete; Spark has
/// neither triggers nor transactions, so there a version's header row (`seg_lists`) is
/// written last and readers only see versions that have one.
package struct ListStore {
    package let db: any StoreConnection
    package init(db: any StoreConnection) { self.db = db }

    /// Creates the store's tables (`StoreTable.listStore`), and adds the columns later
    /// releases added to older stores.
    package func prepare() throws(EngineError) {
        try db.withStoreLock { () throws(EngineError) in
            for table in StoreTable.listStore { try db.storePrepare(table) }
        }
    }


    /// `key_type`, or NULL in a store made before it existed (reads do not migrate).
    package func keyTypeColumn() throws(EngineError) -> String {
        guard db.storeTraits.typelessColumns else { return "key_type" }
        return try db.storeColumns(of: StoreNames.lists).contains("key_type") ? "key_type" : "NULL"
    }

    package var exists: Bool {
        get throws(EngineError) { try db.storeHasTable(StoreNames.lists) }
    }

    /// A key as stored: as it is where columns are typeless (SQLite), text elsewhere.
    package func stored(_ key: Value) -> SQLValue {
        guard !db.storeTraits.typelessColumns else { return key.sqlValue }
        switch key {
        case .integer(let i): return .text(String(i))
        case .real(let d): return .text(String(d))
        default: return key.sqlValue
        }
    }

    /// A stored key read back as the kind of key the list was saved with.
    package static func key(_ v: Value, kind: Value) -> Value {
        guard case .text(let t) = v, case .text(let k) = kind else { return v }
        switch k {
        case "integer": return Int64(t).map { .integer($0) } ?? v
        case "real": return Double(t).map { .real($0) } ?? v
        default: return v
        }
    }

    package static func keyType(_ keys: some Sequence<Value>) -> String {
        var kind = "text"
        for k in keys {
            switch k {
            case .integer: kind = "integer"
            case .real: return "real"
            case .text: return "text"
            case .null: continue
            }
        }
        return kind
    }

    /// Names of the saved lists.
    package func names() throws(EngineError) -> Set<String> {
        guard try exists else { return [] }
        return Set(try db.storeQuery("SELECT DISTINCT name FROM \(raw: StoreNames.lists)").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n } else { return nil }
        })
    }

    /// The latest version a campaign wrote to its list (a plain `export … to list` of the same
    /// name after it is not the campaign's); nil when it wrote none.
    package func latestCampaignVersion(of name: String, campaign: String) throws(EngineError) -> Int? {
        guard try exists else { return nil }
        guard case .integer(let v)? = try db.storeQuery("SELECT MAX(version) FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND campaign = \(.text(campaign))").first?.first else { return nil }
        return Int(v)
    }

    /// A saved version: its members' groups and the date it was made for.
    package func version(of name: String, _ version: Int?) throws(EngineError) -> (version: Int64, asOf: String, groups: [Value: String])? {
        guard let (v, _) = try members(of: name, version: version) else { return nil }
        let header = try db.storeQuery("SELECT as_of, \(raw: try keyTypeColumn()) FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND version = \(.integer(v))")
        guard let row = header.first, case .text(let date) = row[0] else { return nil }
        var groups: [Value: String] = [:]
        for r in try db.storeQuery("SELECT member_key, COALESCE(grp, 'treatment') FROM \(raw: StoreNames.members) WHERE name = \(.text(name)) AND version = \(.integer(v))") {
            if case .text(let g) = r[1] { groups[ListStore.key(r[0], kind: row[1])] = g }
        }
        return (v, date, groups)
    }

    /// A version's `created_at`, to the millisecond: a replay counts the versions saved before
    /// the one it replays (`StoreCutoff`), and two runs can save within one second.
    package static func stamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Each member of a version with its group and rank as text ("treatment #3"; empty for a
    /// plain list): what `seg replay` compares.
    package func placements(of name: String, _ version: Int64) throws(EngineError) -> [Value: String] {
        guard let header = try db.storeQuery("SELECT \(raw: try keyTypeColumn()) FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND version = \(.integer(version))").first else { return [:] }
        var out: [Value: String] = [:]
        for r in try db.storeQuery("SELECT member_key, grp, rnk FROM \(raw: StoreNames.members) WHERE name = \(.text(name)) AND version = \(.integer(version))") {
            var place = ""
            if case .text(let g) = r[1] { place = g }
            if case .integer(let rank) = r[2] { place += (place.isEmpty ? "" : " ") + "#\(rank)" }
            out[ListStore.key(r[0], kind: header[0])] = place
        }
        return out
    }

    /// Contacts Seg planned for other campaigns: per member, how many fall in (start, end].
    /// Only versions with a header count (on Spark a failed run can leave rows without one),
    /// and of each list only its latest version: running a campaign again replaces its
    /// earlier plans (LANGUAGE.md, Campaigns), which stay in the store for audit.
    /// `cutoff` (a replay): only list versions saved by then, or by the replay itself.
    package func plannedContacts(excluding campaign: String, channel: String?, after start: String, through end: String,
                         cutoff: StoreCutoff? = nil) throws(EngineError) -> [Value: Int] {
        guard try db.storeHasTable(StoreNames.contacts) else { return [:] }
        let keyType = try keyTypeColumn()
        let sameChannel: SQLLiteral = channel.map { "AND c.channel = \(.text($0))" } ?? ""
        let then: SQLLiteral = cutoff.map { "AND (l.created_at <= \(.text($0.savedBy)) OR l.created_at >= \(.text($0.replayStarted)))" } ?? ""
        let then2: SQLLiteral = cutoff.map { "AND (l2.created_at <= \(.text($0.savedBy)) OR l2.created_at >= \(.text($0.replayStarted)))" } ?? ""
        let sql: SQLLiteral = """
            SELECT c.member_key, \(raw: keyType), COUNT(*) FROM \(raw: StoreNames.contacts) c JOIN \(raw: StoreNames.lists) l ON l.name = c.list AND l.version = c.version
            WHERE c.campaign <> \(.text(campaign)) AND c.contact_date > \(.text(start)) AND c.contact_date <= \(.text(end))
              AND c.version = (SELECT MAX(l2.version) FROM \(raw: StoreNames.lists) l2 WHERE l2.name = c.list AND l2.campaign = c.campaign \(then2))
              \(sameChannel) \(then)
            GROUP BY 1, 2
            """
        var out: [Value: Int] = [:]
        for r in try db.storeQuery(sql) {
            if case .integer(let n) = r[2] { out[ListStore.key(r[0], kind: r[1]), default: 0] += Int(n) }
        }
        return out
    }

    /// The members of a version of a list (the latest when `version` is nil); nil when there is no such list or version.
    package func members(of name: String, version: Int?) throws(EngineError) -> (version: Int64, keys: [Value])? {
        guard try exists else { return nil }
        let v: Int64
        if let version {
            v = Int64(version)
        } else {
            guard case .integer(let latest)? = try db.storeQuery("SELECT MAX(version) FROM \(raw: StoreNames.lists) WHERE name = \(.text(name))").first?.first else { return nil }
            v = latest
        }
        guard let header = try db.storeQuery("SELECT \(raw: try keyTypeColumn()) FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND version = \(.integer(v))").first else { return nil }
        let keys = try db.storeQuery("SELECT member_key FROM \(raw: StoreNames.members) WHERE name = \(.text(name)) AND version = \(.integer(v)) ORDER BY member_key").map { ListStore.key($0[0], kind: header[0]) }
        return (v, keys)
    }

    /// Every list with its versions and sizes, newest version first.
    package func summary() throws(EngineError) -> [[Value]] {
        guard try exists else { return [] }
        try? prepare()  // a store from before the personal-data columns
        return try db.storeQuery("""
            SELECT name, version, members, created_at, script, script_version, as_of,
                   CASE WHEN revealed_columns IS NOT NULL THEN 'UNMASKED (' || COALESCE(role, 'no role') || '): ' || revealed_columns
                        WHEN masked_columns IS NOT NULL THEN 'masked: ' || masked_columns ELSE '' END
            FROM \(raw: StoreNames.lists) ORDER BY name, version DESC
            """)
    }

    package struct Provenance {
        package var script: String
        package var scriptVersion: String?
        package var asOf: String
        package var scriptSHA256: String? = nil
        package var params: String? = nil
        package var engine: String? = nil
        package var role: String? = nil
        /// Who ran it, and the personal columns its script lowered under a role that may reclassify.
        package var user: String? = nil
        package var reclassified: [String] = []
        /// The version's personal columns, and whether the role saw them (then they are kept as they are).
        package var personalColumns: [String] = []
        package var revealed = false
        package var campaign: String? = nil
        /// Every text the run read (`RunSources` as JSON) and the data version it read.
        package var sources: String? = nil
        package var dataVersion: String? = nil

        /// 0 when personal data was kept unmasked: such a list must not leave the bank as it is.
        package var masked: Bool { !(revealed && !personalColumns.isEmpty) }
        package var maskedColumns: SQLValue { revealed || personalColumns.isEmpty ? .null : .text(personalColumns.joined(separator: ",")) }
        package var revealedColumns: SQLValue { !revealed || personalColumns.isEmpty ? .null : .text(personalColumns.joined(separator: ",")) }

        package init(script: String, scriptVersion: String? = nil, asOf: String, scriptSHA256: String? = nil, params: String? = nil, engine: String? = nil, role: String? = nil, user: String? = nil, reclassified: [String] = [], personalColumns: [String] = [], revealed: Bool = false, campaign: String? = nil, sources: String? = nil, dataVersion: String? = nil) {
            self.script = script
            self.scriptVersion = scriptVersion
            self.asOf = asOf
            self.scriptSHA256 = scriptSHA256
            self.params = params
            self.engine = engine
            self.role = role
            self.user = user
            self.reclassified = reclassified
            self.personalColumns = personalColumns
            self.revealed = revealed
            self.campaign = campaign
            self.sources = sources
            self.dataVersion = dataVersion
        }
    }

    /// What a campaign adds to a version: each member's group and rank, and why the others were left out.
    package struct CampaignParts {
        package var groups: [Value: (group: String, rank: Int)]
        package var reasons: [(Value, String)]
        /// Planned contacts: the treatment group, on the run's date.
        package var channel: String?
        /// False when the contacts are already in the contact history (the demo's past campaign).
        package var recordContacts = true

        package init(groups: [Value: (group: String, rank: Int)], reasons: [(Value, String)], channel: String? = nil, recordContacts: Bool = true) {
            self.groups = groups
            self.reasons = reasons
            self.channel = channel
            self.recordContacts = recordContacts
        }
    }

    /// A version being written: members as they come, sent in chunks (`StoreTraits.rowsPerInsert`);
    /// the header last (it is what makes the version visible on Spark). Holds at most one chunk of rows.
    package final class VersionWriter {
        let store: ListStore
        let name: String
        let version: Int64
        let columns: [String]
        let types: [SegType]
        private let keys: [String]
        private var pending: [[SQLValue]] = []
        private(set) var members = 0
        private var keyKind: String?
        private var sawInteger = false

        package init(store: ListStore, name: String, columns: [String], types: [SegType]) throws(EngineError) {
            self.store = store
            self.name = name
            self.columns = columns
            self.types = types
            self.keys = columns.map(FileExport.jsonString)
            try store.prepare()
            let db = store.db
            // Two runs saving the same list at once: the second waits here until the first
            // commits, then numbers its version after it (the lock ends with the transaction).
            try db.storeLock(StoreNames.lists + " " + name, untilCommit: true)
            // On Spark a failed run may have left members of a version without a header: skip past them.
            let latest = try db.storeQuery("""
                SELECT MAX(v) FROM (SELECT MAX(version) AS v FROM \(raw: StoreNames.lists) WHERE name = \(.text(name))
                                    UNION ALL SELECT MAX(version) AS v FROM \(raw: StoreNames.members) WHERE name = \(.text(name))) t
                """)
            version = (latest.first?.first.flatMap { if case .integer(let i) = $0 { return i } else { return nil } } ?? 0) + 1
        }

        /// One member: its key as the bank holds it, and its row as it goes out.
        package func append(key: Value, row: [Value], assigned: (group: String, rank: Int)? = nil) throws(EngineError) {
            var data = [UInt8]()
            FileExport.jsonlRow(row, keys: keys, types: types, into: &data)
            data.removeLast()
            pending.append([.text(name), .integer(version), store.stored(key), .text(String(decoding: data, as: UTF8.self)),
                            assigned.map { .text($0.group) } ?? .null, assigned.map { .integer(Int64($0.rank)) } ?? .null])
            members += 1
            if keyKind == nil {
                switch key {
                case .integer: sawInteger = true
                case .real: keyKind = "real"
                case .text: keyKind = "text"
                case .null: break
                }
            }
            if pending.count >= store.db.storeTraits.rowsPerInsert { try flush() }
        }

        private func flush() throws(EngineError) {
            guard !pending.isEmpty else { return }
            try store.db.storeInsert(into: StoreNames.members, columns: ["name", "version", "member_key", "data", "grp", "rnk"], rows: pending)
            pending.removeAll(keepingCapacity: true)
        }

        /// The header, after every member: the version is complete.
        package func finish(_ provenance: Provenance) throws(EngineError) -> (version: Int64, members: Int) {
            try flush()
            let stamp = ListStore.stamp()
            let header: [SQLValue] = [
                .text(name), .integer(version), .text(stamp), .integer(Int64(members)), .text(provenance.script),
                provenance.scriptVersion.map { .text($0) } ?? .null, .text(provenance.asOf),
                .text(columns.joined(separator: ",")), provenance.campaign.map { .text($0) } ?? .null,
                provenance.scriptSHA256.map { .text($0) } ?? .null, provenance.params.map { .text($0) } ?? .null,
                provenance.engine.map { .text($0) } ?? .null, provenance.role.map { .text($0) } ?? .null,
                .integer(provenance.masked ? 1 : 0), .text(keyKind ?? (sawInteger ? "integer" : "text")),
                provenance.maskedColumns, provenance.revealedColumns,
                provenance.sources.map { .text($0) } ?? .null, provenance.dataVersion.map { .text($0) } ?? .null,
                provenance.user.map { .text($0) } ?? .null,
                provenance.reclassified.isEmpty ? .null : .text(provenance.reclassified.joined(separator: ","))]
            try store.db.storeInsert(into: StoreNames.lists, columns: ["name", "version", "created_at", "members", "script", "script_version", "as_of", "columns",
                                                                  "campaign", "script_sha256", "params", "engine", "role", "masked", "key_type",
                                                                  "masked_columns", "revealed_columns", "sources", "data_version",
                                                                  "run_user", "reclassified_columns"],
                                     rows: [header])
            return (version, members)
        }
    }

    /// Writes a new version of list `name` from a whole table (a campaign's members); the
    /// caller's transaction makes it all-or-nothing (on Spark, the header row written last does).
    /// `keys`: each row's key as stored in the bank, when the table's first column shows it
    /// masked (a personal key); members are kept by their real keys, so `in list` and `diff` work.
    package func save(name: String, table: ResultTable, keys: [Value]? = nil, provenance: Provenance, campaign: CampaignParts? = nil) throws(EngineError) -> (version: Int64, members: Int) {
        let writer = try VersionWriter(store: self, name: name, columns: table.columns, types: table.types)
        var seen = Set<Value>()
        for (r, row) in table.rows.enumerated() {
            let key = keys?[r] ?? row[0]
            guard seen.insert(key).inserted else { continue }
            try writer.append(key: key, row: row, assigned: campaign?.groups[key])
        }
        if let campaign {
            try db.storeInsert(into: StoreNames.exclusions, columns: ["name", "version", "member_key", "reason"],
                               rows: campaign.reasons.map { [.text(name), .integer(writer.version), stored($0.0), .text($0.1)] })
            if campaign.recordContacts {
                let contacts = table.rows.indices.map { keys?[$0] ?? table.rows[$0][0] }.filter { campaign.groups[$0]?.group == "treatment" }.map { key -> [SQLValue] in
                    [.text(provenance.campaign ?? name), .text(name), .integer(writer.version), stored(key),
                     campaign.channel.map { .text($0) } ?? .null, .text(provenance.asOf)]
                }
                try db.storeInsert(into: StoreNames.contacts, columns: ["campaign", "list", "version", "member_key", "channel", "contact_date"], rows: contacts)
            }
        }
        return try writer.finish(provenance)
    }
}
