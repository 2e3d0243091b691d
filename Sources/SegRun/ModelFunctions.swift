import CSQLite
import SegCheck
import SegModels

/// Models scored inside SQLite's queries: each model of a program becomes two SQL functions,
/// `seg_model_<token>(features…)` and `seg_reasons_<token>(k, features…)`, implemented in
/// Swift, so scores are computed row by row as the query reads them (only for the rows that
/// reach the model's condition).
enum ModelFunctions {
    final class Box {
        let model: Model
        init(_ model: Model) { self.model = model }
    }

    static func register(_ models: [CheckedModel], on db: SQLiteDatabase) {
        for m in models {
            let arity = Int32(m.inputs.count)
            let score = Unmanaged.passRetained(Box(m.model)).toOpaque()
            sqlite3_create_function_v2(db.handle, "seg_model_\(m.token)", arity, SQLITE_UTF8 | SQLITE_DETERMINISTIC, score, { ctx, argc, argv in
                let model = Unmanaged<Box>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue().model
                guard case .trees(let ensemble) = model.shape, let argv else {
                    sqlite3_result_double(ctx, model.score(ModelFunctions.features(argc, argv, from: 0)))
                    return
                }
                // Trees read the row in place, missing values as NaN: no allocation per row.
                let count = Int(argc)
                let margin = withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer -> Double in
                    for i in 0..<count {
                        if let v = argv[i], sqlite3_value_type(v) != SQLITE_NULL { buffer[i] = sqlite3_value_double(v) } else { buffer[i] = .nan }
                    }
                    return ensemble.margin(missingAsNaN: UnsafeBufferPointer(buffer))
                }
                sqlite3_result_double(ctx, model.apply(margin))
            }, nil, nil, { p in if let p { Unmanaged<Box>.fromOpaque(p).release() } })
            let reasons = Unmanaged.passRetained(Box(m.model)).toOpaque()
            sqlite3_create_function_v2(db.handle, "seg_reasons_\(m.token)", arity + 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, reasons, { ctx, argc, argv in
                let model = Unmanaged<Box>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue().model
                let k = Int(sqlite3_value_int64(argv![0]))
                let text = model.reasons(ModelFunctions.features(argc, argv, from: 1), k: k)
                sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT_PTR)
            }, nil, nil, { p in if let p { Unmanaged<Box>.fromOpaque(p).release() } })
        }
    }

    static func features(_ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?, from start: Int) -> [Double?] {
        guard let argv else { return [] }
        var x: [Double?] = []
        x.reserveCapacity(Int(argc) - start)
        for i in start..<Int(argc) {
            guard let v = argv[i], sqlite3_value_type(v) != SQLITE_NULL else { x.append(nil); continue }
            x.append(sqlite3_value_double(v))
        }
        return x
    }
}
