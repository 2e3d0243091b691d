import Crypto
import CSQLite
import Foundation

/// Deterministic assignment for holdouts, `sample` and `split` (LANGUAGE.md §3): the same on
/// every engine and every release, so a customer's group never depends on where Seg ran.
public enum Buckets {
    /// `int(first 8 hex digits of md5(seed + ":" + key), 16) mod 10000`.
    public static func bucket(seed: String, key: String) -> Int {
        let digest = Insecure.MD5.hash(data: Data((seed + ":" + key).utf8))
        let first4 = digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int(first4 % 10000)
    }

    /// The key as the rule spells it: an integer in decimal, text as it is.
    public static func keyText(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .text(let s): return s
        }
    }

    /// Registers `seg_bucket(seed, key)` on a SQLite connection, so buckets are computed inside queries.
    package static func register(on handle: OpaquePointer) {
        sqlite3_create_function_v2(handle, "seg_bucket", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { context, _, args in
            guard let args, let seedArg = args[0], let keyArg = args[1],
                  sqlite3_value_type(seedArg) != SQLITE_NULL, sqlite3_value_type(keyArg) != SQLITE_NULL else {
                sqlite3_result_null(context)
                return
            }
            let seed = String(cString: sqlite3_value_text(seedArg))
            let key: String
            switch sqlite3_value_type(keyArg) {
            case SQLITE_INTEGER: key = String(sqlite3_value_int64(keyArg))
            case SQLITE_FLOAT: key = Buckets.keyText(.real(sqlite3_value_double(keyArg))) ?? ""
            default: key = String(cString: sqlite3_value_text(keyArg))
            }
            sqlite3_result_int64(context, Int64(Buckets.bucket(seed: seed, key: key)))
        }, nil, nil, nil)
        // `bucket(x, [edges])` with many edges (ExprCompiler.longBucket): a binary search.
        sqlite3_create_function_v2(handle, "seg_bucket_index", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { context, _, args in
            guard let args, let x = args[0], let e = args[1], let edges = Edges.of(e, context, argument: 1) else {
                sqlite3_result_null(context)
                return
            }
            guard let i = edges.index(of: x) else { sqlite3_result_null(context); return }
            sqlite3_result_int64(context, Int64(i))
        }, nil, nil, nil)
        sqlite3_create_function_v2(handle, "seg_bucket_label", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { context, _, args in
            guard let args, let x = args[0], let e = args[1], let l = args[2],
                  let edges = Edges.of(e, context, argument: 1), let labels = Labels.of(l, context, argument: 2),
                  labels.values.count == edges.values.count + 1 else {
                sqlite3_result_null(context)
                return
            }
            guard let i = edges.index(of: x) else { sqlite3_result_null(context); return }
            sqlite3_result_text(context, labels.values[i], -1, SQLITE_TRANSIENT_PTR)
        }, nil, nil, nil)
    }

    /// Which bucket a value falls in: how many edges are at most `x`, as the CASE form
    /// `WHEN x < e0 … WHEN x < e1 …` finds it (SQLite compares integers and doubles exactly;
    /// text is greater than any number). Nil for a missing `x`.
    package static func bucketIndex(_ x: Value, edges: [Double]) -> Int? {
        let atMost: (Double) -> Bool
        switch x {
        case .null: return nil
        case .integer(let i): atMost = { e in edgeAtMost(e, i) }
        case .real(let d): atMost = { e in e <= d }
        case .text: return edges.count
        }
        var low = 0, high = edges.count
        while low < high {
            let mid = (low + high) / 2
            if atMost(edges[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// `e <= i`, exactly, for any double and 64-bit integer.
    package static func edgeAtMost(_ e: Double, _ i: Int64) -> Bool {
        if e < -9.223372036854775808e18 { return true }
        if e >= 9.223372036854775808e18 { return false }
        let whole = e.rounded(.down)
        let w = Int64(whole)
        return w != i ? w < i : e == whole
    }

    /// A statement's edges, parsed from their JSON once and kept on the argument (SQLite's
    /// auxiliary data lives as long as the bound value does).
    package final class Edges {
        package let values: [Double]
        init(_ values: [Double]) { self.values = values }

        func index(of x: OpaquePointer) -> Int? {
            switch sqlite3_value_type(x) {
            case SQLITE_NULL: return nil
            case SQLITE_INTEGER: return Buckets.bucketIndex(.integer(sqlite3_value_int64(x)), edges: values)
            case SQLITE_FLOAT: return Buckets.bucketIndex(.real(sqlite3_value_double(x)), edges: values)
            default: return values.count
            }
        }

        static func of(_ arg: OpaquePointer, _ context: OpaquePointer?, argument: Int32) -> Edges? {
            if let kept = sqlite3_get_auxdata(context, argument) { return Unmanaged<Edges>.fromOpaque(kept).takeUnretainedValue() }
            guard let text = sqlite3_value_text(arg) else { return nil }
            let body = String(cString: text).trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            var values: [Double] = []
            for part in body.split(separator: ",") {
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else { return nil }
                values.append(v)
            }
            let edges = Edges(values)
            sqlite3_set_auxdata(context, argument, Unmanaged.passRetained(edges).toOpaque()) { p in
                if let p { Unmanaged<Edges>.fromOpaque(p).release() }
            }
            return edges
        }
    }

    /// A statement's labels, parsed from their JSON once, as Edges.
    package final class Labels {
        package let values: [String]
        init(_ values: [String]) { self.values = values }

        static func of(_ arg: OpaquePointer, _ context: OpaquePointer?, argument: Int32) -> Labels? {
            if let kept = sqlite3_get_auxdata(context, argument) { return Unmanaged<Labels>.fromOpaque(kept).takeUnretainedValue() }
            guard let text = sqlite3_value_text(arg),
                  let values = try? JSONDecoder().decode([String].self, from: Data(String(cString: text).utf8)) else { return nil }
            let labels = Labels(values)
            sqlite3_set_auxdata(context, argument, Unmanaged.passRetained(labels).toOpaque()) { p in
                if let p { Unmanaged<Labels>.fromOpaque(p).release() }
            }
            return labels
        }
    }
}
