import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// `seg tags build` and `seg tags`: the tag store (TagStore.swift) from a session.
extension Session {
    public struct TagFailure: Error {
        public var diagnostics: [Diagnostic]
        public var sources: SourceMap
        public var failure: RunFailure
    }

    /// Computes every definition of the modules (standard modules or script files) for every
    /// entity into a new tag table.
    public func buildTags(modules: [String]) -> Result<TagSummary, TagFailure> {
        buildTags(modules: modules, onlySQL: false)
    }

    /// `onlySQL`: builds nothing; the summary's `sql` is the query a build would run.
    public func buildTags(modules: [String], onlySQL: Bool) -> Result<TagSummary, TagFailure> {
        let cwd = FileManager.default.currentDirectoryPath
        let targets = modules.map { m -> UseTarget in
            if m.hasPrefix("stdlib.") || (!m.contains("/") && !m.hasSuffix(".seg")) { return .module(m.split(separator: ".").map(String.init)) }
            return .file(m)
        }
        var sources = SourceMap()
        let (checked, diagnostics) = FrontEnd.checkModules(targets, folder: cwd, catalog: catalog, options: frontEndOptions, sources: &sources)
        guard let program = checked, !diagnostics.hasErrors else {
            return .failure(TagFailure(diagnostics: diagnostics, sources: sources, failure: .inScript))
        }
        let db = store
        let ids = program.definitions.map(\.id)
        guard !ids.isEmpty else {
            return .failure(TagFailure(diagnostics: [.noTagsInModules(modules)], sources: sources, failure: .usage))
        }
        let store = TagStore(engine: engine, db: db)
        do {
            if onlySQL {
                let (queries, tags) = try store.query(ids, of: program, asOf: referenceDate(program))
                return .success(TagSummary(name: "", tags: tags.map(\.name), entities: 0, asOf: referenceDate(program), sql: queries.joined(separator: "\n\n")))
            }
            let scored = try scoringModelsForTags(program, ids, asOf: referenceDate(program))
            let built = try store.build(ids, of: program, reads: scored, modules: modules, asOf: referenceDate(program))
            // Each definition not tagged, with why (`TagStore.tags`).
            let left = program.definitions.filter { d in !built.tags.contains { $0.name == d.name } }.map { d in
                d.name + (TagStore.readsPersonal(d.body, program) ? " (computed from personal data, of which Seg keeps no copy)"
                          : program.readsLists(d.body) ? " (reads saved lists, which change without the data changing)"
                          : " (its column name would be too long for the engine, or it is defined again)")
            }
            return .success(TagSummary(name: built.name, tags: built.tags.map(\.name), entities: built.entities, asOf: built.asOf,
                                       leftOut: Array(Set(left)).sorted()))
        } catch let f as TagBuildFailure {
            return .failure(TagFailure(diagnostics: [f.diagnostic], sources: sources, failure: .inScript))
        } catch let f as StatementFailure {
            return .failure(TagFailure(diagnostics: [f.diagnostic], sources: sources, failure: f.failure))
        } catch {
            let e = error as? EngineError ?? EngineError(kind: .query, detail: "\(error)", path: engine.label)
            return .failure(TagFailure(diagnostics: [.engine(e)], sources: sources, failure: .engine))
        }
    }

    /// `build tags` in a script: which definitions, checked now (a module that does not check
    /// stops the run here); built when the run commits (`buildStagedTags`).
    func stageTagBuild(_ modules: [UseTarget], program: CheckedProgram, scriptPath: String, span: Span) throws(StatementFailure) {
        // Known now, before the rest of the run writes anything.
        if engine.comparesByCollation(program.entity.table) {
            var d = Diagnostic.tagsLoseCollation(program.entity.table)
            d.span = span
            throw StatementFailure(diagnostic: d, failure: .inScript)
        }
        var source = program
        // The script and what it names: a later `build tags` of the same replaces this one's table.
        var label = (scriptPath as NSString).lastPathComponent + ": build tags"
        if !modules.isEmpty {
            let (checked, problem) = FrontEnd.tagModules(modules, scriptPath: scriptPath, catalog: catalog, options: frontEndOptions, at: span)
            guard let checked else { throw StatementFailure(diagnostic: problem ?? .tagModulesDoNotCheck(span), failure: .inScript) }
            source = checked
            var named: [String] = []
            for m in modules {
                let text: String
                switch m {
                case .module(let parts): text = parts.joined(separator: ".")
                case .file(let path): text = "\"\(path)\""
                case .entity(let name): text = name.text
                }
                if !named.contains(text) { named.append(text) }
            }
            label += " " + named.joined(separator: ", ")
        }
        let ids = source.definitions.map(\.id)
        guard !ids.isEmpty else { throw StatementFailure(diagnostic: .noTagsInModules([label], at: span), failure: .inScript) }
        // The same build twice in a run is built once.
        if !effects.stagedTagBuilds.contains(where: { $0.label == label }) {
            effects.stagedTagBuilds.append(StagedTagBuild(program: source, ids: ids, label: label, span: span))
        }
    }

    /// The run's `build tags`, at its commit point: in its transaction, so a build and the
    /// run's other effects are saved together or not at all. Returns what each build says.
    func buildStagedTags() throws(StatementFailure) -> [Output] {
        var said: [Output] = []
        guard !effects.stagedTagBuilds.isEmpty else { return said }
        let db = store
        let store = TagStore(engine: engine, db: db)
        for b in effects.stagedTagBuilds {
            do {
                let scored = try scoringModelsForTags(b.program, b.ids, asOf: referenceDate(b.program))
                let built = try store.build(b.ids, of: b.program, reads: scored, modules: [b.label], asOf: referenceDate(b.program), commit: false)
                effects.wrote.append("tag table \(built.name)")
                // It replaces what the same statement built before (a nightly job keeps one table).
                let replaced = built.replaced
                for old in replaced { effects.wrote.append("replaced tag table \(old)") }
                let o = Output.message("built tag table \(built.name): \(built.tags.count) tag\(built.tags.count == 1 ? "" : "s") for \(built.entities.formatted()) \(b.program.entity.name)s, as of \(built.asOf)"
                                       + (replaced.isEmpty ? "" : " (replaces \(replaced.joined(separator: ", ")))"))
                said.append(o)
            } catch let f as TagBuildFailure {
                throw StatementFailure(diagnostic: f.diagnostic, failure: .inScript)
            } catch let f as StatementFailure {
                throw f
            } catch {
                throw StatementFailure(diagnostic: .engine(error as? EngineError ?? EngineError(kind: .query, detail: "\(error)", path: engine.label), at: b.span),
                                       failure: .engine)
            }
        }
        return said
    }

    /// The tag tables, newest first, each with whether it is fresh now.
    public func tagTables() throws(EngineError) -> ResultTable {
        let columns = ["table", "built", "as of", "customers", "tags", "data fresh", "seconds", "modules"]
        let types: [SegType] = [.string, .string, .string, .number, .number, .string, .string, .string]
        let rows: [[Value]] = try tagTableStates().map { t, fresh, _ in
            [.text(t.name), .text(t.createdAt), .text(t.asOf), .integer(t.entities), .integer(Int64(t.tags.count)),
             .text(fresh), .text(t.seconds), .text(t.modules)]
        }
        return ResultTable(title: "tag tables", columns: columns, types: types, rows: rows)
    }

    /// Removes tag tables by name; returns the names there were none of.
    /// Each tag table with what `seg tags` says of it, and whether it is stale: gone, built on
    /// data that changed since, or holding copies of the entity's columns (an older Seg's
    /// layout, which may hold personal values). A table for another as-of date is not stale.
    func tagTableStates() throws(EngineError) -> [(TagStore.Built, String, stale: Bool)] {
        let db = store
        let store = TagStore(engine: engine, db: db)
        let tables = try store.list()
        let entity = entityForTags()
        // Each table is judged by the data it was built from — its entity's table and the
        // relations its version names — with the very check runs make (`Engine.dataVersion`),
        // whatever entity the default library declares.
        var versions: [String: String?] = [:]
        func now(_ t: TagStore.Built) -> String? {
            let relations = (t.dataVersion ?? "").split(separator: ";").dropFirst().map { String($0.prefix { $0 != ":" }) }
            let numeric = entity?.table == t.entityTable ? entity!.fields.filter { $0.type == .number }.map(\.name) : []
            let key = ([t.entityTable] + relations).joined(separator: ",")
            if let known = versions[key] { return known }
            let v = engine.dataVersion(entity: t.entityTable, numericColumns: numeric, relations: relations)
            versions[key] = v
            return v
        }
        return tables.map { t in
            if (try? db.storeHasTable(t.name)) != true { return (t, "no: the table is gone", true) }
            let held = (try? db.storeColumns(of: t.name)) ?? []
            let expected = Set(t.tags.map { $0.column.lowercased() })
            if held.contains(where: { !$0.lowercased().hasPrefix("seg_t_") && !expected.contains($0.lowercased()) }) && held.count > t.tags.count + 1 {
                return (t, "no: it holds copies of the customers' columns (built by an older Seg)", true)
            }
            if t.dataVersion == nil || now(t) != t.dataVersion { return (t, "no: the data changed", true) }
            if t.asOf != options.asOf { return (t, "for \(t.asOf) only", false) }
            return (t, "yes", false)
        }
    }

    /// The stale tag tables (`seg tags drop --stale`).
    public func staleTagTables() throws(EngineError) -> [String] {
        try tagTableStates().filter(\.stale).map(\.0.name)
    }

    public func dropTags(_ names: [String]) throws(EngineError) -> [String] {
        let db = store
        let store = TagStore(engine: engine, db: db)
        var missing: [String] = []
        for n in names where try !store.drop(n) { missing.append(n) }
        return missing
    }

    /// The entity of a script with no statements: the default one of the catalog.
    func entityForTags() -> Entity? {
        var sources = SourceMap()
        return check(path: "<tags>", text: "count all\n", sources: &sources).0?.entity
    }
}

/// What `seg tags build` made.
public struct TagSummary: Sendable {
    public var name: String
    public var tags: [String]
    public var entities: Int64
    public var asOf: String
    /// The build's query, with values inline (`seg tags build --sql`).
    public var sql: String? = nil
    /// Definitions not tagged (they read saved lists, or were defined again later).
    public var leftOut: [String] = []
}

/// A `build tags` of a run, done when the run commits.
struct StagedTagBuild {
    var program: CheckedProgram
    var ids: [Int]
    var label: String
    var span: Span
}

extension Diagnostic {
    static func noTagsInModules(_ modules: [String], at span: Span = .none) -> Diagnostic {
        Diagnostic(code: "E0730", message: "\(modules.joined(separator: ", ")) define\(modules.count == 1 ? "s" : "") nothing to tag", span: span,
                   suggestion: "name modules or scripts with `define` and `segment` statements, like `seg tags build stdlib.rfm`")
    }
}
