import Foundation
import Testing
import SegSyntax
import SegCheck
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §5, the policy: owned by the store, never lowered by a script or a local file.
/// Every way a script or file could lower the classification or raise a role is tried, on a
/// SQLite file and on a real PostgreSQL server with two real login roles.
@Suite struct PolicyTests {
    static let bankSQL = PersonalDataTests.bankSQL + """

        CREATE TABLE pd_family (
            member_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES pd_customers (customer_id),
            relation TEXT, contact_number TEXT, birthday DATE, since DATE);
        INSERT INTO pd_family VALUES
         (1, 1, '配偶', '13700001234', '1991-02-03', '2015-01-01'),
         (2, 2, '子女', '13600005678', '2010-09-09', '2010-09-09');
        """

    static let entity = """
        entity customer from table pd_customers key customer_id
          has many contacts from table pd_contacts on customer_id dated by contact_date
          has many family from table pd_family on customer_id dated by since

        """

    func bank() throws -> (dir: URL, db: String) {
        let dir = Support.tempDir()
        let db = try Support.database(sql: Self.bankSQL, in: dir)
        try Support.grantRoles(db)
        return (dir, db)
    }

    func run(_ script: String, _ args: [String] = [], db: String, dir: URL, name: String = "s.seg") throws -> Support.Run {
        let path = dir.appendingPathComponent(name)
        try script.write(to: path, atomically: true, encoding: .utf8)
        return try Support.seg(["run", path.path, "--db", db] + args, cwd: dir)
    }

    /// Every way a script could lower the classification: `not pii` on an entity field, on a
    /// relation column, after `use` of a module that declared it, by declaring the entity a
    /// second time — refused under no role, a role that may not see personal data and one
    /// that may see it but not reclassify; only a reclassifying role may, and it is recorded.
    @Test func aScriptNeverLowersThePolicyWithoutTheRight() throws {
        let (dir, db) = try bank()
        try "entity customer from table pd_customers key customer_id\n  field phone pii\n".write(to: dir.appendingPathComponent("mod.seg"), atomically: true, encoding: .utf8)
        let attempts: [(String, String)] = [
            (Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field phone not pii\n"), "E0526"),
            (Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field id_number not pii\n  field name not pii\n"), "E0526"),
            (Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field contacts.phone not pii\n"), "E0526"),
            (Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field family.birthday not pii\n"), "E0526"),
            ("use \"mod.seg\"\n" + Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field phone not pii\n"), "E0525"),
            ("use \"mod.seg\"\nentity customer from table pd_customers key customer_id\n", "E0525"),
            (Self.entity + Self.entity, "E0525"),
        ]
        for (header, code) in attempts {
            let script = header + "show all with name, phone, id_number, first(contacts.phone), first(family.birthday)\n"
            for role in [[], ["--role", "analyst"], ["--role", "crm"]] {
                let r = try run(script, role, db: db, dir: dir)
                #expect(r.status != 0 && r.stderr.contains(code), "\(role) \(header)\n\(r.stdout)\(r.stderr)")
                #expect(!PersonalDataTests.personalValues.contains { r.stdout.contains($0) })
            }
        }
        // A role that may reclassify: allowed, and recorded with the run.
        let lowered = Self.entity.replacingOccurrences(of: "key customer_id\n", with: "key customer_id\n  field phone not pii\n  field contacts.phone not pii\n")
        let r = try run(lowered + "show customer_id = 1 with phone, first(contacts.phone)\n", ["--role", "steward", "--format", "csv"], db: db, dir: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("13812341111"), "\(r.stdout)")
        let store = try SQLiteDatabase(path: db)
        let last = try store.query("SELECT run_user, role, reclassified_columns FROM seg_runs ORDER BY run_id DESC LIMIT 1")
        #expect(last == [[.text(PolicyStore.osUser), .text("steward"), .text("pd_customers.phone,pd_contacts.phone")]])
    }

    /// Relation columns are personal by the default names (contact_number, birthday) or by
    /// `field R.C pii`; their values are masked and grouping by them refused.
    @Test func relationColumnsArePersonalLikeFields() throws {
        let (dir, db) = try bank()
        let script = Self.entity.replacingOccurrences(of: "dated by contact_date\n", with: "dated by contact_date\n  field contacts.channel pii\n")
            + "show customer_id <= 2 with first(family.contact_number), first(family.birthday), first(contacts.channel), first(family.relation)\n"
        let r = try run(script, ["--format", "csv"], db: db, dir: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("137****1234") && r.stdout.contains("1991-**-**") && !r.stdout.contains("13700001234") && !r.stdout.contains("1991-02-03"), "\(r.stdout)")
        #expect(r.stdout.contains("配偶"), "not personal stays as it is: \(r.stdout)")
        #expect(!r.stdout.contains("email") && !r.stdout.contains(",sms") && !r.stdout.contains(",phone\n"), "\(r.stdout)")
        let grouped = try run(Self.entity + "count all by first(family.contact_number)\n", db: db, dir: dir)
        #expect(grouped.status != 0 && grouped.stderr.contains("E0516"), "\(grouped.stderr)")
    }

    /// `seg.toml` picks a role, never grants one; a role not granted is refused, with the roles held.
    @Test func aLocalFileNeverGrantsARole() throws {
        let (dir, db) = try bank()
        let script = Self.entity + "show customer_id = 1 with phone\n"
        try "[roles.me]\npii = true\n".write(to: dir.appendingPathComponent("seg.toml"), atomically: true, encoding: .utf8)
        for args in [[], ["--role", "me"], ["--role", "me", "--reveal-pii"]] {
            let r = try run(script, args, db: db, dir: dir)
            #expect(r.status == 2 && r.stderr.contains("grants rights, which only the store's policy can"), "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("13812341111"))
        }
        try "role = \"crm\"\n".write(to: dir.appendingPathComponent("seg.toml"), atomically: true, encoding: .utf8)
        let picked = try run(script, [], db: db, dir: dir)
        #expect(picked.status == 0 && picked.stdout.contains("13812341111"), "\(picked.stderr)")
        try "role = \"boss\"\n".write(to: dir.appendingPathComponent("seg.toml"), atomically: true, encoding: .utf8)
        let unknown = try run(script, [], db: db, dir: dir)
        #expect(unknown.status == 2 && unknown.stderr.contains("no role `boss`"), "\(unknown.stderr)")
        // A role the store defines but does not grant to this user.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("seg.toml"))
        try PolicyStore(engine: try SQLiteEngine(path: db)).change([.role("auditor", reveal: true, reclassify: false, serverRole: nil), .grant(role: "auditor", to: "someone_else")])
        let notMine = try run(script, ["--role", "auditor"], db: db, dir: dir)
        #expect(notMine.status == 2 && notMine.stderr.contains("role `auditor` is not granted to `\(PolicyStore.osUser)`"), "\(notMine.stderr)")
        #expect(!notMine.stdout.contains("13812341111"))
        // The role taken back: refused from then on.
        _ = try Support.seg(["policy", "revoke", "crm", PolicyStore.osUser, "--db", db], cwd: dir)
        let revoked = try run(script, ["--role", "crm"], db: db, dir: dir)
        #expect(revoked.status == 2 && revoked.stderr.contains("not granted"), "\(revoked.stderr)")
    }

    /// The store's administrators change the policy, each change recorded; anyone else is
    /// refused. A column the policy classifies is personal (or not) whatever its name.
    @Test func onlyAdministratorsChangeThePolicy() throws {
        let (dir, db) = try bank()
        let script = Self.entity + "show customer_id = 1 with phone, city\n"
        let classify = try Support.seg(["policy", "classify", "pd_customers.city", "personal", "--db", db], cwd: dir)
        #expect(classify.status == 0, "\(classify.stderr)")
        let masked = try run(script, ["--format", "csv"], db: db, dir: dir)
        #expect(masked.stdout.contains("上*") || masked.stdout.contains("**"), "\(masked.stdout)")
        #expect(!masked.stdout.contains("上海"), "\(masked.stdout)")
        _ = try Support.seg(["policy", "classify", "pd_customers.phone", "not-personal", "--db", db], cwd: dir)
        #expect(try run(script, ["--format", "csv"], db: db, dir: dir).stdout.contains("13812341111"))
        let typo = try Support.seg(["policy", "classify", "pd_customers.phnoe", "personal", "--db", db], cwd: dir)
        #expect(typo.status != 0 && typo.stderr.contains("did you mean `phone`?"), "\(typo.stderr)")
        let shown = try Support.seg(["policy", "--db", db], cwd: dir)
        #expect(shown.stdout.contains("classify pd_customers.city: personal") && shown.stdout.contains("the store's policy"), "\(shown.stdout)")
        // Someone who does not own the store, and is not named, is refused.
        let store = PolicyStore(engine: try SQLiteEngine(path: db))
        #expect(store.isAdministrator(try store.state()))
        if geteuid() == 0 {
            #expect(chown(db, 65534, 65534) == 0)
            let refused = try Support.seg(["policy", "role", "mine", "--reveal", "--db", db], cwd: dir)
            #expect(refused.status == 1 && refused.stderr.contains("does not administer this store's policy"), "\(refused.stderr)")
            #expect(!(try store.state().roles.keys.contains("mine")))
        }
        // The history is append-only: the store refuses to change a recorded change.
        let lite = try SQLiteDatabase(path: db)
        #expect(throws: EngineError.self) { try lite.execute("UPDATE seg_policy SET value = 'not personal'") }
        #expect(throws: EngineError.self) { try lite.execute("DELETE FROM seg_policy") }
    }

    /// Tag tables hold the key and the tags; a definition computed from a personal value is
    /// not tagged; a rebuild replaces; an old full copy is stale and `--stale` removes it.
    @Test func tagTablesHoldNoPersonalCopies() throws {
        let (dir, db) = try bank()
        let defs = dir.appendingPathComponent("defs.seg")
        try (Self.entity + """
            define rich = aum > 1m
            define contacts_30 = count(contacts within 60 days)
            define mobile_138 = phone starts with "138"
            define family_phone = first(family.contact_number)

            """).write(to: defs, atomically: true, encoding: .utf8)
        let first = try Support.seg(["tags", "build", defs.path, "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("mobile_138 (computed from personal data") && first.stdout.contains("family_phone (computed from personal data"), "\(first.stdout)")
        let lite = try SQLiteDatabase(path: db)
        let tables = try lite.query("SELECT name FROM seg_tag_tables").map { $0[0] }
        #expect(tables.count == 1)
        guard case .text(let name)? = tables.first else { return }
        let columns = try lite.query("SELECT name FROM pragma_table_info('\(name)') ORDER BY cid").map { $0[0] }
        #expect(columns == [.text("customer_id"), .text("seg_t_rich"), .text("seg_t_contacts_30")])
        // Read through the join, the answers are the computed ones.
        let tagged = try run("use \"defs.seg\"\ncount rich\ncount contacts_30 >= 1\n", ["--as-of", "2026-11-01", "--format", "csv"], db: db, dir: dir, name: "q.seg")
        let plain = try run(Self.entity + "define rich = aum > 1m\ndefine contacts_30 = count(contacts within 60 days)\ncount rich\ncount contacts_30 >= 1\n",
                            ["--as-of", "2026-11-01", "--format", "csv"], db: db, dir: dir, name: "p.seg")
        #expect(tagged.status == 0 && tagged.stdout == plain.stdout, "\(tagged.stdout)\(tagged.stderr) vs \(plain.stdout)")
        // A rebuild replaces its table.
        #expect(try Support.seg(["tags", "build", defs.path, "--db", db, "--as-of", "2026-11-01"], cwd: dir).status == 0)
        let after = try lite.query("SELECT name FROM seg_tag_tables").map { $0[0] }
        #expect(after.count == 1 && after != tables, "\(after)")
        #expect(try lite.query("SELECT name FROM sqlite_master WHERE name = '\(name)'").isEmpty)
        // A table an older Seg built (a copy of every column) is named stale and dropped.
        try lite.execute("CREATE TABLE seg_tags_old AS SELECT *, aum > 1000000 AS seg_t_rich FROM pd_customers")
        try lite.execute("INSERT INTO seg_tag_tables (name, created_at, as_of, entity_table, data_version, tags, modules, entities, seconds) SELECT 'seg_tags_old', created_at, as_of, entity_table, data_version, '[{\"name\":\"rich\",\"column\":\"seg_t_rich\",\"fingerprint\":\"x\"}]', 'old.seg', 5, '0' FROM seg_tag_tables")
        let listed = try Support.seg(["tags", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(listed.stdout.contains("holds copies of the customers' columns"), "\(listed.stdout)")
        let dropped = try Support.seg(["tags", "drop", "--stale", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(dropped.status == 0 && dropped.stdout == "dropped seg_tags_old\n", "\(dropped.stdout)\(dropped.stderr)")
        #expect(try lite.query("SELECT name FROM sqlite_master WHERE name = 'seg_tags_old'").isEmpty)
    }

    /// Small cells of `profile` are typed: missing with a `suppressed` flag in JSON and CSV,
    /// `<N` to people; a role that may see personal data sees the counts. `count … by` stays
    /// exact (a decision, README).
    @Test func suppressedCountsStayNumbers() throws {
        let (dir, db) = try bank()
        let script = Self.entity + "profile all by mobile_segment\n"
        let json = try run(script, ["--format", "json", "--min-cell", "2"], db: db, dir: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let rows = object["rows"] as! [[String: Any]]
        // 高频 ×2, and 低频, 中频, missing once each: every count 1 is suppressed with its share and TGI.
        #expect(rows.count == 4)
        for row in rows {
            let suppressed = row["suppressed"] as! Bool
            if suppressed {
                #expect(["count", "share", "base", "base share", "TGI"].allSatisfy { row[$0] is NSNull }, "\(row)")
            } else {
                #expect((row["count"] as? Int) == 2 && (row["TGI"] as? Int) == 100, "\(row)")
            }
        }
        #expect(rows.filter { $0["suppressed"] as! Bool }.count == 3, "\(rows)")
        let csv = try run(script, ["--format", "csv", "--min-cell", "2"], db: db, dir: dir)
        #expect(csv.stdout.hasPrefix("mobile_segment,count,share,base,base share,TGI,suppressed\n"), "\(csv.stdout)")
        #expect(csv.stdout.contains("高频,2,0.4,2,0.4,100,false\n") && csv.stdout.contains("低频,,,,,,true\n"), "\(csv.stdout)")
        let table = try run(script, ["--min-cell", "2"], db: db, dir: dir)
        #expect(table.stdout.contains("<2"), "\(table.stdout)")
        let crm = try run(script, ["--format", "csv", "--min-cell", "2", "--role", "crm"], db: db, dir: dir)
        #expect(crm.stdout.contains("低频,1,0.2,1,0.2,100\n") && !crm.stdout.contains("suppressed"), "\(crm.stdout)")
    }

    /// PostgreSQL with two real login roles: a Seg role held by members of a server role,
    /// checked with the server; the bank's grants keep the policy table from anyone else.
    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func rolesOnPostgreSQLAreTheServersMembership() throws {
        let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        let database = "seg_pol_\(tag)", analyst = "seg_analyst_\(tag)", crm = "seg_crm_\(tag)", group = "seg_crm_group_\(tag)"
        #expect(try Postgres.psql("CREATE DATABASE \(database)").status == 0)
        #expect(try Postgres.psql("CREATE ROLE \(analyst) LOGIN; CREATE ROLE \(crm) LOGIN; CREATE ROLE \(group) NOLOGIN; GRANT \(group) TO \(crm);").status == 0)
        defer {
            _ = try? Postgres.psql("DROP DATABASE \(database)")
            _ = try? Postgres.psql("DROP ROLE \(analyst); DROP ROLE \(crm); DROP ROLE \(group);")
        }
        #expect(try Postgres.psql(Self.bankSQL, database: database).status == 0)
        let dir = Support.tempDir()
        let owner = Postgres.conninfo! + " dbname=\(database)"
        func seg(_ args: [String], as user: String? = nil) throws -> Support.Run {
            try Support.seg(args + ["--db", owner + (user.map { " user=\($0)" } ?? "")], cwd: dir)
        }
        // The database's owner administers the policy; it defines the role and requires the server role.
        #expect(try seg(["policy", "role", "crm", "--reveal", "--server-role", group]).status == 0)
        let script = dir.appendingPathComponent("s.seg")
        try (Self.entity + "show customer_id = 1 with phone\nexport customer_id = 1 to list pol_\(tag) with phone\n").write(to: script, atomically: true, encoding: .utf8)
        #expect(try seg(["run", script.path]).status == 0)  // the store's tables, made by the owner
        #expect(try Postgres.psql("""
            GRANT SELECT ON pd_customers, pd_contacts, pd_family TO \(analyst), \(crm);
            GRANT SELECT, INSERT, UPDATE, DELETE ON seg_lists, seg_list_members, seg_list_exclusions, seg_contacts, seg_runs, seg_texts, seg_journal TO \(analyst), \(crm);
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(analyst), \(crm);
            """, database: database).status == 0)
        // The analyst is no member of the server role: refused. The crm user is: unmasked.
        let refused = try seg(["run", script.path, "--role", "crm"], as: analyst)
        #expect(refused.status == 2 && refused.stderr.contains("role `crm` is not granted to `\(analyst)`") && refused.stderr.contains(group), "\(refused.stderr)")
        let masked = try seg(["run", script.path], as: analyst)
        #expect(masked.status == 0 && masked.stdout.contains("138****1111"), "\(masked.stderr)")
        let revealed = try seg(["run", script.path, "--role", "crm"], as: crm)
        #expect(revealed.status == 0 && revealed.stdout.contains("13812341111"), "\(revealed.stderr)")
        // Only the owner changes the policy; the server itself keeps others from its table.
        let notAdmin = try seg(["policy", "role", "mine", "--reveal"], as: analyst)
        #expect(notAdmin.status == 1 && notAdmin.stderr.contains("does not administer"), "\(notAdmin.stderr)")
        let direct = try Postgres.psql("SET ROLE \(analyst); INSERT INTO seg_policy (changed_at, changed_by, kind, subject, value) VALUES ('x', 'x', 'grant', 'crm', '\(analyst)')", database: database)
        #expect(direct.status != 0 && direct.stderr.contains("permission denied"), "\(direct.stderr)")
        let shown = try seg(["policy"], as: analyst)
        #expect(shown.status == 0 && shown.stdout.contains(group) && shown.stdout.contains("administrator    no"), "\(shown.stdout)\(shown.stderr)")
        // The ledger and the lists name the server user and the role, exactly.
        let ledger = try Postgres.psql("SELECT run_user, coalesce(role, '-'), unmasked FROM seg_runs ORDER BY run_id", database: database)
        #expect(ledger.stdout == "postgres\t-\t0\n\(analyst)\t-\t0\n\(crm)\tcrm\t1\n", "\(ledger.stdout)")
        let lists = try Postgres.psql("SELECT version, run_user, coalesce(role, '-'), coalesce(revealed_columns, '-') FROM seg_lists ORDER BY version", database: database)
        #expect(lists.stdout == "1\tpostgres\t-\t-\n2\t\(analyst)\t-\t-\n3\t\(crm)\tcrm\tphone\n", "\(lists.stdout)")
    }
}
