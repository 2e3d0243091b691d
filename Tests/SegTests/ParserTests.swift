import Testing
@testable import SegSyntax
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

@Suite struct ParserTests {
    func parse(_ text: String) -> (Program, [Diagnostic]) {
        let (p, d, _) = Support.parse(text)
        return (p, d)
    }

    /// Reads an expression back as a fully parenthesised string, to check precedence.
    func shape(_ e: Expr) -> String {
        switch e.kind {
        case .number(let v): return formatNumber(v)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return "\(b)"
        case .date(let d): return d
        case .duration(let v, let u): return "\(formatNumber(v))\(u.rawValue)"
        case .today: return "today"
        case .all: return "all"
        case .name(let n): return n
        case .member(let b, let f): return "\(shape(b)).\(f.text)"
        case .unary(let op, let x): return "(\(op.rawValue) \(shape(x)))"
        case .binary(let op, let l, let r): return "(\(shape(l)) \(op.rawValue) \(shape(r)))"
        case .between(let x, let lo, let hi, let n): return "(\(shape(x))\(n ? " not" : "") between \(shape(lo)) and \(shape(hi)))"
        case .inList(let x, let items, let n): return "(\(shape(x))\(n ? " not" : "") in [\(items.map(shape).joined(separator: ", "))])"
        case .isMissing(let x, let n): return "(\(shape(x)) is\(n ? " not" : "") missing)"
        case .stringMatch(let op, let l, let r): return "(\(shape(l)) \(op.rawValue) \(shape(r)))"
        case .conditional(let c, let a, let b): return "(if \(shape(c)) then \(shape(a)) else \(shape(b)))"
        case .call(let f, let args, let filter, let window):
            var s = "\(f.text)(\(args.map(shape).joined(separator: ", "))"
            if let filter { s += " where \(shape(filter))" }
            if let window {
                switch window.kind {
                case .within(let d): s += " within \(shape(d))"
                case .between(let a, let b): s += " between \(shape(a)) and \(shape(b))"
                case .before(let d): s += " before \(shape(d))"
                }
                if window.afterContact { s += " after contact" }
            }
            return s + ")"
        case .list(let items): return "[\(items.map(shape).joined(separator: ", "))]"
        case .savedList(let n, let v): return "(in list \(n.text)\(v.map { " version \($0)" } ?? ""))"
        }
    }

    func expression(_ text: String) -> String {
        let (p, d) = parse("count \(text)")
        guard d.isEmpty, case .action(let a)? = p.statements.first?.kind, let t = a.target else { return "error: \(d.map(\.message))" }
        return shape(t)
    }

    @Test(arguments: [
        ("a or b and c", "(a or (b and c))"),
        ("not a and b", "((not a) and b)"),
        ("not a = b", "(not (a = b))"),
        ("a + b * c > d - e / f", "((a + (b * c)) > (d - (e / f)))"),
        ("-a * b", "((- a) * b)"),
        ("-3 + x", "(-3 + x)"),
        ("aum >= 500k and age between 30 and 60", "((aum >= 500000) and (age between 30 and 60))"),
        ("x not in [1, 2] or y in []", "((x not in [1, 2]) or (y in []))"),
        ("x not between 1 and 2", "(x not between 1 and 2)"),
        ("x is not missing and y is missing", "((x is not missing) and (y is missing))"),
        ("name starts with \"A\" or name ends with 'z' or name contains \"q\"",
         "(((name starts with \"A\") or (name ends with \"z\")) or (name contains \"q\"))"),
        ("if a > 1 then 2 else 3 + 4", "(if (a > 1) then 2 else (3 + 4))"),
        ("count(app_logins within 30 days) >= 4", "(count(app_logins within 30days) >= 4)"),
        ("any(transactions where type = \"payroll\" within 60 days)", "any(transactions where (type = \"payroll\") within 60days)"),
        ("sum(holdings.balance_3m_ago)", "sum(holdings.balance_3m_ago)"),
        ("count(t between 2026-01-01 and 2026-03-31)", "count(t between 2026-01-01 and 2026-03-31)"),
        ("count(t where type = \"x\" between 2026-01-01 and 2026-02-01)", "count(t where (type = \"x\") between 2026-01-01 and 2026-02-01)"),
        ("count(t where amount between 1 and 5)", "count(t where (amount between 1 and 5))"),
        ("count(t where amount between 1 and 5 between 2026-01-01 and 2026-02-01)", "count(t where (amount between 1 and 5) between 2026-01-01 and 2026-02-01)"),
        ("any(t where amount >= 10k within 30 days after contact)", "any(t where (amount >= 10000) within 30days after contact)"),
        ("bucket(age, [25, 35, 45, 60]) = \"<25\"", "(bucket(age, [25, 35, 45, 60]) = \"<25\")"),
        ("today - 30d < open_date", "((today - 30days) < open_date)"),
        ("(a or b) and c", "((a or b) and c)"),
        ("all", "all"),
        ("a != b and a <> c", "((a != b) and (a != c))"),
        // Statement words stand as field names where a value belongs.
        ("campaign > 3 and segment = \"A\" and Version = 2", "(((campaign > 3) and (segment = \"A\")) and (Version = 2))"),
    ])
    func precedence(_ text: String, _ expected: String) {
        #expect(expression(text) == expected)
    }

    @Test func statements() {
        let (p, d) = parse("""
            version "2026.11.2"
            use stdlib.bank
            use "shared/tags.seg"
            param as_of: date = 2026-11-01
            param min_aum: number = 500k
            define age_band = bucket(age, [25, 35])
            segment vip where aum >= min_aum
            segment vip_old from vip where age > 60
            segment target = (vip or vip_old) and not dnd
            segment x where aum > 1 export to list
            count vip by age_band, city
            show vip with name, aum order by aum desc, name limit 20
            explain vip
            export vip to csv "out/vip.csv" with customer_id, aum
            export vip to jsonl "out/vip.jsonl"
            export vip to list q4_vip with customer_id
            export vip to table mkt_vip_20261101
            assert count vip between 1000 and 50k
            """)
        #expect(d.isEmpty, "\(d.map(\.message))")
        #expect(p.statements.count == 18)
        guard case .segment(let n, let from, _, nil) = p.statements[7].kind else { Issue.record("segment from"); return }
        #expect(n.text == "vip_old" && from?.text == "vip")
        guard case .segment(_, _, _, let trailing?) = p.statements[9].kind, case .export(.list(nil), _) = trailing.kind else {
            Issue.record("trailing export"); return
        }
        guard case .action(let show) = p.statements[11].kind, case .show(let cols, let order, let limit) = show.kind else {
            Issue.record("show"); return
        }
        #expect(cols.count == 2 && order.count == 2 && order[0].descending && !order[1].descending && limit == 20)
        guard case .action(let a) = p.statements[17].kind, case .assertCount(.between) = a.kind else { Issue.record("assert"); return }
    }

    @Test func trailingActionOrNextStatement() {
        // `count` followed by something that can start a condition begins a new statement.
        let (p, d) = parse("segment vip where aum > 1\ncount vip\nsegment b where aum > 2 count\nsegment c where aum > 3 show with aum")
        #expect(d.isEmpty)
        #expect(p.statements.count == 4)
        if case .segment(_, _, _, let a) = p.statements[0].kind { #expect(a == nil) }
        if case .segment(_, _, _, let a?) = p.statements[2].kind { #expect(a.kind == .count(by: [])) } else { Issue.record("b") }
        if case .segment(_, _, _, let a?) = p.statements[3].kind, case .show = a.kind {} else { Issue.record("c") }
    }

    @Test func recoversAndReportsEveryError() {
        let (p, d) = parse("""
            segment a where aum >
            segment b where aum > 1
            count (b
            show b with
            segment c where x = = 3
            count c
            """)
        #expect(d.count == 4, "\(d.map(\.message))")
        #expect(d.allSatisfy { $0.isError })
        // The good statements survive.
        #expect(p.statements.count == 2)
        #expect(p.brokenNames == ["a", "c"])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for depth in [1_000, 20_000] {
            let text = "count " + String(repeating: "(", count: depth) + "aum > 1" + String(repeating: ")", count: depth)
            let (_, d) = parse(text)
            #expect(d.map(\.code) == ["E0205"])
        }
        let nots = "count " + String(repeating: "not ", count: 20_000) + "a"
        #expect(parse(nots).1.map(\.code) == ["E0205"])
        let negs = "count " + String(repeating: "- ", count: 20_000) + "1 > 0"
        #expect(parse(negs).1.map(\.code) == ["E0205"])
        let lists = "count x in " + String(repeating: "[", count: 20_000)
        #expect(!parse(lists).1.isEmpty)
        // 150 levels is fine.
        let ok = "count " + String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150)
        #expect(parse(ok).1.isEmpty)
    }

    @Test func unfinishedInputIsRecognised() {
        for text in ["segment vip where", "count aum >", "show vip with", "segment x where a and (b"] {
            #expect(parse(text).1.map(\.code) == ["E0200"], "\(text)")
        }
    }

    @Test func modelsAndScorecardsParse() {
        let (p, d) = parse("""
            model churn = "m.json" format xgboost inputs (a = b + 1, c = d)
            scorecard credit base 600
              age: under 25 -> -10, 25 to 45 -> 15, else -> 5
              overdue: 0 -> 30, missing -> -5, else -> -40
            count all
            """)
        #expect(d.isEmpty)
        #expect(p.statements.count == 3)
        guard case .model(let m) = p.statements[0].kind, case .scorecard(let s) = p.statements[1].kind else { Issue.record("kinds"); return }
        #expect(m.path == "m.json" && m.format?.text == "xgboost" && m.inputs.map(\.feature.text) == ["a", "c"])
        #expect(s.lines.map(\.feature.text) == ["age", "overdue"])
        #expect(s.lines[0].bins.count == 3 && s.lines[1].bins[1].test == .missing)
        if case .number(let v) = s.lines[0].bins[0].points.kind { #expect(v == -10) } else { Issue.record("points") }
    }

    @Test func keywordAsNameIsExplained() {
        let (_, d) = parse("segment where where aum > 1")
        #expect(d.first?.code == "E0203")
    }

    @Test func spansCoverTheirText() {
        let (p, _, map) = Support.parse("count aum >= 500k and age between 30 and 60")
        guard case .action(let a) = p.statements[0].kind, let t = a.target else { Issue.record("parse"); return }
        #expect(map.files[0].slice(t.span) == "aum >= 500k and age between 30 and 60")
        if case .binary(_, let l, let r) = t.kind {
            #expect(map.files[0].slice(l.span) == "aum >= 500k")
            #expect(map.files[0].slice(r.span) == "age between 30 and 60")
        }
    }
}
