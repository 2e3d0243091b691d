import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg` copied anywhere, alone, still has its standard library (and, in SparkTests, its
/// Spark driver): both are compiled into the binary.
@Suite struct InstalledBinaryTests {
    @Test func stdlibWorksFromACopiedBinary() throws {
        let seg = try Support.installedCopy()
        let work = Support.tempDir()
        let script = "use stdlib.rfm\nuse stdlib.household\ncount rfm_champions\n"
        try script.write(to: work.appendingPathComponent("r.seg"), atomically: true, encoding: .utf8)
        let home = Support.tempDir().path
        let copied = try Support.seg(["run", "r.seg", "--db", Support.demoPath], cwd: work, env: ["HOME": home, "SEG_STDLIB": ""], binary: seg)
        #expect(copied.status == 0, "\(copied.stderr)")
        // The same script through the source tree's stdlib folder gives the same answer.
        let tree = try Support.seg(["run", "r.seg", "--db", Support.demoPath], cwd: work,
                                   env: ["SEG_STDLIB": Support.root.appendingPathComponent("stdlib").path])
        #expect(tree.status == 0)
        #expect(copied.stdout == tree.stdout && copied.stdout.hasPrefix("count rfm_champions: "))
    }

    @Test func aFolderOverridesTheBuiltInStdlib() throws {
        let seg = try Support.installedCopy()
        let work = Support.tempDir()
        let lib = Support.tempDir()
        try "define rich = aum >= 1\n".write(to: lib.appendingPathComponent("bank.seg"), atomically: true, encoding: .utf8)
        try "use stdlib.bank\ncount rich\n".write(to: work.appendingPathComponent("r.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", "r.seg", "--db", Support.demoPath], cwd: work, env: ["SEG_STDLIB": lib.path], binary: seg)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("count rich: "))
    }

    /// A `use` that cannot be found is the one error: the names it would have defined are
    /// not reported again, nor is the list named after a segment that used them.
    @Test func aMissingModuleIsTheOnlyError() throws {
        let seg = try Support.installedCopy()
        let work = Support.tempDir()
        try "use stdlib.rfmm\nsegment x where rfm_champions and aum > 1\nexport x to list\ncount x by rfm_segment\n"
            .write(to: work.appendingPathComponent("bad.seg"), atomically: true, encoding: .utf8)
        let r = try Support.seg(["check", "bad.seg", "--db", Support.demoPath], cwd: work, binary: seg)
        #expect(r.status == 1)
        #expect(r.stderr.components(separatedBy: "error[").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("error[E0501]: cannot find `stdlib.rfmm` to use"))
        #expect(r.stderr.contains("did you mean `stdlib.rfm`?"))
        #expect(r.stderr.contains("SEG_STDLIB"))
    }
}
