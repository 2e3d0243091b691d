import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// `seg replay` (LANGUAGE.md §6): a saved list version, or a run, computed again from the very
/// texts it read (kept in `seg_texts`), with its parameters and `as_of`, saving nothing.
public enum Replay {
    /// What a replay found.
    public struct Report: Sendable {
        /// What was replayed ("list q4_offer version 3", "run 12").
        public var subject: String
        public var identical: Bool
        /// Members the replay has and the version had not, and the reverse; each with its group.
        public var entered: [(key: Value, group: String)] = []
        public var left: [(key: Value, group: String)] = []
        /// Members in both whose group (treatment or holdout) or rank changed: then, now.
        public var regrouped: [(key: Value, then: String, now: String)] = []
        /// Whether the data the run read is the same now: nil when it was not recorded or the
        /// engine cannot tell.
        public var sameData: Bool?
        /// The replay's own output (tables, explains of sampled members).
        public var outputs: [Output] = []
        public var notes: [String] = []

        /// What `seg replay` and the REPL's `.replay` print: the verdict (for machines, a table
        /// of its own), the members that differ, the explains.
        public func shown(forMachines: Bool) -> [Output] {
            var out: [Output] = []
            let isList = subject.hasPrefix("list ")
            if forMachines {
                out.append(.table(ResultTable(
                    title: "replay", columns: ["replayed", "identical", "entered", "left", "moved", "same_data"],
                    types: [.string, .bool, .number, .number, .number, .bool],
                    rows: [[.text(subject), .integer(identical ? 1 : 0), .integer(Int64(entered.count)), .integer(Int64(left.count)),
                            .integer(Int64(regrouped.count)), sameData.map { .integer($0 ? 1 : 0) } ?? .null]])))
            } else {
                var verdict = "\(subject): " + (identical ? "identical" : "differs")
                if !identical, isList {
                    verdict += " (\(entered.count) entered, \(left.count) left" + (regrouped.isEmpty ? "" : ", \(regrouped.count) moved in group or rank") + ")"
                }
                switch sameData {
                case true?: verdict += identical ? "; the data is as the run read it, so identical is guaranteed" : "; the data is as the run read it"
                case false?: verdict += "; the data changed since the run"
                case nil: verdict += "; whether the data changed since is not known"
                }
                out.append(.message(verdict))
                out += notes.map { .message($0) }
            }
            if isList, !identical {
                var rows = entered.map { [Value.text("entered"), $0.key, .text(""), .text($0.group)] }
                    + left.map { [Value.text("left"), $0.key, .text($0.group), .text("")] }
                    + regrouped.map { [Value.text("moved"), $0.key, .text($0.then), .text($0.now)] }
                // On a terminal the first 50 (the count says how many); machines get every one.
                let total = rows.count
                if !forMachines, rows.count > 50 { rows = Array(rows.prefix(50)) }
                var t = ResultTable(title: "members that differ", columns: ["change", "member", "then", "now"],
                                    types: [.string, .string, .string, .string], rows: rows)
                if total > rows.count { t.total = Int64(total) }
                out.append(.table(t))
            }
            return out + outputs
        }
    }

    /// A digest of what a run printed (counts and tables; not messages, explains or plans),
    /// for `seg replay --run`.
    public static func digest(_ outputs: [Output]) -> String? {
        var text = ""
        for o in outputs {
            switch o {
            case .count(let title, let value): text += "count\t\(title)\t\(value)\n"
            case .table(let t):
                text += "table\t\(t.title)\t\(t.columns.joined(separator: "\t"))\n"
                for row in t.rows { text += zip(row, t.types).map { FileExport.jsonValue($0, $1) }.joined(separator: "\t") + "\n" }
            default: continue
            }
        }
        return text.isEmpty ? nil : Ledger.sha256(text)
    }

    /// `k=v k=v` as the store records parameters.
    static func params(_ text: String?) -> [String: String] {
        var out: [String: String] = [:]
        for part in (text ?? "").split(separator: " ") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            out[String(part[..<eq])] = String(part[part.index(after: eq)...])
        }
        return out
    }
}

/// A replay that cannot start: what is missing, said as the user should read it.
public struct ReplayProblem: Error, Sendable {
    public var message: String
}

extension Session {
    /// The data version of a program's entity and relations as this run reads it (once per
    /// run), recorded with its lists and ledger row; nil where the engine cannot tell.
    /// `known`: only where the engine knows it without reading the data (a run that saved
    /// nothing is not made to scan every table for its ledger row; PostgreSQL then records none).
    func replayDataVersion(_ program: CheckedProgram, known: Bool = false) -> String? {
        let e = program.entity
        if let kept = effects.dataVersions[e.table] { return kept }
        let numeric = e.fields.filter { $0.type == .number }.map(\.name)
        let v = known ? engine.knownDataVersion(entity: e.table, numericColumns: numeric, relations: e.relations.map(\.table))
                      : engine.dataVersion(entity: e.table, numericColumns: numeric, relations: e.relations.map(\.table))
        if let v { effects.dataVersions[e.table] = v }
        return v
    }

    /// The members (key → group) of every list version this rehearsed run saved, read in its
    /// transaction before it is undone.
    func rehearsedMembers() -> [String: [Value: String]] {
        var out: [String: [Value: String]] = [:]
        let s = listStore
        for (name, version) in effects.savedListVersions {
            if let placed = try? s.placements(of: name, version) { out[name] = placed }
        }
        return out
    }

    /// Replays list `name` (its latest version when `version` is nil).
    public func replayList(_ name: String, version: Int?) throws(ReplayProblem) -> Replay.Report {
        let db = store
        let s = ListStore(db: db)
        let saved: (version: Int64, asOf: String, groups: [Value: String])?
        do { saved = try s.version(of: name, version) } catch { throw ReplayProblem(message: "\(error)") }
        guard let saved else {
            throw ReplayProblem(message: version.map { "list \(name) has no version \($0)" } ?? "there is no list named \(name)")
        }
        let row = try header("SELECT sources, params, data_version, created_at FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND version = \(.integer(saved.version))", db)
        let subject = "list \(name) version \(saved.version)"
        let (session, scripts) = try replaying(subject, sources: text(row[0]), params: text(row[1]), asOf: saved.asOf, savedBy: text(row[3]))
        let rerun = session.run(scripts: scripts)
        var report = Replay.Report(subject: subject, identical: false)
        report.notes.append("as of \(saved.asOf), saved \(text(row[3]) ?? "?"), from \(scripts.map(\.path).joined(separator: ", "))")
        guard rerun.failure == nil else {
            throw ReplayProblem(message: "the replay of \(subject) stopped: "
                + DiagnosticRenderer().render(rerun.diagnostics.filter { $0.severity == .error }, in: rerun.sources))
        }
        guard let now = rerun.rehearsedLists[name] else {
            throw ReplayProblem(message: "the script that saved \(subject) no longer saves list \(name) when run again")
        }
        let campaign = campaignOf(name, saved.version, db)
        let then: [Value: String]
        do { then = try s.placements(of: name, saved.version) } catch { throw ReplayProblem(message: "\(error)") }
        for (k, g) in now where then[k] == nil { report.entered.append((k, g)) }
        for (k, g) in then where now[k] == nil { report.left.append((k, g)) }
        for (k, g) in now where then[k].map({ $0 != g }) == true { report.regrouped.append((k, then[k]!, g)) }
        report.entered.sort { Self.sortKey($0.key) < Self.sortKey($1.key) }
        report.left.sort { Self.sortKey($0.key) < Self.sortKey($1.key) }
        report.regrouped.sort { Self.sortKey($0.key) < Self.sortKey($1.key) }
        report.identical = report.entered.isEmpty && report.left.isEmpty && report.regrouped.isEmpty
        report.sameData = sameData(recorded: text(row[2]), session: session, scripts: scripts)
        if !report.identical {
            report.outputs = explainSamples(name: name, campaign: campaign, report: report,
                                            session: session, scripts: scripts)
        }
        return report
    }

    /// Replays a run from the ledger: the same counts and tables?
    public func replayRun(_ id: Int) throws(ReplayProblem) -> Replay.Report {
        let db = store
        let row = try header("SELECT sources, params, data_version, as_of, outputs_sha256, started_at, finished_at FROM \(raw: StoreNames.runs) WHERE run_id = \(.integer(Int64(id)))", db)
        let subject = "run \(id)"
        let (session, scripts) = try replaying(subject, sources: text(row[0]), params: text(row[1]), asOf: text(row[3]) ?? options.asOf,
                                               savedBy: text(row[6]))
        let rerun = session.run(scripts: scripts)
        guard rerun.failure == nil else {
            throw ReplayProblem(message: "the replay of \(subject) stopped: "
                + DiagnosticRenderer().render(rerun.diagnostics.filter { $0.severity == .error }, in: rerun.sources))
        }
        var report = Replay.Report(subject: subject, identical: false)
        report.notes.append("as of \(text(row[3]) ?? "?"), run \(text(row[5]) ?? "?"), from \(scripts.map(\.path).joined(separator: ", "))")
        guard let recorded = text(row[4]) else {
            throw ReplayProblem(message: "\(subject) printed no count or table to compare with")
        }
        report.identical = Replay.digest(rerun.outputs) == recorded
        report.sameData = sameData(recorded: text(row[2]), session: session, scripts: scripts)
        report.outputs = rerun.outputs.filter { if case .message = $0 { return false } else { return true } }
        return report
    }

    /// One row of the store, or a clear problem.
    func header(_ sql: SQLLiteral, _ db: any StoreConnection) throws(ReplayProblem) -> [Value] {
        do {
            try Ledger(db: db).prepare()
            try ListStore(db: db).prepare()
            guard let row = try db.storeQuery(sql).first else { throw ReplayProblem(message: "no such run in the ledger") }
            return row
        } catch let p as ReplayProblem {
            throw p
        } catch {
            throw ReplayProblem(message: "\(error)")
        }
    }

    package func text(_ v: Value) -> String? { if case .text(let t) = v { return t } else { return nil } }

    /// A session that runs the recorded texts again, rehearsed (nothing is saved), and the
    /// scripts to run.
    func replaying(_ subject: String, sources: String?, params: String?, asOf: String, savedBy: String?) throws(ReplayProblem) -> (Session, [(path: String, text: String)]) {
        let db = store
        guard let sources, let recorded = RunSources.decode(sources) else {
            throw ReplayProblem(message: "\(subject) has no kept texts (it was saved from the REPL, by a Seg before 2026.12, or loaded with the data, as the demo bank's past campaign is): it cannot be replayed; a script saved with `seg run` can")
        }
        var texts: [String: String] = [:]
        for (path, sha) in recorded.files {
            let kept: String?
            do { kept = try TextStore(db: db).text(sha) } catch { throw ReplayProblem(message: "\(error)") }
            guard let kept else { throw ReplayProblem(message: "the text of \(path) (sha256 \(sha.prefix(12))) is not in the store") }
            texts[path] = kept
        }
        var o = options
        o.params = Replay.params(params)
        o.asOf = asOf
        o.asOfSource = .given
        o.rehearse = true
        o.replaying = true
        o.storedTexts = texts
        o.expectations = .collect
        // Other campaigns' contacts as the run found them: not those planned since.
        o.storeAsOf = savedBy.map { StoreCutoff(savedBy: $0, replayStarted: ListStore.stamp()) }
        let session: Session
        do { session = try Session(engine: engine, options: o) } catch { throw ReplayProblem(message: "\(error)") }
        let scripts = recorded.scripts.map { (path: $0, text: texts[$0] ?? "") }
        return (session, scripts)
    }

    /// Whether the data is as the run read it: the data version of the first script's entity now.
    func sameData(recorded: String?, session: Session, scripts: [(path: String, text: String)]) -> Bool? {
        guard let recorded, let first = scripts.first else { return nil }
        var sources = SourceMap()
        guard let program = session.check(path: first.path, text: first.text, sources: &sources).0,
              let now = session.replayDataVersion(program) else { return nil }
        return recorded == now
    }

    /// The campaign that saved a list version, if one did.
    func campaignOf(_ name: String, _ version: Int64, _ db: any StoreConnection) -> String? {
        guard let row = try? db.storeQuery("SELECT campaign FROM \(raw: StoreNames.lists) WHERE name = \(.text(name)) AND version = \(.integer(version))").first else { return nil }
        return text(row[0])
    }

    /// For up to three members that entered and three that left: `explain … for customer K`
    /// as the data is now, from the same texts (a campaign's steps, or the list's segment).
    func explainSamples(name: String, campaign: String?, report: Replay.Report, session: Session,
                        scripts: [(path: String, text: String)]) -> [Output] {
        let keys = report.entered.prefix(3).map(\.key) + report.left.prefix(3).map(\.key)
        guard !keys.isEmpty, let first = scripts.first else { return [] }
        var sources = SourceMap()
        let entity = session.check(path: first.path, text: first.text, sources: &sources).0?.entity.name ?? "customer"
        // What to explain: the campaign, or the condition the list was exported from.
        guard let target = campaign ?? Self.listTarget(name, in: scripts) else { return [] }
        // The texts are used, so only the explains run (`use` brings declarations only).
        let probe = scripts.map { "use \"\($0.path)\"\n" }.joined()
            + keys.map { "explain \(target) for \(entity) \(Self.literal($0))\n" }.joined()
        let folder = URL(fileURLWithPath: first.path).deletingLastPathComponent()
        let out = session.run(path: folder.appendingPathComponent("seg-replay-explain.seg").path, text: probe)
        return out.outputs.filter { if case .table = $0 { return true } else { return false } }
    }

    /// The condition, as written, of the statement that exports list `name` in the scripts
    /// (`export C to list name`, `export S to list`, `segment S … export to list`).
    static func listTarget(_ name: String, in scripts: [(path: String, text: String)]) -> String? {
        var found: String?
        for script in scripts {
            var map = SourceMap()
            let file = map.add(path: script.path, text: script.text)
            for s in Parser.parse(file).0.statements {
                switch s.kind {
                case .action(let a):
                    guard case .export(.list(let n), _) = a.kind, let t = a.target else { continue }
                    let text = file.slice(t.span)
                    let bare = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                    if (n?.text ?? text) == name { found = bare ? text : "(" + text + ")" }
                case .segment(let n, _, _, let a?):
                    if case .export(.list(let listName), _) = a.kind, (listName?.text ?? n.text) == name { found = n.text }
                default: continue
                }
            }
        }
        return found
    }

    static func literal(_ v: Value) -> String {
        switch v {
        case .integer(let i): return String(i)
        case .real(let r): return String(r)
        case .text(let t): return "\"" + t.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default: return "0"
        }
    }

    static func sortKey(_ v: Value) -> String {
        switch v {
        case .integer(let i): return String(format: "%020lld", i + Int64(1) << 62)
        case .text(let t): return t
        default: return "\(v)"
        }
    }
}
