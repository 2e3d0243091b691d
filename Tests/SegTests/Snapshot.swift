import Foundation
import Testing
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Compares text with a file under Tests/snapshots; `RECORD_SNAPSHOTS=1` writes the files
/// anew (review the diff before committing). A missing snapshot fails the test.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = Support.root.appendingPathComponent("Tests/snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name); run with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}
