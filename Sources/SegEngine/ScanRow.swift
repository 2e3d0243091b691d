import CSQLite

/// One row of a scan, read a column at a time without building `Value`s (`Engine.scan`):
/// the REPL's memory reads millions of values this way.
public struct ScanRow {
    public enum Cell { case null, integer(Int64), real(Double), text }
    // Raw pointers only: a row costs no reference counting.
    private let statement: OpaquePointer?
    private let values: UnsafeBufferPointer<Value>

    package init(statement: OpaquePointer) { self.statement = statement; values = UnsafeBufferPointer(start: nil, count: 0) }
    /// A row of values, valid while `values` is.
    package init(values: UnsafeBufferPointer<Value>) { statement = nil; self.values = values }

    /// A column's kind, and its number; a text is read with `withText`.
    public func cell(_ i: Int) -> Cell {
        guard let s = statement else {
            switch values[i] {
            case .null: return .null
            case .integer(let n): return .integer(n)
            case .real(let d): return .real(d)
            case .text: return .text
            }
        }
        let c = Int32(i)
        switch sqlite3_column_type(s, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(s, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(s, c))
        case SQLITE_NULL: return .null
        default: return .text
        }
    }

    /// A column as a number, as SQLite's `sqlite3_column_double` reads it (a text's leading
    /// number, else 0); nil when missing.
    public func double(_ i: Int) -> Double? {
        guard let s = statement else { return values[i] == .null ? nil : values[i].double ?? 0 }
        let c = Int32(i)
        return sqlite3_column_type(s, c) == SQLITE_NULL ? nil : sqlite3_column_double(s, c)
    }

    /// A text column's UTF-8 bytes, valid only inside `body`.
    public func withText<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let s = statement else {
            guard case .text(var t) = values[i] else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return t.withUTF8(body)
        }
        let c = Int32(i)
        let p = sqlite3_column_text(s, c)
        return body(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, c))))
    }

    public func value(_ i: Int) -> Value {
        switch cell(i) {
        case .null: return .null
        case .integer(let n): return .integer(n)
        case .real(let d): return .real(d)
        case .text: return .text(withText(i) { String(decoding: $0, as: UTF8.self) })
        }
    }
}

/// Distinct texts by their bytes, each given a code in order of first sight. Looked up
/// from the engine's own buffer: a String is made once per distinct text, not per row.
package struct TextCodes {
    package private(set) var values: [String] = []
    private var bytes: [[UInt8]] = []
    private var slots = [Int32](repeating: -1, count: 64)

    package init() {}

    package mutating func code(_ text: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var slot = Int(h & UInt64(slots.count - 1))
        while true {
            let code = slots[slot]
            if code < 0 { break }
            if bytes[Int(code)].elementsEqual(text) { return code }
            slot = (slot + 1) & (slots.count - 1)
        }
        let code = Int32(values.count)
        // Shown as the engine's rows show it (up to a NUL); told apart by every byte.
        values.append(String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
        bytes.append(Array(text))
        slots[slot] = code
        if values.count * 2 > slots.count { rehash() }
        return code
    }

    /// The code of a text, if it was seen.
    package func find(_ text: String) -> Int32? {
        var t = text
        return t.withUTF8 { buffer in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in buffer { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            var slot = Int(h & UInt64(slots.count - 1))
            while slots[slot] >= 0 {
                if bytes[Int(slots[slot])].elementsEqual(buffer) { return slots[slot] }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (code, b) in bytes.enumerated() {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
            var slot = Int(h & UInt64(slots.count - 1))
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(code)
        }
    }
}
