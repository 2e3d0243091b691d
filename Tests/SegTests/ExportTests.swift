import CSV
import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Exports as files and lists: formats read back by independent readers, values exact.
@Suite struct ExportTests {
    /// Runs in-process; paths in these scripts are absolute (tests run in parallel, so the
    /// working directory is not theirs to change; relative paths are tested through the CLI).
    func run(_ script: String, in dir: URL, revealingPersonalData reveal: Bool = false) throws -> (RunResult, String) {
        let db = try Support.fixtureDatabase()
        try Support.grantRoles(db)
        return (try Support.run(script, db: db, options: Support.options(role: reveal ? "crm" : nil)), db)
    }

    @Test func csvFollowsRFC4180AndRoundTrips() throws {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("out/all.csv").path
        let (r, _) = try run("export all to csv \"\(path)\" with customer_id, name, city, aum, open_date, vip_flag", in: dir,
                        revealingPersonalData: true)  // names with commas and quotes, as they are
        #expect(r.failure == nil, "\(Support.rendered(r))")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("customer_id,name,city,aum,open_date,vip_flag\r\n1,张伟,上海,1000,2020-01-15,false\r\n"))
        #expect(text.contains("\r\n3,O'Brien,"))
        #expect(text.contains("\r\n5,\"Smith, J\",,,2024-02-29,\r\n"))
        #expect(text.contains("\r\n8,\"Ann \"\"A\"\" Lee\",北京,500,2026-10-31,false\r\n"))
        #expect(text.contains("\r\n10,周杰,上海,499999.99,"))
        #expect(text.hasSuffix("\r\n"))
        // An independent reader gets every value back.
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(rows.count == 12)
        #expect(rows[4] == ["5", "Smith, J", "", "", "2024-02-29", ""])
        #expect(rows[7][1] == "Ann \"A\" Lee")
        #expect(rows.map { $0[0] } == (1...12).map(String.init))
    }

    @Test func jsonLinesAreTyped() throws {
        let dir = Support.tempDir()
        let (r, _) = try run("export customer_id in [3, 5, 8] to jsonl \"\(dir.path)/x.jsonl\" with customer_id, name, aum, vip_flag, open_date", in: dir,
                        revealingPersonalData: true)
        #expect(r.failure == nil)
        let text = try String(contentsOf: dir.appendingPathComponent("x.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"customer_id":3,"name":"O'Brien","aum":5000000,"vip_flag":true,"open_date":"2015-07-01"}"#)
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(second?["aum"] is NSNull)
        #expect(second?["vip_flag"] is NSNull)
        let third = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
        #expect(third?["name"] as? String == "Ann \"A\" Lee")
    }

    @Test func personalDataIsMaskedOnExport() throws {
        let dir = Support.tempDir()
        let (r, _) = try run("export customer_id = 2 to csv \"\(dir.path)/p.csv\" with customer_id, phone", in: dir)
        #expect(r.failure == nil)
        #expect(try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8) == "customer_id,phone\r\n2,139****2222\r\n")
    }

    @Test func listsAreVersionedAndImmutable() throws {
        let dir = Support.tempDir()
        let script = "segment vip where aum >= 500k\nexport vip to list\nexport vip to list\nexport aum > 1m to list big with aum\n"
        let (r, db) = try run(script, in: dir)
        #expect(r.failure == nil, "\(Support.rendered(r))")
        #expect(r.outputs == [
            .message("saved list vip version 1 (5 members)"),
            .message("saved list vip version 2 (5 members)"),
            .message("saved list big version 1 (2 members)"),
        ])
        let sqlite = try SQLiteDatabase(path: db)
        let members = try sqlite.query("SELECT member_key FROM seg_list_members WHERE name = 'vip' AND version = 2 ORDER BY member_key")
        #expect(members == [[.integer(2)], [.integer(3)], [.integer(7)], [.integer(9)], [.integer(12)]])
        let data = try sqlite.query("SELECT data FROM seg_list_members WHERE name = 'big' ORDER BY member_key")
        #expect(data == [[.text(#"{"customer_id":3,"aum":5000000}"#)], [.text(#"{"customer_id":7,"aum":6000000}"#)]])
        #expect(throws: EngineError.self) { try sqlite.execute("UPDATE seg_lists SET members = 0") }
        #expect(throws: EngineError.self) { try sqlite.execute("DELETE FROM seg_list_members") }
        #expect(try sqlite.query("SELECT count(*) FROM seg_list_members") == [[.integer(12)]])
    }

    @Test func tableExportNeverReplacesATable() throws {
        let dir = Support.tempDir()
        let (r, db) = try run("export aum >= 500k to table mkt_vip with customer_id, aum", in: dir)
        #expect(r.failure == nil)
        #expect(try SQLiteDatabase(path: db).query("SELECT customer_id, aum FROM mkt_vip ORDER BY 1").count == 5)
        let again = try Support.run("export all to table mkt_vip", db: db)
        #expect(again.failure == .engine)
        #expect(again.diagnostics.first?.code == "E0711")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM mkt_vip") == [[.integer(5)]])
        let customers = try Support.run("export all to table customers", db: db)
        #expect(customers.diagnostics.first?.code == "E0711")
        // Two exports of one run to one new table: said as that, and nothing is made.
        let twice = try Support.run("export all to table t_twice\nexport aum >= 500k to table t_twice\n", db: db)
        #expect(twice.diagnostics.map(\.code) == ["E0735"], "\(twice.diagnostics.map(\.message))")
        #expect(try SQLiteDatabase(path: db).query("SELECT count(*) FROM sqlite_master WHERE name = 't_twice'") == [[.integer(0)]])
    }

    /// An exported table keeps its source columns' types: a DOUBLE column whose exported values
    /// happen to be whole stays a floating type, an INTEGER stays INTEGER, flags and dates keep theirs.
    @Test func tablesKeepTheSourceColumnTypes() throws {
        let script = "export aum >= 500k and aum < 1m to table mkt_t with customer_id, age, aum, vip_flag, open_date, city, aum * 2\n"
        let (r, db) = try run(script, in: Support.tempDir())
        #expect(r.failure == nil, "\(Support.rendered(r))")
        let types = try SQLiteDatabase(path: db).query("SELECT name, type FROM pragma_table_info('mkt_t') ORDER BY cid").map { row in
            row.map { v -> String in if case .text(let t) = v { return t } else { return "" } }
        }
        #expect(types == [["customer_id", "INTEGER"], ["age", "INTEGER"], ["aum", "REAL"], ["vip_flag", "BOOLEAN"],
                          ["open_date", "DATE"], ["city", "TEXT"], ["c7", "REAL"]], "\(types)")
        if Postgres.conninfo != nil {
            let database = try PostgresTests.copy(of: PostgresTests.templates.fixture)
            defer { _ = try? Postgres.psql("DROP DATABASE \(database)") }
            let pg = try Support.run(script, engine: try PostgresEngine(Postgres.conninfo! + " dbname=\(database)"))
            #expect(pg.failure == nil, "\(Support.rendered(pg))")
            let out = try Postgres.psql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'mkt_t' ORDER BY ordinal_position;", database: database)
            #expect(out.stdout == "customer_id\tbigint\nage\tbigint\naum\tdouble precision\nvip_flag\tboolean\nopen_date\tdate\ncity\ttext\nc7\tdouble precision\n", "\(out.stdout)")
        }
    }
}
