import SegEngine
import SegStore

/// Households: customers of one city grouped into families of one to four, the first
/// member's branch serving the household. Drawn from a random stream of their own, so the
/// customers and their activity are the same as without them.
package struct Households {
    package var rng: SplitMix64
    /// Per city, the household still taking members and how many more it takes.
    var open: [String: (id: Int64, room: Int)] = [:]
    package var rows: [(city: String, branch: Int64, members: Int64, aum: Double)] = []

    package init(seed: UInt64) {
        rng = SplitMix64(seed: seed ^ 0x486F_7573_6568_6F6C)  // "Househol"
    }

    /// The household of a customer row (city at 5, branch at 6, AUM at 14).
    package mutating func place(_ v: [Value]) -> Int64 {
        guard case .text(let city) = v[5], case .integer(let branch) = v[6] else { return 0 }
        let aum = v[14].double ?? 0
        if let h = open[city], h.room > 0 {
            let i = Int(h.id) - 1
            rows[i].members += 1
            rows[i].aum += aum
            open[city] = (h.id, h.room - 1)
            return h.id
        }
        // Sizes as household surveys report them: 35% one person, 30% two, 25% three, 10% four.
        let u = rng.unit()
        let size = u < 0.35 ? 1 : u < 0.65 ? 2 : u < 0.90 ? 3 : 4
        rows.append((city, branch, 1, aum))
        let id = Int64(rows.count)
        open[city] = (id, size - 1)
        return id
    }

    package func write(_ db: SQLiteDatabase) throws(EngineError) {
        let insert = try db.prepare("INSERT INTO households VALUES (?1, ?2, ?3, ?4, ?5)")
        for (i, h) in rows.enumerated() {
            try insert.bind([.integer(Int64(i + 1)), .text(h.city), .integer(h.branch), .integer(h.members), .real((h.aum * 100).rounded() / 100)])
            _ = try insert.step()
        }
    }
}
