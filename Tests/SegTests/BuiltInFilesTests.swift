import Foundation
import Testing
@testable import SegCheck
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// The standard library and the Spark driver are compiled into `seg` (so a copied binary
/// still has them) from Swift files generated from `stdlib/` and `spark/`. These tests
/// fail when the generated files and the folders differ; `RECORD_SNAPSHOTS=1` regenerates them.
@Suite struct BuiltInFilesTests {
    static func stdlibFiles() throws -> [String: String] {
        let dir = Support.root.appendingPathComponent("stdlib")
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".seg") {
            out[String(name.dropLast(4))] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    /// A Swift raw string literal holding `text` exactly: enough `#`s that no `"#…` or `\#…`
    /// in the text ends or interpolates it.
    static func literal(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        // A multi-line literal drops the newline before its closing delimiter: add one back.
        return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
    }

    static func generated(enumName: String, doc: String, entries: [(String, String)], property: String, isDictionary: Bool) -> String {
        var out = "// Generated from the repository by BuiltInFilesTests (RECORD_SNAPSHOTS=1 swift test --filter BuiltInFiles).\n"
        out += "// Edit the source files, not this one.\n\n"
        out += "/// \(doc)\npublic enum \(enumName) {\n"
        if isDictionary {
            out += "    public static let \(property): [String: String] = [\n"
            for (name, text) in entries.sorted(by: { $0.0 < $1.0 }) {
                out += "        \"\(name)\": " + literal(text) + ",\n"
            }
            out += "    ]\n"
        } else {
            out += "    public static let \(property): String = " + literal(entries[0].1) + "\n"
        }
        return out + "}\n"
    }

    static func check(_ path: String, _ expected: String) throws {
        let url = Support.root.appendingPathComponent(path)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try expected.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let actual = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(path) is out of date: run RECORD_SNAPSHOTS=1 swift test --filter BuiltInFiles")
    }

    @Test func stdlibIsBuiltInExactly() throws {
        let files = try Self.stdlibFiles()
        try Self.check("Sources/SegCheck/BuiltInStdlib.swift", Self.generated(
            enumName: "BuiltInStdlib", doc: "The standard library's modules (stdlib/*.seg), by name.",
            entries: Array(files), property: "modules", isDictionary: true))
        #expect(BuiltInStdlib.modules == files)
    }

    @Test func sparkDriverIsBuiltInExactly() throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent("spark/seg_spark.py"), encoding: .utf8)
        try Self.check("Sources/SegEngine/BuiltInSparkDriver.swift", Self.generated(
            enumName: "BuiltInSparkDriver", doc: "The Spark driver (spark/seg_spark.py).",
            entries: [("seg_spark", text)], property: "text", isDictionary: false))
        #expect(BuiltInSparkDriver.text == text)
    }
}
