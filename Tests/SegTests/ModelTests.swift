import Foundation
import Testing
@testable import SegModels

/// Seg's scores and reasons against the libraries' own `predict` (Tests/models/reference.py,
/// run with the Python that .ci/run installs: $SEG_TEST_PYTHON), on synthetic rows with
/// missing values and on UCI bank-full.
enum PythonReference {
    static let python = ProcessInfo.processInfo.environment["SEG_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
}

@Suite(.enabled(if: PythonReference.python != nil, "SEG_TEST_PYTHON is not set (.ci/run makes a virtual environment with xgboost-cpu, lightgbm and scikit-learn)"))
struct ModelTests {
    static let python = PythonReference.python
    static let uci = Support.root.appendingPathComponent("../shared/data/uci-bank-marketing/bank-full.csv.gz").standardizedFileURL.path

    /// The reference files, written once per test run.
    static let reference: URL = {
        let dir = Support.tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python!)
        p.arguments = [Support.root.appendingPathComponent("Tests/models/reference.py").path, dir.path, uci]
        p.standardOutput = FileHandle.nullDevice
        try! p.run()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, "reference.py failed")
        return dir
    }()

    static var sets: [String] {
        FileManager.default.fileExists(atPath: uci) ? ["synthetic", "uci"] : ["synthetic"]
    }

    static func rows(_ name: String, header: Bool = false) throws -> [[Double?]] {
        let text = try String(contentsOf: reference.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst(header ? 1 : 0).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        }
    }

    static let cases: [(String, String, Double)] = [
        ("xgb_logistic", "json", 1e-5), ("xgb_regression", "json", 1e-5),
        ("lgb_binary", "txt", 1e-9), ("lgb_binary_zero", "txt", 1e-9), ("lgb_regression", "txt", 1e-9),
    ]

    @Test func scoresMatchTheLibrariesOwnPredict() throws {
        for set in Self.sets {
            let x = try Self.rows("\(set).X.csv", header: true)
            for (name, ext, tolerance) in Self.cases {
                let model = try ModelLoader.load(path: Self.reference.appendingPathComponent("\(set).\(name).\(ext)").path)
                let expected = try Self.rows("\(set).\(name).pred.csv").map { $0[0]! }
                #expect(expected.count == x.count)
                var worst = 0.0
                for (row, want) in zip(x, expected) { worst = max(worst, abs(model.score(row) - want)) }
                #expect(worst <= tolerance, "\(set) \(name): largest difference \(worst)")
            }
        }
    }

    @Test func treeSHAPMatchesTheLibraries() throws {
        for set in Self.sets {
            let x = try Self.rows("\(set).X.csv", header: true)
            for (name, ext, _) in Self.cases {
                let model = try ModelLoader.load(path: Self.reference.appendingPathComponent("\(set).\(name).\(ext)").path)
                let expected = try Self.rows("\(set).\(name).contrib.csv")
                var worst = 0.0
                for (row, want) in zip(x, expected).prefix(500) {
                    let (phi, bias) = model.contributions(row)
                    for i in phi.indices { worst = max(worst, abs(phi[i] - want[i]!)) }
                    worst = max(worst, abs(bias - want[phi.count]!))
                }
                // XGBoost computes in float32; LightGBM in double.
                #expect(worst <= (ext == "json" ? 1e-5 : 1e-9), "\(set) \(name): largest difference \(worst)")
            }
        }
    }

    @Test func aucAndKSMatchScikitLearn() throws {
        for set in Self.sets {
            let x = try Self.rows("\(set).X.csv", header: true)
            let y = try Self.rows("\(set).y.csv").map { $0[0]! == 1 }
            let model = try ModelLoader.load(path: Self.reference.appendingPathComponent("\(set).xgb_logistic.json").path)
            // Scores as XGBoost stores them (float32), so ties fall as they do for scikit-learn.
            let scores = x.map { Double(Float(model.score($0))) }
            let m = try Self.rows("\(set).metrics.csv")[0]
            let e = ModelEvaluation(scores: scores, labels: y)
            #expect(abs(e.auc - m[0]!) < 1e-9, "\(set) AUC \(e.auc) vs \(m[0]!)")
            #expect(abs(e.ks - m[1]!) < 1e-9, "\(set) KS \(e.ks) vs \(m[1]!)")
        }
    }
}

/// Bad model files get a clear refusal naming the file, never a crash.
@Suite struct BadModelTests {
    func write(_ text: String, _ name: String) throws -> String {
        let path = Support.tempDir().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func refusals() throws {
        let cases: [(String, String, String)] = [
            ("{\"learner\": {\"gradient_booster\": {\"model\": {\"trees\": [", "cut.json", "not valid JSON"),
            ("{\"name\": \"not a model\"}", "other.json", "not a model Seg can read"),
            ("tree\nversion=v4\nobjective=binary sigmoid:1\nfeature_names=a b\nTree=0\nnum_leaves=3\nsplit_feature=0 1\n", "cut.txt", "end of trees"),
            ("tree\nversion=v4\nobjective=binary sigmoid:1\nfeature_names=a b\nTree=0\nnum_leaves=3\nsplit_feature=0 1\nend of trees\n", "half.txt", "incomplete"),
            ("", "empty.json", "empty"),
        ]
        for (text, name, message) in cases {
            let path = try write(text, name)
            #expect(throws: ModelError.self) { try ModelLoader.load(path: path) }
            do { _ = try ModelLoader.load(path: path) } catch {
                #expect(error.path == path)
                #expect(error.problem.contains(message), "\(name): \(error.problem)")
            }
        }
        do { _ = try ModelLoader.load(path: "/nonexistent/m.json") } catch { #expect(error.problem == "no such file") }
    }
}
