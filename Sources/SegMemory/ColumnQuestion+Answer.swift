import SegSyntax
import SegCheck
import SegCompile
import SegEngine

/// A `ColumnQuestion` (made in SegCompile from the statement SQL would run) answered over a
/// `Frame`'s columns: conditions to `Bitset`s, groups counted and ordered — every rule by
/// `Semantics`, the same rules the SQL states.
extension ColumnQuestion {
    package func answer(_ f: Frame) -> [[Value]]? {
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
                    row.append(f.count == 0 && Semantics.sumOfNoRowsIsMissing ? .null : .integer(Int64((i == j ? sets[i] : sets[i] & sets[j]).population)))
                }
            }
            return [row]
        }
    }

    /// Values in SQL's order: missing last, numbers by value, texts by their bytes.
    package static func compare(_ a: Value, _ b: Value) -> Int {
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

    package func truth(_ c: Condition, _ f: Frame) -> Bitset? {
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
                    return Semantics.holds(op, order: y.isNaN ? nil : Semantics.compare(y, x))
                } }
            case (.texts(let codes, let values)?, .text(let x)):
                // Each distinct text is compared once; rows look their code up.
                let holds = values.map { Semantics.holds(op, order: Semantics.compare($0, x)) }
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
                let holds = values.map { v in wanted.contains { Semantics.compare(v, $0) == 0 } }
                return codes.withUnsafeBufferPointer { p in Bitset(count: n) { p[$0] >= 0 && holds[Int(p[$0])] != negated } }
            case nil: return nil
            }
        }
    }
}

/// The groups of `count … by` and `profile`: each row's code over one or more columns.
package struct Grouping {
    package struct Axis {
        package var values: [Value]  // by code; the last is missing when `hasMissing`
        var codes: [Int32]
    }
    package let axes: [Axis]

    package init?(_ groups: [ColumnQuestion.Group], _ f: Frame) {
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

    package func code(of row: Int) -> Int {
        var code = 0
        for a in axes { code = code * max(a.values.count, 1) + Int(a.codes[row]) }
        return code
    }

    package func values(of code: Int) -> [Value] {
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
