import Model

/// The one renderer of answers for people: every cell, header, title, chart, recommendation and
/// note goes through here, in the session's language, with one number formatter (`Figures`).
/// Everything fits `width` display cells: long names shrink with …, columns that do not fit
/// wrap into a second table (the names repeated), long tables show their first rows.
///
///     let text = Renderer(lang: .zh, width: 80).text(answer)
public struct Renderer: Sendable {
    public var lang: Lang
    public var width: Int
    public var color: Bool
    /// Plain ASCII (no box drawing, blocks or bullets): a terminal whose locale is not UTF-8.
    public var ascii: Bool
    /// Rows shown before "… N more".
    public var rowLimit: Int

    public init(lang: Lang, width: Int = 80, color: Bool = false, ascii: Bool = false, rowLimit: Int = 30) {
        self.lang = lang
        self.width = max(40, width)
        self.color = color
        self.ascii = ascii
        self.rowLimit = rowLimit
    }

    // MARK: - Cells

    /// A cell for people: numbers by their column's kind, ids by their names.
    public func cell(_ cell: Cell, _ column: Column) -> String {
        switch cell {
        case .null: return ascii ? "-" : "—"
        case .text(let text): return terminalSafe(column.valueNames[text]?(lang) ?? text)
        case .number(let value): return Figures.text(value, column.kind, lang: lang)
        }
    }

    public func header(_ column: Column) -> String { column.title(lang) }

    /// Green for movement the metric wants, red for the other way (churn going up is bad).
    func tone(_ cell: Cell, _ column: Column) -> Tone {
        guard column.kind == .change || column.kind == .points, column.better != .neither,
            let value = cell.number, value != 0
        else { return .plain }
        return (value > 0) == (column.better == .higher) ? .good : .bad
    }

    // MARK: - Whole answers

    /// Title, table, chart, recommendations and notes, for a terminal.
    public func text(_ answer: Answer) -> String {
        var parts = [terminalSafe(answer.title(lang))]
        parts.append(table(answer))
        if let chart = chart(answer) { parts.append(chart) }
        parts += advice(answer)
        return parts.joined(separator: "\n")
    }

    /// The same as Markdown, for pasting into a report.
    public func markdown(_ answer: Answer) -> String {
        let columns = answer.columns.indices.map(answer.described)
        let header = columns.map(header)
        let rows = answer.rows.map { row in row.indices.map { cell(row[$0], columns[$0]) } }
        let numeric = Set(columns.indices.filter { columns[$0].kind.isNumeric })
        return ([markdownTable(title: terminalSafe(answer.title(lang)), header: header, rows: rows, rightAligned: numeric)]
            + advice(answer)).joined(separator: "\n")
    }

    /// Recommendations with their evidence, then notes, one a line.
    public func advice(_ answer: Answer) -> [String] {
        var lines: [String] = []
        for recommendation in answer.recommendations {
            var line = Localized(zh: "建议：", en: "Recommendation: ")(lang) + recommendation.text(lang)
            let evidence = recommendation.evidence.map { $0(lang) }.joined(separator: lang == .zh ? "；" : "; ")
            if !evidence.isEmpty { line += Localized(zh: "（依据：", en: " (because: ")(lang) + evidence + Localized(zh: "）", en: ")")(lang) }
            lines.append(terminalSafe(line))
        }
        for note in answer.notes { lines.append(terminalSafe(Localized(zh: "注：", en: "Note: ")(lang) + note(lang))) }
        return lines
    }

    /// The table, fitted to the width: the first `rowLimit` rows, then a line saying how many
    /// more; columns that do not fit go to a second table with the name columns repeated.
    public func table(_ answer: Answer) -> String {
        let columns = answer.columns.indices.map(answer.described)
        let shown = answer.rows.count > rowLimit + 5 ? Array(answer.rows.prefix(rowLimit)) : answer.rows
        let texts = shown.map { row in row.indices.map { cell(row[$0], columns[$0]) } }
        let tones = shown.map { row in row.indices.map { tone(row[$0], columns[$0]) } }
        var lines: [String] = []
        var blocks = groups(of: columns, texts: texts)
        // A table too wide for one block: a name column with the same value on every row (a
        // forecast's method) is said once above it instead of in every block.
        if blocks.count > 1, texts.count > 1 {
            let constant = columns.indices.dropFirst().filter { index in
                !columns[index].kind.isNumeric && Set(texts.map { $0[index] }).count == 1
            }
            for index in constant {
                lines.append(header(columns[index]) + Localized(zh: "：", en: ": ")(lang) + texts[0][index])
            }
            blocks = groups(of: columns, texts: texts, leaving: Set(constant))
        }
        var output = (lines + blocks.map { group in
            BoxTable(
                header: group.map { header(columns[$0]) }, rows: texts.map { row in group.map { row[$0] } },
                rightAligned: Set(group.indices.filter { columns[group[$0]].kind.isNumeric }),
                tones: tones.map { row in group.map { row[$0] } }, ascii: ascii
            ).render(width: width, color: color)
        }).joined(separator: "\n")
        let more = answer.rows.count - shown.count
        if more > 0 {
            output += "\n" + (ascii ? "..." : "…")
                + Localized(
                    zh: " 还有 \(grouped(more)) 行（用 limit N 或 --format csv 查看全部）",
                    en: " \(grouped(more)) more (limit N or --format csv)")(lang)
        }
        return output
    }

    /// How wide a text column counts when deciding whether figures must go to a second table.
    static let longestUncutText = 24

    /// Column groups that each fit the width: the name and time columns lead every group.
    private func groups(of columns: [Column], texts: [[String]], leaving left: Set<Int> = []) -> [[Int]] {
        // A header may wrap (BoxTable.narrowest); figures never shrink, and a long text (a list
        // of a plan's items, a customer's full name) is cut with … before figures go to a second
        // table.
        func widthOf(_ index: Int) -> Int {
            let values = texts.map { displayWidth($0[index]) }.max() ?? 0
            let shown = columns[index].kind.isNumeric ? values : min(values, Self.longestUncutText)
            return max(BoxTable.narrowest(header(columns[index])), shown, 2)
        }
        let lead = columns.indices.filter { !columns[$0].kind.isNumeric && !left.contains($0) }
        let rest = columns.indices.filter { columns[$0].kind.isNumeric && !left.contains($0) }
        let leadWidth = lead.map { widthOf($0) + 3 }.reduce(1, +)
        guard leadWidth + rest.map({ widthOf($0) + 3 }).reduce(0, +) > width, !rest.isEmpty else {
            return [columns.indices.filter { !left.contains($0) }]
        }
        var groups: [[Int]] = []
        var current: [Int] = []
        var used = leadWidth
        for index in rest {
            let needed = widthOf(index) + 3
            if !current.isEmpty && used + needed > width {
                groups.append(lead + current)
                current = []
                used = leadWidth
            }
            current.append(index)
            used += needed
        }
        if !current.isEmpty { groups.append(lead + current) }
        return groups
    }

    /// The first `limit` rows without borders, for prose around it (the coach).
    public func plainTable(_ answer: Answer, limit: Int) -> String {
        let columns = answer.columns.indices.map(answer.described)
        let rows = answer.rows.prefix(limit).map { row in row.indices.map { cell(row[$0], columns[$0]) } }
        return TextTable(
            header: columns.map(header), rows: Array(rows),
            rightAligned: Set(columns.indices.filter { columns[$0].kind.isNumeric })
        ).render()
    }

    // MARK: - Charts

    /// A chart where a person would rather look than read, drawn in text.
    public func chart(_ answer: Answer) -> String? {
        guard let spec = chartSpec(answer) else { return nil }
        let style = ChartStyle(lang: lang, width: width, ascii: ascii)
        switch spec {
        case .bars(let labels, let values, let kind): return style.bars(labels: labels, values: values, kind: kind)
        case .line(let line):
            return style.line(
                labels: line.labels, values: line.values, kind: line.kind, forecastFrom: line.forecastFrom,
                band80: line.band80, band95: line.band95)
        case .funnel(let stages, let counts, let conversions):
            return style.funnel(stages: stages, counts: counts, conversions: conversions)
        case .sparklines(let series):
            let nameWidth = series.map { displayWidth($0.name) }.max() ?? 0
            return series.map { member in
                member.name + String(repeating: " ", count: nameWidth - displayWidth(member.name)) + "  "
                    + style.sparkline(member.values)
            }.joined(separator: "\n")
        }
    }

    /// Which chart an answer has, and its data: bars for a breakdown or rank by one dimension, a
    /// line for a series, history with the forecast and its bands, funnel bars, one sparkline a
    /// member for a series by a dimension. The terminal and the HTML report draw the same.
    public func chartSpec(_ answer: Answer) -> ChartSpec? {
        let plan = answer.plan
        let columns = answer.columns.indices.map(answer.described)
        guard !answer.rows.isEmpty else { return nil }
        func index(_ id: String) -> Int? { answer.columns.firstIndex(of: id) }
        func numbers(_ id: String) -> [Double?]? { index(id).map { column in answer.rows.map { $0[column].number } } }
        func labels(_ id: String) -> [String]? { index(id).map { column in answer.rows.map { cell($0[column], columns[column]) } } }

        if let stages = labels("stage"), let counts = numbers("opportunities"), plan.dimensions.isEmpty {
            let conversion = numbers("conversion") ?? []
            return .funnel(
                stages: stages, counts: counts.map { $0 ?? 0 },
                conversions: conversion.map { value in
                    value.map { Localized(zh: "转化 ", en: "converts ")(lang) + Figures.text($0, .rate, lang: lang) } ?? ""
                })
        }
        guard let metric = plan.metrics.first, let metricIndex = index(metric), let series = numbers(metric) else {
            return nil
        }
        let kind = columns[metricIndex].kind
        if plan.intent == .forecast, plan.dimensions.isEmpty, let periods = labels("period") {
            // The months, not a quarter's total row after them.
            let months = periods.indices.filter { periods[$0].count == 7 }
            guard !months.isEmpty else { return nil }
            let history = answer.history.suffix(24)
            let none = [Double?](repeating: nil, count: history.count)
            let pick = { (values: [Double?]?) in none + months.map { values?[$0] ?? nil } }
            return .line(
                LineSpec(
                    labels: history.map(\.label) + months.map { periods[$0] },
                    values: history.map(\.value) + months.map { series[$0] }, kind: kind, forecastFrom: history.count,
                    band80: (pick(numbers("low80")), pick(numbers("high80"))), band95: (pick(numbers("low")), pick(numbers("high")))))
        }
        let times = plan.dimensions.filter { TimeGrain(rawValue: $0) != nil }
        if plan.intent == .trend, plan.dimensions.count == 1, answer.rows.count >= 3, let time = times.first,
            let timeLabels = labels(time)
        {
            return .line(LineSpec(labels: timeLabels, values: series, kind: kind))
        }
        if plan.intent == .trend, let time = times.first, let other = plan.dimensions.first(where: { $0 != time }),
            let members = labels(other)
        {
            var order: [String] = []
            var points: [String: [Double?]] = [:]
            for (member, value) in zip(members, series) {
                if points[member] == nil { order.append(member) }
                points[member, default: []].append(value)
            }
            return .sparklines(order.map { (name: $0, values: points[$0] ?? []) })
        }
        let plain = plan.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        if [.breakdown, .rank, .compare].contains(plan.intent), plan.dimensions.count == 1, let dimension = plain.first,
            answer.rows.count > 1, answer.rows.count <= rowLimit, let names = labels(dimension)
        {
            return .bars(labels: names, values: series.map { $0 ?? 0 }, kind: kind)
        }
        return nil
    }
}

/// A chart's data, drawn in text by `ChartStyle` and in SVG by the HTML report.
public enum ChartSpec: Sendable {
    case bars(labels: [String], values: [Double], kind: Column.Kind)
    case line(LineSpec)
    case funnel(stages: [String], counts: [Double], conversions: [String])
    case sparklines([(name: String, values: [Double?])])
}

/// A series over time; for a forecast, where the forecast starts and its bands.
public struct LineSpec: Sendable {
    public var labels: [String]
    public var values: [Double?]
    public var kind: Column.Kind
    public var forecastFrom: Int?
    public var band80: ([Double?], [Double?])
    public var band95: ([Double?], [Double?])

    public init(
        labels: [String], values: [Double?], kind: Column.Kind, forecastFrom: Int? = nil,
        band80: ([Double?], [Double?]) = ([], []), band95: ([Double?], [Double?]) = ([], [])
    ) {
        self.labels = labels
        self.values = values
        self.kind = kind
        self.forecastFrom = forecastFrom
        self.band80 = band80
        self.band95 = band95
    }
}

/// Text from the data made safe to print on a terminal: an escape sequence in a customer's
/// name (`\u{1b}[31m`) would colour or move what follows, a bidi override (U+202E) would turn
/// the line around and a newline would break the table. Tabs and line breaks become spaces,
/// other controls their visible pictures (␛), C1 controls U+FFFD, and bidi controls are dropped.
/// CSV, JSON and workbooks keep the data as it is.
public func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { terminalForm(of: $0) != nil }) else { return text }
    var safe = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if let replacement = terminalForm(of: scalar) { safe.append(contentsOf: replacement) } else { safe.append(scalar) }
    }
    return String(safe)
}

/// What an unsafe scalar prints as (nothing for a bidi control); nil for a safe one.
private func terminalForm(of scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: [" "]
    case 0x00..<0x20: [Unicode.Scalar(0x2400 + scalar.value)!]
    case 0x7F: ["\u{2421}"]
    case 0x80..<0xA0: ["\u{FFFD}"]
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: []
    default: nil
    }
}
