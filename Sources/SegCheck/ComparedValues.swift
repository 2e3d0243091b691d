import SegSyntax

extension CheckedProgram {
    /// Every text literal the program's statements compare a column with (`city = "上海"`,
    /// `type in ["a", "b"]` inside an aggregate), through the definitions they read: what
    /// W0707 asks the engine about. Only text columns that are not personal; each place once.
    package func comparedTextValues() -> [ComparedValues.Use] {
        var found = ComparedValues(program: self)
        for a in actions {
            a.expressions.forEach { found.visit($0, relation: nil) }
            if case .campaign(let c) = a.kind {
                // `exclude contacted via C`: its channel is W0704's.
                c.exclusions.filter { $0.contacts == nil }.forEach { found.visit($0.condition, relation: nil) }
                c.rankBy.map { found.visit($0, relation: nil) }
            }
        }
        return found.uses
    }
}

/// The text literals a program compares columns with, through the definitions it reads.
package struct ComparedValues {
    package struct Use {
        package var table: String
        package var column: String
        /// The relation's name when the column is a related row's; nil for the entity's.
        package var relation: String?
        package var value: String
        package var span: Span
    }
    let program: CheckedProgram
    var uses: [Use] = []
    var seenDefinitions = Set<Int>()
    var seenUses = Set<String>()

    init(program: CheckedProgram) { self.program = program }

    mutating func visit(_ e: TypedExpr, relation: Relation?) {
        switch e.kind {
        case .definition(let id):
            guard id < program.definitions.count, seenDefinitions.insert(id).inserted else { return }
            visit(program.definitions[id].body, relation: nil)
        case .aggregate(let agg):
            let r = program.entity.relation(agg.relation)
            agg.filter.map { visit($0, relation: r) }
            agg.value.map { visit($0, relation: r) }
        case .binary(let op, let a, let b) where op == .equal || op == .notEqual:
            if !record(a, b, relation: relation), !record(b, a, relation: relation) {
                visit(a, relation: relation); visit(b, relation: relation)
            }
        case .inList(let x, let items, _):
            for item in items { _ = record(x, item, relation: relation) }
            visit(x, relation: relation)
        default:
            program.parts(e).forEach { visit($0, relation: relation) }
        }
    }

    /// `column = "text"`: recorded when the column is a text column that is not personal.
    mutating func record(_ column: TypedExpr, _ value: TypedExpr, relation: Relation?) -> Bool {
        guard case .literal(.string(let text)) = value.kind else { return false }
        let target: (table: String, field: Field?, name: String)
        switch column.kind {
        case .field(let name): target = (program.entity.table, program.entity.field(name), name)
        case .relationField(let name):
            guard let relation else { return false }
            target = (relation.table, relation.column(name), name)
        default: return false
        }
        guard let field = target.field, field.type == .string, !field.pii, !column.personal else { return true }
        // Each place the value is written is warned at (a definition is visited once).
        let key = [target.table, target.name, text, "\(value.span.file):\(value.span.start)"].joined(separator: "\u{1}")
        if seenUses.insert(key).inserted {
            uses.append(Use(table: target.table, column: target.name, relation: column.kind == .field(target.name) ? nil : relation?.name,
                            value: text, span: value.span))
        }
        return true
    }
}
