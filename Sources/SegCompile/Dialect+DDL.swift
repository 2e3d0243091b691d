import SegSyntax
import SegCheck

/// The type of a column Seg creates: an exported table's (`export … to table`), or one of
/// Seg's own tables' (`StoreTable`). Each dialect names them (`ColumnTypeNames`), and
/// `Dialect` renders every `CREATE TABLE` and `ALTER TABLE … ADD` Seg runs: one renderer.
package enum ColumnType: Sendable, Equatable {
    case integer, real, text, bool, date
    /// A member's key as the bank holds it: typeless where the engine allows it (SQLite),
    /// else text, with the list's `key_type` to read it back.
    case key
    /// A number the engine gives each new row, where it can (the ledger's run id).
    case serial

    /// A column's type from what it computes, known before any row: a field keeps its
    /// column's type; a number is an integer only when it is one by construction (integer
    /// fields and literals, counts, and sums, differences and products of integers).
    package static func of(_ e: TypedExpr, in program: CheckedProgram) -> ColumnType {
        switch e.type {
        case .bool: return .bool
        case .date: return .date
        case .number: return isInteger(e, program) ? .integer : .real
        default: return .text
        }
    }

    package static func isInteger(_ e: TypedExpr, _ program: CheckedProgram) -> Bool {
        switch e.kind {
        case .literal(.number(let v)): return v == v.rounded() && abs(v) < 9e15
        case .field(let f): return program.entity.field(f)?.integer ?? false
        case .definition(let id): return isInteger(program.definitions[id].body, program)
        case .negate(let x): return isInteger(x, program)
        case .binary(let op, let l, let r) where op == .add || op == .subtract || op == .multiply:
            return isInteger(l, program) && isInteger(r, program)
        case .call(.coalesce, let args), .call(.min, let args), .call(.max, let args), .call(.abs, let args):
            return args.allSatisfy { isInteger($0, program) }
        case .conditional(_, let a, let b): return isInteger(a, program) && isInteger(b, program)
        case .aggregate(let a):
            switch a.kind {
            case .count, .distinctCount: return true
            case .sum, .min, .max, .first, .last:
                guard let v = a.value else { return false }
                if case .relationField(let col) = v.kind { return program.entity.relation(a.relation)?.column(col)?.integer ?? false }
                return false
            default: return false
            }
        case .ranking(let r): if case .ntile = r.kind { return true } else { return false }
        case .bucketOf: return true
        default: return false
        }
    }
}

/// A dialect's names for `ColumnType`s; `key` empty: a typeless column.
public struct ColumnTypeNames: Sendable, Equatable {
    public var integer, real, text, bool, date, key, serial: String
    /// Whether the engine's DDL takes `NOT NULL`, `PRIMARY KEY` and indexes (Spark's Parquet tables do not).
    public var constraints = true

    public static let sqlite = ColumnTypeNames(integer: "INTEGER", real: "REAL", text: "TEXT", bool: "BOOLEAN", date: "DATE",
                                               key: "", serial: "INTEGER PRIMARY KEY")
    public static let postgres = ColumnTypeNames(integer: "BIGINT", real: "DOUBLE PRECISION", text: "TEXT", bool: "BOOLEAN", date: "DATE",
                                                 key: "TEXT", serial: "BIGSERIAL PRIMARY KEY")
    public static let spark = ColumnTypeNames(integer: "BIGINT", real: "DOUBLE", text: "STRING", bool: "BOOLEAN", date: "DATE",
                                              key: "STRING", serial: "BIGINT", constraints: false)
}

extension Dialect {
    /// The engine's name for a column type ("" for a typeless key).
    package func typeName(_ t: ColumnType) -> String {
        let n = columnTypes
        switch t {
        case .integer: return n.integer
        case .real: return n.real
        case .text: return n.text
        case .bool: return n.bool
        case .date: return n.date
        case .key: return n.key
        case .serial: return n.serial
        }
    }

    /// `"name" TYPE, …`, names quoted (a Spark schema string is made of the same).
    package func columnDefinitions(_ columns: [(name: String, type: ColumnType)]) -> String {
        columns.map { c in
            let t = typeName(c.type)
            return quote(c.name) + (t.isEmpty ? "" : " " + t)
        }.joined(separator: ", ")
    }

    /// `CREATE TABLE` for `export … to table`.
    package func createTable(_ name: String, columns: [(name: String, type: ColumnType)]) -> String {
        "CREATE TABLE \(quote(name)) (\(columnDefinitions(columns)))"
    }

    /// `CREATE TABLE` of one of Seg's own tables, with its constraints and index;
    /// `ifNotExists` where the engine can say it (two first runs at once both create).
    package func createTable(_ table: StoreTable, ifNotExists: Bool) -> String {
        let ine = ifNotExists ? "IF NOT EXISTS " : ""
        var defs = table.columns.map { c -> String in
            var d = quote(c.name)
            let t = typeName(c.type)
            if !t.isEmpty { d += " " + t }
            if c.notNull { d += " NOT NULL" }
            return d
        }
        let keyIsSerial = table.primaryKey.count == 1 && table.columns.first { $0.name == table.primaryKey[0] }?.type == .serial
        if !table.primaryKey.isEmpty && !keyIsSerial { defs.append("PRIMARY KEY (\(table.primaryKey.map(quote).joined(separator: ", ")))") }
        var out = "CREATE TABLE \(ine)\(quote(table.name)) (\(defs.joined(separator: ", ")));"
        if let index = table.index {
            out += "\nCREATE INDEX \(ine)\(quote(index.name)) ON \(quote(table.name)) (\(index.columns.map(quote).joined(separator: ", ")));"
        }
        return out
    }

    /// Columns added to one of Seg's own tables (always nullable; a serial is a plain integer
    /// once the table exists).
    package func addColumns(_ columns: [StoreTable.Column], to table: String) -> [String] {
        let typed = columns.map { ($0.name, $0.type == .serial ? ColumnType.integer : $0.type) }
        if !columnTypes.constraints {
            // Spark adds them in one statement.
            return ["ALTER TABLE \(quote(table)) ADD COLUMNS (\(columnDefinitions(typed)))"]
        }
        return typed.map { "ALTER TABLE \(quote(table)) ADD COLUMN \(columnDefinitions([$0]))" }
    }
}
