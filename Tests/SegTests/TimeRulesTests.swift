import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §4's time rules against a Python reference (Tests/reference/time_rules.py):
/// timestamps at every hour of the boundary days (window starts, month ends, the year's
/// end, as_of and the days after it), every comparison, `days_since`, `months_since`,
/// `year`, `month`, `first`/`last`, each window kind and every aggregate, as of three
/// month-ends — on SQLite (ISO text, Julian days, Unix seconds; every plan), PostgreSQL
/// (`timestamp`, and `timestamptz` in the database's zone) and Spark.
@Suite struct TimeRulesTests {
    /// The reference's files, written once for the run.
    static let reference: URL = {
        let dir = Support.tempDir()
        let r = try! Support.seg(["python3", Support.root.appendingPathComponent("Tests/reference/time_rules.py").path, dir.path],
                                 binary: URL(fileURLWithPath: "/usr/bin/env"))
        precondition(r.status == 0, "the Python reference failed: \(r.stderr)")
        return dir
    }()

    static var expected: [String: [String: Int]] {
        let data = try! Data(contentsOf: reference.appendingPathComponent("expected.json"))
        return try! JSONDecoder().decode([String: [String: Int]].self, from: data)
    }

    /// The reference's conditions, as a script over `relation`'s table.
    static func script(events table: String) throws -> String {
        let counts = try String(contentsOf: reference.appendingPathComponent("time_rules.seg"), encoding: .utf8)
        return "entity customer from table customers key customer_id\n  has many events from table \(table) on customer_id dated by event_time\n" + counts
    }

    /// `count C: N` lines as a dictionary.
    static func counts(_ stdout: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in stdout.split(separator: "\n") where line.hasPrefix("count ") {
            guard let colon = line.range(of: ": ", options: .backwards) else { continue }
            out[String(line[line.index(line.startIndex, offsetBy: 6)..<colon.lowerBound])] = Int(line[colon.upperBound...].replacingOccurrences(of: ",", with: ""))
        }
        return out
    }

    static func differences(_ got: [String: Int], _ want: [String: Int]) -> [String] {
        want.keys.sorted().compactMap { k in got[k] == want[k] ? nil : "\(k): seg \(got[k].map(String.init) ?? "none"), Python \(want[k]!)" }
    }

    static let sqlite: String = {
        let sql = try! String(contentsOf: reference.appendingPathComponent("time_rules.sql"), encoding: .utf8)
            + (try! String(contentsOf: reference.appendingPathComponent("time_rules_numeric.sql"), encoding: .utf8))
        return try! Support.database(sql: sql, name: "time.db")
    }()

    @Test(arguments: ["events", "events_julian", "events_unix"], ["auto", "grouped", "correlated"])
    func onSQLite(_ table: String, _ plan: String) throws {
        let dir = Support.tempDir()
        try Self.script(events: table).write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        for (asOf, want) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let run = try Support.seg(["run", "t.seg", "--db", Self.sqlite, "--as-of", asOf, "--plan", plan], cwd: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let diff = Self.differences(Self.counts(run.stdout), want)
            #expect(diff.isEmpty, "\(table) as of \(asOf), plan \(plan):\n\(diff.prefix(10).joined(separator: "\n"))")
        }
    }

    /// SQLite keeps what it is given: an empty text in a date column is no date (in no
    /// aggregate, as a missing one), and a time written with a zone offset counts by the date
    /// written — in comparisons, the as-of bound and windows alike.
    @Test func anEmptyDateIsNoDateAndAnOffsetKeepsItsWrittenDate() throws {
        let db = try Support.database(sql: """
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY);
            INSERT INTO customers VALUES (1), (2);
            CREATE TABLE notes (note_id INTEGER PRIMARY KEY, customer_id INTEGER, note_date DATE, amt REAL);
            INSERT INTO notes VALUES (1, 1, '2026-08-01', 1), (2, 1, NULL, 2), (3, 1, '', 8), (4, 1, '2026-09-15', 16);
            CREATE TABLE events (event_id INTEGER PRIMARY KEY, customer_id INTEGER, event_time TIMESTAMP);
            INSERT INTO events VALUES (1, 2, '2026-10-15T03:00:00+08:00'), (2, 2, '2026-10-16T05:00:00+08:00'), (3, 2, '2026-10-14T23:30:00-05:00');
            """)
        let script = """
            entity customer from table customers key customer_id
              has many notes from table notes on customer_id dated by note_date
              has many events from table events on customer_id dated by event_time
            count count(notes) = 1
            count sum(notes.amt) = 1
            count first(notes.amt) = 1
            count count(notes before 2026-09-01) = 1
            count count(events) = 2
            count any(events where event_time = 2026-10-15)
            count last(events.event_time) = 2026-10-15
            count count(events within 1 days) = 1
            count count(events within 2 days) = 2
            """
        let dir = Support.tempDir()
        try script.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let notes = try Support.seg(["run", "t.seg", "--db", db, "--as-of", "2026-08-31"], cwd: dir)
        let got = Self.counts(notes.stdout)
        #expect(got["count(notes) = 1"] == 1 && got["sum(notes.amt) = 1"] == 1 && got["first(notes.amt) = 1"] == 1
                && got["count(notes before 2026-09-01) = 1"] == 1, "\(notes.stdout)\(notes.stderr)")
        let events = Self.counts(try Support.seg(["run", "t.seg", "--db", db, "--as-of", "2026-10-15"], cwd: dir).stdout)
        // As written: 10-15 and 10-14 are on or before as_of, 10-16 is not.
        #expect(events["count(events) = 2"] == 1 && events["any(events where event_time = 2026-10-15)"] == 1
                && events["last(events.event_time) = 2026-10-15"] == 1 && events["count(events within 1 days) = 1"] == 1
                && events["count(events within 2 days) = 2"] == 1, "\(events)")
    }

    /// `timestamp`, and `timestamptz` read in the database's own zone (Asia/Shanghai here:
    /// the same wall-clock times, so the same dates; in UTC some would fall a day earlier).
    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set"), arguments: ["timestamp", "timestamptz"])
    func onPostgreSQL(_ type: String) throws {
        let name = "seg_time_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        #expect(try Postgres.psql("CREATE DATABASE \(name)").status == 0)
        defer { _ = try? Postgres.psql("DROP DATABASE \(name)") }
        #expect(try Postgres.psql("ALTER DATABASE \(name) SET timezone TO 'Asia/Shanghai'").status == 0)
        let sql = try String(contentsOf: Self.reference.appendingPathComponent("time_rules.sql"), encoding: .utf8)
            .replacingOccurrences(of: " TIMESTAMP NOT NULL", with: " \(type.uppercased()) NOT NULL")
        let load = try Postgres.psql(sql, database: name)
        #expect(load.status == 0, "\(load.stderr)")
        let dir = Support.tempDir()
        try Self.script(events: "events").write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        for (asOf, want) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let run = try Support.seg(["run", "t.seg", "--db", Postgres.conninfo! + " dbname=\(name)", "--as-of", asOf], cwd: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let diff = Self.differences(Self.counts(run.stdout), want)
            #expect(diff.isEmpty, "\(type) as of \(asOf):\n\(diff.prefix(10).joined(separator: "\n"))")
        }
    }
}

/// On Spark, in the Spark suite: one Spark session serves it, one statement at a time
/// (two runs at once would share its temporary views).
extension SparkTests {
    @Test func timeRulesOnSpark() throws {
        let spark = SparkReference.engine
        try spark.load(table: "time_customers", csv: TimeRulesTests.reference.appendingPathComponent("customers.csv").path,
                       schema: "customer_id INT, signup TIMESTAMP")
        try spark.load(table: "time_events", csv: TimeRulesTests.reference.appendingPathComponent("events.csv").path,
                       schema: "event_id INT, customer_id INT, event_time TIMESTAMP, amount DOUBLE")
        let text = try TimeRulesTests.script(events: "time_events").replacingOccurrences(of: "from table customers", with: "from table time_customers")
        for (asOf, want) in TimeRulesTests.expected.sorted(by: { $0.key < $1.key }) {
            var options = RunOptions()
            options.asOf = asOf
            let r = try Support.run(text, engine: spark, options: options)
            #expect(r.failure == nil, "\(r.diagnostics.map(\.message))")
            var got: [String: Int] = [:]
            for case .count(let title, let n) in r.outputs { got[title] = Int(n) }
            let diff = TimeRulesTests.differences(got, want)
            #expect(diff.isEmpty, "Spark as of \(asOf):\n\(diff.prefix(10).joined(separator: "\n"))")
        }
    }
}
