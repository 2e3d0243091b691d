import SegSyntax
import SegCheck

/// A statement as predicates over columns — what the REPL's memory (`SegMemory`) evaluates:
/// its conditions over loaded columns, and the groups it counts by. Made from the same
/// checked expressions and `RunReads` that `ExprCompiler` lowers to SQL, so both evaluators
/// start from one lowering of one program; the rules they apply are `Semantics`. Built only
/// for what memory evaluates exactly as the SQL would; nil sends the statement to SQL.
package struct ColumnQuestion: Sendable {
    package indirect enum Condition: Sendable {
        case always, never
        /// A boolean column: true where non-zero.
        case truthy(String)
        case kept(String)
        case not(Condition)
        case and([Condition]), or([Condition])
        case compare(String, BinaryOp, Constant)
        case inList(String, [Constant], negated: Bool)
        case missing(String, negated: Bool)
    }
    package enum Constant: Sendable { case number(Double), text(String) }
    /// A column counted by; `twoValued`: a missing value is counted as false (0), as SQL's
    /// COALESCE of a condition does.
    package struct Group: Sendable { package var column: String; package var twoValued: Bool }

    package enum Shape: Sendable {
        case count(Condition)
        case countBy(Condition, [Group], order: [CountOrder], limit: Int?)
        case profile(Condition, Group, base: Condition?)
        case overlap([Condition])
    }

    package let shape: Shape
    /// The columns it reads, each a number (booleans too) or a text.
    package private(set) var columns: [String: ColumnKind] = [:]
    package private(set) var keptTables: [String] = []
    package private(set) var readsTagsOrKept = false

    package enum ColumnKind: Sendable, Equatable {
        case number, text
        init?(_ type: SegType) {
            switch type {
            case .number, .bool: self = .number
            case .string: self = .text
            default: return nil
            }
        }
    }

    package init?(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads) {
        var t = Translator(program: program, reads: reads)
        switch action.kind {
        case .count(let by, let order, let limit):
            guard let target = t.condition(action.target) else { return nil }
            if by.isEmpty { shape = .count(target) } else {
                var groups: [Group] = []
                for c in by {
                    guard let g = t.group(c.expr) else { return nil }
                    groups.append(g)
                }
                shape = .countBy(target, groups, order: order, limit: limit)
            }
        case .profile(let field, let base, _):
            guard let target = t.condition(action.target), let g = t.group(field.expr) else { return nil }
            var b: Condition?
            if let base {
                guard let c = t.condition(base) else { return nil }
                b = c
            }
            shape = .profile(target, g, base: b)
        case .overlap(let segments):
            var conditions: [Condition] = []
            for s in segments {
                guard let c = t.condition(s.expr) else { return nil }
                conditions.append(c)
            }
            shape = .overlap(conditions)
        default:
            return nil
        }
        columns = t.columns
        keptTables = t.kept
        readsTagsOrKept = t.readsTagsOrKept
    }

    /// Expressions to conditions and columns; nil for anything memory does not evaluate.
    package struct Translator {
        let program: CheckedProgram
        /// What the statement's SQL reads instead of computing: tag columns, kept segments.
        let reads: RunReads
        var columns: [String: ColumnKind] = [:]
        var kept: [String] = []
        var readsTagsOrKept = false

        init(program: CheckedProgram, reads: RunReads) {
            self.program = program
            self.reads = reads
        }

        /// A column the expression reads as it is: a field, or a definition the tag table holds
        /// (or a definition that is one of those).
        package mutating func column(_ e: TypedExpr) -> String? {
            switch e.kind {
            case .field(let name):
                guard let kind = ColumnKind(e.type) else { return nil }
                columns[name] = kind
                return name
            case .definition(let id):
                // A condition computed into a table is a set of keys, not a column.
                if reads.computed[id] != nil { return nil }
                if let c = reads.tagColumns[id] {
                    guard let kind = ColumnKind(program.definition(id).body.type) else { return nil }
                    columns[c] = kind
                    readsTagsOrKept = true
                    return c
                }
                return column(program.definition(id).body)
            default: return nil
            }
        }

        func constant(_ e: TypedExpr) -> Constant? {
            var literal: Literal?
            switch e.kind {
            case .literal(let l): literal = l
            case .param(let name): literal = program.parameters[name]?.value
            default: return nil
            }
            switch literal {
            case .number(let v)?:
                // A Double past 2^53 stands for several whole numbers: SQL compares it exactly.
                return v.magnitude <= Semantics.exactIntegers ? .number(v) : nil
            case .string(let s)?: return .text(s)
            default: return nil
            }
        }

        mutating func condition(_ e: TypedExpr) -> Condition? {
            switch e.kind {
            case .literal(.bool(let b)): return b ? .always : .never
            case .not(let x): return condition(x).map { .not($0) }
            case .binary(let op, let l, let r) where op == .and || op == .or:
                guard let a = condition(l), let b = condition(r) else { return nil }
                return op == .and ? .and([a, b]) : .or([a, b])
            case .binary(let op, let l, let r) where Semantics.isComparison(op):
                guard l.type == .number || l.type == .string else { return nil }
                if let c = column(l), let k = constant(r) { return .compare(c, op, k) }
                if let c = column(r), let k = constant(l) { return .compare(c, Semantics.flipped(op), k) }
                return nil
            case .inList(let x, let items, let negated):
                guard x.type == .number || x.type == .string, let c = column(x) else { return nil }
                var constants: [Constant] = []
                for item in items {
                    guard let k = constant(item) else { return nil }
                    constants.append(k)
                }
                return .inList(c, constants, negated: negated)
            case .isMissing(let x, let negated):
                guard let c = column(x) else { return nil }
                return .missing(c, negated: negated)
            case .field where e.type == .bool:
                return column(e).map { .truthy($0) }
            case .definition(let id):
                if let table = reads.computed[id] {
                    readsTagsOrKept = true
                    if !kept.contains(table) { kept.append(table) }
                    return .kept(table)
                }
                if reads.tagColumns[id] != nil { return column(e).map { .truthy($0) } }
                return condition(program.definition(id).body)
            default:
                return nil
            }
        }

        mutating func group(_ e: TypedExpr) -> Group? {
            if Compiler.bucketInput(e, program) != nil { return nil }
            guard let c = column(e) else { return nil }
            // `output`: a field as stored; a computed condition two-valued (COALESCE).
            let isField: Bool = { if case .field = e.kind { return true } else { return false } }()
            return Group(column: c, twoValued: e.type == .bool && e.nullable && !isField)
        }
    }
}
