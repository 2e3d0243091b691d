import SegSyntax
import SegCheck
import SegCompile
import SegEngine

/// The REPL's segments in memory (issue 18): the columns its questions read — a tag table's
/// tags, the entity's fields, the members of kept segments — loaded once into arrays over
/// dense row numbers, so that `count` (with `by`), `profile` and `overlap` of conditions built
/// from them with `and`/`or`/`not` are answered by bitsets instead of a scan.
///
/// The answer is the rows the statement's SQL would return (the same values, groups and
/// order), so everything after the query — masking, formatting — is the same. A statement
/// that reads anything else (an aggregate not in the tag table, a date, arithmetic) gets
/// nil and runs as SQL. The frame is dropped when the data version or the table changes.
public final class SegmentMemory {
    package let engine: any Engine
    private var frame: Frame?

    package init(engine: any Engine) { self.engine = engine }

    /// Past this many bytes for a frame's columns, a question runs as SQL.
    public static var budget: Int { Frame.budget }

    /// What the frame holds (nil before the first question memory answered): its rows, its
    /// columns, its kept segments and the bytes they take, counted from the arrays.
    public var footprint: (rows: Int, columns: Int, keptSegments: Int, bytes: Int)? {
        guard let f = frame, !f.keys.isEmpty else { return nil }
        var bytes = f.keys.count * MemoryLayout<Value>.stride
        if let index = f.index { bytes += index.count * (MemoryLayout<Value>.stride + MemoryLayout<Int>.stride) * 2 }
        for column in f.columns.values {
            switch column {
            case .numbers(let v, _): bytes += v.count * MemoryLayout<Double>.stride
            case .texts(let codes, let values): bytes += codes.count * MemoryLayout<Int32>.stride + values.reduce(0) { $0 + $1.utf8.count + 16 }
            }
        }
        for bits in f.kept.values { bytes += (bits.count + 63) / 64 * 8 }
        return (f.keys.count, f.columns.count, f.kept.count, bytes)
    }

    /// The rows `c`'s SQL would return, from memory; nil when the statement is not of a
    /// shape memory answers, or reads something memory does not hold.
    package func answer(_ c: CompiledAction, in program: CheckedProgram, reads: RunReads, version: () -> String?, tagColumns: () -> [String]) -> [[Value]]? {
        // The entity's table, joined to its tag table when one serves the program (`TagSource`): FROM text.
        let source = TagSource.from(program, reads: reads, dialect: engine.dialect) ?? engine.dialect.quote(program.entity.table)
        guard let question = ColumnQuestion(c.action, in: program, reads: reads) else { return nil }
        // Memory pays where the questions are about segments: tags and kept segments.
        guard question.readsTagsOrKept, let version = version() else { return nil }
        if frame?.source != source || frame?.version != version || frame?.key != program.entity.key {
            frame = Frame(source: source, key: program.entity.key, version: version)
        }
        // A column whose values are not all of its kind is left to SQL, question after question.
        guard question.columns.keys.allSatisfy({ !frame!.unusable.contains($0) }) else { return nil }
        do {
            var wanted: [String: MemoryColumn.Kind?] = question.columns.filter { frame!.columns[$0.key] == nil }.mapValues { $0 }
            // A tag table's other tags come in the same first scan: later questions read them.
            if reads.tagTable != nil, frame!.keys.isEmpty {
                for column in tagColumns() where wanted[column] == nil { wanted[column] = .some(nil) }
            }
            try frame!.load(wanted, engine: engine)
            for table in question.keptTables where frame!.kept[table] == nil { try frame!.loadKept(table, engine: engine) }
        } catch {
            // The rows are not those of the first scan: the data moved under us.
            frame = nil
            return nil
        }
        guard question.columns.keys.allSatisfy({ frame!.columns[$0] != nil }) else { return nil }
        return question.answer(frame!)
    }
}

/// What memory holds for one table at one data version.
package struct Frame {
    package let source: String
    package let key: String
    package let version: String
    /// Each row's key, by row number (the order of the first scan).
    package var keys: [Value] = []
    package var index: [Value: Int]?
    package var columns: [String: MemoryColumn] = [:]
    /// Columns read and found to hold values of more than one kind (SQL answers for them).
    package var unusable: Set<String> = []
    /// Kept segments' members, by their temporary table.
    package var kept: [String: Bitset] = [:]

    package struct Unusable: Error {}
    /// The most memory a frame may take, in bytes.
    package static let budget = 4 << 30

    package var count: Int { keys.count }

    package mutating func rowNumber(_ key: Value, expected i: Int) throws -> Int {
        if i < keys.count, keys[i] == key { return i }
        if index == nil {
            index = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            // Keys that repeat (a view without a key) cannot be told apart by key.
            guard index!.count == keys.count else { throw Unusable() }
        }
        guard let n = index![key] else { throw Unusable() }
        return n
    }

    /// Reads the columns in one scan (a column of unknown kind takes its first value's, and
    /// is left out if its values are of both kinds). The first scan fixes the row numbers; a
    /// later scan that finds a key it does not know (the data changed under us) gives up.
    package mutating func load(_ wanted: [String: MemoryColumn.Kind?], engine: any Engine) throws {
        let first = keys.isEmpty
        if wanted.isEmpty && !first { return }
        let names = wanted.keys.sorted()
        let d = engine.dialect
        var expected = count
        if first {
            try engine.run(BoundQuery(text: "SELECT COUNT(*) FROM " + source, parameters: [])) { expected = Int($0.first?.double ?? 0) }
            keys.reserveCapacity(expected)
        }
        // Memory holds a few numbers a row per column: past a few GB, SQL answers instead.
        guard expected * (names.count + columns.count + 2) * 8 <= Self.budget else { throw Unusable() }
        let text = "SELECT " + ([key] + names).map { d.quote($0) }.joined(separator: ", ") + " FROM " + source
        var builders = names.map { MemoryColumn.Builder(kind: wanted[$0]!, count: expected) }
        var texts = names.map { _ in TextCodes() }
        defer { for b in builders { b.deallocate() } }
        var i = 0
        try builders.withUnsafeMutableBufferPointer { sinks in
            try texts.withUnsafeMutableBufferPointer { texts in
                try engine.scan(BoundQuery(text: text, parameters: [])) { row in
                    let n: Int
                    if first {
                        keys.append(row.value(0))
                        n = keys.count - 1
                    } else {
                        n = try rowNumber(row.value(0), expected: i)
                    }
                    for b in 0..<sinks.count { try sinks[b].set(n, row, b + 1, &texts[b]) }
                    i += 1
                }
            }
        }
        if i != count { throw Unusable() }
        for (b, name) in names.enumerated() {
            if builders[b].broken { unusable.insert(name) } else { columns[name] = builders[b].finish(count: count, texts: texts[b]) }
        }
    }

    package mutating func loadKept(_ table: String, engine: any Engine) throws {
        let d = engine.dialect
        var members = Bitset(count: count)
        var i = 0
        try engine.run(BoundQuery(text: "SELECT \(d.quote(SharedConditions.keyColumn)) FROM \(d.quote(table))", parameters: [])) { row in
            members.insert(try rowNumber(row[0], expected: i))
            i += 1
        }
        kept[table] = members
    }
}

/// One column over the frame's rows.
package enum MemoryColumn {
    /// Numbers and booleans (0/1); NaN is missing. `integers`: every value was an integer.
    case numbers([Double], integers: Bool)
    /// Texts by code into `values`; -1 is missing.
    case texts(codes: [Int32], values: [String])

    package typealias Kind = ColumnQuestion.ColumnKind

    /// One column as a scan fills it, written in place row by row: raw buffers and no
    /// references, so a million rows cost no reference counting (texts' codes apart).
    package struct Builder {
        var kind: Kind?
        var broken = false
        var integers = true
        let length: Int
        // Unknown kind: both buffers, until the first value tells.
        let numbers: UnsafeMutableBufferPointer<Double>
        let codes: UnsafeMutableBufferPointer<Int32>

        init(kind: Kind?, count: Int) {
            self.kind = kind
            length = count
            numbers = .allocate(capacity: kind == .text ? 0 : count)
            numbers.initialize(repeating: .nan)
            codes = .allocate(capacity: kind == .number ? 0 : count)
            codes.initialize(repeating: -1)
        }

        func deallocate() {
            numbers.deallocate()
            codes.deallocate()
        }

        mutating func set(_ n: Int, _ row: ScanRow, _ column: Int, _ texts: inout TextCodes) throws {
            if broken { return }
            let cell = row.cell(column)
            if kind == nil {
                switch cell {
                case .integer, .real: kind = .number
                case .text: kind = .text
                case .null: break
                }
            }
            // Rows past the count the scan expected: the table grew since it was counted.
            guard n < length else { throw Frame.Unusable() }
            switch (kind, cell) {
            case (_, .null): break
            case (.number?, .integer(let i)):
                // Past 2^53 a Double no longer holds every whole number: SQL compares those exactly.
                guard i.magnitude <= UInt64(Semantics.exactIntegers) else { broken = true; return }
                numbers[n] = Double(i)
            case (.number?, .real(let d)): numbers[n] = d; integers = false
            case (.text?, .text): codes[n] = row.withText(column) { texts.code($0) }
            default:
                // A value of another type than the column's: SQL knows best.
                broken = true
            }
        }

        package func finish(count: Int, texts: TextCodes) -> MemoryColumn {
            kind == .text ? .texts(codes: Array(codes.prefix(count)), values: texts.values) : .numbers(Array(numbers.prefix(count)), integers: integers)
        }
    }
}
