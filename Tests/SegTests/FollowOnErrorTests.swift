import Foundation
import Testing
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// One mistake, one error: what follows it is read as if it had been written right.
@Suite struct FollowOnErrorTests {
    func errors(_ script: String) throws -> [String] {
        let dir = Support.tempDir()
        try script.write(to: dir.appendingPathComponent("t.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["check", "t.seg", "--db", Support.demoPath], cwd: dir)
        return r.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("error[") }
    }

    @Test func aBadUnitInACampaignClauseIsOneError() throws {
        let got = try errors("""
            campaign c1
              target aum > 100万
              exclude contacted via phone within 14 dayz
              cap 2 contacts per 30 dayz
              channel phone
              export to list
            """)
        #expect(got == ["error[E0210]: `dayz` is not a unit of time here", "error[E0210]: `dayz` is not a unit of time here"], "\(got)")
    }

    @Test func aSavedListNamedAsASegmentIsOneError() throws {
        let got = try errors("count q3_deposit_drive by group\n")
        #expect(got == ["error[E0301]: `q3_deposit_drive` is a saved list, not a segment"], "\(got)")
    }
}
