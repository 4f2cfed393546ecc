import Model
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("revenue", 7), ("销售额", 6), ("华东 revenue", 12), ("１２３", 6), ("ａｂ", 4),
        ("─│┌", 3), ("é", 1), ("e\u{301}", 1), ("", 0), ("😀", 2), ("·", 1),
    ])
    func cellsPerText(_ text: String, _ cells: Int) {
        #expect(displayWidth(text) == cells)
    }
}
