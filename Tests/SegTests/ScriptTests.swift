import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Runs every script in Tests/scripts with the `seg` binary and checks what it states in
/// its comments (Tests/scripts/README.md), and runs every example on a demo bank.
@Suite struct ScriptTests {
    struct Expectations {
        var output: [String] = []
        var errors: [(line: Int, column: Int, text: String)] = []
        var warnings: [(line: Int, column: Int, text: String)] = []
        var exit: Int32?
        var args: [String] = []
        /// More SQL files (beside the script) loaded into the fixture bank first.
        var fixtures: [String] = []
    }

    static func expectations(_ text: String) -> Expectations {
        var e = Expectations()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let r = line.range(of: "-- ") else { continue }
            let comment = line[r.upperBound...]
            if comment.hasPrefix("expect: ") {
                e.output.append(String(comment.dropFirst("expect: ".count)))
            } else if comment.hasPrefix("expect error: ") {
                let rest = comment.dropFirst("expect error: ".count)
                let parts = rest.split(separator: " ", maxSplits: 1)
                let place = parts[0].split(separator: ":").compactMap { Int($0) }
                e.errors.append((place[0], place[1], parts.count > 1 ? String(parts[1]) : ""))
            } else if comment.hasPrefix("expect warning: ") {
                let rest = comment.dropFirst("expect warning: ".count)
                let parts = rest.split(separator: " ", maxSplits: 1)
                let place = parts[0].split(separator: ":").compactMap { Int($0) }
                e.warnings.append((place[0], place[1], parts.count > 1 ? String(parts[1]) : ""))
            } else if comment.hasPrefix("expect exit: ") {
                e.exit = Int32(comment.dropFirst("expect exit: ".count).trimmingCharacters(in: .whitespaces))
            } else if comment.hasPrefix("fixture: ") {
                e.fixtures.append(String(comment.dropFirst("fixture: ".count)).trimmingCharacters(in: .whitespaces))
            } else if comment.hasPrefix("args: ") {
                e.args += comment.dropFirst("args: ".count).split(separator: " ").map(String.init)
            }
        }
        return e
    }

    static let scripts: [String] = {
        let dir = Support.root.appendingPathComponent("Tests/scripts")
        let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        // Modules that scripts `use` live in `lib/` folders and are not run on their own.
        return files.filter { $0.hasSuffix(".seg") && !$0.contains("/lib/") }.sorted()
    }()

    @Test func thereAreScripts() {
        #expect(Self.scripts.count >= 15)
    }

    /// Every script under every plan: the members never depend on how aggregates are computed.
    @Test(arguments: scripts, ["auto", "correlated", "grouped"])
    func script(_ name: String, _ plan: String) throws {
        let path = Support.root.appendingPathComponent("Tests/scripts/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let e = Self.expectations(text)
        let db = try Support.fixtureDatabase()
        for extra in e.fixtures {
            let sql = try String(contentsOfFile: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(extra).path, encoding: .utf8)
            try SQLiteDatabase(path: db).execute(sql)
        }
        let cwd = Support.tempDir()
        var args = ["run", path, "--db", db, "--plan", plan]
        if !e.args.contains("--as-of") { args += ["--as-of", "2026-11-01"] }
        let run = try Support.seg(args + e.args, cwd: cwd)
        let expectedExit = e.exit ?? (e.errors.isEmpty ? 0 : 1)
        #expect(run.status == expectedExit, "exit code of \(name); stderr:\n\(run.stderr)")
        if !e.output.isEmpty {
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }.filter { !$0.isEmpty }
            #expect(lines == e.output, "output of \(name)")
        }
        for err in e.errors {
            let header = "\(path):\(err.line):\(err.column)\n"
            let found = run.stderr.components(separatedBy: "error[").contains { $0.contains(header) && $0.contains(err.text) }
            #expect(found, "\(name): no error at \(err.line):\(err.column) containing “\(err.text)”; stderr:\n\(run.stderr)")
        }
        for w in e.warnings {
            let header = "\(path):\(w.line):\(w.column)\n"
            let found = run.stderr.components(separatedBy: "warning[").contains { $0.contains(header) && $0.contains(w.text) }
            #expect(found, "\(name): no warning at \(w.line):\(w.column) containing “\(w.text)”; stderr:\n\(run.stderr)")
        }
        if e.errors.isEmpty, e.warnings.isEmpty, expectedExit == 0 {
            #expect(run.stderr.isEmpty, "\(name) printed to stderr:\n\(run.stderr)")
        }
    }

    static let examples: [String] = {
        let dir = Support.root.appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".seg") }.sorted()
    }()

    @Test func thereAreExamples() {
        #expect(Self.examples.contains("quickstart.seg"))
    }

    /// Every example runs cleanly on a demo bank (3,000 customers, seed 7) and prints what its
    /// snapshot in Tests/snapshots/output says; PostgresTests proves the same rows on PostgreSQL.
    @Test(arguments: examples)
    func example(_ name: String) throws {
        let path = Support.root.appendingPathComponent("examples/\(name)").path
        let cwd = Support.tempDir()
        // Each example gets its own copy: examples save lists, and versions must not depend on order.
        let db = cwd.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let run = try Support.seg(["run", path, "--db", db, "--as-of", "2026-11-01"], cwd: cwd)
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stderr.isEmpty, "\(name) printed to stderr:\n\(run.stderr)")
        #expect(!run.stdout.isEmpty)
        assertSnapshot(run.stdout, named: "output/\(name.replacingOccurrences(of: ".seg", with: "")).txt")
    }
}
