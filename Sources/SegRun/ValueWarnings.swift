import SegSyntax
import SegCheck
import SegCompile
import SegEngine

/// A comparison of a text column with a value no row holds (`city = "上海市"`, `gender =
/// "male"`, `transactions where type = "salary"`) is never true, and without a word the
/// count is silently 0. Seg knows the values of columns with few of them (it completes them),
/// so it says so before running (W0707), with the nearest values. Never for personal columns:
/// their values are not shown, not even as a suggestion.
extension Session {
    /// How many distinct values a column may have for its values to be listed and compared.
    static let fewValues = 200

    func unknownValues(_ program: CheckedProgram) -> [Diagnostic] {
        guard let lookup = engine as? LooksUpValues else { return [] }
        var found = ComparedValues(program: program)
        for a in program.actions {
            a.expressions.forEach { found.visit($0, relation: nil) }
            if case .campaign(let c) = a.kind {
                // `exclude contacted via C`: its channel is W0704's.
                c.exclusions.filter { $0.contacts == nil }.forEach { found.visit($0.condition, relation: nil) }
                c.rankBy.map { found.visit($0, relation: nil) }
            }
        }
        var out: [Diagnostic] = []
        var valuesOf: [String: [String]?] = [:]
        var held: [String: Bool] = [:]
        for use in found.uses {
            let key = use.table + "\u{1}" + use.column
            if valuesOf[key] == nil { valuesOf[key] = .some(lookup.fewValues(table: use.table, column: use.column, atMost: Self.fewValues)) }
            // Texts are equal by their bytes, as SQL compares them (`Semantics`), not as Swift's
            // `==` does: 北 (U+F963) is not 北 (U+5317) to the database.
            let bytes = Array(use.value.utf8)
            guard let known = valuesOf[key] ?? nil, !known.isEmpty, !known.contains(where: { Array($0.utf8) == bytes }) else { continue }
            let heldKey = key + "\u{1}" + use.value
            if held[heldKey] == nil { held[heldKey] = lookup.holds(table: use.table, column: use.column, value: use.value) ?? true }
            guard held[heldKey] == false else { continue }
            out.append(.valueNotHeld(use.value, column: use.column, relation: use.relation, known: known,
                                     nearest: Self.nearest(to: use.value, in: known), use.span))
        }
        return out
    }

    /// The known values a mistyped one most likely meant: a typo of it, or one that contains
    /// it or is contained in it (`上海市` → `上海`), or the same but for case.
    static func nearest(to value: String, in known: [String]) -> [String] {
        let lower = value.lowercased()
        var out = known.filter { $0.lowercased() == lower || $0 == value }
        if let close = Suggest.closest(to: value, in: known) { out.append(close) }
        out += known.filter { !$0.isEmpty && (value.contains($0) || $0.contains(value)) }
        // `male` for `M`: a code that is the word's first letter.
        out += known.filter { $0.count == 1 && value.count > 1 && $0.lowercased() == lower.prefix(1) }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }
}

/// The text literals a program compares columns with, through the definitions it reads.
struct ComparedValues {
    struct Use {
        var table: String
        var column: String
        /// The relation's name when the column is a related row's; nil for the entity's.
        var relation: String?
        var value: String
        var span: Span
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
