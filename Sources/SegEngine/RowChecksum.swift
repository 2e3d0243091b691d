import CSQLite

/// `seg_row_hash(v1, …, vn)`: a 32-bit FNV-1a hash of a row's values (type and bytes), so
/// `SUM(seg_row_hash(rowid, every column))` over a table changes when any row is inserted,
/// deleted or changed in any column — what a tag table's freshness must see on SQLite,
/// which keeps no modification counts (`SQLiteEngine.dataVersion`).
package enum RowChecksum {
    package static func register(on db: SQLiteDatabase) {
        sqlite3_create_function_v2(db.handle, "seg_row_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { ctx, argc, argv in
            var h: UInt32 = 2_166_136_261
            @inline(__always) func mix(_ b: UInt8) { h = (h ^ UInt32(b)) &* 16_777_619 }
            for i in 0..<Int(argc) {
                guard let v = argv?[i] else { mix(0); continue }
                let type = sqlite3_value_type(v)
                mix(UInt8(truncatingIfNeeded: type))
                switch type {
                case SQLITE_INTEGER:
                    var x = UInt64(bitPattern: sqlite3_value_int64(v))
                    for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: x)); x >>= 8 }
                case SQLITE_FLOAT:
                    var x = sqlite3_value_double(v).bitPattern
                    for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: x)); x >>= 8 }
                case SQLITE_TEXT, SQLITE_BLOB:
                    let n = Int(sqlite3_value_bytes(v))
                    if let p = sqlite3_value_blob(v) {
                        let bytes = p.assumingMemoryBound(to: UInt8.self)
                        for j in 0..<n { mix(bytes[j]) }
                    }
                    mix(0xFF)
                default:
                    break
                }
            }
            sqlite3_result_int64(ctx, Int64(h))
        }, nil, nil, nil)
    }
}
