import Foundation
import SegCheck
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg report`'s page: one self-contained HTML file (no network, no script), every chart
/// an inline SVG. Every number it shows is in the DOM as `data-value` beside its text, the
/// raw value the run's JSON output carries, so a test (or a reader's tool) can check them.
struct ReportHTML {
    struct Provenance {
        var scripts: [(path: String, sha256: String)]
        var git: String?
        var asOf: String
        var engine: String
        var generated: String
        var version: String
    }

    let title: String
    let provenance: Provenance
    let outputs: [Output]

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A raw value as the JSON output writes it (numbers as numbers, text as text).
    static func raw(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? String(d) : ""
        case .text(let s): return s
        }
    }

    static func number(_ d: Double, digits: Int = 3) -> String { String(format: "%.\(digits)f", d) }

    // MARK: the page

    mutating func render() -> String {
        var body = ""
        let counts = outputs.compactMap { o -> (String, Int64)? in if case .count(let t, let v) = o { return (t, v) } else { return nil } }
        if counts.count > 1 { body += section("Segment sizes", kind: "sizes", bars(counts.map { ($0.0, Double($0.1), Cell.grouped($0.1)) })) }
        for o in outputs { body += render(o) }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="seg \(Self.escape(provenance.version))">
            <title>\(Self.escape(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>\(Self.escape(title))</h1>
            \(provenanceList())
            <p class="note">Made by <code>seg report</code>: the script ran whole and everything it would have saved was undone. Personal data is masked as in any output.</p>
            </header>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    func provenanceList() -> String {
        var items: [(String, String)] = provenance.scripts.map { ("script", "\($0.path) — SHA-256 \($0.sha256)") }
        items.append(("git revision", provenance.git ?? "not in a git repository"))
        items.append(("as of", provenance.asOf))
        items.append(("engine", provenance.engine))
        items.append(("generated", provenance.generated + " by seg " + provenance.version))
        return "<dl class=\"provenance\">" + items.map { "<dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd>" }.joined() + "</dl>"
    }

    func section(_ heading: String, kind: String, _ content: String) -> String {
        "<section class=\"output\" data-kind=\"\(kind)\"><h2>\(Self.escape(heading))</h2>\n\(content)\n</section>\n"
    }

    mutating func render(_ o: Output) -> String {
        switch o {
        case .count(let title, let value):
            return section("count \(title)", kind: "count", "<p class=\"big\" data-title=\"\(Self.escape(title))\" data-value=\"\(value)\">\(Cell.grouped(value))</p>")
        case .table(let t):
            switch t.kind {
            case .funnel?: return section(t.title, kind: "funnel", funnel(t) + table(t))
            case .profile?: return section(t.title, kind: "profile", table(t, bars: t.columns.firstIndex(of: "TGI")))
            case .overlap?: return section(t.title, kind: "overlap", table(t, heat: true))
            case .deciles?: return section("gains by decile", kind: "deciles", modelCharts(t) + table(t))
            case .campaignGroups?: return section(t.title, kind: "campaign-groups", rates(t) + table(t))
            case .upliftByDecile?: return section(t.title, kind: "uplift-by-decile", upliftCharts(t) + table(t))
            case .modelSummary?: return section(t.title, kind: "model-summary", table(t))
            default: return section(t.title, kind: t.kind?.rawValue ?? "table", table(t))
            }
        case .explain(let title, let sql, let plan, _, let strategy, let engine, let asOf):
            var s = ""
            if let asOf { s += "<p>as of: \(Self.escape(asOf))</p>" }
            if let strategy { s += "<p>aggregates: \(Self.escape(strategy))</p>" }
            s += "<pre class=\"sql\">\(Self.escape(sql))</pre><p>\(Self.escape(engine))'s plan</p><pre>\(Self.escape(plan.joined(separator: "\n")))</pre>"
            return section("explain \(title)", kind: "explain", s)
        case .message(let m):
            return "<p class=\"message\">\(Self.escape(m))</p>\n"
        case .expectation(let r):
            return "<p class=\"expectation \(r.passed ? "ok" : "failed")\" data-passed=\"\(r.passed)\">\(r.passed ? "ok" : "FAILED") — \(Self.escape(r.text))\(r.passed ? "" : ": " + Self.escape(r.detail))</p>\n"
        }
    }

    // MARK: tables

    /// The table as the JSON output carries it (no columns for the eye only), each cell with
    /// its raw value; `bars`: a column drawn as a bar against 100 (TGI); `heat`: shares shaded.
    func table(_ full: ResultTable, bars: Int? = nil, heat: Bool = false) -> String {
        let t = full.forMachines
        var s = "<table data-title=\"\(Self.escape(t.title))\"><thead><tr>"
        s += t.columns.map { "<th>\(Self.escape($0))</th>" }.joined()
        if bars != nil { s += "<th>TGI (| = 100)</th>" }
        s += "</tr></thead><tbody>\n"
        let maxBar = bars.map { b in t.rows.compactMap { $0[b].double }.max() ?? 100 } ?? 100
        for (n, row) in t.rows.enumerated() {
            s += "<tr>"
            for (i, v) in row.enumerated() {
                let text: String
                if let small = t.suppressedText(n, i) { text = small }
                else if t.percent.contains(i), let d = v.double { text = String(format: "%.1f%%", d * 100) }
                else if t.points.contains(i), let d = v.double { text = String(format: "%+.1f pp", d * 100) }
                else { text = Cell.text(v, t.types[i]) ?? "–" }
                var style = ""
                if heat, t.percent.contains(i), let d = v.double {
                    style = " style=\"background: rgba(37, 99, 235, \(Self.number(max(0, min(1, d)) * 0.85, digits: 2)))\(d > 0.55 ? "; color: #fff" : "")\""
                }
                let numeric = t.types[i] == .number ? " class=\"num\"" : ""
                s += "<td\(numeric)\(style) data-value=\"\(Self.escape(Self.raw(v)))\">\(Self.escape(text))</td>"
            }
            if let b = bars {
                s += "<td>" + (row[b].double.map { tgiBar($0, max: max(maxBar, 100)) } ?? "") + "</td>"
            }
            s += "</tr>\n"
        }
        s += "</tbody></table>"
        if let note = t.note { s += "<p class=\"note\">\(Self.escape(note))</p>" }
        if let total = t.total { s += "<p class=\"note\">\(Cell.grouped(Int64(t.rows.count))) of \(Cell.grouped(total)) rows</p>" }
        return s
    }

    func tgiBar(_ tgi: Double, max: Double) -> String {
        let w = 160.0, scale = w / max
        let x100 = 100 * scale
        return "<svg class=\"bar\" width=\"\(Int(w))\" height=\"14\" role=\"img\" aria-label=\"TGI \(Int(tgi))\">"
            + "<rect x=\"0\" y=\"2\" width=\"\(Self.number(tgi * scale, digits: 1))\" height=\"10\" fill=\"\(tgi >= 100 ? "#2563eb" : "#94a3b8")\"/>"
            + "<line x1=\"\(Self.number(x100, digits: 1))\" y1=\"0\" x2=\"\(Self.number(x100, digits: 1))\" y2=\"14\" stroke=\"#111\"/></svg>"
    }

    // MARK: charts

    /// Horizontal bars: (label, value, text), scaled to the largest.
    func bars(_ items: [(String, Double, String)]) -> String {
        let top = max(items.map(\.1).max() ?? 1, 1)
        let rowHeight = 26, labelWidth = 300, barWidth = 420
        var s = "<svg class=\"chart\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(items.count * rowHeight + 4)\" role=\"img\">"
        for (i, item) in items.enumerated() {
            let y = i * rowHeight + 2
            let w = Double(barWidth) * item.1 / top
            s += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(Self.escape(String(item.0.prefix(40))))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(Self.number(w, digits: 1))\" height=\"18\" fill=\"#2563eb\" data-value=\"\(Self.number(item.1, digits: 0))\"/>"
            s += "<text x=\"\(Self.number(Double(labelWidth) + w + 6, digits: 1))\" y=\"\(y + 17)\">\(Self.escape(item.2))</text>"
        }
        return s + "</svg>"
    }

    /// A campaign's funnel: the target, then who is left after each step takes its share
    /// (exclusions by reason, caps, limits), then the split into holdout and treatment.
    func funnel(_ t: ResultTable) -> String {
        var items: [(String, Double, String)] = []
        var left = 0.0
        for (i, r) in t.rows.enumerated() {
            let step = Cell.text(r[0], .string) ?? "", n = r[1].double ?? 0
            if i == 0 {
                left = n
                items.append((step, n, Cell.grouped(Int64(n))))
            } else if step == "holdout" || step == "treatment" {
                items.append((step, n, Cell.grouped(Int64(n))))
            } else {
                left -= n
                items.append((step, max(0, left), "\(Cell.grouped(Int64(max(0, left)))) left (−\(Cell.grouped(Int64(n))))"))
            }
        }
        return bars(items)
    }

    /// ROC and KS at the decile cut-offs, and cumulative gains, from the gains table.
    func modelCharts(_ t: ResultTable) -> String {
        guard let ci = t.columns.firstIndex(of: "customers"), let ri = t.columns.firstIndex(of: "responders") else { return "" }
        let n = t.rows.map { $0[ci].double ?? 0 }, r = t.rows.map { $0[ri].double ?? 0 }
        let totalN = n.reduce(0, +), totalR = r.reduce(0, +), totalNon = totalN - totalR
        guard totalN > 0, totalR > 0, totalNon > 0 else { return "<p class=\"note\">every customer has the same label: no curves</p>" }
        var tpr: [Double] = [0], fpr: [Double] = [0], population: [Double] = [0]
        var cn = 0.0, cr = 0.0
        for i in n.indices {
            cn += n[i]; cr += r[i]
            tpr.append(cr / totalR); fpr.append((cn - cr) / totalNon); population.append(cn / totalN)
        }
        let ks = zip(tpr, fpr).map { $0 - $1 }.max() ?? 0
        func plot(_ title: String, _ series: [(String, [(Double, Double)], String)], xLabel: String, yLabel: String) -> String {
            let size = 240.0, pad = 36.0
            var s = "<figure><svg class=\"chart\" width=\"\(Int(size + pad * 2))\" height=\"\(Int(size + pad * 2))\" role=\"img\" aria-label=\"\(Self.escape(title))\">"
            s += "<rect x=\"\(pad)\" y=\"\(pad)\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#999\"/>"
            s += "<line x1=\"\(pad)\" y1=\"\(pad + size)\" x2=\"\(pad + size)\" y2=\"\(pad)\" stroke=\"#ccc\" stroke-dasharray=\"4 3\"/>"
            for (name, points, colour) in series {
                let path = points.map { "\(Self.number(pad + $0.0 * size, digits: 1)),\(Self.number(pad + size - $0.1 * size, digits: 1))" }.joined(separator: " ")
                s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(Self.escape(name))</title></polyline>"
            }
            s += "<text x=\"\(pad + size / 2)\" y=\"\(pad * 2 + size - 8)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>"
            s += "<text x=\"12\" y=\"\(pad + size / 2)\" transform=\"rotate(-90 12 \(pad + size / 2))\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>"
            s += "</svg><figcaption>\(Self.escape(title))</figcaption></figure>"
            return s
        }
        var s = "<div class=\"charts\">"
        s += plot("ROC at the decile cut-offs", [("ROC", Array(zip(fpr, tpr)), "#2563eb")], xLabel: "false positive rate", yLabel: "true positive rate")
        s += plot("KS: responders and non-responders captured (KS = \(Self.number(ks)))",
                  [("responders", Array(zip(population, tpr)), "#2563eb"), ("non-responders", Array(zip(population, fpr)), "#dc2626")],
                  xLabel: "share of customers, best scores first", yLabel: "share captured")
        s += plot("Cumulative gains", [("gains", Array(zip(population, tpr)), "#16a34a")], xLabel: "share of customers contacted", yLabel: "share of responders")
        s += "</div><p class=\"note\" data-ks-deciles=\"\(Self.number(ks, digits: 6))\">Curves at the decile cut-offs of the gains table; AUC and KS above are computed on every customer.</p>"
        return s
    }

    /// Uplift per decile with its 95% interval, and the Qini curve at the decile cut-offs
    /// against random (the line to the whole list's incremental responders).
    func upliftCharts(_ t: ResultTable) -> String {
        guard let ui = t.columns.firstIndex(of: "uplift"), let lo = t.columns.firstIndex(of: "uplift_ci_low"),
              let hi = t.columns.firstIndex(of: "uplift_ci_high"), let qi = t.columns.firstIndex(of: "qini"),
              let ci = t.columns.firstIndex(of: "customers") else { return "" }
        let width = 360.0, height = 220.0, pad = 36.0
        // Bars: one per decile, from 0 to the uplift, with the interval as a line.
        let values = t.rows.flatMap { [$0[ui].double, $0[lo].double, $0[hi].double].compactMap { $0 } }
        let top = max(values.max() ?? 0.01, 0.01), bottom = min(values.min() ?? 0, 0)
        let y = { (v: Double) in pad + (top - v) / (top - bottom) * height }
        let step = width / Double(max(t.rows.count, 1))
        var bars = "<figure><svg class=\"chart\" width=\"\(Int(width + pad * 2))\" height=\"\(Int(height + pad * 2))\" role=\"img\" aria-label=\"uplift by decile\">"
        bars += "<line x1=\"\(pad)\" y1=\"\(Self.number(y(0), digits: 1))\" x2=\"\(pad + width)\" y2=\"\(Self.number(y(0), digits: 1))\" stroke=\"#999\"/>"
        for (i, row) in t.rows.enumerated() {
            let x = pad + Double(i) * step
            if let u = row[ui].double {
                bars += "<rect x=\"\(Self.number(x + step * 0.15, digits: 1))\" y=\"\(Self.number(min(y(u), y(0)), digits: 1))\" width=\"\(Self.number(step * 0.7, digits: 1))\" "
                    + "height=\"\(Self.number(abs(y(u) - y(0)), digits: 1))\" fill=\"\(u >= 0 ? "#2563eb" : "#dc2626")\" data-value=\"\(u)\"/>"
            }
            if let l = row[lo].double, let h = row[hi].double {
                bars += "<line x1=\"\(Self.number(x + step / 2, digits: 1))\" y1=\"\(Self.number(y(l), digits: 1))\" x2=\"\(Self.number(x + step / 2, digits: 1))\" y2=\"\(Self.number(y(h), digits: 1))\" stroke=\"#111\"/>"
            }
            bars += "<text x=\"\(Self.number(x + step / 2, digits: 1))\" y=\"\(Int(pad * 1.5 + height))\" text-anchor=\"middle\">\(i + 1)</text>"
        }
        for v in Set([top, 0, bottom]).sorted() {
            bars += "<text x=\"\(pad - 4)\" y=\"\(Self.number(y(v) + 4, digits: 1))\" text-anchor=\"end\">\(String(format: "%+.0f", v * 100))</text>"
        }
        bars += "<text x=\"12\" y=\"\(pad + height / 2)\" transform=\"rotate(-90 12 \(pad + height / 2))\" text-anchor=\"middle\">uplift, pp</text>"
        bars += "</svg><figcaption>Uplift per decile of the score (1 = highest scores), with 95% intervals</figcaption></figure>"
        // The Qini curve: x the share of members from the top, y the incremental responders.
        let n = t.rows.compactMap { $0[ci].double }.reduce(0, +)
        var points: [(Double, Double)] = [(0, 0)], seen = 0.0
        for row in t.rows {
            seen += row[ci].double ?? 0
            points.append((n > 0 ? seen / n : 0, row[qi].double ?? 0))
        }
        let qs = points.map(\.1), qTop = max(qs.max() ?? 1, 1e-9), qBottom = min(qs.min() ?? 0, 0)
        let qy = { (v: Double) in pad + (qTop - v) / (qTop - qBottom) * height }
        let path = points.map { "\(Self.number(pad + $0.0 * width, digits: 1)),\(Self.number(qy($0.1), digits: 1))" }.joined(separator: " ")
        var qini = "<figure><svg class=\"chart\" width=\"\(Int(width + pad * 2))\" height=\"\(Int(height + pad * 2))\" role=\"img\" aria-label=\"Qini curve\">"
        qini += "<line x1=\"\(pad)\" y1=\"\(Self.number(qy(0), digits: 1))\" x2=\"\(pad + width)\" y2=\"\(Self.number(qy(points.last?.1 ?? 0), digits: 1))\" stroke=\"#999\" stroke-dasharray=\"4 3\"><title>random</title></line>"
        qini += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#16a34a\" stroke-width=\"2\"><title>Qini</title></polyline>"
        qini += "<text x=\"\(pad + width / 2)\" y=\"\(Int(pad * 2 + height - 8))\" text-anchor=\"middle\">share of members, best scores first</text>"
        for v in Set([qTop, 0, qBottom]).sorted() {
            qini += "<text x=\"\(pad - 4)\" y=\"\(Self.number(qy(v) + 4, digits: 1))\" text-anchor=\"end\">\(Cell.grouped(Int64(v.rounded())))</text>"
        }
        qini += "</svg><figcaption>Qini curve at the decile cut-offs: incremental responders against random (dashed)</figcaption></figure>"
        return "<div class=\"charts\">" + bars + qini + "</div>"
    }

    /// Response rates per group with 95% Wilson intervals.
    func rates(_ t: ResultTable) -> String {
        guard let ci = t.columns.firstIndex(of: "customers"), let ri = t.columns.firstIndex(of: "responders") else { return "" }
        var s = "<table class=\"intervals\"><thead><tr><th>group</th><th>response rate</th><th>95% interval</th><th></th></tr></thead><tbody>"
        for row in t.rows {
            let n = row[ci].double ?? 0, x = row[ri].double ?? 0
            guard n > 0 else { continue }
            let (low, high) = Self.wilson(x, n)
            let p = x / n
            let scale = 300.0 / max(0.05, min(1, high * 1.2))
            s += "<tr><td>\(Self.escape(Cell.text(row[0], .string) ?? ""))</td>"
            s += "<td class=\"num\" data-value=\"\(p)\">\(String(format: "%.1f%%", p * 100))</td>"
            s += "<td class=\"num\" data-low=\"\(low)\" data-high=\"\(high)\">\(String(format: "%.1f%% – %.1f%%", low * 100, high * 100))</td>"
            s += "<td><svg class=\"bar\" width=\"310\" height=\"14\"><line x1=\"\(Self.number(low * scale, digits: 1))\" y1=\"7\" x2=\"\(Self.number(high * scale, digits: 1))\" y2=\"7\" stroke=\"#111\"/>"
            s += "<circle cx=\"\(Self.number(p * scale, digits: 1))\" cy=\"7\" r=\"4\" fill=\"#2563eb\"/></svg></td></tr>"
        }
        return s + "</tbody></table>"
    }

    /// The Wilson score interval for x successes in n, at 95%.
    static func wilson(_ x: Double, _ n: Double) -> (Double, Double) {
        let z = 1.959963984540054, p = x / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
        return (max(0, centre - half), min(1, centre + half))
    }

    static let style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 1100px; color: #111; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .3rem; } h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
        .provenance { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .85rem; color: #444; }
        .provenance dt { font-weight: 600; } .provenance dd { margin: 0; word-break: break-all; }
        section.output { border-top: 1px solid #ddd; padding: 1rem 0; overflow-x: auto; }
        table { border-collapse: collapse; margin: .4rem 0; } th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } .big { font-size: 2rem; margin: 0; }
        .note { color: #555; font-size: .85rem; } .message { color: #333; } pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; }
        .charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; } figcaption { font-size: .85rem; color: #444; max-width: 312px; }
        svg.chart text { font-size: 12px; fill: #222; } .expectation.ok { color: #15803d; } .expectation.failed { color: #b91c1c; }
        """
}
