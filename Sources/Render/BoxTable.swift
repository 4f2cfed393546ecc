import Model

/// Whether a cell shows good or bad movement (coloured green or red on a terminal).
public enum Tone: Sendable {
    case plain, good, bad
}

/// A table with box-drawing borders that line up whatever the script: widths are display cells
/// (CJK two, box drawing and ambiguous characters one). Long text shrinks with … when the table
/// is wider than the terminal; numbers align right.
///
///     BoxTable(header: ["区域", "销售额"], rows: [["华东", "1,868万"]], rightAligned: [1]).render(width: 80)
public struct BoxTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var rightAligned: Set<Int>
    public var tones: [[Tone]]
    /// Borders of + - | for a terminal that is not UTF-8.
    public var ascii: Bool

    public init(
        header: [String], rows: [[String]], rightAligned: Set<Int> = [], tones: [[Tone]] = [], ascii: Bool = false
    ) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
        self.tones = tones
        self.ascii = ascii
    }

    /// The table in at most `width` cells (nil: no limit), coloured when `color` is true.
    public func render(width: Int? = nil, color: Bool = false) -> String {
        let columns = header.count
        var widths = (0..<columns).map { column in
            ([header] + rows).map { column < $0.count ? displayWidth($0[column]) : 0 }.max() ?? 0
        }
        if let width {
            // Borders take 3 cells a column plus 1. Headers wider than their values wrap first
            // (to half their width at most, and between words when they have spaces), then the
            // widest text columns shrink until it fits.
            var overflow = widths.reduce(0, +) + 3 * columns + 1 - width
            for column in 0..<columns where overflow > 0 {
                let values = rows.map { column < $0.count ? displayWidth($0[column]) : 0 }.max() ?? 0
                let floor = max(values, Self.narrowest(header[column]), 2)
                let cut = min(overflow, max(0, widths[column] - floor))
                widths[column] -= cut
                overflow -= cut
            }
            while overflow > 0 {
                guard
                    let widest = widths.indices.filter({ !rightAligned.contains($0) && widths[$0] > 4 })
                        .max(by: { widths[$0] < widths[$1] })
                else { break }
                widths[widest] -= 1
                overflow -= 1
            }
        }
        let bar = ascii ? "|" : "│"
        func line(_ left: String, _ middle: String, _ right: String) -> String {
            let (left, middle, right) = ascii ? ("+", "+", "+") : (left, middle, right)
            return left + widths.map { String(repeating: ascii ? "-" : "─", count: $0 + 2) }.joined(separator: middle) + right
        }
        func row(_ cells: [String], tones: [Tone]) -> String {
            bar
                + (0..<columns).map { column in
                    let text = fit(column < cells.count ? cells[column] : "", widths[column])
                    let padding = String(repeating: " ", count: widths[column] - displayWidth(text))
                    var shown = rightAligned.contains(column) ? padding + text : text + padding
                    if color, column < tones.count, tones[column] != .plain {
                        shown = (tones[column] == .good ? "\u{1B}[32m" : "\u{1B}[31m") + shown + "\u{1B}[0m"
                    }
                    return " " + shown + " "
                }.joined(separator: bar) + bar
        }
        var lines = [line("┌", "┬", "┐")]
        lines += wrapped(header, widths).map { row($0, tones: []) }
        lines.append(line("├", "┼", "┤"))
        for (index, cells) in rows.enumerated() {
            lines.append(row(cells, tones: index < tones.count ? tones[index] : []))
        }
        lines.append(line("└", "┴", "┘"))
        return lines.joined(separator: "\n")
    }

    /// How narrow a header may wrap: its longest word when it has spaces ("Individual weight"),
    /// else half its width (销售额（对比期）).
    static func narrowest(_ header: String) -> Int {
        let words = header.split(separator: " ")
        guard words.count > 1 else { return (displayWidth(header) + 1) / 2 }
        return max(words.map { displayWidth(String($0)) }.max() ?? 0, (displayWidth(header) + 2) / 3)
    }

    /// Header cells broken into lines of their column's width (销售额（对比期） over two lines),
    /// between words where there are spaces.
    private func wrapped(_ cells: [String], _ widths: [Int]) -> [[String]] {
        let pieces = cells.indices.map { column -> [String] in
            let width = widths[column]
            var lines: [String] = []
            var current = ""
            for word in cells[column].split(separator: " ").map(String.init) {
                let joined = current.isEmpty ? word : current + " " + word
                if displayWidth(joined) <= width {
                    current = joined
                    continue
                }
                if !current.isEmpty {
                    lines.append(current)
                    current = ""
                }
                // A word wider than the column breaks between its characters.
                for character in word {
                    if displayWidth(current) + displayWidth(String(character)) > width, !current.isEmpty {
                        lines.append(current)
                        current = ""
                    }
                    current.append(character)
                }
            }
            return lines + [current]
        }
        let height = pieces.map(\.count).max() ?? 1
        return (0..<height).map { line in pieces.map { line < $0.count ? $0[line] : "" } }
    }

    /// The text cut to `width` cells, ending in … when cut.
    private func fit(_ text: String, _ width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var result = ""
        for character in text {
            if displayWidth(result) + displayWidth(String(character)) > width - 1 { break }
            result.append(character)
        }
        return result + (ascii ? "~" : "…")
    }
}
