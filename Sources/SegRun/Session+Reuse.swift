import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegModels

/// What a run reads instead of computing again: a fresh tag table's definitions, the REPL's
/// kept segments and its answers from memory, ranks and shared conditions computed once into
/// temporary tables. Each returns the program that reads them; none changes an answer.
extension Session {
    /// The program reading the definitions a fresh tag table holds, and what `explain` says
    /// of it; the program as it is when there is no tag table, or none is fresh.
    func readingTags(_ program: CheckedProgram) -> (CheckedProgram, String?) {
        guard let db = engine.ownTables, (try? db.storeHasTable(TagStore.catalog.name)) == true else { return (program, nil) }
        let store = TagStore(engine: engine, db: db)
        let asOf = referenceDate(program)
        let (tagged, table, names) = store.apply(to: program, asOf: asOf, version: { store.dataVersion(program.entity) })
        guard let table else { return (program, nil) }
        return (tagged, "definitions read from tag table \(table.name) (built \(table.createdAt), as of \(table.asOf), data unchanged since): " + names.joined(separator: ", "))
    }

    /// A REPL statement's rows from memory (`SegmentMemory`), where it can answer them and
    /// the engine tells cheaply that the data is what memory read.
    func answerFromMemory(_ c: CompiledAction, in program: CheckedProgram) -> [[Value]]? {
        // A column compared by a collation (`COLLATE NOCASE`) is SQL's to compare.
        guard options.keepSegments, !c.action.isExplain, !engine.comparesByCollation(program.entity.table) else { return nil }
        // The data version as the engine knows it without a scan: a question memory answers
        // reads a tag table or a kept segment, whose version this entry has already asked.
        // The tag table as built: a table dropped and built again under the same name is another.
        let built: TagStore.Built? = program.tagTable.flatMap { table in
            engine.ownTables.flatMap { db in try? TagStore(engine: engine, db: db).list().first(where: { $0.name == table }) }
        }
        if program.tagTable != nil && built == nil { return nil }
        let identity = built.map { b in [b.name, b.createdAt, b.asOf, fingerprint(b.tags.map { $0.column + ":" + $0.fingerprint }.joined(separator: ",").utf8)].joined(separator: "|") } ?? ""
        return memory.answer(c, in: program, version: {
            engine.knownDataVersion(entity: program.entity.table, numericColumns: program.entity.fields.filter { $0.type == .number }.map(\.name),
                                    relations: program.entity.relations.map(\.table)).map { $0 + "|" + identity }
        }) {
            // Every tag the table holds, so the first scan loads them all.
            built?.tags.map(\.column) ?? []
        }
    }

    /// The REPL's kept segments (`RunOptions.keepSegments`): each condition the statements read
    /// that is costly to evaluate is read from the temporary table an earlier entry filled
    /// with its members, or computed into one now and kept. A table serves only the same
    /// definition (its fingerprint), date and data; a redefinition gets a table of its own.
    func keepingSegments(_ program: CheckedProgram) throws(StatementFailure) -> (CheckedProgram, String?) {
        guard options.keepSegments else { return (program, nil) }
        let read = TagStore.definitionsRead(by: program)
        func costly(_ e: TypedExpr) -> Bool {
            program.mentionsBeyondTags(e) {
                switch $0.kind {
                case .aggregate, .model, .ranking: return true
                default: return false
                }
            }
        }
        let candidates = program.definitions.filter { d in
            read.contains(d.id) && d.body.type == .bool && program.tagColumns[d.id] == nil && costly(d.body)
                && !TagStore.readsLists(d.body, program)
                && !program.mentions(d.body) { if case .relationField = $0.kind { return true } else { return false } }
                && program.definitions.last(where: { $0.name == d.name })?.id == d.id
        }
        guard !candidates.isEmpty, let version = engine.dataVersion(entity: program.entity.table,
                                                                     numericColumns: program.entity.fields.filter { $0.type == .number }.map(\.name),
                                                                     relations: program.entity.relations.map(\.table)) else { return (program, nil) }
        let asOf = referenceDate(program)
        var p = program
        var reused: [String] = [], made: [String] = []
        for d in candidates {
            let key = Compiler.definitionFingerprint(d.id, in: program, dialect: engine.dialect, asOf: asOf) + "|" + asOf + "|" + version
            if let table = keptSegments[key] {
                p = SharedConditions.substituting([ComputedCondition(definition: d.id, name: d.name, table: table, uses: 0)], in: p)
                reused.append(d.name)
                continue
            }
            let c = ComputedCondition(definition: d.id, name: d.name, table: "seg_kept\(keptSegments.count + 1)", uses: 0)
            let action = SharedConditions.membersAction(c, original: program)
            let query: CompiledAction
            switch SharedConditions.membersQuery(action, in: p, dialect: engine.dialect, asOf: options.asOf,
                                                 plan: planner.planChoice(for: action, in: p), pushdownModels: options.pushdownModels, listCutoff: options.storeAsOf) {
            case .success(let q): query = q
            case .failure(let diagnostic): throw StatementFailure(diagnostic: diagnostic, failure: .inScript)
            }
            do throws(EngineError) { try engine.materialise(c.table, query.bound) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: action.span), failure: .engine)
            }
            keptSegments[key] = c.table
            p = SharedConditions.substituting([c], in: p)
            made.append(d.name)
        }
        var note: [String] = []
        if !reused.isEmpty { note.append("kept from earlier in this session: " + reused.joined(separator: ", ")) }
        if !made.isEmpty { note.append("kept for the rest of this session: " + made.joined(separator: ", ")) }
        return (p, note.isEmpty ? nil : note.joined(separator: "; "))
    }

    /// Computes, into temporary tables, the conditions several of the program's statements
    /// would each evaluate again (`SharedConditions`); returns the program that reads them.
    /// Each rank the program's statements use, computed once for the run into a temporary
    /// table they all join (LANGUAGE.md §4's ranks read every entity: ranking them again for
    /// every statement was most of an RFM script's time).
    func computeRanks(_ program: CheckedProgram, index: Int, done: inout [String]) throws(StatementFailure) -> CheckedProgram {
        var program = program
        for (i, (key, r)) in Compiler.rankingsToCompute(program.actions, in: program, dialect: engine.dialect, asOf: options.asOf).enumerated() {
            let table = "seg_rankonce\(index + 1)_\(i + 1)"
            done.append(table)
            do { try engine.materialise(table, Compiler.rankingQuery(r, in: program, dialect: engine.dialect, asOf: options.asOf)) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: r.value.span), failure: .engine)
            }
            program.rankTables[key] = table
        }
        return program
    }

    func computeSharedConditions(_ program: CheckedProgram, index: Int, done: inout [ComputedCondition]) throws(StatementFailure) -> (CheckedProgram, [ComputedCondition]) {
        let chosen = SharedConditions.choose(program, actions: program.actions, dialect: engine.dialect, tablePrefix: "seg_once\(index + 1)_")
        let rewritten = SharedConditions.substituting(chosen, in: program)
        for c in chosen {
            // Earlier conditions are already in their tables, so this one reads them.
            let action = SharedConditions.membersAction(c, original: program)
            let query: CompiledAction
            switch SharedConditions.membersQuery(action, in: rewritten, dialect: engine.dialect, asOf: options.asOf,
                                                 plan: planner.planChoice(for: action, in: rewritten), pushdownModels: options.pushdownModels, listCutoff: options.storeAsOf) {
            case .success(let q): query = q
            case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
            }
            done.append(c)
            do { try engine.materialise(c.table, query.bound) } catch {
                throw StatementFailure(diagnostic: .engine(error, at: action.span), failure: .engine)
            }
        }
        return (rewritten, chosen)
    }
}
