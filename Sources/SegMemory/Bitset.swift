import SegEngine

/// A set of rows as one bit per row (dense row numbers `0..<count`): the REPL's in-memory
/// segments (`SegmentMemory`). And, or and not are word-wide; a count is a popcount.
package struct Bitset: Sendable, Equatable {
    private(set) var words: [UInt64]
    package let count: Int

    package init(count: Int, filled: Bool = false) {
        self.count = count
        words = Array(repeating: filled ? ~0 : 0, count: (count + 63) / 64)
        if filled { clearTail() }
    }

    /// The rows for which `member` holds.
    package init(count: Int, where member: (Int) -> Bool) {
        self.init(count: count)
        words.withUnsafeMutableBufferPointer { w in
            for i in 0..<count where member(i) { w[i >> 6] |= 1 << UInt64(i & 63) }
        }
    }

    package mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    package func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    /// Bits past `count` stay clear, so popcounts and complements stay exact.
    private mutating func clearTail() {
        let extra = words.count * 64 - count
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }

    package var population: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    package static func & (a: Bitset, b: Bitset) -> Bitset { a.combined(b, &) }
    package static func | (a: Bitset, b: Bitset) -> Bitset { a.combined(b, |) }
    static prefix func ~ (a: Bitset) -> Bitset {
        var r = a
        r.words.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] = ~w[i] } }
        r.clearTail()
        return r
    }

    private func combined(_ other: Bitset, _ op: (UInt64, UInt64) -> UInt64) -> Bitset {
        precondition(count == other.count, "bitsets of different sizes")
        var r = self
        r.words.withUnsafeMutableBufferPointer { w in
            other.words.withUnsafeBufferPointer { o in for i in w.indices { w[i] = op(w[i], o[i]) } }
        }
        return r
    }

    /// Each member's row number, in order.
    package func forEach(_ body: (Int) -> Void) {
        for (wi, word) in words.enumerated() {
            var w = word
            while w != 0 {
                body(wi << 6 + w.trailingZeroBitCount)
                w &= w - 1
            }
        }
    }
}
