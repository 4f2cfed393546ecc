import Model

/// Charts drawn with text, fitted to a width, in block characters (or plain ASCII): bars with
/// value labels on a scale that suits the measure, a line chart with a labelled value axis and
/// time labels, a forecast's history, forecast and 80%/95% bands, funnel bars, sparklines.
///
///     ChartStyle(lang: .zh, width: 80).bars(labels: ["华东", "华南"], values: [0.31, 0.079], kind: .rate)
public struct ChartStyle: Sendable {
    public var lang: Lang
    public var width: Int
    public var ascii: Bool

    public init(lang: Lang, width: Int = 80, ascii: Bool = false) {
        self.lang = lang
        self.width = width
        self.ascii = ascii
    }

    // MARK: - Bars

    /// Horizontal bars, one a label, each ending in its value. Rates are drawn on 0–100% (or to
    /// the largest when one passes 100%), scores on 1–5, changes left and right of zero, other
    /// measures from zero to the largest.
    ///
    ///     华东  ████████████████████ 1,868万
    public func bars(labels: [String], values: [Double], kind: Column.Kind) -> String {
        let texts = values.map { Figures.text($0, kind, lang: lang) }
        let labelWidth = labels.map(displayWidth).max() ?? 0
        let textWidth = texts.map(displayWidth).max() ?? 0
        let barWidth = max(10, min(40, width - labelWidth - textWidth - 4))
        let finite = values.filter(\.isFinite)
        let diverging = (kind == .change || kind == .points) && finite.contains { $0 < 0 }
        let (low, high): (Double, Double) =
            switch kind {
            case .rate: (0, max(1, finite.max() ?? 1))
            case .score where finite.allSatisfy({ (1...5).contains($0) }): (1, 5)
            default: (0, finite.map(abs).max() ?? 0)
            }
        func pad(_ label: String) -> String { label + String(repeating: " ", count: labelWidth - displayWidth(label)) }
        var lines = zip(labels, zip(values, texts)).map { label, entry in
            let (value, text) = entry
            guard value.isFinite, high > low else { return pad(label) + "  " + text }
            if diverging {
                // Half the width each side of the zero line.
                let half = barWidth / 2
                let cells = min(Double(half), abs(value) / high * Double(half))
                let bar = String(repeating: block, count: Int(cells.rounded()))
                let left = value < 0 ? String(repeating: " ", count: half - bar.count) + bar : String(repeating: " ", count: half)
                let right = value < 0 ? "" : bar
                return pad(label) + "  " + left + (ascii ? "|" : "│") + right + " " + text
            }
            let cells = max(0, min(1, (value - low) / (high - low))) * Double(barWidth)
            let whole = Int(cells.rounded(.down))
            let bar = String(repeating: block, count: whole) + partial(cells - Double(whole))
            return pad(label) + "  " + bar + " " + text
        }
        // The scale under bars of rates and scores: what a full bar means.
        if !diverging, kind == .rate || (kind == .score && low == 1) {
            let left = Figures.text(low, kind, lang: lang)
            let right = Figures.text(high, kind, lang: lang)
            let gap = max(1, barWidth - displayWidth(left) - displayWidth(right))
            lines.append(String(repeating: " ", count: labelWidth + 2) + left + String(repeating: " ", count: gap) + right)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Lines

    /// A line chart of a series: a value axis labelled with the largest, middle and smallest
    /// value shown, time labels under the first, middle and last points. A forecast's points
    /// from `forecastFrom` on are drawn apart from the history (○ after ●), with its 80% band
    /// (▓) inside its 95% band (░); a legend line says so.
    public func line(
        labels: [String], values: [Double?], kind: Column.Kind, forecastFrom: Int? = nil,
        band80: ([Double?], [Double?]) = ([], []), band95: ([Double?], [Double?]) = ([], []), height: Int = 10
    ) -> String {
        let bandValues = [band80.0, band80.1, band95.0, band95.1].joined().compactMap { $0 }
        let shownValues = (values.compactMap { $0 } + bandValues).filter(\.isFinite)
        guard var bottom = shownValues.min(), var top = shownValues.max(), !values.isEmpty else { return "" }
        if top == bottom {
            top += 1
            bottom -= 1
        }
        let axis = [top, (top + bottom) / 2, bottom].map { Figures.text($0, kind, lang: lang) }
        let axisWidth = axis.map(displayWidth).max() ?? 0
        let plotWidth = max(8, width - axisWidth - 2)
        // The latest points when they do not all fit.
        let first = max(0, values.count - plotWidth)
        let count = values.count - first
        let spacing = max(1, min(4, plotWidth / max(1, count)))
        let span = top - bottom
        func row(_ value: Double) -> Int { Int(((value - bottom) / span * Double(height - 1)).rounded()) }
        var grid = Array(repeating: Array(repeating: " ", count: (count - 1) * spacing + 1), count: height)
        func band(_ pair: ([Double?], [Double?]), _ mark: String) {
            for index in 0..<count {
                let source = first + index
                guard source < pair.0.count, source < pair.1.count, let low = pair.0[source], let high = pair.1[source],
                    low.isFinite, high.isFinite
                else { continue }
                for cell in min(row(low), row(high))...max(row(low), row(high)) { grid[cell][index * spacing] = mark }
            }
        }
        band(band95, ascii ? ":" : "░")
        band(band80, ascii ? "=" : "▓")
        var previous: (column: Int, row: Int)?
        for index in 0..<count {
            guard let value = values[first + index], value.isFinite else {
                previous = nil
                continue
            }
            let point = (column: index * spacing, row: row(value))
            // Dots between two points of the line, where there is room.
            if let previous, spacing > 1 {
                for step in 1..<spacing {
                    let between = previous.row + (point.row - previous.row) * step / spacing
                    if grid[between][previous.column + step] == " " { grid[between][previous.column + step] = ascii ? "." : "·" }
                }
            }
            let forecast = forecastFrom.map { first + index >= $0 } ?? false
            grid[point.row][point.column] = forecast ? (ascii ? "o" : "○") : (ascii ? "*" : "●")
            previous = point
        }
        var lines: [String] = []
        for (offset, cells) in grid.reversed().enumerated() {
            let label: String =
                switch offset {
                case 0: axis[0]
                case height / 2: height % 2 == 0 ? "" : axis[1]
                case height - 1: axis[2]
                default: ""
                }
            let padded = String(repeating: " ", count: axisWidth - displayWidth(label)) + label
            let tick = label.isEmpty ? (ascii ? "|" : "│") : (ascii ? "+" : "┤")
            lines.append((padded + " " + tick + cells.joined()).trailingSpacesRemoved)
        }
        lines.append(
            String(repeating: " ", count: axisWidth + 1) + (ascii ? "+" : "└")
                + String(repeating: ascii ? "-" : "─", count: (count - 1) * spacing + 1))
        lines.append(String(repeating: " ", count: axisWidth + 2) + timeLabels(Array(labels[first...]), spacing: spacing))
        if let forecastFrom, forecastFrom > first {
            lines.append(
                String(repeating: " ", count: axisWidth + 2)
                    + (ascii
                        ? Localized(zh: "* 实际  o 预测  = 80% 区间  : 95% 区间", en: "* actual  o forecast  = 80% band  : 95% band")
                        : Localized(zh: "● 实际  ○ 预测  ▓ 80% 区间  ░ 95% 区间", en: "● actual  ○ forecast  ▓ 80% band  ░ 95% band"))(lang))
        } else if forecastFrom != nil {
            lines.append(
                String(repeating: " ", count: axisWidth + 2)
                    + (ascii
                        ? Localized(zh: "o 预测  = 80% 区间  : 95% 区间", en: "o forecast  = 80% band  : 95% band")
                        : Localized(zh: "○ 预测  ▓ 80% 区间  ░ 95% 区间", en: "○ forecast  ▓ 80% band  ░ 95% band"))(lang))
        }
        return lines.joined(separator: "\n")
    }

    /// The first, middle and last labels under their points, the middle left out where it would
    /// touch another.
    private func timeLabels(_ labels: [String], spacing: Int) -> String {
        guard let firstLabel = labels.first else { return "" }
        let lastColumn = (labels.count - 1) * spacing
        var line = Array(repeating: " ", count: lastColumn + 1 + (labels.last.map(displayWidth) ?? 0))
        func place(_ text: String, at column: Int) -> Bool {
            let characters = text.map(String.init)
            let end = column + characters.map(displayWidth).reduce(0, +)
            guard column >= 0, end <= line.count, line[max(0, column - 1)..<min(line.count, end + 1)].allSatisfy({ $0 == " " })
                || column == 0
            else { return false }
            var at = column
            for character in characters {
                line[at] = character
                // A wide character takes two cells: the next one is left empty.
                if displayWidth(character) == 2, at + 1 < line.count { line[at + 1] = "" }
                at += displayWidth(character)
            }
            return true
        }
        _ = place(firstLabel, at: 0)
        if labels.count > 1, let last = labels.last {
            let column = max(displayWidth(firstLabel) + 2, lastColumn - displayWidth(last) + 1)
            if place(last, at: column), labels.count > 2 {
                let middle = labels[labels.count / 2]
                _ = place(middle, at: labels.count / 2 * spacing - displayWidth(middle) / 2)
            }
        }
        return line.joined().trailingSpacesRemoved
    }

    // MARK: - Funnel and sparklines

    /// Funnel bars, centred: each stage's count with the conversion from it to the next.
    public func funnel(stages: [String], counts: [Double], conversions: [String]) -> String {
        let largest = counts.max() ?? 0
        let labelWidth = stages.map(displayWidth).max() ?? 0
        let barWidth = max(10, min(30, width - labelWidth - 24))
        return stages.indices.map { index in
            let cells = largest > 0 ? Int(counts[index] / largest * Double(barWidth)) : 0
            let indent = String(repeating: " ", count: (barWidth - cells) / 2)
            let label = stages[index] + String(repeating: " ", count: labelWidth - displayWidth(stages[index]))
            let bar = String(repeating: block, count: max(1, cells))
            let after = String(repeating: " ", count: barWidth - cells - (barWidth - cells) / 2)
            let conversion = index < conversions.count && !conversions[index].isEmpty ? "  " + conversions[index] : ""
            return (label + "  " + indent + bar + after + "  " + Figures.text(counts[index], .count, lang: lang) + conversion)
                .trailingSpacesRemoved
        }.joined(separator: "\n")
    }

    /// A sparkline: one block a value, ▁ to █ (ASCII: . to #).
    public func sparkline(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = present.min(), let high = present.max() else { return "" }
        let marks = ascii ? Array(".:-=+*#") : Array("▁▂▃▄▅▆▇█")
        return String(
            values.map { value in
                guard let value, value.isFinite else { return " " }
                let share = high > low ? (value - low) / (high - low) : 0.5
                return marks[min(marks.count - 1, Int(share * Double(marks.count - 1) + 0.5))]
            })
    }

    private var block: String { ascii ? "#" : "█" }

    private func partial(_ fraction: Double) -> String {
        guard !ascii else { return "" }
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return blocks[min(7, max(0, Int(fraction * 8)))]
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
