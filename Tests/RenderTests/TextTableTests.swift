import Model
import Render
import Testing

@Suite struct TextTableTests {
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
        #expect(Set(lines.map { displayWidth($0) }).count == 1)
    }
}
