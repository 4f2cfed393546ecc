import Model
import Render
import TestSupport
import Testing

/// The charts: snapshots to look at, and checks that do not depend on them — the value axis is
/// labelled with the data's largest and smallest value, every line fits the width, each measure
/// is drawn on its own scale.
@Suite struct ChartTests {
    static let months = (1...12).map { "2026-" + ($0 < 10 ? "0\($0)" : "\($0)") }
    static let revenue: [Double?] = [
        71_980_000, 35_140_000, 92_250_000, 82_690_000, 80_100_000, 126_000_000, 78_010_000, 73_270_000, 96_140_000,
        75_570_000, 88_000_000, 99_000_000,
    ]

    @Test(arguments: [Lang.zh, .en], [40, 80, 120])
    func aLineChartHasAnAxisOfTheDataAndFitsTheWidth(_ lang: Lang, _ width: Int) throws {
        let chart = ChartStyle(lang: lang, width: width).line(labels: Self.months, values: Self.revenue, kind: .money)
        let lines = chart.split(separator: "\n").map(String.init)
        let values = Self.revenue.compactMap { $0 }
        // The top line is labelled with the largest value, the last line of the plot with the smallest.
        #expect(lines[0].hasPrefix(Figures.text(values.max()!, .money, lang: lang).leftPadded(to: axisWidth(lines))))
        let bottom = lines.first { $0.contains("┤") && $0 != lines[0] && $0.trimmingLeadingSpaces.hasPrefix(Figures.text(values.min()!, .money, lang: lang)) }
        #expect(bottom != nil)
        for line in lines { #expect(displayWidth(line) <= width, "\(line)") }
        // One point a month; the first and last month label the time axis.
        #expect(chart.filter { $0 == "●" }.count == values.count)
        #expect(lines.last!.contains(Self.months.first!) && lines.last!.contains(Self.months.last!))
    }

    @Test func aForecastShowsHistoryForecastAndBothBandsApart() throws {
        let history: [Double?] = [10, 12, 11, 13, 12, 14]
        let forecast: [Double?] = [15, 16, 15]
        let none = [Double?](repeating: nil, count: history.count)
        let chart = ChartStyle(lang: .zh, width: 60).line(
            labels: (1...9).map { "2026-0\($0)" }, values: history + forecast, kind: .count, forecastFrom: history.count,
            band80: (none + [13, 13.5, 12], none + [17, 18.5, 18]), band95: (none + [11, 11, 9], none + [19, 21, 21]))
        // The plot is the lines above the time axis; the legend follows it.
        let plot = chart.split(separator: "\n").prefix { !$0.contains("└") }.joined()
        #expect(plot.filter { $0 == "●" }.count == history.count)
        #expect(plot.filter { $0 == "○" }.count == forecast.count)
        #expect(chart.split(separator: "\n").last!.contains("80%"))
        #expect(chart.contains("▓") && chart.contains("░"))
        // The axis reaches the top of the 95% band, which is above every point.
        #expect(String(chart.split(separator: "\n")[0]).trimmingLeadingSpaces.hasPrefix("21"))
        try assertSnapshot(chart, named: "forecast.zh.txt")
    }

    @Test func barsUseTheScaleOfTheirMeasure() throws {
        let style = ChartStyle(lang: .en, width: 80)
        // A rate of 7.9% is a short bar on 0–100%, not a full one.
        let rates = style.bars(labels: ["East", "West"], values: [0.079, 0.5], kind: .rate)
        let rateLines = rates.split(separator: "\n").map(String.init)
        #expect(rateLines[0].filter { $0 == "█" }.count < rateLines[1].filter { $0 == "█" }.count / 4)
        #expect(rateLines.last!.contains("0.0%") && rateLines.last!.contains("100.0%"))
        // Scores from 1 to 5: 4.55 and 3.92 are told apart (a bar from 1, not from 0).
        let scores = style.bars(labels: ["a", "b"], values: [4.55, 3.92], kind: .score).split(separator: "\n")
        let (long, short) = (scores[0].filter { $0 == "█" }.count, scores[1].filter { $0 == "█" }.count)
        #expect(Double(short) / Double(long) < 0.85)
        // Changes go left and right of zero.
        let changes = style.bars(labels: ["up", "down"], values: [0.2, -0.1], kind: .change).split(separator: "\n")
        let zero = changes.map { line in line.firstIndex(of: "│").map { displayWidth(String(line[..<$0])) } }
        #expect(zero[0] != nil && zero[0] == zero[1])
        #expect(changes[1].contains("█") && changes[1].firstIndex(of: "█")! < changes[1].firstIndex(of: "│")!)
        #expect(changes[0].firstIndex(of: "█")! > changes[0].firstIndex(of: "│")!)
        try assertSnapshot([rates, scores.joined(separator: "\n"), changes.joined(separator: "\n")].joined(separator: "\n\n"), named: "bars.en.txt")
    }

    @Test func asciiChartsHoldOnlyASCII() {
        let style = ChartStyle(lang: .en, width: 60, ascii: true)
        let text = [
            style.line(labels: Self.months, values: Self.revenue, kind: .money),
            style.bars(labels: ["a", "b"], values: [3, 1], kind: .count),
            style.funnel(stages: ["Lead", "Won"], counts: [10, 4], conversions: ["40%", ""]),
            style.sparkline([1, 2, 3]),
        ].joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    private func axisWidth(_ lines: [String]) -> Int {
        displayWidth(String(lines[0].prefix { $0 != "┤" })) - 1
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - displayWidth(self))) + self }
}
