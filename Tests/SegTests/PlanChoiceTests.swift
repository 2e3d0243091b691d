import Foundation
import Testing
import SegCheck
import SegCompile
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// How `seg run` chooses between per-customer lookups and grouped passes (AggregatePlan.swift):
/// per relation and window, from the share of customers passing the cheap conditions times the
/// aggregates a pass would share. The members never depend on it (ScriptTests runs every script
/// under every plan); these tests pin the choice itself and what `explain` says about it.
@Suite struct PlanChoiceTests {
    func explain(_ statement: String, dialect: String? = nil) throws -> String {
        let dir = Support.tempDir()
        let script = dir.appendingPathComponent("plan.seg")
        try "segment s where \(statement)\nexplain s\n".write(to: script, atomically: true, encoding: .utf8)
        let db = try Support.fixtureDatabase()
        let run = try Support.seg(["run", script.path, "--db", db, "--as-of", "2026-11-01"], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test func aSharedWindowIsGroupedAndALoneAggregateLookedUp() throws {
        let out = try explain("""
            count(transactions within 30 days) >= 2 and sum(transactions.amount within 30 days) > 10k
              and not any(transactions where type = "payroll" within 90 days)
            """)
        #expect(out.contains("one grouped pass for transactions within 30 days (2 aggregates): 100.0% of customers pass"), "\(out)")
        #expect(out.contains("per-customer lookups for the other 1"), "\(out)")
        #expect(out.contains("LEFT JOIN (SELECT"), "\(out)")
        #expect(out.contains("NOT EXISTS (SELECT 1 FROM \"transactions\""), "\(out)")
    }

    @Test func loneAggregatesAreAlwaysLookedUp() throws {
        let out = try explain("count(transactions within 30 days) >= 2 and sum(transactions.amount within 90 days) > 10k")
        #expect(out.contains("each relation and window has one aggregate"), "\(out)")
        #expect(!out.contains("LEFT JOIN"), "\(out)")
    }

    /// 12 fixture customers; `aum > 500k` passes 4 (customers 2, 3, 7, 12): 33% × 2 aggregates
    /// is under SQLite's break-even of 1.3, 33% × 4 is over it.
    @Test func theShareOfCustomersPassingDecides() throws {
        let two = try explain("aum > 500k and count(transactions within 30 days) >= 2 and sum(transactions.amount within 30 days) > 10k")
        #expect(two.contains("33.3% of customers pass the cheap conditions, too few for a grouped pass to pay"), "\(two)")
        #expect(!two.contains("LEFT JOIN"), "\(two)")
        let four = try explain("""
            aum > 500k and count(transactions within 30 days) >= 2 and sum(transactions.amount within 30 days) > 10k
              and max(transactions.amount within 30 days) > 1k and min(transactions.amount within 30 days) > 0
            """)
        #expect(four.contains("one grouped pass for transactions within 30 days (4 aggregates): 33.3% of customers pass"), "\(four)")
    }

    @Test func theRuleOfEachEngine() {
        #expect(Dialect.sqlite.aggregatePlan == .sharedPassesFrom(breakEven: 1.3))
        #expect(Dialect.postgres.aggregatePlan == .sharedPassesFrom(breakEven: 1.0))
        #expect(Dialect.spark.aggregatePlan == .alwaysGrouped)
    }
}
