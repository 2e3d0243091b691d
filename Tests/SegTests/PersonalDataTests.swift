import CSV
import Foundation
import Testing
import SegSyntax
import SegCheck
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §5 as a property: random expression trees over personal fields (arithmetic,
/// `coalesce`, `if`, `min`, aggregates, `bucket`) go out through every way a value can leave
/// — `show`, csv, jsonl, list members, `export to table`, `sample`, `explain … for` — and no
/// output holds a personal value unmasked, while every value that is not personal (flags and
/// numbers with personal-looking names included) comes out exactly as the revealing role sees
/// it. Whether a tree is personal is decided here, by the generator's own rule, not read from
/// the checker.
@Suite struct PersonalDataTests {
    /// A bank whose personal columns are all different from anything else it holds, so a
    /// personal value found in an output can only have leaked. `card_no` is a number declared
    /// `pii`; `mobile_banking`, `phone_verified`, `mobile_score`, `email_count` and
    /// `mobile_segment` only look personal.
    static let bankSQL = """
        CREATE TABLE pd_customers (
            customer_id INTEGER PRIMARY KEY, name TEXT, phone TEXT, id_number TEXT, email TEXT, address TEXT,
            city TEXT, aum DOUBLE PRECISION, card_no BIGINT, mobile_banking BOOLEAN, phone_verified BOOLEAN,
            mobile_score DOUBLE PRECISION, email_count INTEGER, mobile_segment TEXT, open_date DATE);
        INSERT INTO pd_customers VALUES
         (1, '张伟', '13812341111', '440301199003070815', 'zhang.wei@example.cn', '上海市浦东新区世纪大道100号', '上海', 1200000, 6222020000001111, TRUE, TRUE, 0.75, 3, '高频', '2015-03-01'),
         (2, '欧阳娜娜', '13998762222', '11010119851231002X', 'ouyang@example.cn', '北京市朝阳区建国路88号', '北京', 80000, 6222020000002222, FALSE, TRUE, 0.5, 0, '低频', '2019-07-15'),
         (3, 'Ann Lee', '15011113333', '310101197707070033', NULL, '深圳市南山区科技园1栋', '深圳', 5500000.5, NULL, TRUE, FALSE, 1, 12, '高频', '2010-01-31'),
         (4, '王小明', NULL, '320102200001014444', 'xm.wang@example.cn', NULL, NULL, NULL, 6222020000004444, FALSE, FALSE, NULL, NULL, NULL, NULL),
         (5, '李娜', '18655554444', '510104198808085555', 'lina@example.cn', '成都市武侯区天府大道5号', '成都', 300000, 6222020000005555, TRUE, TRUE, 0.25, 1, '中频', '2021-11-11');
        CREATE TABLE pd_contacts (
            contact_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES pd_customers (customer_id),
            contact_date DATE, phone TEXT, channel TEXT);
        INSERT INTO pd_contacts VALUES
         (1, 1, '2026-10-01', '02166660001', 'phone'),
         (2, 1, '2026-10-20', '13766660002', 'sms'),
         (3, 2, '2026-09-05', '13566660003', 'phone'),
         (4, 3, '2026-10-30', '13366660004', 'email'),
         (5, 5, '2026-08-08', '13166660005', 'sms');
        """

    static let header = """
        entity customer from table pd_customers key customer_id
          field card_no pii
          has many contacts from table pd_contacts on customer_id dated by contact_date

        """

    /// Every personal value the bank holds, as text: none may appear in any output.
    static let personalValues: [String] = [
        "张伟", "欧阳娜娜", "Ann Lee", "王小明", "李娜",
        "13812341111", "13998762222", "15011113333", "18655554444",
        "440301199003070815", "11010119851231002X", "310101197707070033", "320102200001014444", "510104198808085555",
        "zhang.wei@example.cn", "ouyang@example.cn", "xm.wang@example.cn", "lina@example.cn",
        "上海市浦东新区世纪大道100号", "北京市朝阳区建国路88号", "深圳市南山区科技园1栋", "成都市武侯区天府大道5号",
        "6222020000001111", "6222020000002222", "6222020000004444", "6222020000005555",
        "02166660001", "13766660002", "13566660003", "13366660004", "13166660005",
    ]

    // MARK: the generator

    struct Tree {
        enum Kind { case string, number, bool }
        var text: String
        var kind: Kind
        /// The spec's rule (LANGUAGE.md §5), applied independently of the checker: a value
        /// computed from a personal value is personal; a condition or a count is not.
        var personal: Bool
    }

    /// Random well-typed trees from a seeded generator (SplitMix64), so a failure reproduces.
    struct Generator {
        var rng: SplitMix64
        init(state: UInt64) { rng = SplitMix64(seed: state) }
        mutating func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        mutating func string(_ depth: Int) -> Tree {
            let leaves: [Tree] = [
                Tree(text: "name", kind: .string, personal: true),
                Tree(text: "phone", kind: .string, personal: true),
                Tree(text: "id_number", kind: .string, personal: true),
                Tree(text: "email", kind: .string, personal: true),
                Tree(text: "address", kind: .string, personal: true),
                Tree(text: "city", kind: .string, personal: false),
                Tree(text: "mobile_segment", kind: .string, personal: false),
                Tree(text: "\"x\(pick(3))\"", kind: .string, personal: false),
                Tree(text: "first(contacts.phone)", kind: .string, personal: true),
                Tree(text: "last(contacts.phone within 60 days)", kind: .string, personal: true),
                Tree(text: "max(contacts.phone)", kind: .string, personal: true),
                Tree(text: "first(contacts.channel)", kind: .string, personal: false),
                Tree(text: "bucket(aum, [100k, 1m])", kind: .string, personal: false),
                Tree(text: "bucket(card_no, [1, 6222020000003000])", kind: .string, personal: true),
            ]
            if depth <= 0 || pick(3) == 0 { return leaves[pick(leaves.count)] }
            switch pick(3) {
            case 0:
                let a = string(depth - 1), b = string(depth - 1)
                return Tree(text: "coalesce(\(a.text), \(b.text))", kind: .string, personal: a.personal || b.personal)
            case 1:
                let c = condition(depth - 1), a = string(depth - 1), b = string(depth - 1)
                return Tree(text: "(if \(c.text) then \(a.text) else \(b.text))", kind: .string, personal: a.personal || b.personal)
            default:
                let a = string(depth - 1), b = string(depth - 1)
                return Tree(text: "min(\(a.text), \(b.text))", kind: .string, personal: a.personal || b.personal)
            }
        }

        mutating func number(_ depth: Int) -> Tree {
            let leaves: [Tree] = [
                Tree(text: "aum", kind: .number, personal: false),
                Tree(text: "mobile_score", kind: .number, personal: false),
                Tree(text: "email_count", kind: .number, personal: false),
                Tree(text: "card_no", kind: .number, personal: true),
                Tree(text: "count(contacts)", kind: .number, personal: false),
                Tree(text: "distinct_count(contacts.phone)", kind: .number, personal: false),
                Tree(text: "\(pick(9) + 1)", kind: .number, personal: false),
            ]
            if depth <= 0 || pick(3) == 0 { return leaves[pick(leaves.count)] }
            switch pick(5) {
            case 0:
                let a = number(depth - 1), b = number(depth - 1)
                return Tree(text: "(\(a.text) + \(b.text))", kind: .number, personal: a.personal || b.personal)
            case 1:
                let a = number(depth - 1)
                return Tree(text: "(\(a.text) * 2)", kind: .number, personal: a.personal)
            case 2:
                let a = number(depth - 1)
                return Tree(text: "coalesce(\(a.text), 0)", kind: .number, personal: a.personal)
            case 3:
                let c = condition(depth - 1), a = number(depth - 1), b = number(depth - 1)
                return Tree(text: "(if \(c.text) then \(a.text) else \(b.text))", kind: .number, personal: a.personal || b.personal)
            default:
                let a = number(depth - 1)
                return Tree(text: "abs(-\(a.text))", kind: .number, personal: a.personal)
            }
        }

        mutating func condition(_ depth: Int) -> Tree {
            func bool(_ t: String) -> Tree { Tree(text: t, kind: .bool, personal: false) }
            switch pick(depth <= 0 ? 7 : 9) {
            case 0: return bool("\(string(depth - 1).text) starts with \"13\"")
            case 1: return bool("\(string(depth - 1).text) contains \"a\"")
            case 2: return bool("\(string(depth - 1).text) is missing")
            case 3: return bool("\(number(depth - 1).text) > 100")
            case 4: return bool("mobile_banking")
            case 5: return bool("\(string(depth - 1).text) in [\"x1\", \"上海\"]")
            case 6: return bool("phone_verified")
            case 7: return bool("(\(condition(depth - 1).text) and \(condition(depth - 1).text))")
            default: return bool("not (\(condition(depth - 1).text))")
            }
        }

        mutating func value(_ depth: Int) -> Tree { pick(3) == 0 ? number(depth) : string(depth) }
    }

    // MARK: running one batch through every way out

    /// What one way out put out: each row's cells for the batch's columns, by customer.
    typealias Cells = [Int64: [String?]]

    struct Outputs {
        var byPath: [String: Cells] = [:]
        /// Everything printed or written, for the search for personal values.
        var text = ""
    }

    /// The columns that only look personal, always shown with the generated ones.
    static let lookalikes = ["mobile_banking", "phone_verified", "mobile_score", "email_count", "mobile_segment"]

    static func text(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return Cell.number(d)
        case .text(let s): return s
        }
    }

    static func text(_ any: Any?) -> String? {
        switch any {
        case nil, is NSNull: return nil
        case let s as String: return s
        case let n as NSNumber: return Cell.number(n.doubleValue)  // true and false are 1 and 0
        default: return "\(any!)"
        }
    }

    /// Runs `trees` as defines d1…dn in every statement that puts values out, on `engine`.
    static func run(_ trees: [Tree], tag: String, reveal: Bool, engine: any Engine, dir: URL) throws -> Outputs {
        let names = trees.indices.map { "d\($0 + 1)" }
        let with = (["customer_id"] + names + lookalikes).joined(separator: ", ")
        let mode = reveal ? "r" : "m"
        let csv = dir.appendingPathComponent("\(tag)\(mode).csv").path, jsonl = dir.appendingPathComponent("\(tag)\(mode).jsonl").path
        var script = header
        for (n, t) in zip(names, trees) { script += "define \(n) = \(t.text)\n" }
        script += """
            show all with \(with) order by customer_id limit 100
            export all to csv "\(csv)" with \(with)
            export all to jsonl "\(jsonl)" with \(with)
            export all to list pd_\(tag)\(mode) with \(with)
            export all to table pd_\(tag)\(mode) with \(with)
            sample 5 from all seed "pd" with \(with)

            """
        // `explain … for` shows what each condition tested: conditions over the generated values.
        for (i, t) in trees.enumerated() where t.kind == .string {
            script += "define c\(i + 1) = \(names[i]) starts with \"1\" or \(names[i]) is missing or \(names[i]) = \"x1\"\n"
            script += "explain c\(i + 1) for customer \(i % 5 + 1)\n"
        }
        if reveal { try Support.grantRoles(engine) }
        var options = Support.options(role: reveal ? "crm" : nil)
        options.asOf = "2026-11-01"
        let result = try Session(engine: engine, options: options).run(path: "pd.seg", text: script)
        #expect(result.failure == nil, "\(script)\n\(Support.rendered(result))")
        var out = Outputs()
        let width = 1 + names.count + lookalikes.count
        func add(_ path: String, _ key: String?, _ cells: [String?]) {
            guard let key, let k = Int64(key) else { Issue.record("\(path): a row without its key"); return }
            out.byPath[path, default: [:]][k] = cells
        }
        var shows = 0
        for o in result.outputs {
            switch o {
            case .table(let t):
                out.text += t.rows.map { $0.map { text($0) ?? "" }.joined(separator: "|") }.joined(separator: "\n") + "\n"
                if t.columns.count == width {
                    shows += 1
                    for r in t.rows { add(shows == 1 ? "show" : "sample", text(r[0]), r.map(text)) }
                }
            case .message(let m): out.text += m + "\n"
            case .expectation(let r): out.text += r.text + " " + r.detail + "\n"
            case .count(let title, let value): out.text += "\(title) \(value)\n"
            case .explain(let title, let sql, let plan, _, _, _, _): out.text += ([title, sql] + plan).joined(separator: "\n")
            }
        }
        // csv, read back by an independent reader
        let csvText = try String(contentsOfFile: csv, encoding: .utf8)
        out.text += csvText
        let reader = try CSVReader(string: csvText, hasHeaderRow: true)
        while let row = reader.next() { add("csv", row[0], row.map { $0.isEmpty ? nil : $0 }) }
        // jsonl
        let jsonText = try String(contentsOfFile: jsonl, encoding: .utf8)
        out.text += jsonText
        let labels = ["customer_id"] + names + lookalikes
        for line in jsonText.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            add("jsonl", text(object["customer_id"]), labels.map { text(object[$0]) })
        }
        // the list version's members, as stored
        let store = try #require(engine.ownTables)
        for r in try store.storeQuery("SELECT member_key, data FROM seg_list_members WHERE name = \(.text("pd_\(tag)\(mode)"))") {
            guard case .text(let data) = r[1] else { continue }
            out.text += data + "\n"
            let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] ?? [:]
            add("list", text(object["customer_id"]), labels.map { text(object[$0]) })
        }
        // the exported table, as stored
        for r in try store.storeQuery("SELECT * FROM pd_\(raw: "\(tag)\(mode)")") {
            out.text += r.map { text($0) ?? "" }.joined(separator: "|") + "\n"
            add("table", text(r[0]), r.map(text))
        }
        return out
    }

    /// The property, for one batch: nothing personal leaves unmasked; everything else leaves
    /// exactly as the revealing role sees it; and the revealing role does see it.
    /// Returns whether the revealing role saw a personal value as it is stored.
    @discardableResult
    static func check(_ trees: [Tree], masked: Outputs, revealed: Outputs, label: String) -> Bool {
        for value in personalValues where masked.text.contains(value) {
            Issue.record("\(label): the personal value \(value) left unmasked\n\(trees.map(\.text).joined(separator: "\n"))")
        }
        for path in ["show", "csv", "jsonl", "list", "table", "sample"] {
            let m = masked.byPath[path] ?? [:], r = revealed.byPath[path] ?? [:]
            #expect(!m.isEmpty && m.keys.sorted() == r.keys.sorted(), "\(label) \(path): rows \(m.keys.sorted()) vs \(r.keys.sorted())")
            for (key, row) in m {
                guard let seen = r[key], seen.count == row.count else { continue }
                for (i, tree) in trees.enumerated() {
                    let a = row[i + 1], b = seen[i + 1]
                    if tree.personal {
                        // Masked: missing stays missing, a value is never the value itself.
                        #expect((a == nil) == (b == nil), "\(label) \(path) d\(i + 1) = \(tree.text), customer \(key): \(a ?? "missing") for \(b ?? "missing")")
                        if let a, let b, !b.isEmpty {
                            #expect(a != b && a.contains("*"), "\(label) \(path) d\(i + 1) = \(tree.text), customer \(key): \(a) for \(b)")
                        }
                    } else {
                        #expect(a == b, "\(label) \(path) d\(i + 1) = \(tree.text), customer \(key): \(a ?? "missing"), revealed \(b ?? "missing")")
                    }
                }
                // Look-alikes: exactly as stored, whoever looks.
                for j in 0..<lookalikes.count {
                    let i = 1 + trees.count + j
                    #expect(row[i] == seen[i], "\(label) \(path) \(lookalikes[j]), customer \(key): \(row[i] ?? "missing") vs \(seen[i] ?? "missing")")
                    #expect(row[i].map { !$0.contains("*") } ?? true)
                }
            }
        }
        return personalValues.contains { revealed.text.contains($0) }
    }

    static func batches(seed: UInt64, count: Int, size: Int = 6) -> [[Tree]] {
        var g = Generator(state: seed)
        return (0..<count).map { _ in (0..<size).map { _ in g.value(3) } }
    }

    @Test func randomTreesNeverLeaveUnmaskedOnSQLite() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: Self.bankSQL, in: dir)
        let engine = try SQLiteEngine(path: db)
        var personal = 0, seenRevealed = 0
        for (b, trees) in Self.batches(seed: 20261129, count: 30).enumerated() {
            personal += trees.filter(\.personal).count
            let m = try Self.run(trees, tag: "b\(b)", reveal: false, engine: engine, dir: dir)
            let r = try Self.run(trees, tag: "b\(b)", reveal: true, engine: engine, dir: dir)
            if Self.check(trees, masked: m, revealed: r, label: "SQLite batch \(b)") { seenRevealed += 1 }
        }
        // The test can fail: the revealing role sees the stored personal values, in most batches.
        #expect(seenRevealed >= 20, "only \(seenRevealed) of 30 batches showed a personal value even when revealed")
        // The generator makes both kinds, in numbers.
        #expect(personal > 40 && personal < 160, "\(personal) personal trees of 180")
    }

    /// Grouping by a generated value is refused exactly when it is personal (E0516).
    @Test func groupingIsRefusedExactlyForPersonalValues() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: Self.bankSQL, in: dir)
        let session = try Session(engine: try SQLiteEngine(path: db))
        for (b, trees) in Self.batches(seed: 77, count: 20, size: 10).enumerated() {
            for t in trees {
                for statement in ["count all by \(t.text)", "profile all by \(t.text) vs all"] {
                    var sources = SourceMap()
                    let (_, diagnostics) = session.check(path: "g.seg", text: Self.header + statement, sources: &sources)
                    let refused = diagnostics.contains { $0.code == "E0516" }
                    #expect(refused == t.personal, "batch \(b): \(statement): \(diagnostics.map(\.message))")
                    #expect(diagnostics.filter { $0.code != "E0516" }.isEmpty, "\(statement): \(diagnostics.map(\.message))")
                }
            }
        }
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func randomTreesNeverLeaveUnmaskedOnPostgreSQL() throws {
        let database = "seg_pd_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        #expect(try Postgres.psql("CREATE DATABASE \(database)").status == 0)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
        let load = try Postgres.psql(Self.bankSQL, database: database)
        #expect(load.status == 0, "\(load.stderr)")
        let engine = try PostgresEngine(Postgres.conninfo! + " dbname=\(database)")
        let lite = try SQLiteEngine(path: try Support.database(sql: Self.bankSQL))
        let dir = Support.tempDir()
        for (b, trees) in Self.batches(seed: 4242, count: 8).enumerated() {
            let m = try Self.run(trees, tag: "b\(b)", reveal: false, engine: engine, dir: dir)
            let r = try Self.run(trees, tag: "b\(b)", reveal: true, engine: engine, dir: dir)
            Self.check(trees, masked: m, revealed: r, label: "PostgreSQL batch \(b)")
            // The same masks as SQLite's, for every way out but the table (its engine's own types).
            let l = try Self.run(trees, tag: "b\(b)", reveal: false, engine: lite, dir: dir)
            for path in ["show", "csv", "jsonl", "list"] {
                #expect(Self.same(m.byPath[path], l.byPath[path]), "batch \(b) \(path): PostgreSQL and SQLite differ")
            }
        }
    }

    /// On Spark in local mode: the bank copied into the shared session's warehouse. Run from
    /// `SparkTests`, whose tests take the one session in turn.
    static func randomTreesOnSpark() throws {
        let dir = Support.tempDir()
        let lite = try SQLiteDatabase(path: try Support.database(sql: Self.bankSQL, in: dir))
        let spark = SparkReference.engine
        for table in ["pd_customers", "pd_contacts"] where try !spark.storeHasTable(table) {
            let csv = dir.appendingPathComponent("\(table).csv").path
            try spark.load(table: table, csv: csv, schema: try DemoBank.export(table, from: lite, csv: csv))
        }
        for (b, trees) in Self.batches(seed: 99, count: 2).enumerated() {
            let m = try Self.run(trees, tag: "s\(b)", reveal: false, engine: spark, dir: dir)
            let r = try Self.run(trees, tag: "s\(b)", reveal: true, engine: spark, dir: dir)
            Self.check(trees, masked: m, revealed: r, label: "Spark batch \(b)")
        }
    }

    /// Equal cells, numbers to 1e-9 (PostgreSQL and SQLite may sum in another order).
    static func same(_ a: Cells?, _ b: Cells?) -> Bool {
        guard let a, let b, a.keys.sorted() == b.keys.sorted() else { return false }
        for (k, row) in a {
            guard let other = b[k], other.count == row.count else { return false }
            for (x, y) in zip(row, other) where x != y {
                guard let x, let y, let p = Double(x), let q = Double(y), abs(p - q) <= 1e-9 * max(1, abs(p)) else { return false }
            }
        }
        return true
    }
}

/// The same guarantee from the command line: the REPL in every format, `seg run --format`,
/// roles from `seg.toml`, and what `seg lists` and the ledger record.
@Suite struct PersonalDataCLITests {
    static let script = PersonalDataTests.header + """
        define p = coalesce(phone, email)
        define who = if aum > 1m then name else id_number
        segment rich where aum > 100k
        show rich with customer_id, p, who, mobile_banking, mobile_score
        export rich to list rich_people with customer_id, p, who, city

        """

    func leaks(_ text: String) -> [String] { PersonalDataTests.personalValues.filter { text.contains($0) } }

    @Test func theREPLMasksInEveryFormat() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: PersonalDataTests.bankSQL, in: dir)
        for format in ["table", "csv", "json"] {
            // The REPL runs each complete line, so the entity goes on one line.
            let input = Self.script.replacingOccurrences(of: "\n  ", with: " ") + ".format csv\nshow rich with who, p\n.format json\nexplain p starts with \"1\" for customer 1\n"
            let r = try Support.seg(["repl", "--db", db, "--format", format, "--as-of", "2026-11-01"], cwd: dir, stdin: input)
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(leaks(r.stdout + r.stderr).isEmpty, "\(format): \(leaks(r.stdout + r.stderr))\n\(r.stdout)")
            #expect(r.stdout.contains("138****1111") && r.stdout.contains("张*"), "\(format): \(r.stdout)")
            // Flags and numbers named like personal data are printed as stored.
            #expect(r.stdout.contains("true") && r.stdout.contains("0.75"), "\(format): \(r.stdout)")
        }
    }

    @Test func rolesAreRecordedWithListsAndRuns() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: PersonalDataTests.bankSQL, in: dir)
        try Support.grantRoles(db)
        let path = dir.appendingPathComponent("people.seg")
        try Self.script.write(to: path, atomically: true, encoding: .utf8)
        for format in ["table", "csv", "json"] {
            let masked = try Support.seg(["run", path.path, "--db", db, "--format", format, "--role", "analyst"], cwd: dir)
            #expect(masked.status == 0, "\(masked.stderr)")
            #expect(leaks(masked.stdout).isEmpty, "\(format): \(leaks(masked.stdout))")
        }
        let revealed = try Support.seg(["run", path.path, "--db", db, "--role", "crm"], cwd: dir)
        #expect(revealed.status == 0, "\(revealed.stderr)")
        #expect(revealed.stdout.contains("13812341111"))
        let store = try SQLiteDatabase(path: db)
        // Three masked versions, then one revealed to crm: each says which columns, exactly.
        #expect(try store.query("SELECT version, masked, masked_columns, revealed_columns, role FROM seg_lists ORDER BY version") == [
            [.integer(1), .integer(1), .text("p,who"), .null, .text("analyst")],
            [.integer(2), .integer(1), .text("p,who"), .null, .text("analyst")],
            [.integer(3), .integer(1), .text("p,who"), .null, .text("analyst")],
            [.integer(4), .integer(0), .null, .text("p,who"), .text("crm")],
        ])
        let members = try store.query("SELECT data FROM seg_list_members WHERE version = 1").map { "\($0)" }.joined()
        #expect(leaks(members).isEmpty && members.contains("138****1111"), "\(members)")
        let unmasked = try store.query("SELECT data FROM seg_list_members WHERE version = 4").map { "\($0)" }.joined()
        #expect(unmasked.contains("13812341111"))
        // The ledger: the run's personal columns, masked or revealed and under which role.
        let me = Value.text(PolicyStore.osUser)
        #expect(try store.query("SELECT run_user, role, unmasked, masked_columns, revealed_columns FROM seg_runs ORDER BY run_id") == [
            [me, .text("analyst"), .integer(0), .text("p,who"), .null],
            [me, .text("analyst"), .integer(0), .text("p,who"), .null],
            [me, .text("analyst"), .integer(0), .text("p,who"), .null],
            [me, .text("crm"), .integer(1), .null, .text("p,who")],
        ])
        #expect(try store.query("SELECT DISTINCT run_user FROM seg_lists") == [[me]])
        let lists = try Support.seg(["lists", "--db", db], cwd: dir)
        #expect(lists.stdout.contains("UNMASKED (crm): p,who") && lists.stdout.contains("masked: p,who"), "\(lists.stdout)")
        let runs = try Support.seg(["lists", "--runs", "--db", db], cwd: dir)
        #expect(runs.stdout.contains("revealed: p,who") && runs.stdout.contains("masked: p,who"), "\(runs.stdout)")
    }

    @Test func groupingByAPersonalValueIsRefusedWithACoarserSuggestion() throws {
        let dir = Support.tempDir()
        let db = try Support.database(sql: PersonalDataTests.bankSQL, in: dir)
        let path = dir.appendingPathComponent("g.seg")
        try (PersonalDataTests.header + "define p = coalesce(phone, \"\")\ncount all by p\n").write(to: path, atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", path.path, "--db", db], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0516]: cannot group by `p`: `p` is personal data (computed from `phone`)"), "\(r.stderr)")
        #expect(r.stderr.contains("g.seg:5:14"), "\(r.stderr)")
        #expect(r.stderr.contains("such as `city` or `mobile_segment`"), "\(r.stderr)")
    }
}
