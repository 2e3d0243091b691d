import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// What Tab offers in the REPL, from where the cursor is: the words a statement may go on
/// with; a relation's columns inside its aggregate (`count(transactions where ty`); inside
/// quotes, file paths where a path goes (`use "`, `csv "`, `.load `) and a text field's
/// values where a value goes (`city = "上`), never a personal field's; saved lists only after
/// `list`. Values are read once per field, and only for fields with few of them.
public final class Completion {
    let session: Session
    /// The program the cursor is in: the REPL's definitions so far, or an editor's document.
    let program: () -> CheckedProgram?
    /// Distinct values of text fields (nil: too many to offer), read on first use.
    package var values: [String: [String]?] = [:]
    /// At most this many distinct values make a field worth completing.
    public static let maxValues = 50

    public convenience init(conversation: Conversation) {
        self.init(session: conversation.session, program: { conversation.program })
    }

    public init(session: Session, program: @escaping () -> CheckedProgram?) {
        self.session = session
        self.program = program
    }

    /// What completes `word`, the text being typed; `before` is the line up to it (its
    /// opening quote included when `quoted`). nil: complete a file path.
    public func candidates(before: String, word: String, quoted: Bool) -> [String]? {
        if quoted { return quotedCandidates(before: before, word: word) }
        let tail = Self.words(before)
        if tail.last == "list" { return lists().filter { $0.hasPrefix(word) } }
        if let relation = openAggregate(before) {
            // Inside `count(transactions where …`: the related row's columns first.
            let columns = relation.columns.map(\.name)
            return (columns + general()).filter { $0.hasPrefix(word) }.uniqued()
        }
        return general().filter { $0.hasPrefix(word) }
    }

    /// Inside quotes: a path after `use`, `csv`, `jsonl`, `model … =` and the file
    /// meta-commands; a field's values after a comparison with it; else nothing.
    func quotedCandidates(before: String, word: String) -> [String]? {
        let beforeQuote = String(before.dropLast())  // the opening quote
        let tail = Self.words(beforeQuote)
        if let first = tail.first, [".load", ".save", ".once"].contains(first) { return nil }
        if let last = tail.last, ["use", "csv", "jsonl"].contains(last.lowercased()) { return nil }
        if tail.count >= 3, tail[tail.count - 1] == "=", tail.dropLast().contains("model") { return nil }
        // `city = "…`, `city != "…`, `city in ["a", "…`
        guard let field = Self.comparedField(beforeQuote) else { return [] }
        // Inside `count(transactions where type = "…`: the related rows' values.
        let relation = openAggregate(beforeQuote)
        guard let options = relation.map({ relationValues($0, field) }) ?? fieldValues(field) else { return [] }
        return options.filter { $0.hasPrefix(word) }
    }

    /// The field a quoted value is being compared with, if the text before the quote ends so.
    static func comparedField(_ text: String) -> String? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        // Inside a list: skip back over the items already written, to `in [`.
        if let open = t.lastIndex(of: "["), !t[open...].contains("]") {
            t = t[..<open]
            t = Substring(t.trimmingCharacters(in: .whitespaces))
            guard t.lowercased().hasSuffix(" in") || t.lowercased().hasSuffix(" not in") else { return nil }
            t = t.dropLast(t.lowercased().hasSuffix(" not in") ? 7 : 3)
        } else {
            guard let op = ["!=", "="].first(where: { t.hasSuffix($0) }) else { return nil }
            t = t.dropLast(op.count)
        }
        let name = t.trimmingCharacters(in: .whitespaces).reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name.reversed())
    }

    /// A related table's text column's distinct values, when it has few and is not personal.
    func relationValues(_ relation: Relation, _ name: String) -> [String]? {
        guard let column = relation.column(name), column.type == .string, !column.pii else { return nil }
        let key = relation.table + "." + name
        if let known = values[key] { return known }
        let result = (session.engine as? LooksUpValues)?.fewValues(table: relation.table, column: name, atMost: Self.maxValues)
        guard result != nil else { return nil }
        values[key] = result
        return result
    }

    /// A text field's distinct values, when it has few and is not personal.
    func fieldValues(_ name: String) -> [String]? {
        guard let program = program(), let field = program.entity.field(name),
              field.type == .string, !field.pii else { return nil }
        if let known = values[name] { return known }
        // Through the engine's one door for a column's few values (W0707 asks it too).
        let result = (session.engine as? LooksUpValues)?.fewValues(table: program.entity.table, column: name, atMost: Self.maxValues)
        // Only an answer is kept: a lookup that failed (stopped by Ctrl-C) is asked again.
        guard result != nil else { return nil }
        values[name] = result
        return result
    }

    /// The relation whose aggregate the cursor is inside: the innermost `(` not yet closed,
    /// right after which comes a relation's name.
    func openAggregate(_ before: String) -> Relation? {
        guard let program = program() else { return nil }
        var depth = 0
        var index = before.endIndex
        while index > before.startIndex {
            index = before.index(before: index)
            let ch = before[index]
            if ch == ")" { depth += 1 }
            if ch == "(" {
                if depth == 0 {
                    let inside = before[before.index(after: index)...]
                    let name = inside.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    return program.entity.relation(String(name))
                }
                depth -= 1
            }
        }
        return nil
    }

    /// Keywords, functions, fields, relations and their columns, definitions, parameters,
    /// models, campaigns and standard modules (not saved lists: they follow `list`).
    func general() -> [String] {
        var w = Keyword.allCases.map(\.rawValue) + Function.allCases.map(\.rawValue)
        w += ["sum", "avg", "distinct_count", "first", "last", "any", "within", "days", "weeks", "months", "years", "csv", "jsonl", "list", "table"]
        w += ["campaign", "target", "exclude", "holdout", "seed", "priority", "channel", "reasons", "model", "scorecard", "group", "rank"]
        if let p = program() {
            w += p.entity.fields.map(\.name) + p.definitions.map(\.name) + p.parameters.keys
            for r in p.entity.relations { w.append(r.name); w += r.columns.map { "\(r.name).\($0.name)" } }
            w += p.models.map(\.name) + p.campaigns.keys
        }
        w += ModuleLoader(stdlibPaths: session.options.stdlibPaths).knownModules().map { "stdlib." + $0 }
        return Array(Set(w)).sorted()
    }

    func lists() -> [String] { session.catalog.savedLists.sorted() }

    /// The words of a line (split on spaces, brackets and commas kept apart from names).
    static func words(_ text: String) -> [String] {
        text.replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ",", with: " , ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
