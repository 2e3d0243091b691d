import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// PMML (Data Mining Group, PMML 4.x), as far as Seg reads it:
///
/// - `RegressionModel`: the first `RegressionTable` — `intercept` plus each
///   `NumericPredictor`'s `coefficient` × field (exponent 1). With `normalizationMethod="logit"`
///   (or `softmax` over two tables) the score is the probability of that table's
///   `targetCategory`; otherwise the raw value. Categorical predictors are refused.
/// - `Scorecard`: `initialScore` plus, per `Characteristic`, the `partialScore` of the first
///   `Attribute` whose predicate holds — `SimplePredicate` (lessThan, lessOrEqual, greaterThan,
///   greaterOrEqual, equal, notEqual, isMissing, isNotMissing), `CompoundPredicate` with
///   `and`, and `True` — all on one numeric field per characteristic.
///
/// Other model elements (TreeModel, MiningModel, NeuralNetwork, …) are refused by name.
enum PMMLLoader {
    final class Reader: NSObject, XMLParserDelegate {
        struct Element { var name: String; var attributes: [String: String]; var children: [Int] = [] }
        var elements: [Element] = []
        var stack: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let id = elements.count
            elements.append(Element(name: name, attributes: attributes))
            if let parent = stack.last { elements[parent].children.append(id) }
            stack.append(id)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }
        func children(_ id: Int, _ name: String) -> [Int] { elements[id].children.filter { elements[$0].name == name } }
        func first(_ id: Int, _ name: String) -> Int? { children(id, name).first }
    }

    static func load(_ data: Data, path: String) throws(ModelError) -> Model {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse(), let root = reader.elements.indices.first, reader.elements[root].name == "PMML" else {
            throw ModelError(path, "not a readable PMML document (damaged or truncated XML?)")
        }
        let models = reader.elements[root].children.filter { !["Header", "DataDictionary", "TransformationDictionary", "Extension", "MiningBuildTask"].contains(reader.elements[$0].name) }
        guard let m = models.first else { throw ModelError(path, "a PMML document without a model") }
        switch reader.elements[m].name {
        case "RegressionModel": return try regression(reader, m, path)
        case "Scorecard": return try scorecard(reader, m, path)
        default: throw ModelError(path, "PMML \(reader.elements[m].name) is not read by Seg (RegressionModel and Scorecard are)")
        }
    }

    static func regression(_ r: Reader, _ m: Int, _ path: String) throws(ModelError) -> Model {
        let tables = r.children(m, "RegressionTable")
        guard let table = tables.first else { throw ModelError(path, "a RegressionModel without a RegressionTable") }
        if !r.children(table, "CategoricalPredictor").isEmpty || !r.children(table, "PredictorTerm").isEmpty {
            throw ModelError(path, "categorical predictors and predictor terms are not read by Seg")
        }
        var features: [String] = [], coefficients: [Double] = []
        for p in r.children(table, "NumericPredictor") {
            let a = r.elements[p].attributes
            guard let name = a["name"], let c = a["coefficient"].flatMap(Double.init) else { throw ModelError(path, "a NumericPredictor without name or coefficient") }
            if let e = a["exponent"], Double(e) != 1 { throw ModelError(path, "predictor `\(name)` has exponent \(e); Seg reads exponent 1") }
            features.append(name)
            coefficients.append(c)
        }
        let intercept = r.elements[table].attributes["intercept"].flatMap(Double.init) ?? 0
        let method = r.elements[m].attributes["normalizationMethod"] ?? "none"
        let link: Model.Link
        switch method {
        case "logit": link = .logistic
        case "softmax" where tables.count == 2: link = .logistic
        case "none": link = .identity
        default: throw ModelError(path, "normalizationMethod `\(method)` is not read by Seg (none, logit)")
        }
        var margin = intercept, coef = coefficients
        if method == "softmax" {
            // Two classes: p(first) = 1 / (1 + exp(second − first)).
            let other = tables[1]
            let b = r.elements[other].attributes["intercept"].flatMap(Double.init) ?? 0
            margin -= b
            for p in r.children(other, "NumericPredictor") {
                let a = r.elements[p].attributes
                guard let name = a["name"], let c = a["coefficient"].flatMap(Double.init) else { continue }
                if let i = features.firstIndex(of: name) { coef[i] -= c } else { features.append(name); coef.append(-c) }
            }
        }
        return Model(features: features, shape: .linear(LinearModel(intercept: margin, coefficients: coef, means: Array(repeating: 0, count: coef.count))),
                     format: .pmml, link: link, path: path)
    }

    static func scorecard(_ r: Reader, _ m: Int, _ path: String) throws(ModelError) -> Model {
        let base = r.elements[m].attributes["initialScore"].flatMap(Double.init) ?? 0
        guard let chars = r.first(m, "Characteristics") else { throw ModelError(path, "a Scorecard without Characteristics") }
        var features: [String] = []
        var lines: [ScorecardModel.Line] = []
        for c in r.children(chars, "Characteristic") {
            var field: String?
            var bins: [ScorecardModel.Bin] = []
            for a in r.children(c, "Attribute") {
                guard let points = r.elements[a].attributes["partialScore"].flatMap(Double.init) else {
                    throw ModelError(path, "an Attribute without a partialScore")
                }
                guard let predicate = r.elements[a].children.first else { throw ModelError(path, "an Attribute without a predicate") }
                bins.append(.init(test: try test(r, predicate, &field, path), points: points))
            }
            guard let f = field else { continue }
            if !features.contains(f) { features.append(f) }
            lines.append(.init(feature: features.firstIndex(of: f)!, bins: bins))
        }
        return Model(features: features, shape: .scorecard(ScorecardModel(base: base, lines: lines)), format: .pmml, link: .identity, path: path)
    }

    static func test(_ r: Reader, _ p: Int, _ field: inout String?, _ path: String) throws(ModelError) -> ScorecardModel.Test {
        let e = r.elements[p]
        switch e.name {
        case "True": return .otherwise
        case "SimplePredicate":
            guard let f = e.attributes["field"], let op = e.attributes["operator"] else { throw ModelError(path, "a SimplePredicate without field or operator") }
            if let other = field, other != f { throw ModelError(path, "a Characteristic over two fields (\(other), \(f)) is not read by Seg") }
            field = f
            switch op {
            case "isMissing": return .missing
            case "isNotMissing": return .present
            default:
                guard let v = e.attributes["value"].flatMap(Double.init) else { throw ModelError(path, "predicate on `\(f)` compares with a value that is not a number") }
                return .compare(op, v)
            }
        case "CompoundPredicate":
            guard e.attributes["booleanOperator"] == "and" else { throw ModelError(path, "CompoundPredicate `\(e.attributes["booleanOperator"] ?? "?")` is not read by Seg (and is)") }
            var parts: [ScorecardModel.Test] = []
            for child in e.children { parts.append(try test(r, child, &field, path)) }
            return .all(parts)
        default:
            throw ModelError(path, "predicate \(e.name) is not read by Seg")
        }
    }
}
