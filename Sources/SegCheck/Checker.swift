import Foundation
import SegSyntax

/// Resolves names and checks types (LANGUAGE.md §2–4), turning a parsed `Program`
/// into a `CheckedProgram`. A checker keeps its definitions between calls, so the
/// REPL checks one entry at a time against everything defined before.
public struct Checker {
    public internal(set) var program: CheckedProgram
    public private(set) var diagnostics: [Diagnostic] = []
    /// Grows between a REPL's entries (`checkEntry`): each entry adds its text.
    var sources: SourceMap
    /// `--param name=value` texts, parsed with the parameter's type when it is declared.
    let paramOverrides: [String: String]
    /// The REPL lets an entry define a name again; a script may not.
    public var allowRedefinition = false
    /// Model files to read as a replayed run read them (path → text).
    var storedTexts: [String: String] = [:]
    /// The reference date used when the script has no `param as_of`.
    public var defaultAsOf: String

    /// Current definition id for each name.
    var names: [String: Int] = [:]
    /// Definitions of the entry being checked, not yet resolved.
    var pending: [String: (name: Name, body: Expr, kind: Definition.Kind, doc: String?)] = [:]
    /// The order definitions were written in: resolving in it keeps the depth-first walk shallow.
    var pendingOrder: [String] = []
    /// Deeper chains of definitions are an error, never a stack overflow.
    static let maxDefinitionDepth = 1000
    var visiting: [String] = []
    /// The relation whose rows names refer to first, inside an aggregate.
    var relationScope: Relation?
    /// The saved list a statement acts on (`count in list L by group`): its `group` and
    /// `rank` may be named in the statement's columns.
    var listScope: (name: String, version: Int?)?
    var failed: Set<String> = []
    /// A `use` of this program could not be read (see `Program.missingModule`).
    var missingModule = false
    /// Saved lists in the store, and lists this program writes: what `in list L` may name.
    public var knownLists: Set<String> = []
    /// Checking against a schema alone: any list name may exist (`Catalog.listsUnknown`).
    var listsUnknown = false
    /// Inside `evaluate campaign … response =`, where `after contact` windows have an anchor.
    var inCampaignEvaluation = false
    /// Inside `by decile(…)`: the score is read as of the contact date, with no contact window.
    var inDecileScore = false
    /// Campaigns this script runs (not those of used files): a plan of one warns (W0709).
    var runningCampaigns = Set<String>()
    /// `model` and `scorecard` statements of this entry, checked when first used.
    var pendingModels: [String: Statement] = [:]
    var resolvingModels: Set<String> = []
    /// Segments made by `split`: their bucket range [low, high) and seed.
    var splitRanges: [String: (low: Int, high: Int, seed: String)] = [:]

    public init(entity: Entity, sources: SourceMap, params: [String: String] = [:], asOf: String) {
        self.program = CheckedProgram(entity: entity)
        self.sources = sources
        self.paramOverrides = params
        self.defaultAsOf = asOf
    }

    /// Checks a whole script against a catalog.
    public static func check(_ parsed: Program, catalog: Catalog, sources: SourceMap,
                             params: [String: String] = [:], asOf: String, storedTexts: [String: String] = [:]) -> (CheckedProgram?, [Diagnostic]) {
        let (program, diagnostics) = checkAll(parsed, catalog: catalog, sources: sources, params: params, asOf: asOf, storedTexts: storedTexts)
        return (diagnostics.hasErrors ? nil : program, diagnostics)
    }

    /// Checks, and returns what checked even when something did not: the names, types and
    /// definitions an editor shows while the text is still being written (`seg lsp`).
    public static func checkAll(_ parsed: Program, catalog: Catalog, sources: SourceMap,
                                params: [String: String] = [:], asOf: String, storedTexts: [String: String] = [:]) -> (CheckedProgram?, [Diagnostic]) {
        let (chosen, entityErrors) = chooseEntity(parsed, catalog: catalog)
        guard let entity = chosen else { return (nil, entityErrors) }
        var checker = Checker(entity: entity, sources: sources, params: params, asOf: asOf)
        checker.storedTexts = storedTexts
        checker.knownLists = catalog.savedLists
        checker.listsUnknown = catalog.listsUnknown
        let actions = checker.check(parsed)
        var program = checker.program
        program.actions = actions
        return (program, checker.diagnostics)
    }

    mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    /// Checks one program (a script, or one REPL entry) and returns its actions in order.
    /// Its definitions and parameters join `program`.
    public mutating func check(_ parsed: Program) -> [CheckedAction] {
        diagnostics = []
        pending = [:]
        failed.formUnion(parsed.brokenNames)
        missingModule = parsed.missingModule
        var order: [Statement] = []
        // Pass 1: parameters and the names of definitions, so definitions may refer to
        // each other in any order and a cycle can be found and named.
        for s in parsed.statements {
            switch s.kind {
            case .version(let v): program.version = v
            case .entity, .use(.entity): break  // chosen before checking
            case .use: break  // resolved before checking (ModuleLoader)
            case .param(let n, let type, let typeSpan, let value): declareParam(n, type, typeSpan, value)
            case .define(let n, let body): declare(n, body, .define, s.doc)
            case .segment(let n, let from, let condition, let trailing):
                // `segment S where … export to list`: a list named after the segment.
                if case .export(.list(nil), _)? = trailing?.kind { knownLists.insert(n.text) }
                var body = condition
                if let f = from {
                    body = Expr(.binary(.and, Expr(.name(f.text), f.span), condition), f.span.to(condition.span))
                }
                declare(n, body, .segment, s.doc)
            case .action(let a):
                if case .export(.list(let n?), _) = a.kind { knownLists.insert(n.text) }
                // `export S to list`: named after the segment S.
                if case .export(.list(nil), _) = a.kind, case .name(let s)? = a.target?.kind { knownLists.insert(s) }
            case .campaign(let c):
                knownLists.insert(c.name.text)
                for item in c.items { if case .export(.list(let n?), _) = item.clause { knownLists.insert(n.text) } }
            case .split(let source, let parts, let seed): declareSplit(source, parts, seed, s.doc)
            case .evaluateCampaign, .planCampaign, .evaluateModel: break
            case .model(let m): declareModel(m.name, s)
            case .scorecard(let c): declareModel(c.name, s)
            }
            order.append(s)
        }
        for name in pendingOrder where pending[name] != nil { _ = resolve(name) }
        pendingOrder = []
        for name in pendingModels.keys.sorted() where pendingModels[name] != nil { _ = resolveModel(name) }
        // Pass 2: actions, in order.
        var actions: [CheckedAction] = []
        for s in order {
            switch s.kind {
            case .action(let a):
                actions += expandedAction(a, trailing: nil)
            case .segment(let n, _, _, let a?):
                if let id = names[n.text], !failed.contains(n.text) {
                    let def = program.definitions[id]
                    let target = TypedExpr(.definition(id), def.body.type, nullable: def.body.nullable, n.span, personal: def.body.personal, asStored: def.body.asStored)
                    actions += expandedAction(a, trailing: (target, n.text))
                }
            case .campaign(let c):
                if let checked = campaign(c) {
                    program.campaigns[checked.name] = checked
                    // A used file's campaign is declared; only the script's own campaigns run.
                    if s.fromUsedFile { continue }
                    runningCampaigns.insert(checked.name)
                    actions.append(CheckedAction(kind: .campaign(checked), target: checked.target, targetName: checked.name,
                                                 targetText: checked.targetText, span: s.span))
                }
            case .evaluateCampaign(let n, let question):
                if let a = evaluateCampaign(n, question, span: s.span) { actions.append(a) }
            case .planCampaign(let n, let question, let uplift, let power, let significance):
                if let a = planCampaign(n, question, uplift: uplift, power: power, significance: significance, span: s.span) { actions.append(a) }
            case .evaluateModel(let m, let on, let label, let vs):
                if let a = evaluateModel(m, on: on, label: label, vs: vs, span: s.span) { actions.append(a) }
            default: break
            }
        }
        return actions
    }

    mutating func declare(_ n: Name, _ body: Expr, _ kind: Definition.Kind, _ doc: String?) {
        if let previous = pending[n.text] {
            // A script may replace what a used module defines (the module comes first).
            if previous.name.span.file != n.span.file, let module = sources.file(previous.name.span.file) {
                report(.overridesModule(n.text, n.span, module: URL(fileURLWithPath: module.path).lastPathComponent))
                pending[n.text] = nil
                pendingOrder.removeAll { $0 == n.text }
            } else {
                report(.duplicateDefinition(n.text, n.span, previous: previous.name.span, in: sources))
                return
            }
        }
        if !allowRedefinition, let id = names[n.text] {
            report(.duplicateDefinition(n.text, n.span, previous: program.definitions[id].span, in: sources))
            return
        }
        if program.parameters[n.text] != nil {
            report(.nameTaken(n.text, by: "parameter", n.span))
            return
        }
        if program.entity.field(n.text) != nil, kind == .segment {
            report(.nameTaken(n.text, by: "field", n.span))
            return
        }
        failed.remove(n.text)
        pending[n.text] = (n, body, kind, doc)
        pendingOrder.append(n.text)
    }

    /// Resolves a definition of this entry (depth first), reporting a cycle with its whole path.
    mutating func resolve(_ name: String) -> Int? {
        guard let p = pending[name] else { return failed.contains(name) ? nil : names[name] }
        if let at = visiting.firstIndex(of: name) {
            let cycle = Array(visiting[at...]) + [name]
            let first = pending[cycle[0]]!.name
            let notes = cycle.dropFirst().dropLast().map { n -> String in
                let span = pending[n]!.name.span
                let line = sources.file(span.file)?.location(of: span.start).line ?? 0
                return "`\(n)` is defined on line \(line)"
            }
            report(.definitionCycle(cycle, first.span, notes: notes))
            for n in cycle { failed.insert(n) }
            return nil
        }
        if visiting.count >= Checker.maxDefinitionDepth {
            report(.definitionsTooDeep(p.name.span, limit: Checker.maxDefinitionDepth))
            for n in visiting { failed.insert(n) }
            failed.insert(name)
            pending[name] = nil
            return nil
        }
        visiting.append(name)
        // A definition's meaning is its own: `group` names a list's column only in a body
        // written on that list (`segment held = in list q4 and group = "holdout"`).
        let outerList = listScope
        listScope = Self.listWritten(p.body, knownLists: knownLists)
        var body = expr(p.body)
        listScope = outerList
        visiting.removeLast()
        if let range = splitRanges[name], let source = body {
            // A part of a split: the source segment and its share of the buckets.
            let bucket = TypedExpr(.bucketOf(seed: range.seed), .number, nullable: false, p.name.span)
            let inRange = TypedExpr(.between(bucket, .constant(.number(Double(range.low)), p.name.span),
                                             .constant(.number(Double(range.high - 1)), p.name.span), negated: false),
                                    .bool, nullable: false, p.name.span)
            body = source.type == .bool ? TypedExpr(.binary(.and, source, inRange), .bool, nullable: false, source.span) : source
        }
        guard pending[name] != nil else { return nil }  // removed while resolving a cycle
        pending[name] = nil
        guard !failed.contains(name), let body else {
            failed.insert(name)
            return nil
        }
        if p.kind == .segment, body.type != .bool {
            report(.segmentNotCondition(name, body))
            failed.insert(name)
            return nil
        }
        let id = program.definitions.count
        program.definitions.append(Definition(id: id, name: name, kind: p.kind, body: body, span: p.name.span, doc: p.doc))
        names[name] = id
        return id
    }

    mutating func declareParam(_ n: Name, _ typeName: TypeName?, _ typeSpan: Span?, _ value: Expr?) {
        if !allowRedefinition, program.parameters[n.text] != nil || names[n.text] != nil {
            report(.nameTaken(n.text, by: program.parameters[n.text] != nil ? "parameter" : "definition", n.span))
            return
        }
        var defaultValue: Literal?
        if let value {
            guard let l = constant(value) else {
                report(.paramDefaultNotConstant(n.text, value.span))
                return
            }
            defaultValue = l
        }
        let type = typeName.map(SegType.init) ?? defaultValue!.type
        // `as_of` is the run's date (every window and every read stops there): a date or nothing.
        if n.text == "as_of", type != .date {
            report(.asOfNotADate(type, typeSpan ?? n.span))
            return
        }
        if let d = defaultValue, d.type != type {
            report(.paramDefaultType(n.text, type, d, value!.span))
            return
        }
        var chosen = defaultValue
        if let text = paramOverrides[n.text] {
            if let l = Checker.parseLiteral(text, as: type) { chosen = l } else { report(.badParamValue(n.text, text, type)) }
        } else if chosen == nil {
            report(.paramWithoutValue(n.text, type, n.span))
        }
        // Declared even when its value is wrong (the error above stops the run), so the
        // statements that use it are checked without a second, misleading "unknown name".
        program.parameters[n.text] = Parameter(name: n.text, type: type, value: chosen ?? Checker.placeholder(type), span: n.span)
    }

    /// A value of a type, standing for a parameter's that could not be read.
    static func placeholder(_ type: SegType) -> Literal {
        switch type {
        case .number: return .number(0)
        case .date: return .date("1970-01-01")
        case .duration: return .duration(0, .days)
        case .bool: return .bool(false)
        default: return .string("")
        }
    }

    /// A literal written in source: `500k`, `-3`, `"x"`, `2026-11-01`, `30 days`, `true`.
    func constant(_ e: Expr) -> Literal? {
        switch e.kind {
        case .number(let v): return .number(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .date(let d): return .date(d)
        case .duration(let v, let u): return .duration(v, u)
        case .unary(.negate, let inner):
            if case .number(let v)? = constant(inner).map({ $0 }) { return .number(-v) }
            return nil
        default: return nil
        }
    }

    /// Parses a `--param` value as a literal of the given type; a string may be given without quotes.
    public static func parseLiteral(_ text: String, as type: SegType) -> Literal? {
        var map = SourceMap()
        let file = map.add(path: "--param", text: text)
        let (tokens, errors) = Lexer.tokenize(file)
        if type == .string {
            if tokens.count == 2, case .string(let s) = tokens[0].kind { return .string(s) }
            return .string(text)
        }
        guard errors.isEmpty else { return nil }
        var parser = Parser(tokens: tokens)
        guard let e = try? parser.expression(), parser.isAtEnd else { return nil }
        let checker = Checker(entity: Entity(name: "", table: "", key: "", fields: []), sources: map, asOf: "2000-01-01")
        guard let l = checker.constant(e), l.type == type else { return nil }
        return l
    }
}
