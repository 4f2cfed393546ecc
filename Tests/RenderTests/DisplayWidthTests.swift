import Render
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("revenue", 7), ("销售额", 6), ("华东 revenue", 12), ("１２３", 6), ("ａｂ", 4),
        ("─│┌", 3), ("é", 1), ("e\u{301}", 1), ("", 0), ("😀", 2), ("·", 1),
    ])
    func cellsPerText(_ text: String, _ cells: Int) {
        #expect(displayWidth(text) == cells)
    }

    @Test func tableColumnsLineUpWithChineseText() {
        let table = TextTable(
            header: ["区域", "revenue"], rows: [["华东", "1,234"], ["West", "98"], ["黑龙江省", "7"]], rightAligned: [1])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "区域      revenue",
                "────────  ───────",
                "华东        1,234",
                "West           98",
                "黑龙江省        7",
            ])
        #expect(Set(lines.map(displayWidth)).count == 1)
    }
}
