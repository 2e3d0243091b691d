import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `expect` statements and `seg test`: each expectation's verdict against the database's own
/// answer (SQL written here by hand), the runner's report and exit code, its JSON, and the
/// same statements in `seg run`.
@Suite struct ExpectTests {
    struct Bank {
        var db: String
        var rich: Int64
        var richKey: Int64
        var otherKey: Int64
    }

    static func bank() throws -> Bank {
        let db = try SQLiteDatabase(path: Support.demoPath)
        func int(_ sql: String) throws -> Int64 {
            guard case .integer(let n)? = try db.query(sql).first?.first else { throw CocoaError(.fileReadUnknown) }
            return n
        }
        return Bank(db: Support.demoPath, rich: try int("SELECT COUNT(*) FROM customers WHERE aum >= 1000000"),
                    richKey: try int("SELECT MIN(customer_id) FROM customers WHERE aum >= 1000000"),
                    otherKey: try int("SELECT MIN(customer_id) FROM customers WHERE aum < 1000000"))
    }

    @Test func theRunnerReportsEachExpectation() throws {
        let b = try Self.bank()
        let dir = Support.tempDir()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try "segment rich where aum >= 100万\n".write(to: dir.appendingPathComponent("segments.seg"), atomically: true, encoding: .utf8)
        try """
            use "../segments.seg"
            expect customer \(b.richKey) in rich
            expect customer \(b.otherKey) not in rich because aum >= 100万
            expect customer \(b.otherKey) in rich
            expect count rich = \(b.rich)
            expect count rich between 0 and 1
            expect customer 999999999 in rich
            expect customer \(b.richKey) in rich because aum < 0
            """.write(to: dir.appendingPathComponent("tests/rich.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["test", "--db", b.db], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.dropLast()) == [
            "tests/rich.seg",
            "  ok      expect customer \(b.richKey) in rich  (line 2)",
            "  ok      expect customer \(b.otherKey) not in rich because aum >= 100万  (line 3)",
            "  FAILED  expect customer \(b.otherKey) in rich  (line 4)",
            "          customer \(b.otherKey) is not in rich",
            "  ok      expect count rich = \(b.rich)  (line 5)",
            "  FAILED  expect count rich between 0 and 1  (line 6)",
            "          count is \(Cell.grouped(b.rich))",
            "  FAILED  expect customer 999999999 in rich  (line 7)",
            "          customer 999999999 is not in table customers",
            "  FAILED  expect customer \(b.richKey) in rich because aum < 0  (line 8)",
            "          customer \(b.richKey) is in rich, and `aum < 0` is false for customer \(b.richKey)",
        ], "\(r.stdout)")
        #expect(lines.last?.hasPrefix("3 passed, 4 failed (1 file, ") == true)

        let json = try Support.seg(["test", "tests/rich.seg", "--db", b.db, "--format", "json"], cwd: dir)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["passed"] as? Int == 3 && doc?["failed"] as? Int == 4)
        let first = ((doc?["files"] as? [[String: Any]])?.first?["expectations"] as? [[String: Any]])?.first
        #expect(first?["line"] as? Int == 2 && first?["passed"] as? Bool == true && first?["expect"] as? String == "expect customer \(b.richKey) in rich")
    }

    @Test func allPassingExitsZero() throws {
        let b = try Self.bank()
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: b.db, toPath: db)
        func runs() throws -> Int64 {
            let s = try SQLiteDatabase(path: db)
            guard try !s.query("SELECT 1 FROM sqlite_master WHERE name = 'seg_runs'").isEmpty,
                  case .integer(let n)? = try s.query("SELECT COUNT(*) FROM seg_runs").first?.first else { return 0 }
            return n
        }
        let before = try runs()
        try "segment rich where aum >= 100万\nexpect count rich >= 1\nexpect customer \(b.richKey) in rich\n"
            .write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["test", "t.seg", "--db", db], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("2 passed, 0 failed (1 file, "))
        #expect(try runs() == before, "a test only reads: no ledger row")
    }

    /// A test script only reads; errors are reported per file and fail the run.
    @Test func aTestThatWouldWriteIsRefused() throws {
        let dir = Support.tempDir()
        try "segment rich where aum >= 100万\nexport rich to csv \"x.csv\"\nexpect count rich >= 1\n"
            .write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        try "expect count nobody >= 1\n".write(to: dir.appendingPathComponent("u.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["test", ".", "--db", Support.demoPath], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("E0727") && r.stdout.contains("t.seg:2:1"), "\(r.stdout)")
        #expect(r.stdout.contains("E0301") && r.stdout.contains("u.seg:1:14"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.csv").path))
        #expect(r.stdout.contains("0 passed, 0 failed, 2 files with errors"))
    }

    /// In `seg run`, a failed expectation stops the run as `assert` does: exit 4, nothing saved.
    @Test func inARunAFailedExpectationStopsIt() throws {
        let b = try Self.bank()
        let dir = Support.tempDir()
        try "segment rich where aum >= 100万\nexport rich to csv \"x.csv\"\nexpect customer \(b.otherKey) in rich\n"
            .write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "t.seg", "--db", b.db], cwd: dir)
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("E0726") && r.stderr.contains("expectation failed: customer \(b.otherKey) is not in rich"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.csv").path))
        try "segment rich where aum >= 100万\nexpect customer \(b.richKey) in rich\ncount rich\n"
            .write(to: dir.appendingPathComponent("ok.seg"), atomically: true, encoding: .utf8)
        let ok = try Support.seg(["run", "ok.seg", "--db", b.db], cwd: dir)
        #expect(ok.status == 0 && ok.stdout == "count rich: \(Cell.grouped(b.rich))\n", "\(ok.stdout)\(ok.stderr)")
    }

    @Test func badExpectationsAreClearErrors() throws {
        let dir = Support.tempDir()
        for (script, expected) in [("expect count all\n", "E0217"), ("expect client 1 in all\n", "E0518"),
                                   ("expect customer \"x\" in all\n", "E0519"), ("expect customer 1 in all because aum\n", "expected a condition")] {
            try script.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
            let r = try Support.seg(["check", "t.seg"], cwd: dir)
            #expect(r.status == 1 && r.stderr.contains(expected), "\(script): \(r.stderr)")
        }
    }

    /// In the REPL an `expect` says "ok" when it holds; one that does not stops its entry
    /// (nothing after it in the entry runs) and makes piped input exit 1.
    @Test func inTheREPLAnExpectationSaysWhetherItHolds() throws {
        let b = try Self.bank()
        let dir = Support.tempDir()
        let r = try Support.seg(["repl", "--db", b.db], cwd: dir,
                                stdin: "segment rich where aum >= 100万\nexpect count rich >= 1\nexpect count rich = 0; export rich to csv \"z.csv\"\n")
        #expect(r.stdout == "ok      expect count rich >= 1\n", "\(r.stdout)")
        #expect(r.stderr.contains("E0726") && r.stderr.contains("the count is \(b.rich), expected exactly 0"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("z.csv").path))
        #expect(r.status == 1)
    }

    /// Usage errors are exit 2 with the command's own usage; errors in JSON have their place.
    @Test func usageAndStructuredErrors() throws {
        let dir = Support.tempDir()
        let missing = try Support.seg(["test", "nope.seg"], cwd: dir)
        #expect(missing.status == 2 && missing.stderr.contains("no such file or folder: nope.seg") && missing.stderr.contains("seg test"), "\(missing.stderr)")
        let noFolder = try Support.seg(["test"], cwd: dir)
        #expect(noFolder.status == 2 && noFolder.stderr.contains("no tests/ folder"))
        try "expect count nobody >= 1\n".write(to: dir.appendingPathComponent("u.seg"), atomically: true, encoding: .utf8)
        let json = try Support.seg(["test", "u.seg", "u.seg", "--format", "json", "--db", Support.demoPath], cwd: dir)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let files = doc?["files"] as? [[String: Any]] ?? []
        #expect(files.count == 1, "a file named twice runs once")
        let error = (files.first?["errors"] as? [[String: Any]])?.first
        #expect(error?["code"] as? String == "E0301" && error?["line"] as? Int == 1 && error?["column"] as? Int == 14, "\(json.stdout)")
    }

    /// The example test script passes on the default demo bank, as the README says.
    @Test func theExampleTestsPass() throws {
        let r = try Support.seg(["test", "examples/tests"], cwd: Support.root)
        #expect(r.status == 0 && r.stdout.contains("8 passed, 0 failed"), "\(r.stdout)\(r.stderr)")
    }
}
