import SegSyntax
import SegCheck
import SegCompile

/// A statement as `SegmentMemory` answers it: its conditions over loaded columns, and the
/// groups it counts by. Built only for what memory evaluates exactly as the SQL would
/// (`ExprCompiler`'s rules: a condition is true or not — a missing value makes a comparison
/// untrue, and `not` of it true — texts compare byte by byte, groups sort missing last).
struct MemoryQuestion {
    indirect enum Condition {
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
    enum Constant { case number(Double), text(String) }
    /// A column counted by; `twoValued`: a missing value is counted as false (0), as SQL's
    /// COALESCE of a condition does.
    struct Group { var column: String; var twoValued: Bool }

    enum Shape {
        case count(Condition)
        case countBy(Condition, [Group], order: [CountOrder], limit: Int?)
        case profile(Condition, Group, base: Condition?)
        case overlap([Condition])
    }

    let shape: Shape
    private(set) var columns: [String: MemoryColumn.Kind] = [:]
    private(set) var keptTables: [String] = []
    private(set) var readsTagsOrKept = false

    init?(_ action: CheckedAction, in program: CheckedProgram, reads: RunReads) {
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
    struct Translator {
        let program: CheckedProgram
        /// What the statement's SQL reads instead of computing: tag columns, kept segments.
        let reads: RunReads
        var columns: [String: MemoryColumn.Kind] = [:]
        var kept: [String] = []
        var readsTagsOrKept = false

        init(program: CheckedProgram, reads: RunReads) {
            self.program = program
            self.reads = reads
        }

        /// A column the expression reads as it is: a field, or a definition the tag table holds
        /// (or a definition that is one of those).
        mutating func column(_ e: TypedExpr) -> String? {
            switch e.kind {
            case .field(let name):
                guard let kind = MemoryColumn.Kind(e.type) else { return nil }
                columns[name] = kind
                return name
            case .definition(let id):
                // A condition computed into a table is a set of keys, not a column.
                if reads.computed[id] != nil { return nil }
                if let c = reads.tagColumns[id] {
                    guard let kind = MemoryColumn.Kind(program.definition(id).body.type) else { return nil }
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
                return v.magnitude <= 9_007_199_254_740_992 ? .number(v) : nil
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
            case .binary(let op, let l, let r) where op.isComparison:
                guard l.type == .number || l.type == .string else { return nil }
                if let c = column(l), let k = constant(r) { return .compare(c, op, k) }
                if let c = column(r), let k = constant(l) { return .compare(c, op.flipped, k) }
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

extension BinaryOp {
    var isComparison: Bool { [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(self) }
    /// The same comparison with its sides swapped (`3 < x` is `x > 3`).
    var flipped: BinaryOp {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

// MARK: - Evaluation

extension MemoryQuestion {
    func answer(_ f: Frame) -> [[Value]]? {
        switch shape {
        case .count(let target):
            guard let t = truth(target, f) else { return nil }
            return [[.integer(Int64(t.population))]]
        case .countBy(let target, let groups, let order, let limit):
            guard let t = truth(target, f), let g = Grouping(groups, f) else { return nil }
            var counts: [Int: Int64] = [:]
            t.forEach { counts[g.code(of: $0), default: 0] += 1 }
            var rows = counts.map { code, n in g.values(of: code) + [.integer(n)] }
            // `order by` keys first, then the groups not named, each missing last.
            var keys: [(Int, Bool)] = order.map { ($0.column < groups.count ? $0.column : groups.count, $0.descending) }
            keys += groups.indices.filter { i in !order.contains { $0.column == i } }.map { ($0, false) }
            rows.sort { a, b in
                for (i, descending) in keys {
                    let c = Self.compare(a[i], b[i])
                    if c == 0 { continue }
                    if a[i] == .null || b[i] == .null { return c < 0 }  // missing last, either way
                    return descending ? c > 0 : c < 0
                }
                return false
            }
            if let limit { rows = Array(rows.prefix(limit)) }
            return rows
        case .profile(let target, let group, let base):
            guard let t = truth(target, f), let g = Grouping([group], f) else { return nil }
            var b: Bitset?
            if let base {
                guard let x = truth(base, f) else { return nil }
                b = x
            }
            var inSegment: [Int: Int64] = [:], inBase: [Int: Int64] = [:]
            for i in 0..<f.count {
                let member = t.contains(i)
                let counted = b.map { $0.contains(i) } ?? true
                guard member || counted else { continue }
                let code = g.code(of: i)
                inSegment[code, default: 0] += member ? 1 : 0
                inBase[code, default: 0] += counted ? 1 : 0
            }
            var rows = inBase.keys.map { code in g.values(of: code) + [.integer(inSegment[code] ?? 0), .integer(inBase[code] ?? 0)] }
            rows.sort { Self.compare($0[0], $1[0]) < 0 }
            return rows
        case .overlap(let conditions):
            var sets: [Bitset] = []
            for c in conditions {
                guard let s = truth(c, f) else { return nil }
                sets.append(s)
            }
            var row: [Value] = []
            for i in sets.indices {
                for j in i..<sets.count {
                    // SUM over no rows is missing.
                    row.append(f.count == 0 ? .null : .integer(Int64((i == j ? sets[i] : sets[i] & sets[j]).population)))
                }
            }
            return [row]
        }
    }

    /// Values in SQL's order: missing last, numbers by value, texts by their bytes.
    static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.text(let x), .text(let y)):
            if x.utf8.elementsEqual(y.utf8) { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        default:
            let x = a.double ?? 0, y = b.double ?? 0
            return x < y ? -1 : x > y ? 1 : 0
        }
    }

    func truth(_ c: Condition, _ f: Frame) -> Bitset? {
        let n = f.count
        switch c {
        case .always: return Bitset(count: n, filled: true)
        case .never: return Bitset(count: n)
        case .kept(let table): return f.kept[table]
        case .not(let x): return truth(x, f).map { ~$0 }
        case .and(let parts), .or(let parts):
            var result: Bitset?
            for p in parts {
                guard let s = truth(p, f) else { return nil }
                if let r = result {
                    if case .and = c { result = r & s } else { result = r | s }
                } else {
                    result = s
                }
            }
            return result
        case .truthy(let column):
            guard case .numbers(let v, _)? = f.columns[column] else { return nil }
            return v.withUnsafeBufferPointer { p in Bitset(count: n) { !p[$0].isNaN && p[$0] != 0 } }
        case .missing(let column, let negated):
            switch f.columns[column] {
            case .numbers(let v, _)?: return v.withUnsafeBufferPointer { p in Bitset(count: n) { p[$0].isNaN != negated } }
            case .texts(let codes, _)?: return codes.withUnsafeBufferPointer { p in Bitset(count: n) { (p[$0] < 0) != negated } }
            case nil: return nil
            }
        case .compare(let column, let op, let k):
            switch (f.columns[column], k) {
            case (.numbers(let v, _)?, .number(let x)):
                return v.withUnsafeBufferPointer { p in Bitset(count: n) { i in
                    let y = p[i]
                    guard !y.isNaN else { return false }
                    switch op {
                    case .equal: return y == x
                    case .notEqual: return y != x
                    case .less: return y < x
                    case .lessEqual: return y <= x
                    case .greater: return y > x
                    case .greaterEqual: return y >= x
                    default: return false
                    }
                } }
            case (.texts(let codes, let values)?, .text(let x)):
                // Each distinct text is compared once; rows look their code up.
                let holds = values.map { v -> Bool in
                    let c = Self.compare(.text(v), .text(x))
                    switch op {
                    case .equal: return c == 0
                    case .notEqual: return c != 0
                    case .less: return c < 0
                    case .lessEqual: return c <= 0
                    case .greater: return c > 0
                    case .greaterEqual: return c >= 0
                    default: return false
                    }
                }
                return codes.withUnsafeBufferPointer { p in Bitset(count: n) { p[$0] >= 0 && holds[Int(p[$0])] } }
            default: return nil
            }
        case .inList(let column, let items, let negated):
            switch f.columns[column] {
            case .numbers(let v, _)?:
                let set = Set(items.compactMap { if case .number(let x) = $0 { return x } else { return nil } })
                guard set.count == items.count || items.isEmpty else { return nil }
                return v.withUnsafeBufferPointer { p in Bitset(count: n) { !p[$0].isNaN && set.contains(p[$0]) != negated } }
            case .texts(let codes, let values)?:
                var wanted: [String] = []
                for item in items {
                    guard case .text(let t) = item else { return nil }
                    wanted.append(t)
                }
                let holds = values.map { v in wanted.contains { Self.compare(.text(v), .text($0)) == 0 } }
                return codes.withUnsafeBufferPointer { p in Bitset(count: n) { p[$0] >= 0 && holds[Int(p[$0])] != negated } }
            case nil: return nil
            }
        }
    }
}

/// The groups of `count … by` and `profile`: each row's code over one or more columns.
struct Grouping {
    struct Axis {
        var values: [Value]  // by code; the last is missing when `hasMissing`
        var codes: [Int32]
    }
    let axes: [Axis]

    init?(_ groups: [MemoryQuestion.Group], _ f: Frame) {
        var axes: [Axis] = []
        for g in groups {
            switch f.columns[g.column] {
            case .texts(let codes, let values)?:
                let missing = Int32(values.count)
                axes.append(Axis(values: values.map { .text($0) } + [.null], codes: codes.map { $0 < 0 ? missing : $0 }))
            case .numbers(let v, let integers)?:
                // Whole numbers group exactly; others are left to SQL (1 and 1.0 are one group there).
                guard integers else { return nil }
                var known: [Int64: Int32] = [:]
                var values: [Value] = []
                var codes = [Int32](repeating: 0, count: v.count)
                for (i, x) in v.enumerated() {
                    guard x.isNaN || abs(x) < 9e18 else { return nil }
                    let key: Int64? = x.isNaN ? (g.twoValued ? 0 : nil) : Int64(x)
                    let value: Value = key.map { .integer($0) } ?? .null
                    let k = key ?? Int64.min
                    if let c = known[k] { codes[i] = c } else {
                        let c = Int32(values.count)
                        known[k] = c
                        values.append(value)
                        codes[i] = c
                    }
                }
                axes.append(Axis(values: values, codes: codes))
            case nil: return nil
            }
        }
        // Codes combine into one number: each axis's size must leave room.
        var size = 1
        for a in axes {
            let (m, overflow) = size.multipliedReportingOverflow(by: max(a.values.count, 1))
            guard !overflow, m < Int(Int32.max) else { return nil }
            size = m
        }
        self.axes = axes
    }

    func code(of row: Int) -> Int {
        var code = 0
        for a in axes { code = code * max(a.values.count, 1) + Int(a.codes[row]) }
        return code
    }

    func values(of code: Int) -> [Value] {
        var code = code
        var out: [Value] = []
        for a in axes.reversed() {
            let n = max(a.values.count, 1)
            out.append(a.values[code % n])
            code /= n
        }
        return out.reversed()
    }
}
