import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Campaigns: assignment across the run, the list version they write, explanations and evaluation.
extension Session {
    /// The date a program runs for: its `param as_of`, or the run's.
    func referenceDate(_ program: CheckedProgram) -> String {
        if case .date(let d)? = program.parameters["as_of"]?.value { return d }
        return options.asOf
    }

    var listStore: ListStore { ListStore(db: store) }

    /// The first day before a contact window: `as_of - N` (months clamp to the month's end).
    static func windowStart(_ asOf: String, _ w: CheckedCampaign.ContactWindow) -> String {
        ((CivilDate(iso: asOf) ?? CivilDate(1970, 1, 1)).adding(-w.amount, w.unit)).description
    }

    /// One campaign's assignment, with the contacts Seg planned for other campaigns counted in.
    func assign(_ campaign: CheckedCampaign, rows: [[Value]], program: CheckedProgram, taken: [Value: String]) throws -> CampaignAssignment {
        let store = listStore
        let asOf = referenceDate(program)
        var planned: [Int: [Value: Int]] = [:]
        do {
            for (i, e) in campaign.exclusions.enumerated() {
                guard let w = e.contacts else { continue }
                planned[i] = try store.plannedContacts(excluding: campaign.name, channel: w.channel, after: Self.windowStart(asOf, w), through: asOf,
                                                       cutoff: options.storeAsOf)
            }
            var forCaps: [[Value: Int]] = []
            for cap in campaign.caps {
                forCaps.append(try store.plannedContacts(excluding: campaign.name, channel: cap.window.channel, after: Self.windowStart(asOf, cap.window),
                                                         through: asOf, cutoff: options.storeAsOf))
            }
            // Ties in rank keep key order: the keys' bytes on every engine, not the order a
            // database's collation returned them in (PostgreSQL under ICU puts `a-1` first).
            let inKeyOrder = rows.sorted { Self.keyOrder($0[0], $1[0]) }
            return CampaignAssignment(campaign, layout: CampaignLayout(campaign, key: keyColumn(program)), rows: inKeyOrder,
                                      plannedForExclusion: planned, plannedForCaps: forCaps, taken: taken)
        } catch {
            throw StatementFailure(diagnostic: .engine(error, at: campaign.span), failure: .engine)
        }
    }

    func keyColumn(_ program: CheckedProgram) -> OutputColumn {
        program.entity.keyColumn
    }

    /// Assigns every campaign of the run: highest `priority` first, then in the order written;
    /// a customer given to one campaign is lost to the others. Keyed by position in `compiled`.
    func assignCampaigns(_ compiled: [(CompiledAction, Int)], programs: [(CheckedProgram, String)]) throws -> [Int: CampaignAssignment] {
        var order: [(position: Int, campaign: CheckedCampaign)] = []
        for (position, (c, _)) in compiled.enumerated() {
            if case .campaign(let campaign) = c.action.kind { order.append((position, campaign)) }
        }
        order.sort { $0.campaign.priority != $1.campaign.priority ? $0.campaign.priority > $1.campaign.priority : $0.position < $1.position }
        var taken: [Value: String] = [:]
        var out: [Int: CampaignAssignment] = [:]
        for (position, campaign) in order {
            let (c, index) = compiled[position]
            let a = try assign(campaign, rows: try rows(c), program: programs[index].0, taken: taken)
            for m in a.members where taken[m.key] == nil { taken[m.key] = campaign.name }
            out[position] = a
        }
        return out
    }

    /// Writes a campaign's list version (and file), and says what happened at each step.
    func writeCampaign(_ campaign: CheckedCampaign, _ c: CompiledAction, assignment a: CampaignAssignment,
                       program: CheckedProgram, scriptPath: String, staged: inout StagedFiles) throws -> [Output] {
        let layout = CampaignLayout(campaign, key: keyColumn(program))
        if a.targetCount == 0 { effects.warnings.append(.emptyCampaign(campaign.name, target: campaign.targetText, campaign.span)) }
        var rows: [[Value]] = a.members.map { m in
            layout.exports.map { index -> Value in
                guard let index else { return .null }
                return m.row[index]
            }
        }
        for (r, m) in a.members.enumerated() {
            for (i, col) in campaign.columns.enumerated() where layout.exports[i] == nil {
                rows[r][i] = col.label == CheckedCampaign.groupColumn ? .text(m.group) : .integer(Int64(m.rank))
            }
        }
        var types = present(&rows, campaign.columns)
        // The list is keyed by the entity's key: it comes first.
        var columns = campaign.columns
        if columns.first?.label != program.entity.key || layout.exports.first != 0 {
            columns.insert(keyColumn(program), at: 0)
            types.insert(columns[0].expr.type, at: 0)
            for r in rows.indices { rows[r].insert(a.members[r].key, at: 0) }
        }
        let table = ResultTable(title: campaign.name, columns: columns.map(\.label), types: types, rows: rows)
        var groups: [Value: (group: String, rank: Int)] = [:]
        for m in a.members { groups[m.key] = (m.group, m.rank) }
        let saved: (version: Int64, members: Int)
        do {
            try engine.begin()
            saved = try listStore.save(
                name: campaign.listName, table: table, keys: a.members.map(\.key),
                provenance: .init(script: scriptPath, scriptVersion: program.version, asOf: referenceDate(program),
                                  scriptSHA256: scriptTexts[scriptPath].map(Ledger.sha256), params: paramText(program),
                                  engine: engine.label, role: policy.role, user: runUser, reclassified: program.entity.reclassified,
                                  personalColumns: Masking.personalColumns(campaign.columns), revealed: masking.reveal, campaign: campaign.name,
                                  sources: runSources?.json, dataVersion: replayDataVersion(program)),
                campaign: .init(groups: groups, reasons: a.reasons, channel: campaign.channel))
        } catch {
            throw StatementFailure(diagnostic: .engine(error, at: campaign.span), failure: .engine)
        }
        effects.wrote.append("\(campaign.listName) v\(saved.version)")
        effects.savedListVersions.append((campaign.listName, saved.version))
        var outputs: [Output] = []
        let held = a.members.filter { $0.group == CampaignAssignment.holdout }.count
        if held > 0, held == a.members.count {
            effects.warnings.append(.noTreatment(campaign.name, held: held, campaign.span))
        }
        if let h = campaign.holdout, h.buckets > 0, held == 0, !a.members.isEmpty {
            effects.warnings.append(.emptyHoldout(campaign.name, share: Double(h.buckets) / 100, members: a.members.count, campaign.span))
        }
        outputs.append(.table(Self.funnel(campaign, a, held: held)))
        outputs.append(.message(effect("saved list \(campaign.listName) version \(saved.version) (\(Cell.grouped(Int64(a.members.count - held))) treatment, \(Cell.grouped(Int64(held))) holdout)")))
        if let destination = campaign.destination {
            if let written = try exportFile(table, to: destination, staged: &staged) { outputs.append(written) }
        }
        return outputs
    }

    /// What happened at each step of a campaign, in the order the steps apply: every step,
    /// with 0 where it removed no one; then what only this run had (customers a
    /// higher-priority campaign took); then the holdout and the treatment group.
    static func funnel(_ campaign: CheckedCampaign, _ a: CampaignAssignment, held: Int) -> ResultTable {
        var steps: [[Value]] = [[.text("target " + campaign.targetText), .integer(Int64(a.targetCount))]]
        var counts: [String: Int] = [:]
        for (_, why) in a.reasons { counts[why, default: 0] += 1 }
        let limits = campaign.limitsPer.map { ("limit per \($0.field.label)", "over limit \($0.most) per \($0.field.label) (treatment only)") }
            + (campaign.limit.map { [("limit", "over limit \($0) (treatment only: the holdout takes no place)")] } ?? [])
        var listed = Set<String>()
        func step(_ why: String, _ label: String) {
            listed.insert(why)
            steps.append([.text(label), .integer(Int64(counts[why] ?? 0))])
        }
        campaign.exclusions.forEach { step($0.reason, $0.reason) }
        counts.keys.filter { $0.hasPrefix("lost to campaign") }.sorted().forEach { step($0, $0) }
        campaign.caps.forEach { step($0.reason, "over " + $0.reason) }
        limits.forEach { step($0.0, $0.1) }
        counts.keys.filter { !listed.contains($0) }.sorted().forEach { step($0, $0) }
        steps.append([.text("holdout"), .integer(Int64(held))])
        steps.append([.text("treatment"), .integer(Int64(a.members.count - held))])
        var funnel = ResultTable(title: "campaign \(campaign.name)", columns: ["step", "customers"], types: [.string, .number], rows: steps)
        funnel.kind = .funnel
        return funnel
    }

    func paramText(_ program: CheckedProgram) -> String {
        program.parameters.keys.sorted().map { k in "\(k)=\(program.parameters[k]!.value)" }.joined(separator: " ")
    }

    /// `explain CAMPAIGN for customer K`: each step of the campaign for one customer.
    func explainCampaign(_ campaign: CheckedCampaign, key: Literal, _ c: CompiledAction, program: CheckedProgram) throws -> Output {
        let rows = try rows(c)
        let wanted: Value = {
            switch key {
            case .number(let v) where v == v.rounded(): return .integer(Int64(v))
            case .number(let v): return .real(v)
            case .string(let s): return .text(s)
            default: return .null
            }
        }()
        guard let row = rows.first(where: { $0[0] == wanted }) else {
            return .message("\(program.entity.name) \(key) is not in table \(program.entity.table)")
        }
        let a = try assign(campaign, rows: rows, program: program, taken: [:])
        let layout = CampaignLayout(campaign, key: keyColumn(program))
        var lines: [[Value]] = []
        func line(_ step: String, _ result: String, _ detail: String = "") { lines.append([.text(step), .text(result), .text(detail)]) }
        let inTarget = CampaignAssignment.truthy(row[layout.target])
        line("target " + campaign.targetText, inTarget ? "yes" : "no")
        if inTarget {
            for (i, e) in campaign.exclusions.enumerated() {
                line(e.reason, CampaignAssignment.truthy(row[layout.exclusions.lowerBound + i]) ? "yes" : "no")
            }
            for (i, cap) in campaign.caps.enumerated() {
                let recent = a.details[wanted]?.recent?[i]
                line(cap.reason, recent.map { $0 + 1 > cap.most ? "over" : "within" } ?? "-",
                     recent.map { "\($0) contact\($0 == 1 ? "" : "s") in the window" } ?? "")
            }
            if let r = layout.rank {
                let by = campaign.rankBy!
                line("rank by " + campaign.rankText, Cell.text(masking.present(row[r], as: by), by.type) ?? "missing")
            }
            if let h = campaign.holdout {
                let bucket = Buckets.keyText(wanted).map { Buckets.bucket(seed: h.seed, key: $0) }
                line("holdout \(Cell.number(Double(h.buckets) / 100))% seed \"\(h.seed)\"", bucket.map { $0 < h.buckets ? "held out" : "not held out" } ?? "-",
                     bucket.map { "bucket \($0)" } ?? "")
            }
        }
        switch a.outcomes[wanted] {
        case .member(let group, let rank)?: line("result", group, "rank \(rank)")
        case .left(let why)?: line("result", "left out", why)
        case nil: line("result", "not targeted")
        }
        return .table(ResultTable(title: "explain \(campaign.name) for \(program.entity.name) \(key)",
                                  columns: ["step", "result", "detail"], types: [.string, .string, .string], rows: lines))
    }

    /// Every read stops at as_of (LANGUAGE.md §4), so a response window after contact that
    /// ends later than as_of is counted only up to it: said, with the date that sees it all.
    func responsesNotYetKnown(_ action: CheckedAction, in program: CheckedProgram, contacted: String) -> String? {
        let asOf = referenceDate(program)
        guard let contact = CivilDate(iso: contacted), let end = CivilDate(iso: asOf) else { return nil }
        var last: CivilDate?
        for e in action.expressions {
            _ = program.mentions(e) { x in
                if case .aggregate(let a) = x.kind, case .afterContact(let n, let unit)? = a.window {
                    let close = contact.adding(n, unit).adding(days: -1)
                    if close.dayNumber > end.dayNumber, close.dayNumber > (last?.dayNumber ?? Int.min) { last = close }
                }
                return false
            }
        }
        guard let last else { return nil }
        return "responses are counted up to \(asOf) (\(asOfPhrase(program))): the response window runs to \(last), "
            + "so later responses are not known yet; evaluate again with \(asOfRemedy(program, last.description))"
    }

    /// The ledger row of a run that committed effects: written in its transaction.
    func ledgerEntry(_ programs: [(CheckedProgram, String)], status: String, detail: String?, wrote: [String], outputs: [Output]) -> Ledger.Entry {
        Ledger.Entry(startedAt: runStarted ?? Date(), scripts: programs.map(\.1), texts: programs.map { scriptTexts[$0.1] ?? "" },
                     scriptVersion: programs.compactMap(\.0.version).first, params: options.params,
                     asOf: programs.first.map { referenceDate($0.0) } ?? options.asOf,
                     engine: engine.label, role: policy.role, user: runUser, reclassified: programs.flatMap(\.0.entity.reclassified),
                     unmasked: masking.reveal, personalColumns: effects.personalOut,
                     status: status, detail: detail, wrote: wrote,
                     sources: runSources?.json, dataVersion: programs.first.flatMap { replayDataVersion($0.0) },
                     outputsSHA256: Replay.digest(outputs))
    }

    /// Appends a run without effects (or one that failed) to the ledger, in its own
    /// transaction after the run's own; best effort, since a read-only database can still be
    /// segmented. A run with effects wrote its row in its own commit.
    func recordRun(scripts: [(path: String, text: String)], programs: [CheckedProgram], started: Date, result: RunResult) {
        defer { effects.wrote = []; effects.personalOut = []; effects.recordedInCommit = false }
        // A run with effects that committed wrote its row with them; a run of `explain`s only
        // reads, and leaves no row (LANGUAGE.md, Campaigns).
        let onlyExplains = !programs.isEmpty && programs.allSatisfy { $0.actions.allSatisfy(\.isExplain) }
        guard !effects.recordedInCommit, !onlyExplains, !store.inStoreTransaction else { return }
        let status: String
        switch result.failure {
        case nil: status = "ok"
        case .assertion: status = "assert failed"
        default: status = "failed"
        }
        let detail = result.diagnostics.first { $0.severity == .error }.map { "\($0.code): \($0.message)" }
        let entry = Ledger.Entry(startedAt: started, scripts: scripts.map(\.path), texts: scripts.map(\.text),
                                 scriptVersion: programs.compactMap(\.version).first, params: options.params,
                                 asOf: programs.first.map(referenceDate) ?? options.asOf,
                                 engine: engine.label, role: policy.role, user: runUser, reclassified: programs.flatMap(\.entity.reclassified),
                                 unmasked: masking.reveal, personalColumns: effects.personalOut,
                                 status: status, detail: detail, wrote: result.failure == nil ? effects.wrote : [],
                                 sources: runSources?.json, dataVersion: programs.first.flatMap { replayDataVersion($0, known: true) },
                                 outputsSHA256: result.failure == nil ? Replay.digest(result.outputs) : nil)
        effects.wrote = []
        effects.personalOut = []
        // A read's ledger row is Seg's own write: it leaves cached data versions standing.
        engine.ownWrite {
            try? TextStore(db: store).keep(runTexts)
            try? Ledger(db: store).record(entry)
        }
    }

    /// The ledger, newest run first.
    public func runs() throws(EngineError) -> ResultTable {
        let db = store
        return ResultTable(title: "runs", columns: ["run", "started", "scripts", "script version", "sha256", "as of", "user and role", "pii", "status", "wrote", "git commit", "git dirty"],
                           types: [.number, .string, .string, .string, .string, .string, .string, .string, .string, .string, .string, .bool],
                           rows: try Ledger(db: db).runs())
    }
}
