import Foundation
import SegSyntax
import SegModels

extension Checker {
    func modelNames(_ n: String) -> Bool { program.modelNames[n] != nil || pendingModels[n] != nil }

    mutating func declareModel(_ n: Name, _ s: Statement) {
        if (program.modelNames[n.text] != nil && !allowRedefinition) || pendingModels[n.text] != nil {
            report(.nameTaken(n.text, by: "model", n.span))
            return
        }
        if pending[n.text] != nil || (names[n.text] != nil && !allowRedefinition) {
            report(.nameTaken(n.text, by: "definition", n.span))
            return
        }
        if program.parameters[n.text] != nil {
            report(.nameTaken(n.text, by: "parameter", n.span))
            return
        }
        // A model may take a column's name (`scorecard credit_score` over a `credit_score`
        // column): the script's name wins, and says so.
        if program.entity.field(n.text) != nil { report(.modelHidesField(n.text, n.span)) }
        pendingModels[n.text] = s
    }

    /// Loads a model (or builds a scorecard) and binds its features; nil after reporting why.
    mutating func resolveModel(_ name: String) -> Int? {
        guard let s = pendingModels[name] else { return program.modelNames[name] }
        guard resolvingModels.insert(name).inserted else {
            report(.definitionCycle([name, name], s.span, notes: ["a model's inputs cannot use the model itself"]))
            pendingModels[name] = nil
            return nil
        }
        defer { resolvingModels.remove(name); pendingModels[name] = nil }
        let model: Model
        var inputs: [TypedExpr] = []
        let nameSpan: Span
        switch s.kind {
        case .model(let decl):
            nameSpan = decl.name.span
            let path = modelPath(decl.path, from: decl.pathSpan)
            var format: Model.Format?
            if let f = decl.format {
                guard let chosen = Model.Format(rawValue: f.text.lowercased()), chosen != .scorecard else {
                    report(.unknownModelFormat(f.text, f.span))
                    return nil
                }
                format = chosen
            }
            do { model = try ModelLoader.load(path: path, format: format, kept: storedTexts[path]) } catch {
                report(.modelFile(decl.path, error.problem, decl.pathSpan))
                return nil
            }
            for input in decl.inputs where !model.features.contains(input.feature.text) {
                report(.notAFeature(input.feature.text, model: name, features: model.features, input.feature.span))
                return nil
            }
            for f in model.features {
                if let given = decl.inputs.first(where: { $0.feature.text == f }) {
                    guard let t = expr(given.value) else { return nil }
                    guard let v = featureValue(t, f) else { return nil }
                    inputs.append(v)
                } else if let t = boundFeature(f, model: name, span: decl.name.span) {
                    inputs.append(t)
                } else {
                    return nil
                }
            }
        case .scorecard(let card):
            nameSpan = card.name.span
            guard case .number(let base)? = constant(card.base) else { report(.scorecardNumber(card.base.span)); return nil }
            var features: [String] = []
            var lines: [ScorecardModel.Line] = []
            for line in card.lines {
                let f = line.feature.text
                if !features.contains(f) {
                    guard let t = boundFeature(f, model: name, span: line.feature.span) else { return nil }
                    features.append(f)
                    inputs.append(t)
                }
                var bins: [ScorecardModel.Bin] = []
                for b in line.bins {
                    func num(_ e: Expr) -> Double? {
                        if case .number(let v)? = constant(e) { return v }
                        report(.scorecardNumber(e.span))
                        return nil
                    }
                    guard let points = num(b.points) else { return nil }
                    let test: ScorecardModel.Test
                    switch b.test {
                    case .under(let a): guard let x = num(a) else { return nil }; test = .under(x)
                    case .range(let a, let c): guard let x = num(a), let y = num(c) else { return nil }; test = .range(x, y)
                    case .value(let a): guard let x = num(a) else { return nil }; test = .value(x)
                    case .missing: test = .missing
                    case .otherwise: test = .otherwise
                    }
                    bins.append(.init(test: test, points: points))
                }
                lines.append(.init(feature: features.firstIndex(of: f)!, bins: bins))
            }
            let file = sources.file(card.name.span.file)?.path ?? "<script>"
            model = Model(features: features, shape: .scorecard(ScorecardModel(base: base, lines: lines)), format: .scorecard, link: .identity, path: file)
        default:
            return nil
        }
        let id = program.models.count
        // The same on every machine (golden SQL), different for different models of one run;
        // the same however the statement is laid out (`seg fmt` never changes the SQL).
        let written = text(s.span).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let token = fingerprint("\(name)|\(model.digest)|\(written)".utf8)
        program.models.append(CheckedModel(id: id, name: name, model: model, inputs: inputs, token: token, span: nameSpan, doc: s.doc))
        program.modelNames[name] = id
        return id
    }

    /// A model file is read relative to the script's folder (LANGUAGE.md §1).
    func modelPath(_ path: String, from span: Span) -> String {
        if path.hasPrefix("/") { return path }
        let script = sources.file(span.file)?.path ?? ""
        let base = script.hasPrefix("<") || script.isEmpty
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            : URL(fileURLWithPath: script).deletingLastPathComponent()
        return base.appendingPathComponent(path).standardizedFileURL.path
    }

    /// A feature bound by its name to a field, define or parameter of the entity.
    mutating func boundFeature(_ f: String, model: String, span: Span) -> TypedExpr? {
        let known = names[f] != nil || pending[f] != nil || program.entity.field(f) != nil || program.parameters[f] != nil
        guard known, let t = entityName(f, span) else {
            if !known {
                let candidates = program.entity.fields.map(\.name) + Array(names.keys) + Array(pending.keys)
                report(.missingFeature(f, model: model, close: Suggest.closest(to: f, in: candidates), span))
            }
            return nil
        }
        return featureValue(t, f)
    }

    /// Models read numbers; a condition counts as 1 or 0.
    mutating func featureValue(_ t: TypedExpr, _ f: String) -> TypedExpr? {
        switch t.type {
        case .number: return t
        case .bool:
            return TypedExpr(.conditional(t, .constant(.number(1), t.span), .constant(.number(0), t.span)), .number, nullable: false, t.span)
        default:
            report(.featureType(f, t))
            return nil
        }
    }

    /// `reasons(model [, k])`
    mutating func reasons(_ args: [Expr], _ span: Span) -> TypedExpr? {
        guard (1...2).contains(args.count) else { report(.argumentCount("reasons", 1...2, args.count, span)); return nil }
        guard case .name(let n) = args[0].kind, modelNames(n) else { report(.reasonsNeedsModel(args[0].span)); return nil }
        guard let id = program.modelNames[n] ?? resolveModel(n) else { return nil }
        var k = 3
        if args.count == 2 {
            guard case .number(let v)? = constant(args[1]), v >= 1, v == v.rounded(), v <= 100 else { report(.reasonsCount(args[1].span)); return nil }
            k = Int(v)
        }
        return TypedExpr(.reasons(id, k), .string, nullable: false, span)
    }

    /// `evaluate MODEL on S against LABEL [vs S2]`
    mutating func evaluateModel(_ m: Name, on: Expr, label: Expr, vs: Expr?, span: Span) -> CheckedAction? {
        guard modelNames(m.text), let id = program.modelNames[m.text] ?? resolveModel(m.text) else {
            if !modelNames(m.text) { report(.unknownModel(m.text, m.span, known: Array(program.modelNames.keys))) }
            return nil
        }
        guard let target = expr(on), let positive = expr(label) else { return nil }
        for (t, what) in [(target, "after `on`"), (positive, "after `against` (the positive class)")] where t.type != .bool {
            report(.expectedCondition(t, context: what))
            return nil
        }
        var base: TypedExpr?
        if let vs {
            guard let b = expr(vs) else { return nil }
            guard b.type == .bool else { report(.expectedCondition(b, context: "after `vs`")); return nil }
            base = b
        }
        var title = "evaluate \(m.text) on \(text(on.span)) against \(text(label.span))"
        if let vs { title += " vs \(text(vs.span))" }
        return CheckedAction(kind: .evaluateModel(id, label: positive, base: base, text: title), target: target, targetName: nil,
                             targetText: text(on.span), span: span)
    }
}
