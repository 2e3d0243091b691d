import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Each statement kind, run: its rows from the engine (or memory), made into outputs. The
/// statements that write are in `Session+Effects.swift`, campaigns in `Session+Campaign.swift`.
extension Session {
    func execute(_ c: CompiledAction, program: CheckedProgram, scriptPath: String, staged: inout StagedFiles) throws -> [Output] {
        let a = c.action
        switch a.kind {
        case .count(let by, _, _) where by.isEmpty:
            return [.count(title: a.targetText, value: try count(c))]
        case .count:
            // DECISION (README, Personal data): `count … by` prints exact counts whatever the
            // role — an analyst's own arithmetic, reconciled with SQL and sized campaigns on —
            // while `profile`, the shareable report, suppresses small cells. Neither can group
            // by a personal value (E0516), so no count is a person's.
            return [.table(try table(c, title: "count \(a.targetText) by \(c.columns.dropLast().map(\.label).joined(separator: ", "))"))]
        case .show:
            return [.table(try table(c, title: "show \(a.targetText)"))]
        case .explain:
            return [try explain(c, program: program)]
        case .assertCount(let low, let high, let text):
            let n = try count(c)
            if let low, Double(n) < low { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), failure: .assertion) }
            if let high, Double(n) > high { throw StatementFailure(diagnostic: .assertFailed(text, count: n, low: low, high: high, a.span), failure: .assertion) }
            return []
        case .expectCount(let low, let high, let text):
            let n = try count(c)
            let passed = !(low.map { Double(n) < $0 } ?? false) && !(high.map { Double(n) > $0 } ?? false)
            return try expectation(ExpectationResult(text: text, passed: passed, detail: "count is \(Cell.grouped(n))", span: a.span),
                                   failure: .expectationFailed(text, "the count is \(n), expected \(Diagnostic.range(low, high))", a.span))
        case .expectMember(let key, let negated, _, let becauseText, let text):
            return try expectMember(c, key: key, negated: negated, because: becauseText, text: text, program: program)
        case .explainFor(let key, let nodes):
            return [try explainFor(c, key: key, nodes: nodes, program: program)]
        case .diff(let list, let version):
            return [try diff(c, list: list, version: version, program: program)]
        case .profile(let field, _, let baseText):
            return [.table(profile(try rows(c), field: field, title: "profile \(a.targetText) by \(field.label) vs \(baseText)"))]
        case .overlap(let segments):
            return [.table(overlap(try rows(c).first ?? [], segments: segments))]
        case .export(.csv(let path, let span, _), _), .export(.jsonl(let path, let span), _):
            let format: FileExport.Format = { if case .export(let d, _) = a.kind { return fileFormat(d) } else { return .jsonl } }()
            if let spec = a.snapshots {
                return [try streamSnapshots(c, spec, program: program, path: path, format: format, temp: staged.temp(for: path), span: span)]
            }
            return [try streamExport(c, path: path, format: format, temp: staged.temp(for: path), span: span)]
        case .export(.list(let name), _):
            return [try streamList(c, name: name?.text ?? a.targetName ?? a.targetText, program: program, scriptPath: scriptPath)]
        case .export(.table(let name), _):
            return [try streamTable(c, name: name, program: program)]
        case .sample(let n, let seed, _):
            return [.table(try table(c, title: "sample \(n) from \(a.targetText) seed \"\(seed)\""))]
        case .campaign:
            return []  // run with the others in `execute(_ programs:)`
        case .explainCampaign(let campaign, let key):
            return [try explainCampaign(campaign, key: key, c, program: program)]
        case .evaluateCampaign(let name, let listName, let question):
            return try evaluateCampaign(name, listName: listName, question: question, c, program: program)
        case .planCampaign(let campaign, let question, let terms):
            return try planCampaign(campaign, question: question, terms: terms, c, program: program)
        case .evaluateModel(_, _, let base, let title):
            return evaluateModel(try rows(c), title: title, hasBase: base != nil)
        case .buildTags(let modules):
            try stageTagBuild(modules, program: program, scriptPath: scriptPath, span: a.span)
            return []
        }
    }

    /// `explain`: the query, the engine's plan for it, and what the run reads instead of computing.
    func explain(_ c: CompiledAction, program: CheckedProgram) throws -> Output {
        let a = c.action
        let plan: [String]
        do { plan = try engine.queryPlan(c.bound) } catch {
            throw StatementFailure(diagnostic: .engine(error, at: a.span), failure: .engine)
        }
        // The bound every dated relation is read to (LANGUAGE.md §4), named with the date.
        let dated = ReferenceDate.datedRelations(a, in: program)
        let asOf = ReferenceDate.isUsed(by: a, in: program)
            ? asOfDescription(program) + (dated.isEmpty ? "" : "; \(dated.joined(separator: ", ")) read up to it") : nil
        return .explain(title: a.targetText, sql: c.inlineText, plan: plan, parameters: c.parameters.count, strategy: c.planNote,
                         engine: engine.dialect.name.displayName, asOf: asOf)
    }

    /// `expect customer K in S [because C]`.
    func expectMember(_ c: CompiledAction, key: Literal, negated: Bool, because becauseText: String?, text: String,
                      program: CheckedProgram) throws -> [Output] {
        let a = c.action
        let entity = program.entity
        let who = "\(entity.name) \(key)"
        guard let row = try rows(c).first else {
            let detail = "\(who) is not in table \(entity.table)"
            return try expectation(ExpectationResult(text: text, passed: false, detail: detail, span: a.span),
                                   failure: .expectationFailed(text, detail, a.span))
        }
        let inTarget = row[0] == .integer(1), because = row[1] == .integer(1)
        var detail = "\(who) is \(inTarget ? "in" : "not in") \(a.targetText)"
        var passed = inTarget != negated
        if let becauseText {
            detail += ", and `\(becauseText)` is \(because ? "true" : "false") for \(who)"
            // In S because C: C holds; not in S because C: C does not.
            passed = passed && because != negated
        }
        return try expectation(ExpectationResult(text: text, passed: passed, detail: detail, span: a.span),
                               failure: .expectationFailed(text, detail, a.span))
    }

    /// `explain S for customer K`: each condition with its result and the value it tested.
    func explainFor(_ c: CompiledAction, key: Literal, nodes: [ExplainNode], program: CheckedProgram) throws -> Output {
        let a = c.action
        guard let row = try rows(c).first else {
        return .message("\(program.entity.name) \(key) is not in table \(program.entity.table)")
        }
        // Each condition with its result: yes/no for conditions, the value for the rest.
        var lines: [[Value]] = []
        for (i, node) in nodes.enumerated() {
            let v = masking.present(row[i], as: node.expr)
            let result = node.expr.type == .bool ? (Cell.text(v, .bool) == "true" ? "yes" : "no") : (Cell.text(v, node.expr.type) ?? "missing")
            var value = ""
            if let t = node.tested {
                value = Cell.text(masking.present(row[nodes.count + i], as: t), t.type) ?? "missing"
                // The ledger names the field a condition's value came from, not the condition.
                if let source = program.personalSource(t), !effects.personalOut.contains(source) { effects.personalOut.append(source) }
            }
            if let source = program.personalSource(node.expr), !effects.personalOut.contains(node.label) {
                effects.personalOut.append(node.label == source ? source : node.label)
            }
            lines.append([.text(String(repeating: "  ", count: node.depth) + node.label), .text(result), .text(value)])
        }
        return .table(ResultTable(title: "explain \(a.targetText) for \(program.entity.name) \(key)",
                                   columns: ["condition", "result", "value"], types: [.string, .string, .string], rows: lines))
    }

    /// `diff S against list L [version N]`: who entered, left and stayed.
    func diff(_ c: CompiledAction, list: String, version: Int?, program: CheckedProgram) throws -> Output {
        let a = c.action
        let store = listStore
        let saved: (version: Int64, keys: [Value])?
        do { saved = try store.members(of: list, version: version) } catch {
            throw StatementFailure(diagnostic: .engine(error, at: a.span), failure: .engine)
        }
        guard let saved else {
            let known = (try? store.summary().compactMap { r -> String? in if case .text(let n) = r[0] { return n } else { return nil } }) ?? []
            throw StatementFailure(diagnostic: .noSuchList(list, version: version, known: Array(Set(known)), a.span), failure: .engine)
        }
        let now = Set(try rows(c).map { $0[0] }), before = Set(saved.keys)
        func sample(_ s: Set<Value>) -> Value {
            let ordered = s.sorted { x, y in
                if let a = x.double, let b = y.double { return a < b }
                return (Cell.text(x, .string) ?? "") < (Cell.text(y, .string) ?? "")
            }
            let key = program.entity.keyColumn
            return .text(ordered.prefix(5).compactMap { Cell.text(masking.present($0, as: key.expr), .string) }.joined(separator: ", "))
        }
        let entered = now.subtracting(before), left = before.subtracting(now), stayed = now.intersection(before)
        return .table(ResultTable(title: "diff \(a.targetText) against list \(list) version \(saved.version)",
                                   columns: ["", "count", "sample"], types: [.string, .number, .string],
                                   rows: [[.text("entered"), .integer(Int64(entered.count)), sample(entered)],
                                          [.text("left"), .integer(Int64(left.count)), sample(left)],
                                          [.text("stayed"), .integer(Int64(stayed.count)), sample(stayed)]]))
    }
}
