import SegCheck
import SegCompile

// What an engine does for the capabilities that only some engines have, as small protocols
// an engine conforms to on purpose. `Engine` itself has no defaults: an engine either
// implements a capability (SQLite) or declares by conformance that it has not (PostgreSQL,
// Spark) — a new engine that does neither does not compile.

/// An engine that cannot call Swift (`Dialect.runsSwiftFunctions` false): models are pushed
/// down as SQL, so there is nothing to register and no scores to provide.
public protocol PushesModelsDown: Engine {}

extension PushesModelsDown {
    public func prepare(models: [CheckedModel]) {}
    public func provideScores(_ function: String, keys: [Value], scores: [Double]) {}
}

/// An engine whose data version is known only by reading the data (`dataVersion`): none is
/// kept between calls, so the REPL's memory and kept scores do not serve, and Seg's own
/// writes need no care to keep one standing.
public protocol VersionsByReading: Engine {}

extension VersionsByReading {
    public func knownDataVersion(entity: String, numericColumns: [String], relations: [String]) -> String? { nil }
    public func ownWrite<T>(_ body: () throws -> T) rethrows -> T { try body() }
}

/// An engine without a run-long transaction (`beginRun`): its writes open theirs with
/// `begin` (PostgreSQL), or it has none (Spark, ARCHITECTURE.md "One commit point").
public protocol NoRunTransaction: Engine {}

extension NoRunTransaction {
    public func beginRun(writing: Bool) throws(EngineError) {}
    public func endRun(keep: Bool) { if !keep { rollback() } }
}

extension Engine {
    /// The data version of an entity's table and its relations' (what tag tables, kept
    /// segments and the REPL's memory are keyed by).
    package func dataVersion(of entity: Entity) -> String? {
        dataVersion(entity: entity.table, numericColumns: entity.fields.filter { $0.type == .number }.map(\.name),
                    relations: entity.relations.map(\.table))
    }

    /// `dataVersion(of:)` when the engine knows it without reading the data; nil otherwise.
    package func knownDataVersion(of entity: Entity) -> String? {
        knownDataVersion(entity: entity.table, numericColumns: entity.fields.filter { $0.type == .number }.map(\.name),
                         relations: entity.relations.map(\.table))
    }
}
