import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `--format json` is JSON a program can read: every line parses, figures are numbers
/// (a suppressed `<10` is a string), columns for the eye (bars) are left out, and a `show`
/// cut by its limit says how many rows there were.
@Suite struct MachineOutputTests {
    @Test func profileOverlapAndShowAsJSON() throws {
        let dir = Support.tempDir()
        try """
            profile aum >= 500k by city
            overlap aum >= 500k, city = "上海"
            show aum >= 500k with customer_id limit 2
            """.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "t.seg", "--db", try Support.fixtureDatabase(), "--format", "json", "--min-cell", "2"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let objects = try r.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 3)
        // 2, 3, 7, 9, 12 have 500k or more: 上海 3 and 7 (2 of 4), 北京 2 and 12 (2 of 3), 杭州 9 (1: under 2, held back).
        let profile = try #require(objects[0]?["rows"] as? [[String: Any]])
        let shanghai = try #require(profile.first { $0["city"] as? String == "上海" })
        #expect(shanghai["count"] as? Int == 2 && shanghai["share"] as? Double == 0.4)
        #expect(abs((shanghai["base share"] as? Double ?? 0) - 4.0 / 12.0) < 1e-6)
        #expect(shanghai["TGI"] as? Int == 120)
        #expect(shanghai.keys.allSatisfy { !$0.contains("bar") })
        let hangzhou = try #require(profile.first { $0["city"] as? String == "杭州" })
        // Suppressed: missing, so the column stays numeric, and flagged.
        #expect(hangzhou["count"] is NSNull && hangzhou["share"] is NSNull && hangzhou["suppressed"] as? Bool == true)
        #expect(shanghai["suppressed"] as? Bool == false)
        let overlap = try #require(objects[1]?["rows"] as? [[String: Any]])
        #expect(overlap[0]["city = \"上海\""] as? Double == 0.4)
        #expect(objects[2]?["total"] as? Int == 5)
        #expect((objects[2]?["rows"] as? [Any])?.count == 2)
    }
}
