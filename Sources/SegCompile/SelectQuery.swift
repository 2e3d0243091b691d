/// The relational plan of one statement: one query over the entity's table. Every
/// statement becomes exactly one SQL query.
public struct SelectQuery: Sendable, Equatable {
    public struct Ordering: Sendable, Equatable {
        public var expr: SQL
        public var descending: Bool
    }

    /// Output expressions; they are aliased `c1`, `c2`, … (labels stay on the Swift side,
    /// so no user text becomes an identifier).
    public var columns: [SQL]
    /// Names for the columns instead of `c1`, `c2`, … — only names Seg makes (a tag table's).
    public var aliases: [String]?
    /// Common table expressions (`name AS (…)`) the query reads.
    public var with: [SQL] = []
    public var table: String
    /// What is read in the entity table's place, under its name: the entity's table joined
    /// to a tag table (`TagSource`), as FROM text.
    public var source: String?
    /// `LEFT JOIN …` clauses after the table.
    public var joins: [SQL] = []
    public var filter: SQL?
    /// 1-based output positions to group by.
    public var groupBy: [Int] = []
    public var orderBy: [Ordering] = []
    public var limit: Int?

    /// The query's SQL text, one clause a line. Missing values sort last in both directions.
    public func sql(_ dialect: Dialect) -> SQL {
        var s = SQL()
        if !with.isEmpty { s += "WITH " + SQL.join(with, ",\n     ") + "\n" }
        s += "SELECT "
        s += SQL.join(columns.enumerated().map { i, c in c + " AS \(dialect.quote(aliases?[i] ?? "c\(i + 1)"))" }, ", ")
        if let source { s += "\nFROM \(source)" } else { s += "\nFROM \(dialect.quote(table))" }
        for j in joins { s += "\n" + j }
        if let filter { s += "\nWHERE " + filter }
        if !groupBy.isEmpty { s += "\nGROUP BY " + groupBy.map(String.init).joined(separator: ", ") }
        if !orderBy.isEmpty {
            // Missing last in either direction (`Semantics.missingLast`).
            let missing = Semantics.missingLast ? " NULLS LAST" : " NULLS FIRST"
            s += "\nORDER BY " + SQL.join(orderBy.map { $0.expr + ($0.descending ? " DESC" : " ASC") + missing }, ", ")
        }
        if let limit { s += "\nLIMIT \(limit)" }
        return s
    }
}
