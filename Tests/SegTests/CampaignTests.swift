import Foundation
import Testing
@testable import SegRun
import SegCompile
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Campaigns end to end: assignment vectors, reruns, arbitration, all-or-nothing runs and
/// the list store's promises, on real SQLite files (and the bucket rule on PostgreSQL).
@Suite struct CampaignTests {
    /// (seed, key, bucket) by Python: int(hashlib.md5(f"{seed}:{key}".encode()).hexdigest()[:8], 16) % 10000.
    static let vectors: [(String, String, Int)] = [
        ("q4-2026", "1", 2198), ("q4-2026", "10042", 5214), ("q4-2026", "20000", 5499),
        ("pilot", "C-001", 6424), ("pilot", "0", 249), ("试点", "42", 2920), ("试点", "客户7", 815),
        ("", "0", 754), ("holdout seed", "客户7", 8237), ("ab-2026", "-5", 5386), ("Seed With Spaces", "999999999999", 6396),
    ]

    @Test func goldenBucketsInSwiftAndSQLite() throws {
        let db = try SQLiteDatabase(path: ":memory:", create: true)
        for (seed, key, bucket) in Self.vectors {
            #expect(Buckets.bucket(seed: seed, key: key) == bucket, "\(seed):\(key)")
            // Integer keys go in as integers, as an entity's key column holds them.
            let keyValue: SQLValue = Int64(key).map { .integer($0) } ?? .text(key)
            let row = try db.query("SELECT seg_bucket(?1, ?2)", [.text(seed), keyValue])
            #expect(row.first?.first == .integer(Int64(bucket)), "SQLite \(seed):\(key)")
        }
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"))
    func goldenBucketsOnPostgreSQL() throws {
        let template = Dialect.postgres.template("seg_bucket")
        var selects: [String] = []
        for (seed, key, _) in Self.vectors {
            let k = Int64(key) != nil ? "\(key)::bigint" : "'\(key)'"
            selects.append("SELECT " + template.replacingOccurrences(of: "{0}", with: "'\(seed)'::text").replacingOccurrences(of: "{1}", with: k) + ";")
        }
        let r = try Postgres.psql(selects.joined(separator: "\n"))
        #expect(r.status == 0, "\(r.stderr)")
        let got = r.stdout.split(separator: "\n").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(got == Self.vectors.map { Optional($0.2) })
    }

    /// A copy of the demo bank this test may write to.
    func demoCopy() throws -> (db: String, dir: URL) {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        return (path, dir)
    }

    static let retention = """
        use stdlib.bank
        use stdlib.contact
        define aum = sum(holdings.balance)
        campaign retention
          priority 5
          target aum >= 100k
          exclude do_not_disturb
          exclude contacted via phone within 14 days
          cap 2 contacts per 30 days
          holdout 10% seed "q4-2026"
          rank by aum desc
          limit 5 per branch_id
          limit 200
          channel phone
          export to list with customer_id, name, phone, aum, group, rank
        """

    func members(_ db: String, _ list: String, _ version: Int) throws -> [[Value]] {
        try SQLiteDatabase(path: db).query(
            "SELECT member_key, grp, rnk, data FROM seg_list_members WHERE name = ?1 AND version = ?2 ORDER BY rnk",
            [.text(list), .integer(Int64(version))])
    }

    @Test func rerunWithTheSameInputsGivesTheSameVersion() throws {
        let (db, dir) = try demoCopy()
        let script = dir.appendingPathComponent("retention.seg")
        try Self.retention.write(to: script, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let r = try Support.seg(["run", script.path, "--db", db, "--as-of", "2026-11-01"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let first = try members(db, "retention", 1), second = try members(db, "retention", 2)
        #expect(!first.isEmpty)
        #expect(first == second)
        // Treatment is exactly the limit, ranks run 1…n, every group is one of the two.
        #expect(first.filter { $0[1] == .text("treatment") }.count == 200)
        #expect(first.map { $0[2] } == (1...first.count).map { .integer(Int64($0)) })
        // The planned contacts of the treatment group were recorded once per run.
        let contacts = try SQLiteDatabase(path: db).query("SELECT version, COUNT(*) FROM seg_contacts GROUP BY version ORDER BY version")
        #expect(contacts == [[.integer(1), .integer(200)], [.integer(2), .integer(200)]])
        // The holdout is the members whose bucket is under 1000, recomputed here from the rule.
        for row in first {
            let bucket = Buckets.bucket(seed: "q4-2026", key: Buckets.keyText(row[0])!)
            #expect((row[1] == .text("holdout")) == (bucket < 1000))
        }
        // Every target member left out has a stored reason; members and reasons do not overlap.
        let db2 = try SQLiteDatabase(path: db)
        let overlap = try db2.query("""
            SELECT COUNT(*) FROM seg_list_exclusions e JOIN seg_list_members m
              ON m.name = e.name AND m.version = e.version AND m.member_key = e.member_key
            """)
        #expect(overlap == [[.integer(0)]])
        // Phone numbers left the store masked (no role may see them here).
        let phone = try db2.query("SELECT json_extract(data, '$.phone') FROM seg_list_members WHERE name = 'retention' AND version = 1 LIMIT 1")
        if case .text(let p)? = phone.first?.first { #expect(p.contains("****")) } else { Issue.record("no phone") }
    }

    @Test func listVersionsAndTheLedgerCannotBeChanged() throws {
        let (db, dir) = try demoCopy()
        let script = dir.appendingPathComponent("retention.seg")
        try Self.retention.write(to: script, atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", script.path, "--db", db, "--as-of", "2026-11-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let sqlite = try SQLiteDatabase(path: db)
        for statement in ["UPDATE seg_list_members SET grp = 'treatment'", "DELETE FROM seg_list_exclusions",
                          "UPDATE seg_lists SET members = 0", "DELETE FROM seg_runs", "UPDATE seg_runs SET status = 'ok'"] {
            #expect(throws: EngineError.self, "\(statement)") { try sqlite.execute(statement) }
        }
        // (Other tests may have run on the demo bank this one copied: only this script's runs.)
        let runs = try sqlite.query("SELECT status, as_of, wrote, length(script_sha256) FROM seg_runs WHERE scripts = ?1", [.text(script.path)])
        #expect(runs == [[.text("ok"), .text("2026-11-01"), .text("retention v1"), .integer(64)]])
    }

    @Test func campaignsRunTogetherShareCustomersByPriority() throws {
        let (db, dir) = try demoCopy()
        let low = dir.appendingPathComponent("low.seg"), high = dir.appendingPathComponent("high.seg")
        try """
            use stdlib.bank
            define aum = sum(holdings.balance)
            campaign wide
              priority 1
              target aum >= 50k
            """.write(to: low, atomically: true, encoding: .utf8)
        try """
            use stdlib.bank
            define aum = sum(holdings.balance)
            campaign narrow
              priority 9
              target aum >= 200k
            """.write(to: high, atomically: true, encoding: .utf8)
        // The lower priority comes first on the command line: priority still wins.
        let r = try Support.seg(["run", low.path, high.path, "--db", db, "--as-of", "2026-11-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let sqlite = try SQLiteDatabase(path: db)
        let both = try sqlite.query("""
            SELECT COUNT(*) FROM seg_list_members a JOIN seg_list_members b ON a.member_key = b.member_key
            WHERE a.name = 'wide' AND b.name = 'narrow'
            """)
        #expect(both == [[.integer(0)]])
        // Counted independently in SQL: narrow has everyone over 200k; wide the rest over 50k.
        let aum = "(SELECT COALESCE(SUM(balance), 0) FROM holdings h WHERE h.customer_id = c.customer_id)"
        let over200 = try sqlite.query("SELECT COUNT(*) FROM customers c WHERE \(aum) >= 200000")[0][0]
        let over50 = try sqlite.query("SELECT COUNT(*) FROM customers c WHERE \(aum) >= 50000")[0][0]
        #expect(try sqlite.query("SELECT members FROM seg_lists WHERE name = 'narrow'")[0][0] == over200)
        guard case .integer(let a) = over50, case .integer(let b) = over200 else { Issue.record("counts"); return }
        #expect(try sqlite.query("SELECT members FROM seg_lists WHERE name = 'wide'")[0][0] == .integer(a - b))
        let lost = try sqlite.query("SELECT COUNT(*), MIN(reason) FROM seg_list_exclusions WHERE name = 'wide'")
        #expect(lost == [[.integer(b), .text("lost to campaign narrow")]])
    }

    @Test func aFailedAssertAfterACampaignSavesNothing() throws {
        let (db, dir) = try demoCopy()
        let script = dir.appendingPathComponent("c.seg")
        try (Self.retention + "\nexport all to csv \"all.csv\"\nassert count all < 10\n").write(to: script, atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", script.path, "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(r.status == 4, "\(r.stderr)")
        let sqlite = try SQLiteDatabase(path: db)
        // Only the demo's own past campaign is in the store; nothing was planned.
        #expect(try sqlite.query("SELECT DISTINCT name FROM seg_lists") == [[.text("q3_deposit_drive")]])
        #expect(try sqlite.query("SELECT DISTINCT name FROM seg_list_members") == [[.text("q3_deposit_drive")]])
        #expect(try sqlite.query("SELECT COUNT(*) FROM seg_contacts") == [[.integer(0)]])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("all.csv").path))
        // The ledger still tells how the run ended.
        #expect(try sqlite.query("SELECT status, wrote FROM seg_runs WHERE scripts = ?1", [.text(script.path)]) == [[.text("assert failed"), .text("")]])
    }

    @Test func aKilledRunLeavesTheOldListAndFileIntact() throws {
        let dir = Support.tempDir()
        // A million customers, so exporting them takes long enough to be interrupted.
        let db = try Support.database(sql: """
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, aum REAL, city TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
            INSERT INTO customers SELECT i, (i * 7919) % 1000000, 'c' || (i % 50) FROM n;
            """, in: dir)
        let script = dir.appendingPathComponent("big.seg")
        func write(_ threshold: String) throws {
            try """
                campaign big
                  target aum >= \(threshold)
                  limit 100
                export all to csv "all.csv"
                count all by city
                """.write(to: script, atomically: true, encoding: .utf8)
        }
        try write("999000")
        let first = try Support.seg(["run", script.path, "--db", db], cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let csv = dir.appendingPathComponent("all.csv")
        let before = try Data(contentsOf: csv)
        try write("0")
        let p = Process()
        p.executableURL = Support.segBinary
        p.arguments = ["run", script.path, "--db", db]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill it once the export's temporary file exists: the list version is written, the file staged.
        var staged = false
        for _ in 0..<3000 where !staged {
            staged = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).contains { $0.hasPrefix(".all.csv.seg-") }
            if !staged { usleep(10_000) }
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(staged, "the run never staged its export")
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: csv) == before)
        let sqlite = try SQLiteDatabase(path: db)
        #expect(try sqlite.query("SELECT MAX(version) FROM seg_lists WHERE name = 'big'") == [[.integer(1)]])
        #expect(try sqlite.query("PRAGMA integrity_check") == [[.text("ok")]])
    }

    /// A full disk, simulated with a file-size limit (`ulimit -f`): writes past it fail with
    /// EFBIG as they would with ENOSPC. The run says so and leaves nothing behind.
    @Test func aFullDiskIsAClearErrorAndLeavesNothing() throws {
        let (db, dir) = try demoCopy()
        let script = dir.appendingPathComponent("full.seg")
        try (Self.retention + "\nexport all to csv \"all.csv\" with customer_id, name, aum, city, occupation\n").write(to: script, atomically: true, encoding: .utf8)
        let command = "ulimit -f 100; exec '\(Support.segBinary.path)' run '\(script.path)' --db '\(db)' --as-of 2026-11-01"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 3, "\(stderr)")
        // The limit stops whichever write comes first: the run's journal in the store, or the file.
        #expect(stderr.contains("cannot write `all.csv`: File too large")
                || stderr.contains("error[E0723]: cannot record this run in the store, so it writes nothing"), "\(stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("all.csv") }
        #expect(left.isEmpty, "\(left)")
        let sqlite = try SQLiteDatabase(path: db)
        #expect(try sqlite.query("PRAGMA integrity_check") == [[.text("ok")]])
        #expect(try sqlite.query("SELECT DISTINCT name FROM seg_lists") == [[.text("q3_deposit_drive")]])
    }

    @Test func masksKeepWhatIdentifiesNothing() {
        // LANGUAGE.md §5's shapes, decided by the value and not by its column's name.
        #expect(Mask.apply("13812345678") == "138****5678")
        #expect(Mask.apply("440301199003070815") == "4403**********0815")
        #expect(Mask.apply("44030119900307081X") == "4403**********081X")
        #expect(Mask.apply("张三") == "张*")
        #expect(Mask.apply("王小明") == "王**")
        #expect(Mask.apply("欧阳娜娜") == "欧阳**")
        #expect(Mask.apply("欧阳") == "欧*")
        #expect(Mask.apply("user@example.cn") == "u***@example.cn")
        #expect(Mask.apply("Ann Lee") == "A** L**")
        #expect(Mask.apply("上海市浦东新区世纪大道100号") == "上海市浦东**********")
        #expect(Mask.apply("") == "")
        #expect(Mask.apply("7") == "*")
    }

    /// The campaign of Tests/scripts/campaigns/evaluate.seg, contacted on 2026-10-01 and
    /// evaluated as of 2026-11-01 in a second run. Buckets for "ab": 1, 2, 3, 4 and 10 are
    /// below 5000 (holdout). Transactions in [10-01, 11-01]: customers 1 (10-02, 10-03, 11-01),
    /// 2 (10-20) and 7 (10-31): holdout 2 of 5, treatment 1 of 7 (customer 1's row of 11-02
    /// is after as_of). Statistics by a Python reference: lift 0.357143, uplift -0.257143,
    /// 95% CI (-0.644564, 0.208516) by Newcombe (statsmodels' confint_proportions_2indep,
    /// method="newcomb"), pooled z -1.014185, two-sided p 0.310494.
    @Test func evaluatedAMonthLaterMatchesAPythonReference() throws {
        let db = try Support.fixtureDatabase()
        let dir = Support.tempDir()
        let campaign = "campaign ev\n  target all\n  holdout 50% seed \"ab\"\n  channel sms\n"
        try campaign.write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        let ran = try Support.seg(["run", "c.seg", "--db", db, "--as-of", "2026-10-01"], cwd: dir)
        #expect(ran.status == 0, "\(ran.stderr)")
        // Evaluated from a script that uses the campaign's file: a used file's campaign never runs.
        try "use \"c.seg\"\nevaluate campaign ev\n  response = any(transactions within 31 days after contact)\n"
            .write(to: dir.appendingPathComponent("only.seg"), atomically: true, encoding: .utf8)
        let only = try Support.seg(["run", "only.seg", "--db", db, "--as-of", "2026-11-01", "--format", "csv"], cwd: dir)
        #expect(only.status == 0, "\(only.stderr)")
        #expect(only.stdout.contains("treatment,7,1,0.142857"), "\(only.stdout)")
        #expect(only.stdout.contains("holdout,5,2,0.4"), "\(only.stdout)")
        #expect(only.stdout.contains("0.357143,-0.257143,-0.644564,0.208516,-1.014185,0.310494"), "\(only.stdout)")
        #expect(!only.stdout.contains("saved list"), "a used file's campaign does not run: \(only.stdout)")
    }

    /// Ties in rank keep the keys' byte order on every engine, whatever order the database's
    /// collation returns them in (a NOCASE key here, like PostgreSQL under an ICU locale).
    @Test func tiesKeepTheKeysByteOrderWhateverTheCollation() throws {
        let db = try Support.database(sql: """
            CREATE TABLE clients (client_id TEXT PRIMARY KEY COLLATE NOCASE, balance REAL NOT NULL);
            INSERT INTO clients VALUES ('a-1', 5), ('C-002', 5), ('b-7', 5), ('C-001', 5), ('Z-9', 5), ('c-003', 5);
            """)
        let r = try Support.run("entity client from table clients key client_id\ncampaign tie\n  target balance > 0\n  rank by 1\n  limit 3\n", db: db)
        #expect(r.failure == nil, "\(Support.rendered(r))")
        let members = try SQLiteDatabase(path: db).query("SELECT member_key FROM seg_list_members WHERE name = 'tie' ORDER BY rnk")
        #expect(members == [[.text("C-001")], [.text("C-002")], [.text("Z-9")]], "\(members)")
    }

    @Test func evaluationStatisticsMatchAReference() {
        // Python: p1 = 120/1000, p0 = 80/1000; uplift CI by Newcombe (statsmodels
        // confint_proportions_2indep(120, 1000, 80, 1000, method="newcomb")), z pooled, p = erfc(|z|/√2).
        let e = CampaignEvaluation(treated: 1000, treatedResponders: 120, held: 1000, heldResponders: 80)
        #expect(abs(e.lift! - 1.5) < 1e-12)
        #expect(abs(e.uplift! - 0.04) < 1e-12)
        #expect(abs(e.upliftInterval!.low - 0.013718313895640565) < 1e-12)
        #expect(abs(e.upliftInterval!.high - 0.0664494707100381) < 1e-12)
        // At 0% in both groups the interval is not a point: statsmodels gives (-0.434482, 0.354330).
        let none = CampaignEvaluation(treated: 7, treatedResponders: 0, held: 5, heldResponders: 0)
        #expect(abs(none.upliftInterval!.low + 0.43448246478317487) < 1e-12 && abs(none.upliftInterval!.high - 0.3543304350666875) < 1e-12)
        #expect(abs(e.z! - 2.98142397) < 1e-8)
        #expect(abs(e.pValue! - 0.0028691) < 1e-6)
    }
}

/// Roles from the store's policy: who may see personal data, and clear refusals.
@Suite struct RoleTests {
    @Test func rolesGrantOrRefusePersonalData() throws {
        let dir = Support.tempDir()
        let script = dir.appendingPathComponent("s.seg")
        try "show customer_id = 2 with customer_id, phone\n".write(to: script, atomically: true, encoding: .utf8)
        let db = try Support.fixtureDatabase()
        try Support.grantRoles(db)
        func run(_ extra: [String]) throws -> Support.Run {
            try Support.seg(["run", script.path, "--db", db] + extra, cwd: dir)
        }
        // Masked by default and for a role without the right; unmasked for one with it.
        #expect(try run([]).stdout.contains("139****2222"))
        #expect(try run(["--role", "analyst"]).stdout.contains("139****2222"))
        #expect(try run(["--role", "crm"]).stdout.contains("13900002222"))
        let refused = try run(["--role", "analyst", "--reveal-pii"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("role `analyst` may not see personal data"), "\(refused.stderr)")
        let unknown = try run(["--role", "boss"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("the store's policy has no role `boss` (roles you hold: analyst, crm, steward)"), "\(unknown.stderr)")
        let noRole = try run(["--reveal-pii"])
        #expect(noRole.status == 2 && noRole.stderr.contains("add --role NAME"), "\(noRole.stderr)")
    }
}
