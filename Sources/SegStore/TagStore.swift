import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine

/// The tag store (标签宽表, issue 18): the definitions of modules computed for every entity
/// once, in one query (every aggregate of a relation and window in one grouped pass, each
/// rank in one pass), stored as a table of the engine holding the entity's key and the tags,
/// nothing else (LANGUAGE.md §5: no copy of personal values). A run then reads it joined to
/// the entity's table (`TagSource`) and a definition from its column — only while the table is fresh: built for the same as-of date, from
/// the same definition (`Compiler.definitionFingerprint`), on data that has not changed
/// since (`Engine.dataVersion`). Otherwise the definition is computed as always.
package struct TagStore {
    package let engine: any Engine
    package let db: any StoreConnection
    package init(engine: any Engine, db: any StoreConnection) {
        self.engine = engine
        self.db = db
    }

    /// One row per tag table built.
    package static let catalog = StoreTable(
        name: StoreNames.tagTables,
        columns: [.init(name: "name", type: .text, notNull: true), .init(name: "created_at", type: .text, notNull: true),
                  .init(name: "as_of", type: .text, notNull: true), .init(name: "entity_table", type: .text, notNull: true),
                  .init(name: "data_version", type: .text), .init(name: "tags", type: .text, notNull: true),
                  .init(name: "modules", type: .text), .init(name: "entities", type: .integer), .init(name: "seconds", type: .text)],
        primaryKey: ["name"])

    /// A definition as a tag table holds it.
    package struct Tag: Codable, Equatable {
        package var name: String
        package var column: String
        package var fingerprint: String
    }

    package struct Built {
        package var name: String
        package var createdAt: String
        package var asOf: String
        package var entityTable: String
        package var dataVersion: String?
        package var tags: [Tag]
        package var modules: String
        package var entities: Int64
        package var seconds: String
        /// The tables of the same modules this build replaced.
        package var replaced: [String] = []
    }

    /// The tag tables, newest first.
    package func list() throws(EngineError) -> [Built] {
        guard try db.storeHasTable(TagStore.catalog.name) else { return [] }
        return try db.storeQuery("SELECT name, created_at, as_of, entity_table, data_version, tags, modules, entities, seconds FROM \(raw: StoreNames.tagTables) ORDER BY created_at DESC, name DESC")
            .compactMap { r -> Built? in
                func text(_ v: Value) -> String? { if case .text(let s) = v { return s } else { return nil } }
                guard let name = text(r[0]), let tagsJSON = text(r[5]),
                      let tags = try? JSONDecoder().decode([Tag].self, from: Data(tagsJSON.utf8)) else { return nil }
                let n: Int64 = { if case .integer(let i) = r[7] { return i } else { return 0 } }()
                return Built(name: name, createdAt: text(r[1]) ?? "", asOf: text(r[2]) ?? "", entityTable: text(r[3]) ?? "",
                             dataVersion: text(r[4]), tags: tags, modules: text(r[6]) ?? "", entities: n, seconds: text(r[8]) ?? "")
            }
    }

    /// What the data the tags read looks like now: the entity's table and its relations'.
    package func dataVersion(_ entity: Entity) -> String? { engine.dataVersion(of: entity) }

    /// The tags of `ids`, each in a column `seg_t_<name>` (apart from every entity column,
    /// whatever its case). Left out, and computed where they are read: a definition computed
    /// from a personal value (Seg keeps no copy of personal data, LANGUAGE.md §5); one that
    /// reads saved lists (a list can get a new version without the data changing); one whose
    /// column name the engine would cut (PostgreSQL keeps 63 bytes).
    package func tags(_ ids: [Int], of program: CheckedProgram, asOf: String) -> [(id: Int, tag: Tag)] {
        var out: [(id: Int, tag: Tag)] = []
        let longest = db.storeTraits.identifierBytes ?? Int.max
        for id in ids {
            let d = program.definitions[id]
            guard !program.readsLists(d.body), !Self.readsPersonal(d.body, program), ("seg_t_" + d.name).utf8.count <= longest, !out.contains(where: { $0.tag.name == d.name }),
                  program.definitions.last(where: { $0.name == d.name })?.id == id else { continue }
            out.append((id, Tag(name: d.name, column: "seg_t_" + d.name,
                                fingerprint: Compiler.definitionFingerprint(id, in: program, dialect: engine.dialect, asOf: asOf))))
        }
        return out
    }

    /// Whether a value is computed from a personal value, even one it only tests
    /// (`phone starts with "138"`): such a tag would be a copy of personal data.
    package static func readsPersonal(_ e: TypedExpr, _ program: CheckedProgram) -> Bool {
        e.personal || program.mentions(e) { x in
            switch x.kind {
            case .field, .relationField, .model: return x.personal
            case .aggregate(let a): return x.personal || (a.value?.personal ?? false)
            default: return false
            }
        }
    }

    /// The build in layers: first every definition that needs no rank, all aggregates of a
    /// relation and window in one grouped pass; then each further layer reads the one before
    /// (`tagTable`), so a rank ranks a column in one pass, and a definition computed below is
    /// read, never computed again.
    package func layers(_ tags: [(id: Int, tag: Tag)], of program: CheckedProgram) -> [[(id: Int, tag: Tag)]] {
        var done = Set<Int>()
        var rest = tags
        var out: [[(id: Int, tag: Tag)]] = []
        while !rest.isEmpty {
            // What ranks nothing, or only what the layers below hold; ranks of ranks at once.
            var layer = rest.filter { Self.ranksOnly(program.definition($0.id).body, done: done, program: program) }
            if layer.isEmpty { layer = rest }
            out.append(layer)
            for t in layer { done.insert(t.id) }
            rest.removeAll { t in layer.contains { $0.id == t.id } }
        }
        return out
    }

    /// Whether every rank in `e` ranks a value made only of what is done (so the rank is one
    /// pass over a column of the layer below).
    package static func ranksOnly(_ e: TypedExpr, done: Set<Int>, program: CheckedProgram) -> Bool {
        var seen = Set<Int>()
        func ok(_ e: TypedExpr) -> Bool {
            if case .definition(let id) = e.kind {
                guard !done.contains(id), seen.insert(id).inserted else { return true }
                return ok(program.definition(id).body)
            }
            if case .ranking(let r) = e.kind { return isDone(r.value) }
            return program.parts(e).allSatisfy(ok)
        }
        func isDone(_ e: TypedExpr) -> Bool {
            if case .definition(let id) = e.kind { return done.contains(id) || isDone(program.definition(id).body) }
            switch e.kind {
            case .aggregate, .ranking, .model, .reasons: return false
            default: return program.parts(e).allSatisfy(isDone)
            }
        }
        return ok(e)
    }

    /// One layer's query (`Compiler.tagLayerQuery`): the entity's key, the definitions of the
    /// layers below (read from `below`), and this layer's, each in its tag's column.
    package func layerQuery(_ layer: [(id: Int, tag: Tag)], below: (table: String, done: [(id: Int, tag: Tag)])?, of program: CheckedProgram,
                    reads: RunReads, asOf: String) throws -> TagLayerQuery {
        var r = reads
        if let below {
            r.tagTable = below.table
            r.tagColumns = Dictionary(uniqueKeysWithValues: below.done.map { ($0.id, $0.tag.column) })
        }
        let all = (below?.done ?? []) + layer
        switch Compiler.tagLayerQuery(all.map { ($0.id, $0.tag.column) }, in: program, reads: r, dialect: engine.dialect, asOf: asOf) {
        case .success(let c): return c
        case .failure(let d): throw TagBuildFailure(diagnostic: d)
        }
    }

    /// The queries a build runs, values inline (`seg tags build --sql`), one per layer.
    package func query(_ ids: [Int], of program: CheckedProgram, asOf: String) throws -> ([String], [Tag]) {
        let all = tags(ids, of: program, asOf: asOf)
        var below: (table: String, done: [(id: Int, tag: Tag)])?
        var out: [String] = []
        for (i, layer) in layers(all, of: program).enumerated() {
            let text = try layerQuery(layer, below: below, of: program, reads: RunReads(), asOf: asOf).inlineText
            out.append("-- layer \(i + 1): " + layer.map(\.tag.name).joined(separator: ", ") + "\n"
                       + "CREATE TABLE \(engine.dialect.quote("seg_tags_layer\(i + 1)")) AS " + text + ";")
            below = ("seg_tags_layer\(i + 1)", (below?.done ?? []) + layer)
        }
        return (out, all.map(\.tag))
    }

    /// Computes `ids` for every entity into a new table; returns what it built.
    /// `commit: false`: in the caller's transaction (a run's `build tags`), which commits it.
    package func build(_ ids: [Int], of program: CheckedProgram, reads: RunReads, modules: [String], asOf: String, commit: Bool = true) throws -> Built {
        let started = Date()
        let entity = program.entity
        if engine.comparesByCollation(entity.table) { throw TagBuildFailure(diagnostic: .tagsLoseCollation(entity.table)) }
        // The data as the build starts: rows appended while it runs make the table stale, not wrong.
        let version = dataVersion(entity)
        let d = engine.dialect
        engine.prepare(models: program.models)
        let all = tags(ids, of: program, asOf: asOf)
        let plan = layers(all, of: program)
        // One transaction (where the engine has them): a build is whole or absent, two builds
        // at once take turns, and its commit is one write of Seg's own (`DataVersionCache`).
        try engine.begin()
        do {
            try db.withStoreLock { () throws(EngineError) in try db.storePrepare(TagStore.catalog) }
            let existing = Set(try list().map(\.name))
            var n = existing.count + 1
            while try existing.contains("seg_tags_\(n)") || db.storeHasTable("seg_tags_\(n)") { n += 1 }
            let name = "seg_tags_\(n)"
            var below: (table: String, done: [(id: Int, tag: Tag)])?
            var intermediate: [String] = []
            for (i, layer) in plan.enumerated() {
                let last = i == plan.count - 1
                let table = last ? name : "\(name)_layer\(i + 1)"
                let query = try layerQuery(layer, below: below, of: program, reads: reads, asOf: asOf).bound
                if !last { intermediate.append(table) }
                // The next layer, and every run after, looks entities up by key.
                try engine.createTable(table, as: query, key: entity.key)
                below = (table, (below?.done ?? []) + layer)
            }
            for t in intermediate { engine.dropTable(t) }
            // A rebuild of the same modules replaces the table it built before.
            let joined = modules.joined(separator: " ")
            var replaced: [String] = []
            for old in try list() where old.modules == joined && old.entityTable == entity.table {
                engine.dropTable(old.name)
                _ = try db.storeQuery("DELETE FROM \(raw: StoreNames.tagTables) WHERE name = \(.text(old.name))")
                replaced.append(old.name)
            }
            let tags = all.map(\.tag)
            var rows: Int64 = 0
            try engine.run(BoundQuery(text: "SELECT COUNT(*) FROM \(d.quote(name))", parameters: [])) { r in if case .integer(let i)? = r.first { rows = i } }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            let built = Built(name: name, createdAt: ISO8601DateFormatter().string(from: Date()), asOf: asOf, entityTable: entity.table,
                              dataVersion: version, tags: tags, modules: modules.joined(separator: " "), entities: rows, seconds: seconds,
                              replaced: replaced)
            // Keys sorted: the same tags are the same text (the encoder's own order varies).
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = String(decoding: (try? encoder.encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
            try db.storeInsert(into: TagStore.catalog.name, columns: ["name", "created_at", "as_of", "entity_table", "data_version", "tags", "modules", "entities", "seconds"],
                               rows: [[.text(built.name), .text(built.createdAt), .text(asOf), .text(entity.table), version.map { .text($0) } ?? .null,
                                       .text(json), .text(built.modules), .integer(rows), .text(seconds)]])
            if commit { try engine.ownWrite { try engine.commit() } }
            return built
        } catch {
            if commit { engine.rollback() }
            throw error
        }
    }

    /// Removes a tag table and its catalog row; false when there is no such table.
    package func drop(_ name: String) throws(EngineError) -> Bool {
        guard try list().contains(where: { $0.name == name }) else { return false }
        engine.dropTable(name)
        _ = try db.storeQuery("DELETE FROM \(raw: StoreNames.tagTables) WHERE name = \(.text(name))")
        return true
    }

    /// The fresh tag table that holds the most definitions the program reads, and which
    /// (`RunPlan.readTags`); nil when none is fresh for it.
    package func fresh(for program: CheckedProgram, asOf: String, version: () -> String?) -> RunPlan.TagTableFacts? {
        // Only the definitions the statements read are looked at: none, and nothing is asked.
        guard !program.definitionsRead().isEmpty, let tables = try? list(), !tables.isEmpty,
              !engine.comparesByCollation(program.entity.table), let version = version() else {
            return nil
        }
        var fingerprints: [Int: String] = [:]
        func fingerprint(_ id: Int) -> String {
            if let f = fingerprints[id] { return f }
            let f = Compiler.definitionFingerprint(id, in: program, dialect: engine.dialect, asOf: asOf)
            fingerprints[id] = f
            return f
        }
        var best: (Built, [Int: String], [String])?
        // A table removed or changed outside Seg is not served.
        for t in tables where t.asOf == asOf && t.entityTable == program.entity.table && t.dataVersion == version
            && (try? db.storeHasTable(t.name)) == true {
            let held = Dictionary(t.tags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            var columns: [Int: String] = [:]
            var names: [String] = []
            // From the statements down: a definition the table holds fresh is read, and what
            // it is made of needs no look; one it does not is looked into.
            var seen = Set<Int>()
            func visit(_ e: TypedExpr) {
                if case .definition(let id) = e.kind {
                    guard seen.insert(id).inserted else { return }
                    let d = program.definitions[id]
                    if let tag = held[d.name], program.definitions.last(where: { $0.name == d.name })?.id == id,
                       !program.readsLists(d.body), fingerprint(id) == tag.fingerprint {
                        columns[id] = tag.column
                        names.append(d.name)
                        return
                    }
                    visit(d.body)
                    return
                }
                program.parts(e).forEach(visit)
            }
            for a in program.actions {
                a.expressions.forEach(visit)
                if case .campaign(let c) = a.kind { c.rankBy.map(visit) }
            }
            if !columns.isEmpty, columns.count > best?.1.count ?? 0 { best = (t, columns, names) }
        }
        guard let (table, columns, names) = best else { return nil }
        return RunPlan.TagTableFacts(name: table.name, builtAt: table.createdAt, asOf: table.asOf, columns: columns, definitions: names)
    }
}

package struct TagBuildFailure: Error {
    package var diagnostic: Diagnostic
}

extension Diagnostic {
    package static func tagsLoseCollation(_ table: String) -> Diagnostic {
        Diagnostic(code: "E0732", message: "`\(table)` compares some columns by a collation (`COLLATE …`), which a tag table would not keep: its answers could differ",
                   span: .none, suggestion: "questions on this table are computed as they are, without a tag table")
    }
}
