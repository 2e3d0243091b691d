import SegSyntax

/// Which entity a script segments: an `entity` it declares (the one named by
/// `use entity`, else `customer`), or the one inferred from the database.
extension Checker {
    static func chooseEntity(_ parsed: Program, catalog: Catalog) -> (Entity?, [Diagnostic]) {
        var declared: [String: Entity] = [:]
        var diagnostics: [Diagnostic] = []
        var wanted: Name?
        var declaredAt: [String: Statement] = [:]
        for s in parsed.statements {
            switch s.kind {
            case .entity(let decl):
                // An entity is declared once: a script that declares again what a used module
                // declared would replace the module's classification without a word.
                if let first = declaredAt[decl.name.text] {
                    diagnostics.append(.entityRedeclared(decl.name.text, decl.name.span, usedFile: first.fromUsedFile))
                    continue
                }
                declaredAt[decl.name.text] = s
                let (e, ds) = entity(from: decl, catalog: catalog)
                if let e { declared[e.name] = e }
                diagnostics += ds
            case .use(.entity(let n)):
                wanted = n
            default:
                break
            }
        }
        if !diagnostics.isEmpty { return (nil, diagnostics) }
        let inferred = catalog.inferEntity()
        if let wanted {
            if let e = declared[wanted.text] { return (e, []) }
            if case .success(let e) = inferred, e.name == wanted.text { return (e, []) }
            return (nil, [.unknownEntity(wanted.text, wanted.span, known: Array(declared.keys))])
        }
        if let e = declared["customer"] { return (e, []) }
        switch inferred {
        case .success(let e): return (e, [])
        case .failure(let d): return (nil, [d])
        }
    }

    /// Builds an entity from its declaration, checking every table and column against the catalog.
    static func entity(from d: EntityDecl, catalog: Catalog) -> (Entity?, [Diagnostic]) {
        var errors: [Diagnostic] = []
        func table(_ n: Name) -> Catalog.Table? {
            if let t = catalog.table(n.text) { return t }
            errors.append(.unknownTable(n.text, n.span, tables: catalog.tables.map(\.name)))
            return nil
        }
        func column(_ n: Name, in t: Catalog.Table) -> Catalog.Column? {
            if let c = t.column(n.text) { return c }
            errors.append(.unknownColumn(n.text, table: t.name, n.span, columns: t.columns.map(\.name)))
            return nil
        }
        // Every part is checked, even when the entity's own table is unknown, to report every error.
        let main = table(d.table)
        let t = main ?? Catalog.Table(name: d.table.text, columns: [], primaryKey: [])
        if main != nil {
            _ = column(d.key, in: t)
            for f in d.fields where f.relation == nil { _ = column(f.name, in: t) }
        }
        // What the script declares (LANGUAGE.md §5): it may add `pii` to any column; `not pii`
        // lowers the policy's classification, which only a role that may reclassify can do
        // (recorded with the run). A column the policy does not hold personal is left as it is.
        var reclassified: [String] = []
        var declared: [String: Bool] = [:]
        func classify(_ f: EntityDecl.FieldDecl, table: Catalog.Table) {
            guard let pii = f.pii, let c = table.column(f.name.text) else { return }
            declared[(f.relation?.text ?? "") + "." + c.name] = pii
            guard !pii, let type = c.type, catalog.personal(table.name, c.name, type: type) else { return }
            if catalog.policy.mayReclassify {
                reclassified.append("\(table.name).\(c.name)")
            } else {
                errors.append(.cannotLowerPolicy(table: table.name, column: c.name, f.name.span, role: catalog.policy.role))
            }
        }
        if main != nil { for f in d.fields where f.relation == nil { classify(f, table: t) } }
        let fields = t.columns.compactMap { c -> Field? in
            guard let type = c.type else { return nil }
            let personal = declared["." + c.name] ?? catalog.personal(t.name, c.name, type: type)
            return Field(name: c.name, type: type, nullable: !(c.notNull || c.name == d.key.text), pii: personal, dateStorage: c.dateStorage, integer: c.integer)
        }
        var relations: [Relation] = []
        for r in d.relations {
            guard let rt = table(r.table) else { continue }
            _ = column(r.key, in: rt)
            if let dated = r.datedBy, let c = column(dated, in: rt), c.type != .date {
                errors.append(.notADateColumn(dated.text, table: rt.name, dated.span))
            }
            if relations.contains(where: { $0.name == r.name.text }) || t.column(r.name.text) != nil {
                errors.append(.nameTaken(r.name.text, by: relations.contains(where: { $0.name == r.name.text }) ? "relation" : "field", r.name.span))
            }
            var relation = catalog.relation(named: r.name.text, table: rt, key: r.key.text, date: r.datedBy?.text)
            for f in d.fields where f.relation?.text == r.name.text {
                guard column(f.name, in: rt) != nil else { continue }
                classify(f, table: rt)
            }
            for i in relation.columns.indices {
                if let pii = declared[r.name.text + "." + relation.columns[i].name] { relation.columns[i].pii = pii }
            }
            relations.append(relation)
        }
        // `field R.C` names a relation this entity has.
        for f in d.fields {
            if let r = f.relation, !d.relations.contains(where: { $0.name.text == r.text }) {
                errors.append(.unknownRelationInField(r.text, r.span, known: d.relations.map(\.name.text)))
            }
        }
        if !errors.isEmpty { return (nil, errors) }
        var entity = Entity(name: d.name.text, table: t.name, key: d.key.text, fields: fields, relations: relations)
        entity.reclassified = reclassified
        return (entity, [])
    }
}
