import CSQLite
import SegCheck
import SegModels

/// Models scored inside SQLite's queries: each model of a program becomes two SQL functions,
/// `seg_model_<token>(features…)` and `seg_reasons_<token>(k, features…)`, implemented in
/// Swift, so scores are computed row by row as the query reads them (only for the rows that
/// reach the model's condition).
package enum ModelFunctions {
    package final class Box {
        let model: Model
        init(_ model: Model) { self.model = model }
    }

    package static func register(_ models: [CheckedModel], on db: SQLiteDatabase) {
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

    /// Scores computed beforehand, by key: integer keys apart, for a lookup without a `Value`.
    package final class Scores {
        var byInteger: [Int64: Double] = [:]
        var byValue: [Value: Double] = [:]
    }

    /// `function(key)`: the score computed for that key beforehand, NULL for a key it lacks.
    package static func registerScores(_ function: String, keys: [Value], scores: [Double], on db: SQLiteDatabase) {
        let table = Scores()
        table.byInteger.reserveCapacity(keys.count)
        for (k, v) in zip(keys, scores) {
            if case .integer(let i) = k { table.byInteger[i] = v } else { table.byValue[k] = v }
        }
        let box = Unmanaged.passRetained(table).toOpaque()
        sqlite3_create_function_v2(db.handle, function, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box, { ctx, _, argv in
            let table = Unmanaged<Scores>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
            guard let arg = argv?[0] else { sqlite3_result_null(ctx); return }
            let score: Double?
            switch sqlite3_value_type(arg) {
            case SQLITE_INTEGER: score = table.byInteger[sqlite3_value_int64(arg)]
            case SQLITE_FLOAT: score = table.byValue[.real(sqlite3_value_double(arg))]
            case SQLITE_TEXT: score = sqlite3_value_text(arg).map { table.byValue[.text(String(cString: $0))] } ?? nil
            default: score = nil
            }
            if let score { sqlite3_result_double(ctx, score) } else { sqlite3_result_null(ctx) }
        }, nil, nil, { p in if let p { Unmanaged<Scores>.fromOpaque(p).release() } })
    }

    package static func features(_ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?, from start: Int) -> [Double?] {
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
