import Foundation
import Testing
@testable import SegModels
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

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

/// The example models in the language, on a demo bank: every customer's score the same
/// in-process, pushed down as SQL, and by the libraries themselves.
@Suite struct ModelScoringTests {
    static let script = """
        use "\(Support.root.path)/examples/models/features.seg"
        model churn_risk = "\(Support.root.path)/examples/models/churn_xgb.json"
        model fund_propensity = "\(Support.root.path)/examples/models/fund_lgb.txt"
        scorecard card base 600
          age: under 25 -> -10, 25 to 45 -> 15, else -> 5
          aum: under 5w -> 0, 5w to 50w -> 20, else -> 40
        export all to csv "scores.csv" with customer_id, churn_risk, fund_propensity, card
        """

    func scores(_ mode: String) throws -> [[Double]] {
        let dir = Support.tempDir()
        let path = dir.appendingPathComponent("s.seg")
        try Self.script.write(to: path, atomically: true, encoding: .utf8)
        let r = try Support.seg(["run", path.path, "--db", Support.demoPath, "--as-of", "2026-11-01", "--models", mode], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("scores.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test func pushdownEqualsInProcessOnEveryRow() throws {
        let a = try scores("inprocess"), b = try scores("pushdown")
        #expect(a.count == 3000 && a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x[0] == y[0])
            for i in 1..<x.count { #expect(abs(x[i] - y[i]) <= 1e-9, "customer \(x[0]) column \(i): \(x[i]) vs \(y[i])") }
        }
    }

    @Test(.enabled(if: PythonReference.python != nil, "SEG_TEST_PYTHON is not set"))
    func scoresMatchTheLibrariesOnTheDemoBank() throws {
        let seg = try scores("inprocess")
        let out = Support.tempDir().appendingPathComponent("ref.csv")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PythonReference.python!)
        p.arguments = [Support.root.appendingPathComponent("Tests/models/demo_scores.py").path, Support.demoPath, out.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let ref = try String(contentsOf: out, encoding: .utf8).split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map { Double($0)! } }
        #expect(ref.count == seg.count)
        var worstXGB = 0.0, worstLGB = 0.0
        for (s, r) in zip(seg, ref) {
            #expect(s[0] == r[0])
            worstXGB = max(worstXGB, abs(s[1] - r[1]))
            worstLGB = max(worstLGB, abs(s[2] - r[2]))
        }
        // XGBoost predicts in float32; Seg's CSV keeps 15 significant digits.
        #expect(worstXGB <= 1e-6, "XGBoost: \(worstXGB)")
        #expect(worstLGB <= 1e-9, "LightGBM: \(worstLGB)")
    }
}

/// PMML RegressionModel and Scorecard, on hand-written documents with hand-computed scores.
@Suite struct PMMLTests {
    func load(_ name: String) throws -> Model {
        try ModelLoader.load(path: Support.root.appendingPathComponent("Tests/models/\(name)").path)
    }

    @Test func regressionModel() throws {
        let m = try load("regression.pmml")
        #expect(m.format == .pmml && m.features == ["age", "aum"])
        #expect(abs(m.score([40, 1_000_000]) - 0.5) < 1e-15)                     // −3 + 2 + 1 = 0
        #expect(abs(m.score([20, 0]) - 1 / (1 + exp(2.0))) < 1e-15)             // −3 + 1 = −2
    }

    @Test func scorecard() throws {
        let m = try load("scorecard.pmml")
        #expect(m.score([30, 60_000]) == 635)   // 600 + 15 + 20
        #expect(m.score([nil, 1_000]) == 580)   // 600 − 20 + 0
        #expect(m.score([50, nil]) == 605)      // 600 + 5, and no aum bin holds for a missing value
        #expect(m.score([25, 50_000]) == 635)   // both bounds inclusive
    }
}

/// Scoring in blocks of rows (`Model.scores`, what a run uses when most customers reach a
/// model) gives the very bits scoring one row at a time gives, for XGBoost and LightGBM,
/// with missing values, on one thread and on several, and for rows narrower than the model.
@Suite struct BlockScoringTests {
    @Test(arguments: ["churn_xgb.json", "fund_lgb.txt"])
    func blockScoresAreRowScores(_ file: String) throws {
        let model = try ModelLoader.load(path: Support.root.appendingPathComponent("examples/models/\(file)").path)
        var state: UInt64 = 42
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for width in [model.features.count, max(model.features.count - 2, 1)] {
            let count = 20_003  // two threads' worth, not a whole number of blocks or lanes
            var flat: [Double] = []
            var rows: [[Double?]] = []
            for _ in 0..<count {
                // Values around the thresholds a bank's features have, a tenth of them missing.
                let row: [Double?] = (0..<width).map { _ in random() < 0.1 ? nil : (random() - 0.2) * pow(10, (random() * 7).rounded()) }
                rows.append(row)
                flat += row.map { $0 ?? .nan }
            }
            for threads in [1, 2] {
                let scores = model.scores(flat, width: width, threads: threads)
                #expect(scores.count == count)
                let differing = zip(scores, rows).filter { $0.0.bitPattern != model.score($0.1).bitPattern }.count
                #expect(differing == 0, "\(file), width \(width), \(threads) threads: \(differing) rows differ")
            }
        }
    }
}

/// Scoring in blocks end to end: a run whose statements most customers reach scores the
/// model beforehand (and `explain` says so), a tag table holds a model's scores, and every
/// count is the one the model pushed down to SQL gives — another way of computing it.
@Suite struct BlockScoringRunTests {
    @Test func runsAndTagTablesScoreInBlocksAndAgreeWithPushdown() throws {
        let dir = Support.tempDir()
        let db = dir.appendingPathComponent("bank.db").path
        try FileManager.default.copyItem(atPath: Support.demoPath, toPath: db)
        let models = Support.root.appendingPathComponent("examples/models")
        try """
            use "\(models.path)/features.seg"
            model churn_risk = "\(models.path)/churn_xgb.json"
            model fund_propensity = "\(models.path)/fund_lgb.txt" format lightgbm
            define churn_score = churn_risk
            segment risky where churn_risk > 0.3
            segment likely where fund_propensity > 0.2 and not risky
            """.write(to: dir.appendingPathComponent("m.seg"), atomically: true, encoding: .utf8)
        let questions = """
            use "m.seg"
            count risky
            count likely by city
            count churn_score > 0.5 or fund_propensity > 0.5
            count aum >= 300万 and churn_risk > 0.1
            evaluate churn_risk on all against churned_next_90d vs aum > 200k
            explain risky
            """
        try questions.write(to: dir.appendingPathComponent("q.seg"), atomically: true, encoding: .utf8)
        func answers(_ args: [String] = []) throws -> String {
            let r = try Support.seg(["run", "q.seg", "--db", db, "--as-of", "2026-11-01"] + args, cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.components(separatedBy: "explain risky")[0]
        }
        let pushed = try answers(["--models", "pushdown"])
        let run = try Support.seg(["run", "q.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir).stdout
        #expect(run.contains("churn_risk scored for every customer beforehand, in blocks of rows"), "\(run)")
        // Few customers reach it: scored row by row, for those.
        try "use \"m.seg\"\ncount aum >= 500万 and churn_risk > 0.1\nexplain aum >= 500万 and churn_risk > 0.1\n"
            .write(to: dir.appendingPathComponent("few.seg"), atomically: true, encoding: .utf8)
        let few = try Support.seg(["run", "few.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir).stdout
        #expect(few.contains("churn_risk scored row by row, for the customers that reach it"), "\(few)")
        #expect(try answers() == pushed)
        let build = try Support.seg(["tags", "build", "m.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(build.status == 0 && build.stdout.contains("churn_score") && build.stdout.contains("risky"), "\(build.stdout)\(build.stderr)")
        let tagged = try Support.seg(["run", "q.seg", "--db", db, "--as-of", "2026-11-01"], cwd: dir).stdout
        #expect(tagged.contains("read from tag table seg_tags_1"), "\(tagged)")
        #expect(try answers() == pushed)
    }
}
