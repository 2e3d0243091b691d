import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg report`: one self-contained HTML page, rendered by headless Chromium (Debian's
/// `chromium`, installed by .ci/run) to a PNG, and every number in its DOM checked against
/// the JSON output of `seg run` of the same script on a copy of the same bank. The report
/// itself saves nothing.
@Suite struct ReportTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let scripts = ["campaign_vip_retention.seg", "value_profile.seg", "churn_model.seg", "vip_churn_warning.seg", "campaign_evaluation.seg", "campaign_science.seg"]

    static func copy() throws -> String {
        let path = Support.tempDir().appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: path)
        return path
    }

    static func count(_ db: String, _ sql: String) throws -> Int64 {
        guard case .integer(let n)? = try SQLiteDatabase(path: db).query(sql).first?.first else { return -1 }
        return n
    }

    /// Every table of the DOM: its title and its rows as column → raw value.
    static func tables(_ html: String) -> [(title: String, rows: [[String: String]])] {
        func unescape(_ s: String) -> String {
            s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
        func all(_ pattern: String, in text: String) -> [[String]] {
            let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
                (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
            }
        }
        return all(#"<table data-title="([^"]*)">(.*?)</table>"#, in: html).map { t in
            let headers = all(#"<th>(.*?)</th>"#, in: t[2]).map { unescape($0[1]) }
            let rows = all(#"<tr>(.*?)</tr>"#, in: t[2]).dropFirst().map { r -> [String: String] in
                let values = all(#"data-value="([^"]*)""#, in: r[1]).map { unescape($0[1]) }
                return Dictionary(zip(headers, values), uniquingKeysWith: { a, _ in a })
            }
            return (unescape(t[1]), Array(rows))
        }
    }

    static func same(_ json: Any, _ dom: String) -> Bool {
        switch json {
        case is NSNull: return dom.isEmpty
        case let n as NSNumber:
            guard let d = Double(dom) else { return false }
            return abs(n.doubleValue - d) <= 1e-9 * max(1, abs(d))
        case let s as String: return s == dom
        default: return false
        }
    }

    @Test(.enabled(if: chromium != nil, "no Chromium here (.ci/run installs Debian's chromium)"), arguments: scripts)
    func theNumbersInTheRenderedPageAreTheRunsOwn(_ script: String) throws {
        let examples = Support.root.appendingPathComponent("examples")
        let reportDB = try Self.copy(), runDB = try Self.copy()
        let dir = Support.tempDir()
        let html = dir.appendingPathComponent("report.html")
        let lists = try Self.count(reportDB, "SELECT COUNT(*) FROM seg_lists")
        let report = try Support.seg(["report", script, "--db", reportDB, "-o", html.path], cwd: examples)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Self.count(reportDB, "SELECT COUNT(*) FROM seg_lists") == lists, "a report saves no list version")
        #expect(try Self.count(reportDB, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'seg_runs'") == 0
                || Self.count(reportDB, "SELECT COUNT(*) FROM seg_runs WHERE scripts LIKE '%\(script)%'") == 0, "nor a ledger row")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://") && !page.contains("<link"), "self-contained")

        // Rendered by a browser: a PNG of the page, and the DOM it built.
        let png = dir.appendingPathComponent("report.png")
        let chrome = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files"]
        _ = try Support.seg(chrome + ["--screenshot=\(png.path)", "--window-size=1200,3000", html.absoluteString], cwd: dir, binary: URL(fileURLWithPath: Self.chromium!))
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "a PNG of the page")
        let dom = try Support.seg(chrome + ["--dump-dom", html.absoluteString], cwd: dir, binary: URL(fileURLWithPath: Self.chromium!)).stdout
        #expect(dom.contains("<svg") || !page.contains("<svg"))

        // The same script run for real, on its own copy: its JSON is what the page must show.
        let run = try Support.seg(["run", script, "--db", runDB, "--format", "json"], cwd: examples)
        #expect(run.status == 0, "\(run.stderr)")
        let domTables = Self.tables(dom)
        var checked = 0
        var seen: [String: Int] = [:]  // a title shown twice: its k-th table is the k-th in the page
        for line in run.stdout.split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            if let segment = o["segment"] as? String, let n = o["count"] as? Int {
                #expect(dom.contains("data-title=\"\(segment)\" data-value=\"\(n)\""), "\(script): count \(segment)")
                checked += 1
            }
            guard let title = o["title"] as? String, let rows = o["rows"] as? [[String: Any]] else { continue }
            let k = seen[title, default: 0]
            seen[title] = k + 1
            let same = domTables.filter { $0.title == title }
            guard k < same.count else { Issue.record("\(script): no table \(title) in the page"); continue }
            let table = same[k]
            #expect(table.rows.count == rows.count, "\(script): \(title)")
            for (jsonRow, domRow) in zip(rows, table.rows) {
                for (column, value) in jsonRow {
                    #expect(Self.same(value, domRow[column] ?? "<none>"), "\(script): \(title) \(column): \(value) vs \(domRow[column] ?? "none")")
                    checked += 1
                }
            }
        }
        #expect(checked > 5, "\(script): \(checked) numbers checked")
    }

    @Test func aReportOfAScriptWithErrorsFailsAndWritesNothing() throws {
        let dir = Support.tempDir()
        try "count nobody\n".write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["report", "t.seg", "--db", Support.demoPath, "-o", "r.html"], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("E0301"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
    }
}
