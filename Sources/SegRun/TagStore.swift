import Foundation
import SegSyntax
import SegCheck
import SegCompile

/// The tag store (标签宽表, issue 18): the definitions of modules computed for every entity
/// once, in one query (every aggregate of a relation and window in one grouped pass, each
/// rank in one pass), stored beside the entity's columns as a table of the engine. A run
/// then reads the table in the entity table's place (`SelectQuery.source`) and a definition
/// from its column — only while the table is fresh: built for the same as-of date, from
/// the same definition (`Compiler.definitionFingerprint`), on data that has not changed
/// since (`Engine.dataVersion`). Otherwise the definition is computed as always.
struct TagStore {
    let engine: any Engine
    let db: any StoreConnection

    /// One row per tag table built.
    static let catalog = StoreTable(
        name: "seg_tag_tables",
        columns: [.init(name: "name", type: .text, notNull: true), .init(name: "created_at", type: .text, notNull: true),
                  .init(name: "as_of", type: .text, notNull: true), .init(name: "entity_table", type: .text, notNull: true),
                  .init(name: "data_version", type: .text), .init(name: "tags", type: .text, notNull: true),
                  .init(name: "modules", type: .text), .init(name: "entities", type: .integer), .init(name: "seconds", type: .text)],
        primaryKey: ["name"])

    /// A definition as a tag table holds it.
    struct Tag: Codable, Equatable {
        var name: String
        var column: String
        var fingerprint: String
    }

    struct Built {
        var name: String
        var createdAt: String
        var asOf: String
        var entityTable: String
        var dataVersion: String?
        var tags: [Tag]
        var modules: String
        var entities: Int64
        var seconds: String
    }

    /// The tag tables, newest first.
    func list() throws(EngineError) -> [Built] {
        guard try db.storeHasTable(TagStore.catalog.name) else { return [] }
        return try db.storeQuery("SELECT name, created_at, as_of, entity_table, data_version, tags, modules, entities, seconds FROM seg_tag_tables ORDER BY created_at DESC, name DESC")
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
    func dataVersion(_ entity: Entity) -> String? {
        engine.dataVersion(entity: entity.table, numericColumns: entity.fields.filter { $0.type == .number }.map(\.name),
                           relations: entity.relations.map(\.table))
    }

    /// Computes `ids` for every entity into a new table; returns what it built.
    func build(_ ids: [Int], of program: CheckedProgram, modules: [String], asOf: String) throws -> Built {
        let started = Date()
        let entity = program.entity
        let version = dataVersion(entity)
        let existing = Set(try list().map(\.name))
        var n = existing.count + 1
        while try existing.contains("seg_tags_\(n)") || db.storeHasTable("seg_tags_\(n)") { n += 1 }
        let name = "seg_tags_\(n)"
        // The entity's columns, then one column per definition.
        let fields = entity.fields.map { OutputColumn(label: $0.name, expr: TypedExpr(.field($0.name), $0.type, nullable: $0.nullable, .none)) }
        let taken = Set(entity.fields.map { $0.name.lowercased() })
        var tags: [Tag] = []
        var columns = fields
        for id in ids {
            let d = program.definitions[id]
            guard !taken.contains(d.name.lowercased()), !tags.contains(where: { $0.name == d.name }) else { continue }
            tags.append(Tag(name: d.name, column: d.name, fingerprint: Compiler.definitionFingerprint(id, in: program, dialect: engine.dialect, asOf: asOf)))
            columns.append(OutputColumn(label: d.name, expr: TypedExpr(.definition(id), d.body.type, nullable: d.body.nullable, .none)))
        }
        let action = CheckedAction(kind: .export(.table(Name(name, .none)), columns: columns), target: .constant(.bool(true), .none),
                                   targetName: nil, targetText: "all", span: .none)
        let compiled: CompiledAction
        switch Compiler.compile(action, in: program, dialect: engine.dialect, asOf: asOf, plan: .grouped) {
        case .success(let c): compiled = c
        case .failure(let d): throw TagBuildFailure(diagnostic: d)
        }
        let d = engine.dialect
        let names = columns.enumerated().map { i, c in "\(d.quote("c\(i + 1)")) AS \(d.quote(c.label))" }.joined(separator: ", ")
        let bound = compiled.bound
        engine.prepare(models: program.models)
        try engine.run(BoundQuery(text: "CREATE TABLE \(d.quote(name)) AS SELECT \(names) FROM (\(bound.text)) \(d.quote("seg_t"))",
                                  parameters: bound.parameters, scoresModelInSQL: bound.scoresModelInSQL)) { _ in }
        try engine.run(BoundQuery(text: "CREATE UNIQUE INDEX \(d.quote(name + "_key")) ON \(d.quote(name)) (\(d.quote(entity.key)))", parameters: [])) { _ in }
        var rows: Int64 = 0
        try engine.run(BoundQuery(text: "SELECT COUNT(*) FROM \(d.quote(name))", parameters: [])) { r in if case .integer(let i)? = r.first { rows = i } }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let built = Built(name: name, createdAt: ISO8601DateFormatter().string(from: Date()), asOf: asOf, entityTable: entity.table,
                          dataVersion: version, tags: tags, modules: modules.joined(separator: " "), entities: rows, seconds: seconds)
        try db.withStoreLock { () throws(EngineError) in try db.storePrepare(TagStore.catalog) }
        let json = String(decoding: (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
        try db.storeInsert(into: TagStore.catalog.name, columns: ["name", "created_at", "as_of", "entity_table", "data_version", "tags", "modules", "entities", "seconds"],
                           rows: [[.text(built.name), .text(built.createdAt), .text(asOf), .text(entity.table), version.map { .text($0) } ?? .null,
                                   .text(json), .text(built.modules), .integer(rows), .text(seconds)]])
        return built
    }

    /// The program reading what a fresh tag table holds, and which table and definitions;
    /// the program unchanged when no table is fresh for it.
    func apply(to program: CheckedProgram, asOf: String, version: String?) -> (CheckedProgram, Built?, [String]) {
        guard let version, let tables = try? list(), !tables.isEmpty else { return (program, nil, []) }
        var best: (Built, [Int: String], [String])?
        for t in tables where t.asOf == asOf && t.entityTable == program.entity.table && t.dataVersion == version {
            var columns: [Int: String] = [:]
            var names: [String] = []
            for tag in t.tags {
                guard let d = program.definitions.last(where: { $0.name == tag.name }),
                      Compiler.definitionFingerprint(d.id, in: program, dialect: engine.dialect, asOf: asOf) == tag.fingerprint else { continue }
                columns[d.id] = tag.column
                names.append(tag.name)
            }
            if !columns.isEmpty, columns.count > best?.1.count ?? 0 { best = (t, columns, names) }
        }
        guard let (table, columns, names) = best else { return (program, nil, []) }
        var p = program
        p.tagTable = table.name
        p.tagColumns = columns
        return (p, table, names)
    }
}

struct TagBuildFailure: Error {
    var diagnostic: Diagnostic
}
