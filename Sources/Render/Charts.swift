import Model

/// Charts drawn with text, for a terminal: bars, sparklines, a line chart with a band.
public enum Charts {
    /// Horizontal bars, one per label, scaled to the largest value: for breakdowns and ranks.
    ///
    ///     华东  ████████████████████ 1,868万
    public static func bars(labels: [String], values: [Double], texts: [String], width: Int = 30) -> String {
        let largest = values.map { abs($0) }.max() ?? 0
        let labelWidth = labels.map { displayWidth($0) }.max() ?? 0
        return zip(labels, zip(values, texts)).map { label, entry in
            let (value, text) = entry
            let cells = largest > 0 ? abs(value) / largest * Double(width) : 0
            let bar = String(repeating: "█", count: Int(cells)) + partialBlock(cells - cells.rounded(.down))
            let padding = String(repeating: " ", count: labelWidth - displayWidth(label))
            return label + padding + "  " + (value < 0 ? "-" : "") + bar + " " + text
        }.joined(separator: "\n")
    }

    /// A sparkline: one block a value, ▁ to █.
    public static func sparkline(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return "" }
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(
            values.map { value in
                guard let value else { return " " }
                let share = high > low ? (value - low) / (high - low) : 0.5
                return blocks[min(blocks.count - 1, Int(share * Double(blocks.count - 1) + 0.5))]
            })
    }

    /// A line chart of a series (●), with an interval band (░) where low and high are given:
    /// for trends and forecasts. Labels under the first and last points.
    public static func line(
        labels: [String], values: [Double?], low: [Double?] = [], high: [Double?] = [], height: Int = 8
    ) -> String {
        let all = values.compactMap { $0 } + low.compactMap { $0 } + high.compactMap { $0 }
        guard let bottom = all.min(), let top = all.max(), !values.isEmpty else { return "" }
        let span = top > bottom ? top - bottom : 1
        func rowOf(_ value: Double) -> Int { Int(((value - bottom) / span * Double(height - 1)).rounded()) }
        let columnWidth = 2
        var grid = Array(repeating: Array(repeating: Character(" "), count: values.count * columnWidth), count: height)
        for index in values.indices {
            let column = index * columnWidth
            if index < low.count, index < high.count, let lowValue = low[index], let highValue = high[index] {
                for row in rowOf(lowValue)...max(rowOf(lowValue), rowOf(highValue)) { grid[row][column] = "░" }
            }
            if let value = values[index] { grid[rowOf(value)][column] = "●" }
        }
        var lines = grid.reversed().map { String($0).replacingTrailingSpaces() }
        lines.append(String(repeating: "─", count: values.count * columnWidth))
        if let first = labels.first, let last = labels.last {
            let gap = max(1, values.count * columnWidth - displayWidth(first) - displayWidth(last))
            lines.append(first + String(repeating: " ", count: gap) + (labels.count > 1 ? last : ""))
        }
        return lines.joined(separator: "\n")
    }

    /// Funnel bars: each stage's count with the conversion from the stage before.
    public static func funnel(stages: [String], counts: [Double], conversions: [String], width: Int = 30) -> String {
        let largest = counts.max() ?? 0
        let labelWidth = stages.map { displayWidth($0) }.max() ?? 0
        return stages.indices.map { index in
            let cells = largest > 0 ? Int(counts[index] / largest * Double(width)) : 0
            let indent = String(repeating: " ", count: (width - cells) / 2)
            let label = stages[index] + String(repeating: " ", count: labelWidth - displayWidth(stages[index]))
            let conversion = index < conversions.count ? "  " + conversions[index] : ""
            return label + "  " + indent + String(repeating: "█", count: max(1, cells)) + indent + "  "
                + formatNumber(counts[index]) + conversion
        }.joined(separator: "\n")
    }

    private static func partialBlock(_ fraction: Double) -> String {
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return blocks[min(7, Int(fraction * 8))]
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
