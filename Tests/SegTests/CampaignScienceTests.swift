import Foundation
import Testing
@testable import SegRun
@testable import SegEngine
@testable import SegDemo
@testable import SegStore

/// Campaign science (`evaluate campaign … by decile`, `on … adjusted by`, `plan campaign`):
/// every figure against Tests/models/campaign_reference.py, which computes each member's
/// outcome, covariate and score with hand-written SQL and the statistics with scikit-uplift,
/// statsmodels and numpy.
@Suite(.enabled(if: PythonReference.python != nil, "SEG_TEST_PYTHON is not set (.ci/run makes a virtual environment with scikit-uplift and statsmodels)"))
struct CampaignScienceTests {
    /// A demo bank of its own (nothing else saves versions of its past campaign).
    static let bank: String = {
        let path = Support.tempDir().appendingPathComponent("science.db").path
        try! DemoBank(customers: 4000, seed: 11).write(to: try! SQLiteDatabase(path: path, create: true))
        return path
    }()

    static var reference: [String: Any] { try! JSONSerialization.jsonObject(with: referenceJSON) as! [String: Any] }
    static let referenceJSON: Data = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PythonReference.python!)
        p.arguments = [Support.root.appendingPathComponent("Tests/models/campaign_reference.py").path, bank]
        let out = Pipe()
        p.standardOutput = out
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, "campaign_reference.py failed")
        return data
    }()

    static let script = """
        use stdlib.bank
        define logins_30d = count(app_logins where event_type = "login" within 30 days)
        evaluate campaign q3_deposit_drive
          response = any(transactions where type = "deposit" and amount >= 10k within 30 days after contact)
          by decile(logins_30d + (60 - age) / 10)
        evaluate campaign q3_deposit_drive
          on sum(transactions.amount where type = "deposit" within 30 days after contact)
          adjusted by sum(transactions.amount where type = "deposit" within 90 days before contact)
        """

    /// The JSON lines of a run: one object per table.
    static func tables(_ text: String, db: String, args: [String] = [], cwd: URL? = nil) throws -> [[String: Any]] {
        let dir = cwd ?? Support.tempDir()
        try text.write(to: dir.appendingPathComponent("s.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "s.seg", "--db", db, "--format", "json"] + args, cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func rows(_ tables: [[String: Any]], titled prefix: String) -> [[String: Any]] {
        tables.filter { ($0["title"] as? String)?.hasPrefix(prefix) == true }.flatMap { ($0["rows"] as? [[String: Any]]) ?? [] }
    }

    /// Seg prints six decimals.
    static func close(_ a: Any?, _ b: Any?, _ tolerance: Double = 1.5e-6) -> Bool {
        guard let x = (a as? NSNumber)?.doubleValue, let y = (b as? NSNumber)?.doubleValue else { return false }
        return abs(x - y) <= tolerance * max(1, abs(y))
    }

    @Test func upliftByDecileQiniAndAUUCMatchScikitUplift() throws {
        let out = try Self.tables(Self.script, db: Self.bank)
        let deciles = Self.rows(out, titled: "uplift by decile")
        let expected = Self.reference["deciles"] as! [[String: Any]]
        #expect(deciles.count == 10)
        for (seg, ref) in zip(deciles, expected) {
            for column in ["customers", "treated", "held"] {
                #expect((seg[column] as? Int) == (ref[column] as? Int), "decile \(ref["decile"]!) \(column): \(seg[column] ?? "-") vs \(ref[column]!)")
            }
            for column in ["treated_rate", "held_rate", "uplift", "uplift_ci_low", "uplift_ci_high", "uplift_top", "qini"] {
                #expect(Self.close(seg[column], ref[column]), "decile \(ref["decile"]!) \(column): \(seg[column] ?? "-") vs \(ref[column]!)")
            }
        }
        let quality = Self.rows(out, titled: "uplift model quality").first ?? [:]
        #expect(Self.close(quality["qini_auc"], Self.reference["qini_auc"]), "\(quality) vs \(Self.reference["qini_auc"]!)")
        #expect(Self.close(quality["auuc"], Self.reference["auuc"]), "\(quality) vs \(Self.reference["auuc"]!)")
    }

    @Test func welchAndCUPEDMatchStatsmodels() throws {
        let out = try Self.tables(Self.script, db: Self.bank)
        let effect = Self.rows(out, titled: "effect of q3_deposit_drive").filter { $0["estimate"] != nil }
        #expect(effect.count == 2)
        for (row, name) in zip(effect, ["welch", "cuped"]) {
            let ref = Self.reference[name] as! [String: Any]
            for column in ["difference", "ci_low", "ci_high", "t", "df", "p_value"] + (name == "cuped" ? ["theta", "variance_reduction"] : []) {
                #expect(Self.close(row[column], ref[column], column == "p_value" ? 1e-5 : 1.5e-6), "\(name) \(column): \(row[column] ?? "-") vs \(ref[column]!)")
            }
        }
        // The covariate explains part of the deposits: CUPED's interval is narrower.
        let plain = effect[0], cuped = effect[1]
        let width = { (r: [String: Any]) in (r["ci_high"] as! Double) - (r["ci_low"] as! Double) }
        #expect(width(cuped) < width(plain))
    }

    /// The generator planted a call's effect: 45% for the persuadable (mobile banking, under
    /// 45), 5% for the others; the expected uplift is that times the holdout's non-response.
    /// The measured uplift in each segment is within 2.6 standard errors of it (fixed seed).
    @Test func theDemoCampaignsPlantedEffectIsFound() throws {
        let truth = Self.reference["truth"] as! [String: [String: Double]]
        for (segment, planted) in [("persuadable", DemoBank.persuadableEffect), ("others", DemoBank.otherEffect)] {
            let t = truth[segment]!
            let expected = planted * (1 - t["held_rate"]!)
            #expect(abs(t["uplift"]! - expected) < 2.6 * t["se"]!, "\(segment): measured \(t["uplift"]!), planted \(expected) ± \(t["se"]!)")
        }
        // And the engagement score ranks the persuadable first: its Qini area is positive, and
        // the top three deciles' uplift is above the bottom three's.
        let out = try Self.tables(Self.script, db: Self.bank)
        let deciles = Self.rows(out, titled: "uplift by decile")
        let top = deciles.prefix(3).map { $0["uplift"] as! Double }.reduce(0, +)
        let bottom = deciles.suffix(3).map { $0["uplift"] as! Double }.reduce(0, +)
        #expect(top > bottom, "\(deciles)")
        #expect(((Self.rows(out, titled: "uplift model quality").first?["qini_auc"] as? Double) ?? 0) > 0)
    }

    /// Real data with many ties: the UCI Bank Marketing customers, 30% held out by the md5 rule,
    /// evaluated on their term-deposit answer by deciles of balance (thousands of equal
    /// balances), and on call duration adjusted by age, against the reference computed from the CSV.
    @Test(.enabled(if: Support.sharedData != nil, "../shared/data is absent"))
    func realDataWithTiesMatchesTheReference() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("uci.db").path
        try FileManager.default.copyItem(atPath: RealDataTests.data.db, toPath: db)
        try "campaign uci_pilot\n  target all\n  holdout 30% seed \"uci\"\n".write(to: dir.appendingPathComponent("pilot.seg"), atomically: true, encoding: .utf8)
        let ran = try Support.seg(["run", "pilot.seg", "--db", db], cwd: dir)
        #expect(ran.status == 0, "\(ran.stderr)")
        let out = try Self.tables("""
            use "pilot.seg"
            evaluate campaign uci_pilot
              response = y = "yes"
              by decile(balance)
            evaluate campaign uci_pilot
              on duration
              adjusted by age
            """, db: db, cwd: dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PythonReference.python!)
        p.arguments = [Support.root.appendingPathComponent("Tests/models/campaign_reference.py").path, "uci",
                       Support.sharedData!.appendingPathComponent("uci-bank-marketing/bank-full.csv.gz").path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let ref = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for (seg, r) in zip(Self.rows(out, titled: "uplift by decile"), ref["deciles"] as! [[String: Any]]) {
            #expect((seg["treated"] as? Int) == (r["treated"] as? Int) && (seg["held"] as? Int) == (r["held"] as? Int), "decile \(r["decile"]!)")
            for column in ["uplift", "uplift_ci_low", "uplift_ci_high", "uplift_top", "qini"] {
                #expect(Self.close(seg[column], r[column]), "decile \(r["decile"]!) \(column): \(seg[column] ?? "-") vs \(r[column]!)")
            }
        }
        let quality = Self.rows(out, titled: "uplift model quality").first ?? [:]
        #expect(Self.close(quality["qini_auc"], ref["qini_auc"]) && Self.close(quality["auuc"], ref["auuc"]), "\(quality) vs \(ref["qini_auc"]!), \(ref["auuc"]!)")
        let effect = Self.rows(out, titled: "effect of uci_pilot").filter { $0["estimate"] != nil }
        #expect(effect.count == 2)
        for (row, name) in zip(effect, ["welch", "cuped"]) {
            let r = ref[name] as! [String: Any]
            for column in ["difference", "ci_low", "ci_high", "df"] + (name == "cuped" ? ["theta", "variance_reduction"] : []) {
                #expect(Self.close(row[column], r[column], 2e-6), "\(name) \(column): \(row[column] ?? "-") vs \(r[column]!)")
            }
        }
    }

    @Test func aPlanMatchesStatsmodelsPower() throws {
        let text = """
            use stdlib.bank
            campaign rich
              target aum >= 200k
              holdout 10% seed "plan"
              channel phone
            plan campaign rich
              response = any(transactions where type = "deposit" and amount >= 10k within 30 days after contact)
              uplift 12%
            plan campaign rich
              on sum(transactions.amount where type = "deposit" within 30 days after contact)
              adjusted by sum(transactions.amount where type = "deposit" within 90 days before contact)
              uplift 20000
              power 90%
              significance 1%
            """
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Self.bank, toPath: db)
        // The campaign file is used: a used file's campaign is planned, and never run.
        try text.split(separator: "\n").prefix(5).joined(separator: "\n").write(to: dir.appendingPathComponent("rich.seg"), atomically: true, encoding: .utf8)
        let planOnly = "use \"rich.seg\"\n" + text.split(separator: "\n").dropFirst(5).joined(separator: "\n")
        try planOnly.write(to: dir.appendingPathComponent("plan.seg"), atomically: true, encoding: .utf8)
        // Nothing a plan could leave: list versions, members, contacts, ledger rows, files.
        // A table the bank does not have yet counts 0 (the ledger's is made by the first run that writes).
        func ledger() throws -> [Int64] {
            try ["seg_lists", "seg_list_members", "seg_contacts", "seg_runs"].map { table in
                let db = try SQLiteDatabase(path: db)
                guard case .integer(let n)? = (try? db.query("SELECT COUNT(*) FROM \(table)"))?.first?.first else { return 0 }
                return n
            }
        }
        let before = try ledger()
        #expect(before[0] > 0 && before[1] > 0, "the bank holds the campaign's list: \(before)")
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let r = try Support.seg(["run", "plan.seg", "--db", db, "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // Like every run (`count all` too), the plan's run is recorded in the ledger: one row, nothing else.
        #expect(try ledger() == before.prefix(3) + [before[3] + 1], "a plan saves nothing: \(before) → \((try? ledger()) ?? [])")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == filesBefore, "a plan writes no file")
        let plans = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { ($0["title"] as? String)?.hasPrefix("plan campaign rich") == true }.compactMap { ($0["rows"] as? [[String: Any]])?.first }
        #expect(plans.count == 2, "\(r.stdout)")
        let row = try #require(plans.first, "\(r.stdout)")
        let ref = Self.reference["plan"] as! [String: Any]
        #expect((row["members"] as? Int) == (ref["members"] as? Int))
        #expect((row["holdout"] as? Int) == (ref["holdout"] as? Int))
        #expect((row["holdout_needed"] as? Int) == (ref["holdout_needed"] as? Int), "\(row) vs \(ref)")
        for column in ["base_rate", "detectable_uplift", "power_at_planned_holdout", "holdout_needed_share"] {
            #expect(Self.close(row[column], ref[column], 5e-6), "\(column): \(row[column] ?? "-") vs \(ref[column]!)")
        }
        // On a measure, CUPED-adjusted, at 90% power and 1% significance.
        let measure = try #require(plans.last), refMeasure = Self.reference["plan_measure"] as! [String: Any]
        for column in ["mean", "sd", "sd_adjusted", "detectable_uplift", "power_at_planned_holdout"] {
            #expect(Self.close(measure[column], refMeasure[column], 5e-6), "\(column): \(measure[column] ?? "-") vs \(refMeasure[column]!)")
        }
    }
}

/// The distributions behind intervals, p-values and power, against scipy.stats' values.
@Suite struct DistributionTests {
    @Test func distributionsMatchScipy() {
        #expect(abs(Distributions.studentQuantile(0.975, df: 10) - 2.228138851986274) < 1e-9)
        #expect(abs(Distributions.studentQuantile(0.975, df: 1493.82) - 1.9615533070999378) < 1e-9)
        #expect(abs(Distributions.studentQuantile(0.995, df: 3.5) - 5.085702223091256) < 1e-9)
        #expect(abs(Distributions.studentCDF(-2.3985, df: 1485.3) - 0.008292537385014615) < 1e-12)
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(Distributions.normalQuantile(0.2) + 0.8416212335729142) < 1e-12)
    }
}

/// What the checker says about campaign science written wrong: each error at its place.
@Suite struct CampaignScienceCheckTests {
    /// A copy of the demo bank, for a run that saves (the shared one stays as built).
    static func copyOfTheDemo() throws -> String {
        let copy = Support.tempDir().appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: copy)
        return copy
    }

    /// The errors of a script after a campaign `c1` declared in a used file (so nothing runs).
    static func codes(_ text: String) throws -> [String] {
        let dir = Support.tempDir()
        try "use stdlib.bank\ncampaign c1\n  target aum >= 1000k\n  holdout 10% seed \"s\"\n  channel phone\n"
            .write(to: dir.appendingPathComponent("c1.seg"), atomically: true, encoding: .utf8)
        let r = try Support.run("use stdlib.bank\nuse \"\(dir.path)/c1.seg\"\n" + text, db: Support.demoPath, path: dir.appendingPathComponent("s.seg").path)
        return r.diagnostics.filter { $0.severity == .error }.map(\.code)
    }

    @Test func eachMistakeHasItsError() throws {
        let response = "response = any(transactions within 30 days after contact)"
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  on sum(transactions.amount within 30 days after contact)\n  by decile(age)") == ["E0831"])
        #expect(try Self.codes("plan campaign c2\n  \(response)") == ["E0810"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  by decile(age)") == ["E0829"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  uplift 150%") == ["E0830"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  power 0") == ["E0830"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  significance 5") == ["E0830"])
        #expect(try Self.codes("plan campaign c1\n  on city") == ["E0832"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  \(response)\n  by decile(city)") == ["E0832"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  on age\n  adjusted by city") == ["E0832"])
        #expect(try Self.codes("define x = sum(transactions.amount within 30 days before contact)") == ["E0802"])
        // The score is read as of the contact date: it has no contact windows of its own.
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  \(response)\n  by decile(count(transactions within 5 days after contact))") == ["E0834"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  with x") == ["E0201"])
        // A personal score would put a person's value in each decile's lowest_score (LANGUAGE.md §5).
        let personal = try Support.run("""
            entity customer from table customers key customer_id
              field annual_income pii
              has many transactions from table transactions on customer_id dated by txn_date
            evaluate campaign q3_deposit_drive
              \(response)
              by decile(annual_income / 1000)
            """, db: Support.demoPath)
        #expect(personal.diagnostics.map(\.code) == ["E0516"], "\(Support.rendered(personal))")
        // CUPED's covariate is read before the contact, or it removes part of the effect.
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  on age\n  adjusted by sum(transactions.amount within 90 days)") == ["E0833"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  on sum(transactions.amount within 9 days after contact)\n  adjusted by sum(transactions.amount within 9 days after contact)") == ["E0833"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  on age\n  adjusted by sum(transactions.amount within 90 days before contact) + age") == [])
        // Misspelt words and clauses, each named where it is.
        #expect(try Self.codes("evaluate campain q3_deposit_drive\n  \(response)") == ["E0219"])
        #expect(try Self.codes("plan campain c1\n  \(response)") == ["E0219"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  respones = true") == ["E0219"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  signficance 1%") == ["E0221"])
        #expect(try Self.codes("evaluate campaign q3_deposit_drive\n  \(response)\n  adjusted by age") == ["E0222"])
        #expect(try Self.codes("plan campaign c1\n  \(response)\n  uplift 2% uplift 3%") == ["E0220"])
        // A plan of a campaign the same run runs says so (W0709); from a used file it does not.
        let copy = Support.tempDir().appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: copy)
        let running = try Support.run("use stdlib.bank\ncampaign c1\n  target aum >= 1000k\n  channel phone\nplan campaign c1\n  \(response)", db: copy)
        #expect(running.diagnostics.map(\.code) == ["W0709"], "\(Support.rendered(running))")
        // A plan written before its campaign: declare it first.
        let early = try Support.run("use stdlib.bank\nplan campaign later\n  \(response)\ncampaign later\n  target all\n  channel sms\n", db: Support.demoPath)
        #expect(early.diagnostics.first?.code == "E0810" && early.diagnostics.first?.suggestion?.contains("declare it first") == true,
                "\(Support.rendered(early))")
    }

    /// With `limit`, the holdout takes no place: the holdout a plan asks for, written into the
    /// campaign, is what a plan of that campaign then finds enough — for several limits and uplifts.
    @Test(arguments: [(300, 0.20), (800, 0.10), (800, 0.15)])
    func theHoldoutAPlanAsksForIsEnough(_ limit: Int, _ uplift: Double) throws {
        let dir = Support.tempDir()
        func plan(_ holdout: String) throws -> [String: Any] {
            try "use stdlib.bank\ncampaign lim\n  target aum >= 50k\n  holdout \(holdout) seed \"lim\"\n  rank by aum desc\n  limit \(limit)\n  channel phone\n"
                .write(to: dir.appendingPathComponent("lim.seg"), atomically: true, encoding: .utf8)
            let out = try CampaignScienceTests.tables("use \"lim.seg\"\nplan campaign lim\n  response = any(transactions where type = \"deposit\" within 30 days after contact)\n  uplift \(uplift * 100)%\n",
                                                      db: Support.demoPath, cwd: dir)
            return try #require(CampaignScienceTests.rows(out, titled: "plan campaign lim").first)
        }
        let first = try plan("10%")
        let share = try #require(first["holdout_needed_share"] as? Double, "\(first)")
        let second = try plan("\(Cell.number(share * 100))%")
        #expect((second["holdout"] as? Int) == (first["holdout_needed"] as? Int), "\(first) then \(second)")
        #expect(((second["power_at_planned_holdout"] as? Double) ?? 0) >= 0.8, "\(second)")
        #expect((second["holdout_needed_share"] as? Double) == share, "the plan of the planned campaign asks for the same: \(second)")
    }

    /// A plain list named like the campaign is no run of it: no one was contacted or held out.
    @Test func aPlainListIsNoCampaignRun() throws {
        let db = try Self.copyOfTheDemo()
        let dir = Support.tempDir()
        try "export aum >= 1000k to list never_run\n".write(to: dir.appendingPathComponent("plain.seg"), atomically: true, encoding: .utf8)
        let plain = try Support.seg(["run", "plain.seg", "--db", db], cwd: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        try "use stdlib.bank\ncampaign never_run\n  target aum >= 1000k\n  holdout 10% seed \"n\"\n".write(to: dir.appendingPathComponent("nr.seg"), atomically: true, encoding: .utf8)
        try "use \"nr.seg\"\nevaluate campaign never_run\n  response = any(transactions within 30 days after contact)\n".write(to: dir.appendingPathComponent("ev.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "ev.seg", "--db", db], cwd: dir)
        #expect(r.status != 0 && r.stderr.contains("E0737") && r.stderr.contains("has not run"), "\(r.stdout)\n\(r.stderr)")
    }

    /// A month's window from a month's end stops short of as_of: the plan names the window it read.
    @Test func aPlanNamesTheWindowItRead() throws {
        let dir = Support.tempDir()
        try "use stdlib.bank\ncampaign me\n  target aum >= 200k\n  holdout 10% seed \"m\"\n  channel phone\n".write(to: dir.appendingPathComponent("me.seg"), atomically: true, encoding: .utf8)
        try "use \"me.seg\"\nplan campaign me\n  response = any(transactions within 1 month after contact)\n".write(to: dir.appendingPathComponent("p.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "p.seg", "--db", Support.demoPath, "--as-of", "2026-10-30"], cwd: dir)
        #expect(r.stdout.contains("from a contact on 2026-09-30 to 2026-10-29"), "\(r.stdout)\n\(r.stderr)")
    }

    /// An uplift that would take the rate past 100% is said, not sized.
    @Test func anUpliftPastAHundredPercentIsSaid() throws {
        let r = try Support.run("""
            use stdlib.bank
            campaign open
              target aum >= 200k
              holdout 10% seed "x"
              channel phone
            plan campaign open
              response = any(transactions within 30 days after contact)
              uplift 90%
            """, db: try Self.copyOfTheDemo())
        let messages = r.outputs.compactMap { if case .message(let m) = $0 { return m } else { return nil } }.joined(separator: "\n")
        #expect(messages.contains("would be a response rate above 100%: ask for at most"), "\(messages)")
    }

    /// In the REPL, an `evaluate campaign` typed over three lines runs once, whole, and a
    /// later entry does not run it again.
    @Test func theREPLTakesEvaluateAndPlanWhole() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let entry = """
            use stdlib.bank
            evaluate campaign q3_deposit_drive
              response = any(transactions where type = "deposit" within 30 days after contact)
              by decile(age)
            count all

            """
        let r = try Support.seg(["repl", "--db", db], cwd: dir, stdin: entry)
        #expect(r.stdout.components(separatedBy: "uplift by decile of age").count == 2, "\(r.stdout)")
        #expect(r.stdout.components(separatedBy: "effect of q3_deposit_drive").count == 2, "\(r.stdout)")
        #expect(!r.stdout.contains("E0202") && !r.stderr.contains("E0202"), "\(r.stderr)")
    }

    /// A list without a holdout has no uplift to rank: its Qini figures are missing, not the
    /// treated responders; its decile rates are still there.
    @Test func aListWithoutAHoldoutHasNoQini() throws {
        let dir = Support.tempDir()
        let db = try Self.copyOfTheDemo()
        try "use stdlib.bank\ncampaign all_in\n  target aum >= 100k\n  channel phone\n".write(to: dir.appendingPathComponent("c.seg"), atomically: true, encoding: .utf8)
        #expect(try Support.seg(["run", "c.seg", "--db", db, "--as-of", "2026-10-01"], cwd: dir).status == 0)
        let out = try CampaignScienceTests.tables("use \"c.seg\"\nevaluate campaign all_in\n  response = any(transactions within 30 days after contact)\n  by decile(age)\n",
                                                  db: db, cwd: dir)
        let deciles = CampaignScienceTests.rows(out, titled: "uplift by decile")
        #expect(deciles.count == 10 && deciles.allSatisfy { $0["qini"] is NSNull && $0["held"] as? Int == 0 && $0["treated_rate"] is NSNumber }, "\(deciles)")
        let quality = CampaignScienceTests.rows(out, titled: "uplift model quality").first ?? [:]
        #expect(quality["qini_auc"] is NSNull && quality["auuc"] is NSNull, "\(quality)")
    }

    /// In the REPL, a campaign entered earlier ran in its own entry: a later plan of it saves
    /// nothing, and does not warn that it does.
    @Test func aREPLPlanOfAnEarlierEntrysCampaignDoesNotWarn() throws {
        let dir = Support.tempDir()
        let db = try Self.copyOfTheDemo()
        let r = try Support.seg(["repl", "--db", db], cwd: dir, stdin: """
            use stdlib.bank
            campaign rc
              target aum >= 1000k
              holdout 10% seed "x"
              channel phone

            plan campaign rc
              response = any(transactions within 30 days after contact)

            """)
        #expect(r.stdout.contains("plan campaign rc"), "\(r.stdout)")
        #expect(!r.stderr.contains("W0709") && !r.stdout.contains("W0709"), "\(r.stderr)")
        #expect(try SQLiteDatabase(path: db).query("SELECT COUNT(*) FROM seg_lists WHERE name = 'rc'") == [[.integer(1)]])
    }

    /// A campaign without a holdout measures nothing: the plan says so and what the uplift needs.
    @Test func aPlanWithoutAHoldoutSaysWhatItNeeds() throws {
        let r = try Support.run("""
            use stdlib.bank
            campaign open
              target aum >= 200k
              channel phone
            plan campaign open
              response = any(transactions where type = "deposit" within 30 days after contact)
              uplift 15%
            """, db: try Self.copyOfTheDemo())
        let messages = r.outputs.compactMap { if case .message(let m) = $0 { return m } else { return nil } }.joined(separator: "\n")
        #expect(messages.contains("holds no one out: no uplift can be measured"), "\(messages)")
        #expect(messages.contains("an uplift of 15.00 pp needs `holdout "), "\(messages)")
    }
}
