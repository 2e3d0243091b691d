import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

extension Session {
    /// W0704 for a campaign channel (`channel C`, `exclude contacted via C`, `cap … via C`)
    /// that no contact in the history and no plan in the store uses: most likely a typo, and
    /// an exclusion through it would silently exclude no one. A warning, not an error: a
    /// campaign may open a new channel.
    func unknownChannels(_ program: CheckedProgram) -> [Diagnostic] {
        let campaigns = program.actions.compactMap { a -> CheckedCampaign? in
            if case .campaign(let c) = a.kind { return c } else { return nil }
        }
        guard !campaigns.isEmpty else { return [] }
        let known = knownChannels(program)
        guard !known.isEmpty else { return [] }  // no history to compare with
        var out: [Diagnostic] = []
        for c in campaigns {
            // At each place the channel is written (`via phnoe`, `channel phnoe`).
            var unknown: [String: Bool] = [:]
            for w in c.channelsWritten {
                if unknown[w.name] == nil { unknown[w.name] = !known.contains(w.name) && !historyHolds(w.name, program) }
                if unknown[w.name] == true { out.append(.unknownChannel(w.name, campaign: c.name, known: known.sorted(), w.span)) }
            }
        }
        return out
    }

    /// A channel the history's first rows did not show, looked up in the whole history.
    func historyHolds(_ channel: String, _ program: CheckedProgram) -> Bool {
        guard let lookup = engine as? LooksUpValues, let r = program.entity.contactsRelation, r.column("channel") != nil else { return false }
        return lookup.holds(table: r.table, column: "channel", value: channel) == true
    }

    /// The channels of the contact history (`Entity.contactsRelation`'s `channel` column) and
    /// of the contacts Seg planned.
    func knownChannels(_ program: CheckedProgram) -> Set<String> {
        var known = Set<String>()
        let d = engine.dialect
        if let r = program.entity.contactsRelation, r.column("channel") != nil {
            if let lookup = engine as? LooksUpValues {
                known.formUnion(lookup.fewValues(table: r.table, column: "channel", atMost: Self.fewValues) ?? [])
            } else {
                try? engine.run(BoundQuery(text: "SELECT DISTINCT \(d.quote("channel")) FROM \(d.quote(r.table))", parameters: [])) { row in
                    if case .text(let s)? = row.first { known.insert(s) }
                }
            }
        }
        if (try? store.storeHasTable(StoreNames.contacts)) == true {
            for row in (try? store.storeQuery("SELECT DISTINCT channel FROM \(raw: StoreNames.contacts)")) ?? [] {
                if case .text(let s)? = row.first { known.insert(s) }
            }
        }
        return known
    }
}
