import Foundation
import SegCompile

/// The few values a text column holds, and whether it holds one: what completes
/// `city = "上⇥` in the REPL and what warns of `city = "上海市"` that no row holds (W0707).
/// Both are cheap by construction: the values come from the table's first rows only (a
/// column with few values shows them all there), and a value not among them is looked up
/// once, stopping at its first row. An engine that cannot answer cheaply (Spark: a job per
/// question) does not conform, and then nothing is completed or warned.
public protocol LooksUpValues: Engine {
    /// The distinct non-missing texts of `column` among the first `ValueLookup.sampleRows`
    /// rows of `table`, sorted by their bytes; nil when more than `atMost` or the column
    /// cannot be read.
    func fewValues(table: String, column: String, atMost: Int) -> [String]?
    /// Whether some row of `table` has `value` in `column` (nil: the engine could not tell).
    func holds(table: String, column: String, value: String) -> Bool?
}

public enum ValueLookup {
    /// How many rows the distinct values are read from.
    public static let sampleRows = 200_000

    static func fewValuesQuery(_ d: Dialect, table: String, column: String, atMost: Int) -> BoundQuery {
        let c = d.quote(column)
        return BoundQuery(text: "SELECT DISTINCT \(c) FROM (SELECT \(c) FROM \(d.quote(table)) LIMIT \(sampleRows)) AS seg_sample WHERE \(c) IS NOT NULL LIMIT \(atMost + 1)",
                          parameters: [])
    }

    static func holdsQuery(_ d: Dialect, table: String, column: String, value: String) -> BoundQuery {
        let query: SQLLiteral = "SELECT 1 FROM \(raw: d.quote(table)) WHERE \(raw: d.quote(column)) = \(SQLValue.text(value)) LIMIT 1"
        return query.rendered(in: d)
    }

    static func texts(_ rows: [String], atMost: Int) -> [String]? {
        rows.count > atMost ? nil : rows.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

extension LooksUpValues {
    /// By SQL, for the engines that run it for every question. `.failure`: the query did not
    /// run (cancelled, locked): nothing is known, and nothing may be kept.
    func fewValuesBySQL(table: String, column: String, atMost: Int) -> Result<[String]?, EngineError> {
        var found: [String] = []
        do {
            try run(ValueLookup.fewValuesQuery(dialect, table: table, column: column, atMost: atMost)) { row in
                if case .text(let s)? = row.first { found.append(s) }
            }
        } catch {
            return .failure(error as? EngineError ?? EngineError(kind: .query, detail: "\(error)", path: label))
        }
        return .success(ValueLookup.texts(found, atMost: atMost))
    }

    func holdsBySQL(table: String, column: String, value: String) -> Bool? {
        var found = false
        do {
            try run(ValueLookup.holdsQuery(dialect, table: table, column: column, value: value)) { _ in found = true }
        } catch { return nil }
        return found
    }
}

extension SQLiteEngine: LooksUpValues {
    /// Kept against the file's state (`DataVersionCache`), so a second run reads nothing.
    public func fewValues(table: String, column: String, atMost: Int) -> [String]? {
        let question = "values\u{1}\(table)\u{1}\(column)\u{1}\(atMost)"
        // nil from the lookup: the query failed, so nothing is cached ("null" is "too many").
        let lookup = { () -> String? in
            guard case .success(let values) = self.fewValuesBySQL(table: table, column: column, atMost: atMost) else { return nil }
            guard let values, let data = try? JSONEncoder().encode(values) else { return "null" }
            return String(decoding: data, as: UTF8.self)
        }
        let text = db.path == ":memory:" || db.path.isEmpty ? lookup() : DataVersionCache.version(db, question: question, compute: lookup)
        guard let text, text != "null" else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    public func holds(table: String, column: String, value: String) -> Bool? {
        let question = "holds\u{1}\(table)\u{1}\(column)\u{1}\(value)"
        let lookup = { () -> String? in self.holdsBySQL(table: table, column: column, value: value).map { $0 ? "1" : "0" } }
        let text = db.path == ":memory:" || db.path.isEmpty ? lookup() : DataVersionCache.version(db, question: question, compute: lookup)
        return text.map { $0 == "1" }
    }
}

extension PostgresEngine: LooksUpValues {
    public func fewValues(table: String, column: String, atMost: Int) -> [String]? {
        (try? fewValuesBySQL(table: table, column: column, atMost: atMost).get()) ?? nil
    }
    public func holds(table: String, column: String, value: String) -> Bool? {
        holdsBySQL(table: table, column: column, value: value)
    }
}
