import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Plan statistics read from the engine with quick counts (`PlanStatistics`).
final class EngineStatistics: PlanStatistics {
    let engine: any Engine
    private var entities: [String: Double?] = [:]

    init(engine: any Engine) { self.engine = engine }

    func entityCount(table: String) -> Double? {
        if let known = entities[table] { return known }
        let n = count(BoundQuery(text: "SELECT COUNT(*) FROM \(engine.dialect.quote(table))", parameters: []))
        entities[table] = n
        return n
    }

    func count(_ query: BoundQuery) -> Double? {
        var n: Double?
        try? engine.run(query) { row in n = row.first?.double }
        return n
    }
}
