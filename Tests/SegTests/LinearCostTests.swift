import Foundation
import Testing
import SegSyntax
import SegCheck
@testable import SegCompile
@testable import SegRun
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// Issue 25, linear costs: `bucket` with thousands of edges and thousands of REPL entries.
/// No timings: the tests count what the slow versions did (CASE branches, whole checks) and
/// compare results with an independent computation.
@Suite struct LinearCostTests {
    /// The bucket of `x` by reading the edges one by one, as LANGUAGE.md words it: "<e0",
    /// "e0-e1", …, ">=last"; an edge equal to `x` starts the bucket above it.
    static func reference(_ x: Double?, _ edges: [Double], _ labels: [String]) -> String? {
        guard let x else { return nil }
        var i = 0
        while i < edges.count, edges[i] <= x { i += 1 }
        return labels[i]
    }

    /// A bank of one table: random amounts (some exactly on an edge, some missing, integers and
    /// doubles), and random ascending edges.
    static func bank(seed: UInt64, rows: Int, edgeCount: Int) throws -> (db: String, values: [Int: Double?], edges: [Double]) {
        var rng = SplitMix64(seed: seed)  // the demo bank's generator
        var edgeSet = Set<Double>()
        while edgeSet.count < edgeCount { edgeSet.insert((Double(rng.next() % 2_000_000) / 100) - 5000) }
        let edges = edgeSet.sorted()
        let path = Support.tempDir().appendingPathComponent("b.db").path
        let db = try SQLiteDatabase(path: path, create: true)
        try db.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, aum REAL)")
        var values: [Int: Double?] = [:]
        var sql = "INSERT INTO customers VALUES "
        for id in 1...rows {
            let v: Double?
            switch rng.next() % 5 {
            case 0: v = nil
            case 1: v = edges[Int(rng.next() % UInt64(edges.count))]  // exactly on an edge
            case 2: v = Double(Int(rng.next() % 30_000) - 10_000)      // a whole number
            default: v = Double(rng.next() % 3_000_000) / 100 - 7000
            }
            values[id] = v
            sql += (id > 1 ? ", " : "") + "(\(id), \(v.map { String($0) } ?? "NULL"))"
        }
        try db.execute(sql)
        return (path, values, edges)
    }

    static func edgeText(_ edges: [Double]) -> String {
        edges.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) }.joined(separator: ", ")
    }

    /// 4,000 edges (the report's two minutes): one search per row, the edges bound once, and
    /// every customer in the bucket the edges put them in.
    @Test func fourThousandEdgesAreSearchedNotACaseOfFourThousandBranches() throws {
        let (db, values, edges) = try Self.bank(seed: 25, rows: 3000, edgeCount: 4000)
        let checkedEdges = edges.map { BucketEdge(value: $0, label: $0 == $0.rounded() ? String(Int64($0)) : String($0)) }
        let labels = ExprCompiler.bucketLabels(checkedEdges)
        let script = "define band = bucket(aum, [\(Self.edgeText(edges))])\nshow all with customer_id, band limit 5000\ncount all by band, aum > 0\n"
        let r = try Support.run(script, db: db)
        #expect(r.failure == nil, "\(r.diagnostics.map(\.message))")
        guard case .table(let shown)? = r.outputs.first else { Issue.record("no table"); return }
        #expect(shown.rows.count == values.count)
        for row in shown.rows {
            guard case .integer(let id) = row[0] else { Issue.record("key \(row[0])"); continue }
            let want = Self.reference(values[Int(id)]!, edges, labels)
            #expect(row[1] == (want.map { .text($0) } ?? .null), "customer \(id): \(String(describing: values[Int(id)]!))")
        }
        // Grouped beside another column (ordered by the bucket's index): the same counts.
        guard case .table(let grouped)? = r.outputs.last else { Issue.record("no counts"); return }
        var want: [String: Int] = [:]
        // (A condition is two-valued: a missing amount is not above 0.)
        for v in values.values { want[(Self.reference(v, edges, labels) ?? "–") + "|" + ((v ?? 0) > 0 ? "true" : "false"), default: 0] += 1 }
        var got: [String: Int] = [:]
        for row in grouped.rows { got[(Cell.text(row[0], .string) ?? "–") + "|" + (row[1] == .integer(1) || row[1] == .text("true") ? "true" : "false")] = Int(row[2].double ?? -1) }
        #expect(got == want)
        // The groups come in the buckets' order.
        let order = grouped.rows.compactMap { Cell.text($0[0], .string) }.compactMap { labels.firstIndex(of: $0) }
        #expect(order == order.sorted())
        // The SQL holds the edges once (one bound JSON array), not a branch per edge.
        var sources = SourceMap()
        let session = try Session(engine: try SQLiteEngine(path: db))
        let (checked, _) = session.check(path: "b.seg", text: script, sources: &sources)
        let program = try #require(checked)
        for dialect in [Dialect.sqlite, .postgres, .spark] {
            let (compiled, errors) = Compiler.compile(program, dialect: dialect, asOf: "2026-11-01")
            #expect(errors.isEmpty)
            for c in compiled {
                #expect(c.bound.text.components(separatedBy: "WHEN").count < 10, "\(dialect.name)")
                #expect(c.bound.parameters.count < 10, "\(dialect.name): \(c.bound.parameters.count) values bound")
            }
        }
    }

    /// The search against the CASE form it replaces, on SQLite, for random values and edges:
    /// the same label for every value (integers, doubles, values on an edge, missing, text).
    @Test func theSearchGivesWhatTheCaseGives() throws {
        let (path, _, edges) = try Self.bank(seed: 7, rows: 1500, edgeCount: 70)
        let db = try SQLiteDatabase(path: path)
        try db.execute("INSERT INTO customers VALUES (90001, 'text'), (90002, \(Int64(edges[3]))), (90003, 9007199254740993)")
        let checkedEdges = edges.map { BucketEdge(value: $0, label: String($0)) }
        var ec = ExprCompiler(program: CheckedProgram(entity: Entity(name: "c", table: "customers", key: "customer_id", fields: [])), dialect: .sqlite, asOf: "2026-11-01")
        let search = ec.bucket(SQL("aum"), checkedEdges), index = ec.bucketIndex(SQL("aum"), checkedEdges)
        var caseForm = SQL("CASE WHEN aum IS NULL THEN NULL")
        let labels = ExprCompiler.bucketLabels(checkedEdges)
        for (i, e) in edges.enumerated() { caseForm += " WHEN aum < " + ec.bindings.bind(.real(e)) + " THEN " + ec.bindings.bind(.text(labels[i])) }
        caseForm += " ELSE " + ec.bindings.bind(.text(labels.last!)) + " END"
        let sql = "SELECT customer_id, " + search + ", " + caseForm + ", " + index + " FROM customers"
        let rows = try db.query(Dialect.sqlite.render(sql, ec.bindings.values), ec.bindings.values)
        #expect(rows.count == 1503)
        for row in rows {
            #expect(row[1] == row[2], "customer \(row[0])")
            if case .text(let l) = row[1] { #expect(row[3] == .integer(Int64(labels.firstIndex(of: l)!))) } else { #expect(row[3] == .null) }
        }
        #expect(Buckets.bucketIndex(.integer(9_007_199_254_740_993), edges: [9_007_199_254_740_992]) == 1)
        #expect(Buckets.bucketIndex(.integer(9_007_199_254_740_991), edges: [9_007_199_254_740_992]) == 0)
        #expect(Buckets.bucketIndex(.real(25), edges: [25, 35]) == 1)
    }

    /// 3,000 definitions one entry each: each is checked alone (the whole session was checked
    /// again for every entry), and what a script would say is still said.
    @Test func replEntriesAreCheckedAloneAgainstWhatCameBefore() throws {
        let session = try Session(engine: try SQLiteEngine(path: try Support.fixtureDatabase()))
        let c = Conversation(session: session)
        for i in 1...3000 {
            let r = c.evaluate("define d\(i) = aum + \(i)")
            if r.failure != nil { Issue.record("entry \(i): \(r.diagnostics.map(\.message))"); return }
        }
        #expect(c.fullChecks == 0 && c.entryChecks == 3000)
        #expect(c.program?.definitions.count == 3000)
        guard case .count(_, let known)? = c.evaluate("count aum is not missing").outputs.first else { Issue.record("no count"); return }
        #expect(c.evaluate("count d3000 > d2999").outputs == [.count(title: "d3000 > d2999", value: known)])
        // An error in a later entry, at its line and column; the session goes on unchanged.
        let bad = c.evaluate("define e1 = d1 + 1\ndefine e2 = d1 + nosuch")
        #expect(bad.failure == .inScript)
        let d = try #require(bad.diagnostics.first)
        #expect(d.message.contains("nosuch"))
        let file = try #require(bad.sources.file(d.span.file))
        let at = file.location(of: d.span.start)
        #expect(at.line == 2 && at.column == 18, "\(at)")
        #expect(c.program?.definitions.count == 3000)
        #expect(c.evaluate("count e1 > 0").failure == .inScript)
        // Redefining checks everything again, so what uses the name sees the new one.
        #expect(c.evaluate("define base = 1").failure == nil)
        #expect(c.evaluate("define above = base + 1").failure == nil)
        #expect(c.evaluate("define base = 10").failure == nil)
        guard case .count(_, let all)? = c.evaluate("count all").outputs.first else { Issue.record("no count"); return }
        #expect(c.evaluate("count above = 11").outputs == [.count(title: "above = 11", value: all)])
        #expect(c.script.suffix(2) == ["define above = base + 1", "define base = 10"])
        #expect(c.script.count == 3002)
        // A module's names, then a new name on its own again.
        let module = Support.tempDir().appendingPathComponent("m.seg")
        try "define twice = aum * 2\nsegment rich where twice > 1m\n".write(to: module, atomically: true, encoding: .utf8)
        #expect(c.evaluate("use \"\(module.path)\"").failure == nil)
        #expect(c.evaluate("count rich").failure == nil)
        let full = c.fullChecks
        let after = c.evaluate("define later = d5 + 1")
        #expect(after.failure == nil, "\(after.diagnostics.map(\.message))")
        #expect(c.fullChecks == full)
        #expect(c.program?.definitions.contains { $0.name == "later" } == true)
    }
}
