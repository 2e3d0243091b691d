import Foundation
import SegSyntax
import SegCompile
import SegEngine

/// Every text a run read — its scripts and each module they `use` — recorded with its list
/// versions and ledger row (LANGUAGE.md §6), so `seg replay` can run the very same text again.
/// The texts themselves are kept once each, by SHA-256, in `seg_texts`.
public struct RunSources: Sendable, Codable, Equatable {
    /// The scripts run, as absolute paths (a `use "lib.seg"` resolves from them as it did).
    public var scripts: [String]
    /// Each file read, by the path `use` resolved it to: its text's SHA-256.
    public var files: [String: String]

    /// What a run's checking read: each file of its source map (the REPL's entries are not files).
    package init(scripts: [String], read: SourceMap) {
        self.scripts = scripts.map(Self.absolute)
        var files: [String: String] = [:]
        for f in read.files where !f.path.hasPrefix("<repl") {
            files[scripts.contains(f.path) ? Self.absolute(f.path) : f.path] = Ledger.sha256(f.text)
        }
        self.files = files
    }

    /// A file read beside the scripts (a model's), by its path.
    package mutating func add(path: String, text: String) { files[path] = Ledger.sha256(text) }

    package static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).absoluteURL.standardized.path }

    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    package static func decode(_ json: String) -> RunSources? { try? JSONDecoder().decode(RunSources.self, from: Data(json.utf8)) }
}

/// `seg_texts`: each distinct text a run read, once, by its SHA-256.
package struct TextStore {
    package let db: any StoreConnection
    package init(db: any StoreConnection) { self.db = db }

    /// Keeps the texts not kept yet (in the caller's transaction).
    package func keep(_ texts: [String]) throws(EngineError) {
        // Created under the store's lock, as every store table is: two first runs at once on
        // PostgreSQL would otherwise both create it (a duplicate type error for one of them).
        try db.withStoreLock { () throws(EngineError) in try db.storePrepare(.texts) }
        var seen = Set<String>()
        for text in texts {
            let sha = Ledger.sha256(text)
            guard seen.insert(sha).inserted else { continue }
            let known = try db.storeQuery("SELECT 1 FROM \(raw: StoreNames.texts) WHERE sha256 = \(.text(sha))")
            if known.isEmpty { try db.storeInsert(into: StoreNames.texts, columns: ["sha256", "text"], rows: [[.text(sha), .text(text)]]) }
        }
    }

    /// The text with this SHA-256, if kept.
    package func text(_ sha: String) throws(EngineError) -> String? {
        guard try db.storeHasTable(StoreNames.texts) else { return nil }
        if case .text(let t)? = try db.storeQuery("SELECT text FROM \(raw: StoreNames.texts) WHERE sha256 = \(.text(sha))").first?.first { return t }
        return nil
    }
}
