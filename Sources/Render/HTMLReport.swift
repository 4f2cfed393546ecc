import Model

/// A report a manager can send on: one self-contained HTML page (inline CSS and SVG, no
/// network, no script) with each answer's title, table, chart, recommendations and notes, the
/// as-of date, in the session's language. Numbers are the tables' (`Renderer.cell`).
///
///     let page = htmlReport(answers, title: "月度回顾", asOf: asOf, lang: .zh)
public func htmlReport(_ answers: [Answer], title: String, asOf: Day, lang: Lang) -> String {
    let renderer = Renderer(lang: lang, width: 120, rowLimit: 50)
    let sections = answers.map { section($0, renderer: renderer) }.joined(separator: "\n")
    let subtitle = Localized(
        zh: "数据截至 \(asOf.iso) · 共 \(answers.count) 个回答 · kpish 生成",
        en: "Data as of \(asOf.iso) · \(answers.count) answer\(answers.count == 1 ? "" : "s") · made by kpish")(lang)
    return """
        <!DOCTYPE html>
        <html lang="\(lang == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escaped(title))</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; color: #1f2933; margin: 2rem auto; max-width: 980px; padding: 0 1rem; line-height: 1.5; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
        .meta { color: #616e7c; margin-top: 0; }
        section { border-top: 1px solid #d9e2ec; padding-top: 1rem; margin-top: 1.5rem; }
        h2 { font-size: 1.15rem; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
        th, td { border-bottom: 1px solid #e4e7eb; padding: 0.3rem 0.7rem; }
        th { background: #f5f7fa; text-align: left; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.n { white-space: nowrap; }
        td.good { color: #1f7a45; } td.bad { color: #b42318; }
        .advice { background: #f0f7ff; border-left: 4px solid #3e7bfa; padding: 0.5rem 0.8rem; margin: 0.4rem 0; }
        .note { color: #52606d; font-size: 0.88rem; margin: 0.2rem 0; }
        .more { color: #52606d; font-size: 0.88rem; }
        svg text { font-size: 12px; fill: #3e4c59; }
        </style>
        </head>
        <body>
        <h1>\(escaped(title))</h1>
        <p class="meta">\(escaped(subtitle))</p>
        \(sections)
        </body>
        </html>

        """
}

private func section(_ answer: Answer, renderer: Renderer) -> String {
    let lang = renderer.lang
    let columns = answer.columns.indices.map(answer.described)
    let shown = answer.rows.prefix(renderer.rowLimit)
    let header = columns.map { "<th\($0.kind.isNumeric ? " class=\"n\"" : "")>\(escaped(renderer.header($0)))</th>" }.joined()
    let rows = shown.map { row in
        "<tr>"
            + row.indices.map { index -> String in
                let column = columns[index]
                var classes: [String] = column.kind.isNumeric ? ["n"] : []
                switch renderer.tone(row[index], column) {
                case .good: classes.append("good")
                case .bad: classes.append("bad")
                case .plain: break
                }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                return "<td\(attribute)>\(escaped(renderer.cell(row[index], column)))</td>"
            }.joined() + "</tr>"
    }.joined(separator: "\n")
    var parts = ["<section>", "<h2>\(escaped(answer.title(lang)))</h2>"]
    parts.append("<table><thead><tr>\(header)</tr></thead><tbody>\n\(rows)\n</tbody></table>")
    if answer.rows.count > shown.count {
        let more = answer.rows.count - shown.count
        parts.append(
            "<p class=\"more\">" + escaped(Localized(zh: "…还有 \(more) 行未列出", en: "… \(more) more rows not shown")(lang)) + "</p>")
    }
    if let spec = renderer.chartSpec(answer) { parts.append(svg(spec, lang: lang)) }
    for recommendation in answer.recommendations {
        let evidence = recommendation.evidence.map { $0(lang) }.joined(separator: lang == .zh ? "；" : "; ")
        parts.append(
            "<p class=\"advice\"><strong>\(Localized(zh: "建议", en: "Recommendation")(lang))</strong> "
                + escaped(recommendation.text(lang))
                + (evidence.isEmpty ? "" : "<br><small>\(escaped(Localized(zh: "依据：", en: "Because: ")(lang) + evidence))</small>") + "</p>")
    }
    for note in answer.notes {
        parts.append("<p class=\"note\">\(escaped(Localized(zh: "注：", en: "Note: ")(lang) + note(lang)))</p>")
    }
    parts.append("</section>")
    return parts.joined(separator: "\n")
}

// MARK: - SVG

private func svg(_ spec: ChartSpec, lang: Lang) -> String {
    switch spec {
    case .bars(let labels, let values, let kind): return barsSVG(labels, values, kind, lang: lang)
    case .line(let line): return lineSVG(line, lang: lang)
    case .funnel(let stages, let counts, let conversions):
        return funnelSVG(stages, counts, conversions, lang: lang)
    case .sparklines(let series):
        // One small line a member.
        return series.prefix(12).map { member in
            lineSVG(LineSpec(labels: member.values.indices.map { "\($0 + 1)" }, values: member.values, kind: .number), lang: lang, height: 60, caption: member.name)
        }.joined(separator: "\n")
    }
}

private func barsSVG(_ labels: [String], _ values: [Double], _ kind: Column.Kind, lang: Lang) -> String {
    let finite = values.map { $0.isFinite ? $0 : 0 }
    let (low, high): (Double, Double) =
        switch kind {
        case .rate: (0, max(1, finite.max() ?? 1))
        case .score where finite.allSatisfy({ (1...5).contains($0) }): (1, 5)
        default: (min(0, finite.min() ?? 0), max(0, finite.max() ?? 0))
        }
    let (labelWidth, plotWidth, rowHeight) = (140.0, 560.0, 26.0)
    let span = high > low ? high - low : 1
    func x(_ value: Double) -> Double { labelWidth + (value - low) / span * plotWidth }
    let zero = x(max(low, 0))
    var shapes: [String] = []
    for (index, (label, value)) in zip(labels, finite).enumerated() {
        let y = Double(index) * rowHeight + 4
        let (from, to) = (min(x(value), zero), max(x(value), zero))
        let fill = value < 0 ? "#e5675b" : "#3e7bfa"
        shapes.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escaped(label))</text>")
        shapes.append("<rect x=\"\(from)\" y=\"\(y)\" width=\"\(max(1, to - from))\" height=\"\(rowHeight - 8)\" fill=\"\(fill)\"/>")
        shapes.append("<text x=\"\(to + 6)\" y=\"\(y + 15)\">\(escaped(Figures.text(value, kind, lang: lang)))</text>")
    }
    let height = Double(labels.count) * rowHeight + 24
    shapes.append("<line x1=\"\(zero)\" y1=\"0\" x2=\"\(zero)\" y2=\"\(height - 20)\" stroke=\"#9aa5b1\"/>")
    shapes.append("<text x=\"\(labelWidth)\" y=\"\(height - 4)\">\(escaped(Figures.text(low, kind, lang: lang)))</text>")
    shapes.append(
        "<text x=\"\(labelWidth + plotWidth)\" y=\"\(height - 4)\" text-anchor=\"end\">\(escaped(Figures.text(high, kind, lang: lang)))</text>")
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plotWidth + 110))\" height=\"\(Int(height))\" role=\"img\">\(shapes.joined())</svg>"
}

private func lineSVG(_ line: LineSpec, lang: Lang, height: Double = 240, caption: String? = nil) -> String {
    let bands = [line.band80.0, line.band80.1, line.band95.0, line.band95.1].joined().compactMap { $0 }
    let all = (line.values.compactMap { $0 } + bands).filter(\.isFinite)
    guard var bottom = all.min(), var top = all.max(), line.values.count > 1 else { return "" }
    if top == bottom {
        top += 1
        bottom -= 1
    }
    let (left, width, topPad, bottomPad) = (90.0, 620.0, 12.0, caption == nil ? 30.0 : 18.0)
    let plotHeight = height - topPad - bottomPad
    let count = line.values.count
    func x(_ index: Int) -> Double { left + Double(index) / Double(max(1, count - 1)) * width }
    func y(_ value: Double) -> Double { topPad + (top - value) / (top - bottom) * plotHeight }
    var shapes: [String] = []
    func band(_ pair: ([Double?], [Double?]), _ fill: String) {
        let points = (0..<count).compactMap { index -> (Int, Double, Double)? in
            guard index < pair.0.count, index < pair.1.count, let low = pair.0[index], let high = pair.1[index] else { return nil }
            return (index, low, high)
        }
        guard points.count > 1 else { return }
        let outline = points.map { "\(x($0.0)),\(y($0.2))" } + points.reversed().map { "\(x($0.0)),\(y($0.1))" }
        shapes.append("<polygon points=\"\(outline.joined(separator: " "))\" fill=\"\(fill)\"/>")
    }
    band(line.band95, "#dbe7ff")
    band(line.band80, "#a9c4ff")
    func path(_ range: Range<Int>, dashed: Bool) {
        let points = range.compactMap { index in line.values[index].map { "\(x(index)),\(y($0))" } }
        guard points.count > 1 else { return }
        shapes.append(
            "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(dashed ? "#f08c00" : "#1f5fd1")\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>")
    }
    if let start = line.forecastFrom {
        path(0..<min(count, start + 1), dashed: false)
        path(max(0, start - 1)..<count, dashed: true)
    } else {
        path(0..<count, dashed: false)
    }
    // The value axis: the largest and smallest value shown; the time axis: first and last.
    shapes.append("<line x1=\"\(left)\" y1=\"\(topPad)\" x2=\"\(left)\" y2=\"\(topPad + plotHeight)\" stroke=\"#9aa5b1\"/>")
    shapes.append("<text x=\"\(left - 6)\" y=\"\(topPad + 4)\" text-anchor=\"end\">\(escaped(Figures.text(top, line.kind, lang: lang)))</text>")
    shapes.append(
        "<text x=\"\(left - 6)\" y=\"\(topPad + plotHeight)\" text-anchor=\"end\">\(escaped(Figures.text(bottom, line.kind, lang: lang)))</text>")
    if let caption {
        shapes.append("<text x=\"\(left)\" y=\"\(height - 2)\">\(escaped(caption))</text>")
    } else if let first = line.labels.first, let last = line.labels.last {
        shapes.append("<text x=\"\(left)\" y=\"\(height - 8)\">\(escaped(first))</text>")
        shapes.append("<text x=\"\(left + width)\" y=\"\(height - 8)\" text-anchor=\"end\">\(escaped(last))</text>")
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + width + 20))\" height=\"\(Int(height))\" role=\"img\">\(shapes.joined())</svg>"
}

private func funnelSVG(_ stages: [String], _ counts: [Double], _ conversions: [String], lang: Lang) -> String {
    let largest = counts.max() ?? 0
    let (labelWidth, plotWidth, rowHeight) = (100.0, 420.0, 30.0)
    var shapes: [String] = []
    for index in stages.indices {
        let width = largest > 0 ? max(2, counts[index] / largest * plotWidth) : 2
        let y = Double(index) * rowHeight
        let x = labelWidth + (plotWidth - width) / 2
        shapes.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 19)\" text-anchor=\"end\">\(escaped(stages[index]))</text>")
        shapes.append("<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" fill=\"#3e7bfa\"/>")
        let conversion = index < conversions.count ? "  " + conversions[index] : ""
        shapes.append(
            "<text x=\"\(labelWidth + plotWidth + 10)\" y=\"\(y + 19)\">\(escaped(Figures.text(counts[index], .count, lang: lang) + conversion))</text>")
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plotWidth + 200))\" height=\"\(Int(Double(stages.count) * rowHeight + 6))\" role=\"img\">\(shapes.joined())</svg>"
}

private func escaped(_ text: String) -> String {
    text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
