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
    static func register(on handle: OpaquePointer) {
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
    }
}
