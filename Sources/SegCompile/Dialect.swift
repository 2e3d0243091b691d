/// One value per engine: how its SQL differs from the portable SQL the compiler writes.
///
/// Generic first: the compiler emits portable SQL; a dialect overrides only what it must —
/// identifier quoting, placeholders, literals, date arithmetic, string functions — and
/// function spellings are data (`templates`, `{0}` `{1}` standing for the arguments).
public struct Dialect: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        case sqlite, postgres, spark

        /// The engine's name as people write it.
        public var displayName: String {
            switch self {
            case .sqlite: return "SQLite"
            case .postgres: return "PostgreSQL"
            case .spark: return "Spark"
            }
        }
    }
    public enum Placeholder: Sendable, Equatable {
        /// `?1`, `?2`: SQLite's numbered parameters (each may be used more than once).
        case questionNumbered
        /// `$1::float8`: PostgreSQL's, cast to the bound value's type so the server never guesses.
        case dollarTyped
        /// `:p1`: Spark SQL's named parameter markers.
        case colonNamed
    }

    public var name: Name
    public var identifierQuote: Character
    public var placeholder: Placeholder
    /// String literals (only in `--inline` output) escape quotes by doubling, or by backslash (Spark).
    public var backslashEscapes: Bool
    /// Date literals are written `DATE '…'` (PostgreSQL, Spark), or as ISO text (SQLite stores dates as text).
    public var typedDateLiterals: Bool
    /// The type to cast to so arithmetic is done in floating point, never integer division or overflow.
    public var floatType: String
    /// Cast the left operand of every arithmetic operator (PostgreSQL's integers overflow with an error).
    public var castAllArithmetic: Bool
    /// `LEAST`/`GREATEST` skip missing values here, so they are guarded to keep "missing in, missing out".
    public var leastSkipsNulls: Bool
    /// Appended to both sides of an ordering comparison of strings, for byte order on every engine.
    public var binaryCollation: String
    /// How `seg run` chooses between per-entity lookups and grouped passes (AggregatePlan.swift).
    public enum AggregatePlanRule: Sendable, Equatable {
        /// A relation-and-window pass shared by two or more aggregates is grouped when the share
        /// of entities passing the cheap conditions times its aggregates reaches `breakEven`;
        /// a lone aggregate is always a lookup.
        case sharedPassesFrom(breakEven: Double)
        /// Always grouped: the engine turns a correlated subquery into a join against an
        /// aggregate over the whole relation anyway (Spark), so sharing the passes only saves.
        case alwaysGrouped
    }
    public var aggregatePlan: AggregatePlanRule
    /// Whether a condition that scores a model may be computed once for a run
    /// (`SharedConditions`). Not on Spark: there, with a 2 GB driver in local[2], a statement
    /// pushing the model down again beside the cached condition ran out of aggregation
    /// memory after a long session, which the same statement without it never did.
    public var modelConditionsOnce = true
    /// The engine runs Swift functions inside a query (SQLite's registered functions): models
    /// score in Seg's process and `reasons(…)` is computed there; elsewhere a model is pushed
    /// down as SQL and `reasons` columns come back as their inputs, packed in text.
    public var runsSwiftFunctions = false
    /// The text type a value is cast to (`TEXT`, Spark's `STRING`).
    public var textType = "TEXT"
    /// Division is floating point whatever its operands (Spark); elsewhere the left operand is
    /// cast so integers never divide as integers.
    public var divisionIsFloat = false
    /// `first`/`last` as `min_by`/`max_by` over (date, key): Spark refuses a correlated
    /// subquery with `ORDER BY … LIMIT 1`.
    public var firstLastByMinMaxBy = false
    /// ORDER BY an aggregate by its output column's position: Spark refuses a correlated
    /// subquery in ORDER BY.
    public var ordersAggregatesByPosition = false
    /// Appended inside a subquery so the planner does not inline it (a model's CTE would
    /// otherwise be scored once per use).
    public var optimisationFence = ""
    /// A date column may hold text that is no date (SQLite keeps '' in one, and it sorts
    /// before every date): a dated read then also bounds the date from below.
    public var datesMayBeText = false
    /// Function spellings for this engine, keyed by the compiler's names.
    public var templates: [String: String]
    /// The engine's names for the types of the columns Seg creates (`Dialect+DDL.swift`).
    public var columnTypes = ColumnTypeNames.sqlite

    public func template(_ key: String) -> String {
        guard let t = templates[key] ?? Dialect.portable[key] else {
            preconditionFailure("dialect \(name) has no template for \(key)")
        }
        return t
    }

    /// Spellings shared by every engine unless it overrides them.
    static let portable: [String: String] = [
        "abs": "abs({0})", "floor": "floor({0})", "ceil": "ceil({0})", "exp": "exp({0})",
        "ln": "CASE WHEN {0} > 0 THEN ln({0}) END",
        "round": "round({0})", "round_digits": "round({0}, {1})",
        "least": "min", "greatest": "max",
        "coalesce": "COALESCE",
        "contains": "(instr({0}, {1}) > 0)",
        "starts_with": "(substr({0}, 1, length({1})) = {1})",
        "ends_with": "CASE WHEN length({1}) > length({0}) THEN FALSE ELSE substr({0}, length({0}) - length({1}) + 1) = {1} END",
        "year": "year({0})", "month": "month({0})", "day": "dayofmonth({0})",
        "days_between": "datediff({0}, {1})",
        "add_days": "date_add({0}, CAST({1} AS INT))",
        "add_months": "add_months({0}, CAST({1} AS INT))",
        "date_of": "to_date({0})",
        // A timestamp stored as such (or as ISO text): its date.
        "date_of_text": "to_date({0})",
        // A date stored as a number (SQLite's catalog finds these: `DateStorage`).
        "date_of_unix_seconds": "to_date(timestamp_seconds({0}))",
        "date_of_unix_ms": "to_date(timestamp_millis({0}))",
        // The assignment bucket (LANGUAGE.md §3): first 8 hex digits of md5(seed:key), mod 10000.
        "ntile_by_rank": "(1 + ({0} * (RANK() OVER (ORDER BY {1}) - 1)) / COUNT(*) OVER ())",
        // The entity's key as the list store keeps it: as text outside SQLite (typeless there).
        "stored_key": "CAST({0} AS STRING)",
        // A double literal, so no engine reads `0.1` as an exact decimal.
        "double_literal": "{0}D",
        "seg_bucket": "pmod(CAST(conv(substr(md5(concat({0}, ':', CAST({1} AS STRING))), 1, 8), 16, 10) AS BIGINT), 10000)",
        // `bucket(x, [edges])` with many edges (ExprCompiler.longBucket): {0} x, {1} the edges as
        // a JSON array; the index is how many edges are <= x (missing stays missing). The label
        // takes {2}, the labels as a JSON array, and {3}, the index. Spark has no search of a
        // sorted array: one pass over the edges per row, but no CASE of thousands of branches.
        "bucket_index": "CASE WHEN {0} IS NULL THEN NULL ELSE size(filter(from_json({1}, 'array<double>'), seg_edge -> seg_edge <= CAST({0} AS DOUBLE))) END",
        "bucket_label": "element_at(from_json({2}, 'array<string>'), {3} + 1)",
    ]

    public static let sqlite = Dialect(
        name: .sqlite, identifierQuote: "\"", placeholder: .questionNumbered, backslashEscapes: false,
        typedDateLiterals: false, floatType: "REAL", castAllArithmetic: false, leastSkipsNulls: false,
        binaryCollation: "",
        // Measured on the 1M-customer demo bank (bench/README.md "Plan choice"): two aggregates
        // over 180 days tie at 52% of customers passing; three win grouped at 52%.
        aggregatePlan: .sharedPassesFrom(breakEven: 1.3),
        runsSwiftFunctions: true, optimisationFence: " LIMIT -1 OFFSET 0", datesMayBeText: true,
        templates: [
            "stored_key": "{0}",
            "double_literal": "{0}",
            // A long `in [...]` list bound as one JSON array (issue 16: 100,000 values in one parameter).
            "in_json_number": "({0} IN (SELECT value FROM json_each({1})))",
            "in_json_string": "({0} IN (SELECT value FROM json_each({1})))",
            "in_json_date": "({0} IN (SELECT value FROM json_each({1})))",
            "year": "CAST(strftime('%Y', {0}) AS INTEGER)",
            "month": "CAST(strftime('%m', {0}) AS INTEGER)",
            "day": "CAST(strftime('%d', {0}) AS INTEGER)",
            "days_between": "CAST(julianday({0}) - julianday({1}) AS INTEGER)",
            // Julian day numbers (and any text SQLite's `date` reads).
            "date_of": "date({0})",
            // ISO text with a time: the date as written. (`date()` would move a time with a
            // zone offset to UTC, while ranges on the text itself keep the written date.)
            "date_of_text": "substr({0}, 1, 10)",
            "date_of_unix_seconds": "date({0}, 'unixepoch')",
            "date_of_unix_ms": "date({0} / 1000.0, 'unixepoch')",
            "add_days": "date({0}, {1} || ' days')",
            // A Swift function registered on every connection (SegRun/Buckets.swift).
            "seg_bucket": "seg_bucket({0}, {1})",
            // Binary search in Swift, the edges and labels parsed once a statement (Buckets.swift).
            "bucket_index": "seg_bucket_index({0}, {1})",
            "bucket_label": "seg_bucket_label({0}, {1}, {2})",
            // SQLite rolls 03-31 minus a month over to 03-03; clamp to the target month's last day
            // as PostgreSQL and Spark do (LANGUAGE.md §4).
            "add_months": "min(date({0}, {1} || ' months'), date({0}, 'start of month', ({1} + 1) || ' months', '-1 day'))",
        ],
        columnTypes: .sqlite)

    public static let postgres = Dialect(
        name: .postgres, identifierQuote: "\"", placeholder: .dollarTyped, backslashEscapes: false,
        typedDateLiterals: true, floatType: "DOUBLE PRECISION", castAllArithmetic: true, leastSkipsNulls: true,
        binaryCollation: " COLLATE \"C\"",
        // Measured as for SQLite: two aggregates over 180 days already win grouped at 52%.
        aggregatePlan: .sharedPassesFrom(breakEven: 1.0),
        optimisationFence: " OFFSET 0",
        templates: [
            "stored_key": "CAST({0} AS TEXT)",
            "double_literal": "{0}::float8",
            "in_json_number": "({0} IN (SELECT CAST(v AS DOUBLE PRECISION) FROM json_array_elements_text(CAST({1} AS json)) AS t(v)))",
            "in_json_string": "({0} IN (SELECT v FROM json_array_elements_text(CAST({1} AS json)) AS t(v)))",
            "in_json_date": "({0} IN (SELECT CAST(v AS DATE) FROM json_array_elements_text(CAST({1} AS json)) AS t(v)))",
            "least": "LEAST", "greatest": "GREATEST",
            "round": "CAST(round(CAST({0} AS NUMERIC)) AS DOUBLE PRECISION)",
            "round_digits": "CAST(round(CAST({0} AS NUMERIC), CAST({1} AS INTEGER)) AS DOUBLE PRECISION)",
            "contains": "(strpos({0}, {1}) > 0)",
            "starts_with": "(left({0}, length({1})) = {1})",
            "ends_with": "(right({0}, length({1})) = {1})",
            "year": "CAST(EXTRACT(YEAR FROM {0}) AS INTEGER)",
            "month": "CAST(EXTRACT(MONTH FROM {0}) AS INTEGER)",
            "day": "CAST(EXTRACT(DAY FROM {0}) AS INTEGER)",
            "days_between": "({0} - {1})",
            // A timestamptz's date in the session's zone, which is the database's (Seg sets none).
            "date_of": "CAST({0} AS DATE)",
            "date_of_text": "CAST({0} AS DATE)",
            "date_of_unix_seconds": "CAST(to_timestamp({0}) AS DATE)",
            "date_of_unix_ms": "CAST(to_timestamp({0} / 1000.0) AS DATE)",
            "add_days": "({0} + CAST({1} AS INTEGER))",
            "seg_bucket": "(('x' || substr(md5({0} || ':' || CAST({1} AS TEXT)), 1, 8))::bit(32)::bigint % 10000)",
            // width_bucket over an array of lower bounds is a binary search: edges <= x, as `<`
            // in the CASE form is; NULL for a missing x. The arrays are built once (InitPlans).
            "bucket_index": "width_bucket(CAST({0} AS DOUBLE PRECISION), ARRAY(SELECT CAST(v AS DOUBLE PRECISION) FROM json_array_elements_text(CAST({1} AS json)) WITH ORDINALITY AS t(v, n) ORDER BY n))",
            "bucket_label": "(ARRAY(SELECT v FROM json_array_elements_text(CAST({2} AS json)) WITH ORDINALITY AS t(v, n) ORDER BY n))[{3} + 1]",
            "add_months": "CAST({0} + make_interval(months => CAST({1} AS INTEGER)) AS DATE)",
        ],
        columnTypes: .postgres)

    public static let spark = Dialect(
        name: .spark, identifierQuote: "`", placeholder: .colonNamed, backslashEscapes: true,
        typedDateLiterals: true, floatType: "DOUBLE", castAllArithmetic: false, leastSkipsNulls: true,
        binaryCollation: "",
        aggregatePlan: .alwaysGrouped, modelConditionsOnce: false,
        textType: "STRING", divisionIsFloat: true, firstLastByMinMaxBy: true, ordersAggregatesByPosition: true,
        templates: [
            "ntile_by_rank": "(1 + ({0} * (RANK() OVER (ORDER BY {1}) - 1)) div COUNT(*) OVER ())",
            "in_json_number": "array_contains(from_json({1}, 'array<double>'), CAST({0} AS DOUBLE))",
            "in_json_string": "array_contains(from_json({1}, 'array<string>'), {0})",
            "in_json_date": "array_contains(from_json({1}, 'array<date>'), {0})",
            "least": "least", "greatest": "greatest",
            "starts_with": "startswith({0}, {1})",
            "ends_with": "endswith({0}, {1})",
        ],
        columnTypes: .spark)

    public static func named(_ name: Name) -> Dialect {
        switch name {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        case .spark: return .spark
        }
    }

    // MARK: rendering

    /// A quoted identifier; a quote inside the name is doubled.
    public func quote(_ identifier: String) -> String {
        let q = String(identifierQuote)
        return q + identifier.split(separator: identifierQuote, omittingEmptySubsequences: false).joined(separator: q + q) + q
    }

    public var trueLiteral: String { "TRUE" }
    public var falseLiteral: String { "FALSE" }

    /// Renders a fragment for execution (placeholders) or, with `inline`, for reading and
    /// pasting (every value written as this dialect's literal).
    public func render(_ sql: SQL, _ values: [SQLValue], inline: Bool = false, exactIntegers: Bool = false) -> String {
        var out = ""
        for piece in sql.pieces {
            switch piece {
            case .text(let t): out += t
            case .param(let i):
                out += inline ? literal(values[i - 1]) : placeholderText(i, values[i - 1], exactIntegers: exactIntegers)
            }
        }
        return out
    }

    func placeholderText(_ i: Int, _ v: SQLValue, exactIntegers: Bool = false) -> String {
        switch placeholder {
        case .questionNumbered: return "?\(i)"
        case .colonNamed: return ":p\(i)"
        case .dollarTyped:
            switch v {
            case .integer where exactIntegers: return "$\(i)::bigint"
            case .integer, .real: return "$\(i)::float8"
            case .text: return "$\(i)::text"
            case .date: return "$\(i)::date"
            case .bool: return "$\(i)::boolean"
            case .null: return "$\(i)"
            }
        }
    }

    /// A value as a literal of this dialect.
    public func literal(_ v: SQLValue) -> String {
        switch v {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d):
            if d.isNaN || d.isInfinite { return "NULL" }
            let s = String(d)
            return name == .spark && !s.contains("e") ? s + "D" : s
        case .text(let s): return stringLiteral(s)
        case .date(let d): return typedDateLiterals ? "DATE " + stringLiteral(d) : stringLiteral(d)
        case .bool(let b):
            if name == .sqlite { return b ? "1" : "0" }
            return b ? trueLiteral : falseLiteral
        }
    }

    func stringLiteral(_ s: String) -> String {
        var out = "'"
        for ch in s {
            switch ch {
            case "'": out += backslashEscapes ? "\\'" : "''"
            case "\\": out += backslashEscapes ? "\\\\" : "\\"
            default: out.append(ch)
            }
        }
        return out + "'"
    }
}
