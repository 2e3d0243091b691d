import Foundation
import Testing
import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// LANGUAGE.md §6: any number of runs, builds and readers at once never damage the database,
/// and each process's exit status says what it committed. Rounds of processes started
/// together on one store — `seg tags build`, a script's `build tags`, list saves, tables, a
/// campaign and read-only scripts — some killed with SIGKILL at random moments; after each
/// round (one process also dying at a random step of the commit protocol) the store is checked whole: SQLite's integrity check, every list version complete,
/// the ledger naming exactly the versions there are, and every process that was not killed
/// ended in success with what it saved in place.
@Suite(.serialized) struct ConcurrencySoakTests {
    /// The scripts of one round, by role; `R` and `P` are the round and the process.
    static let tagDefinitions = """
        define rich = aum >= 500k
        define busy = count(transactions within 30 days) >= 2

        """
    static func script(_ kind: Kind, round: Int, process: Int) -> String {
        let vip = "define busy = count(transactions within 30 days) >= 2\nsegment vip where aum >= 100k and busy\n"
        switch kind {
        case .tagsCommand: return tagDefinitions
        case .buildTags: return tagDefinitions + "build tags\ncount rich and busy\nexport all to list soak_t_\(round)_\(process) with customer_id\n"
        case .saveList: return vip + "export vip to list soak_\(round)_\(process) with customer_id, aum\n"
        case .saveTable: return vip + "export vip to table soak_table_\(round)_\(process) with customer_id, aum\nexport vip to list soak_\(round)_\(process)\n"
        case .campaign:
            return vip + """
                campaign soak_c_\(round)_\(process)
                  target vip
                  holdout 10% seed "soak"
                  channel phone
                  export to list with customer_id, aum

                """
        case .read: return vip + "count vip\ncount vip by city\n"
        }
    }

    enum Kind: CaseIterable { case tagsCommand, buildTags, saveList, saveTable, campaign, read }

    struct Finished {
        var kind: Kind
        var process: Int
        var killed: Bool
        var status: Int32
        var stderr: String
    }

    /// One round: every kind at once (the savers twice), `kills` of them killed at random moments.
    static func round(_ r: Int, dir: URL, store: CommitProtocolTests.Store, span: TimeInterval, kills: Int) throws -> [Finished] {
        let kinds: [Kind] = [.tagsCommand, .buildTags, .saveList, .saveList, .saveTable, .campaign, .read, .read]
        var processes: [(Kind, Process, URL)] = []
        for (i, kind) in kinds.enumerated() {
            let path = dir.appendingPathComponent("r\(r)p\(i).seg")
            try script(kind, round: r, process: i).write(to: path, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = Support.segBinary
            p.arguments = (kind == .tagsCommand ? ["tags", "build", path.path] : ["run", path.path]) + store.args
            p.currentDirectoryURL = dir
            // The second list saver dies at a random step of the commit protocol (as a power
            // cut would), beside the others' kills at random moments.
            if i == 3 { p.environment = ProcessInfo.processInfo.environment.merging(["SEG_FAULT_AT": CommitProtocolTests.steps.randomElement()!]) { $1 } }
            p.standardOutput = FileHandle.nullDevice
            let err = dir.appendingPathComponent("r\(r)p\(i).err")
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: err)
            try p.run()
            processes.append((kind, p, err))
        }
        var rng = SystemRandomNumberGenerator()
        let victims = Set(processes.indices.shuffled(using: &rng).prefix(kills))
        let moments = victims.map { ($0, Double.random(in: 0...span, using: &rng)) }.sorted { $0.1 < $1.1 }
        let start = Date()
        for (i, at) in moments {
            let wait = at - Date().timeIntervalSince(start)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            kill(processes[i].1.processIdentifier, SIGKILL)
        }
        return processes.enumerated().map { i, entry in
            entry.1.waitUntilExit()
            let killed = entry.1.terminationReason == .uncaughtSignal && entry.1.terminationStatus == SIGKILL
            return Finished(kind: entry.0, process: i, killed: killed, status: entry.1.terminationStatus,
                            stderr: (try? String(contentsOf: entry.2, encoding: .utf8)) ?? "")
        }
    }

    /// The whole store after a round, checked; returns a description of every problem.
    static func problems(after finished: [Finished], round r: Int, store: CommitProtocolTests.Store, vipCount: Int, sqlite: String?,
                         before: Set<String>) throws -> [String] {
        var out: [String] = []
        // The next `seg` finishes or undoes the killed runs.
        _ = try Support.seg(["lists"] + store.args, cwd: Support.tempDir())
        if let sqlite {
            let check = try SQLiteDatabase(path: sqlite).query("PRAGMA integrity_check").compactMap { PersonalDataTests.text($0[0]) }
            if check != ["ok"] { out.append("integrity_check: \(check.prefix(5))") }
        }
        // Every version whole: its header's count is its members.
        let versions = try store.query("SELECT l.name, l.version, l.members, (SELECT count(*) FROM seg_list_members m WHERE m.name = l.name AND m.version = l.version) FROM seg_lists l")
        var saved: [String: (members: Int, rows: Int)] = [:]
        for v in versions where v.count == 4 {
            let members = Int(v[2]) ?? -1, rows = Int(v[3]) ?? -2
            if members != rows { out.append("list \(v[0]) v\(v[1]): header \(members), \(rows) members stored") }
            saved["\(v[0]) v\(v[1])"] = (members, rows)
        }
        // The ledger names exactly the versions there are.
        let named = Set(try store.query("SELECT wrote FROM seg_runs WHERE status = 'ok' AND wrote IS NOT NULL").compactMap(\.first)
            .flatMap { $0.components(separatedBy: ", ") }.filter { $0.range(of: #"^\S+ v\d+$"#, options: .regularExpression) != nil })
        let made = Set(saved.keys).subtracting(before)
        if named != made {
            out.append("ledger and lists differ: only in the ledger \(named.subtracting(made).sorted()), only in lists \(made.subtracting(named).sorted())")
        }
        let journal = Set(try store.query("SELECT count(*) FROM seg_journal").compactMap(\.first))
        if journal != ["0"] { out.append("journal rows left: \(journal)") }
        // Each process: not killed means success, and its saves in place and whole.
        for f in finished {
            let list: String? = switch f.kind {
            case .buildTags: "soak_t_\(r)_\(f.process)"
            case .saveList, .saveTable: "soak_\(r)_\(f.process)"
            case .campaign: "soak_c_\(r)_\(f.process)"
            default: nil
            }
            let present = list.flatMap { saved["\($0) v1"] }
            if !f.killed && f.status != 0 { out.append("\(f.kind) (process \(f.process)) exited \(f.status): \(f.stderr.prefix(400))") }
            if !f.killed && f.status == 0, let list, present == nil { out.append("\(f.kind) exited 0 but list \(list) is not saved") }
            if f.status != 0, !f.killed, let list, present != nil { out.append("\(f.kind) failed (\(f.status)) but list \(list) is saved") }
            if let present, f.kind == .saveList || f.kind == .saveTable, present.members != vipCount {
                out.append("list \(list!) holds \(present.members) members, the segment \(vipCount)")
            }
            if let present, f.kind == .buildTags, present.members == 0 { out.append("list \(list!) is empty") }
        }
        return out
    }

    func soak(store: CommitProtocolTests.Store, dir: URL, sqlite: String?, rounds: Int) throws {
        // The segment's size, and how long one saving run takes alone, to aim the kills.
        let t0 = Date()
        let first = dir.appendingPathComponent("count.seg")
        try Self.script(.read, round: 0, process: 0).write(to: first, atomically: true, encoding: .utf8)
        let count = try Support.seg(["run", first.path] + store.args, cwd: dir)
        #expect(count.status == 0, "\(count.stderr)")
        // "count vip: 3,094"
        let vipCount = Int(count.stdout.split(separator: "\n").first { $0.hasPrefix("count vip:") }.map { String($0).filter(\.isNumber) } ?? "") ?? -1
        #expect(vipCount > 100)
        let span = max(1, Date().timeIntervalSince(t0)) * 4
        // The demo's own past campaign, saved without a run of Seg's.
        let before = Set(try store.query("SELECT name, version FROM seg_lists").map { "\($0[0]) v\($0[1])" })
        var kills = 0, processes = 0, committed = 0
        for r in 1...rounds {
            let finished = try Self.round(r, dir: dir, store: store, span: span, kills: 2)
            kills += finished.filter(\.killed).count
            processes += finished.count
            committed += finished.filter { $0.status == 0 && !$0.killed }.count
            let problems = try Self.problems(after: finished, round: r, store: store, vipCount: vipCount, sqlite: sqlite, before: before)
            #expect(problems.isEmpty, "round \(r): \(problems.joined(separator: "\n"))")
            if !problems.isEmpty { break }
        }
        // Both sides seen: processes killed, and processes that ran to their end.
        #expect(kills > 0 && committed > rounds * 3, "\(kills) killed, \(committed) of \(processes) succeeded")
        print("soak: \(rounds) rounds, \(processes) processes, \(kills) killed, \(committed) succeeded")
    }

    @Test func manyProcessesAtOnceOnOneSQLiteFile() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let store = CommitProtocolTests.Store(args: ["--db", db]) { sql in try SQLiteDatabase(path: db).query(sql).map { $0.map { PersonalDataTests.text($0) ?? "" } } }
        try soak(store: store, dir: dir, sqlite: db, rounds: 4)
    }

    @Test(.enabled(if: Postgres.conninfo != nil, "SEG_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"))
    func manyProcessesAtOnceOnPostgreSQL() throws {
        let database = try PostgresTests.copy(of: PostgresTests.templates.demo)
        defer { _ = try? Postgres.psql("DROP DATABASE \(database) WITH (FORCE)") }
        let store = CommitProtocolTests.Store(args: ["--db", Postgres.conninfo! + " dbname=\(database)"]) { sql in
            try Postgres.psql(sql + ";", database: database).stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        }
        try soak(store: store, dir: Support.tempDir(), sqlite: nil, rounds: 3)
    }
}
