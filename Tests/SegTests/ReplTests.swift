import Foundation
import Testing
import SegRun

/// `seg repl`: a session that lives across entries; piped input prints results only.
@Suite struct ReplTests {
    @Test func completenessComesFromTheParser() {
        #expect(Conversation.completeness("count vip") == .complete)
        #expect(Conversation.completeness("segment vip where") == .incomplete)
        #expect(Conversation.completeness("segment vip where aum >= 500k and") == .incomplete)
        #expect(Conversation.completeness("count (aum > 1") == .incomplete)
        #expect(Conversation.completeness("count name = \"abc") == .incomplete)
        #expect(Conversation.completeness("count /* still open") == .incomplete)
        #expect(Conversation.completeness("segment vip where;") == .complete)
        #expect(Conversation.completeness("count aum >> 1") == .complete)  // an error, not an unfinished entry
        #expect(Conversation.completeness("   -- just a comment") == .empty)
    }

    @Test func definitionsPersistAndMayBeRedefined() throws {
        let session = try Session(engine: try SQLiteEngine(path: try Support.fixtureDatabase()))
        let c = Conversation(session: session)
        #expect(c.evaluate("segment vip where aum >= 500k").exitCode == 0)
        #expect(c.evaluate("count vip").outputs == [.count(title: "vip", value: 5)])
        #expect(c.evaluate("segment vip_young from vip where age < 40").exitCode == 0)
        // Redefining vip: later uses see the new one.
        #expect(c.evaluate("segment vip where aum >= 1m").exitCode == 0)
        #expect(c.evaluate("count vip").outputs == [.count(title: "vip", value: 2)])
        // An error is reported for its entry and the session goes on.
        let bad = c.evaluate("count vipp")
        #expect(bad.exitCode == 1)
        #expect(bad.diagnostics.first?.suggestion == "did you mean `vip`?")
        #expect(c.evaluate("count vip_young").outputs == [.count(title: "vip_young", value: 0)])
        #expect(c.script == ["segment vip_young from vip where age < 40", "segment vip where aum >= 1m"])
    }

    @Test func pipedInput() throws {
        let input = """
            segment vip where aum >= 500k
            count vip
            segment big where
              aum >= 1m
            count big

            count nosuch > 1
            .fields ag
            count vip and big
            """
        let r = try Support.seg(["repl", "--db", try Support.fixtureDatabase()], stdin: input)
        #expect(r.status == 1)
        #expect(r.stdout == "count vip: 5\ncount big: 2\nage  number\nvip_flag  bool\ncount vip and big: 2\n")
        #expect(r.stderr.contains("unknown name `nosuch`"))
        let ok = try Support.seg(["repl", "--db", try Support.fixtureDatabase(), "--format", "json"], stdin: "count all\n")
        #expect(ok.status == 0)
        #expect(ok.stdout == "{\"segment\":\"all\",\"count\":12}\n")
    }
}
