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
        var out: [Diagnostic] = []
        var valuesOf: [String: [String]?] = [:]
        var held: [String: Bool] = [:]
        for use in program.comparedTextValues() {
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
