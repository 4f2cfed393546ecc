import Model
import Render
import TestSupport
import Testing

@Suite struct BoxTableTests {
    static let mixed = BoxTable(
        header: ["区域", "rep", "销售额", "change"],
        rows: [
            ["华东", "彭晓东", "1,868万", "+2.9%"], ["West", "Alice Chen", "12,345", "-8.8%"],
            ["黑龙江省", "ＡＢＣ全角", "7", "+40.5%"], ["东北", "O'Brien 王", "1.05亿", "0.0%"],
        ],
        rightAligned: [2, 3])

    /// The display column of every border character on a line.
    private func borderColumns(_ line: String) -> [Int] {
        var columns: [Int] = []
        var cells = 0
        for character in line {
            if "│┌┐└┘├┤┬┴┼".contains(character) { columns.append(cells) }
            cells += displayWidth(String(character))
        }
        return columns
    }

    @Test func everyRowsBordersSitAtTheSameDisplayColumns() {
        let lines = Self.mixed.render().split(separator: "\n").map(String.init)
        let expected = borderColumns(lines[0])
        #expect(expected.count == 5)
        for line in lines { #expect(borderColumns(line) == expected, "\(line)") }
        #expect(Set(lines.map { displayWidth($0) }).count == 1)
    }

    @Test func narrowTerminalsShrinkLongTextWithAnEllipsis() {
        let lines = Self.mixed.render(width: 40).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { displayWidth($0) <= 40 })
        #expect(lines.contains { $0.contains("…") })
        let expected = borderColumns(lines[0])
        for line in lines { #expect(borderColumns(line) == expected, "\(line)") }
        // Numbers are never cut.
        #expect(lines.contains { $0.contains("1,868万") })
    }

    @Test func colourOnlyWhenAsked() {
        let toned = BoxTable(header: ["a", "b"], rows: [["x", "+1%"]], rightAligned: [1], tones: [[.plain, .good]])
        #expect(!toned.render().contains("\u{1B}["))
        #expect(toned.render(color: true).contains("\u{1B}[32m"))
    }

    @Test(arguments: [("zh", ["区域", "销售员", "销售额", "变化"]), ("en", ["region", "rep", "revenue", "change"])])
    func snapshots(_ lang: String, _ header: [String]) throws {
        var table = Self.mixed
        table.header = header
        try assertSnapshot(table.render() + "\n\n" + table.render(width: 36), named: "table.\(lang).txt")
    }
}
