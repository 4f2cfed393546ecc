import Model
import Render
import Testing

/// The renderer's fitting: long tables are cut with a count of the rest, wide tables keep every
/// line within the width, a name that is the same on every row of a wide table is said once.
@Suite struct RendererTests {
    static func answer(rows: Int, numbers: Int) -> Answer {
        var schema = [
            Column(id: "period", kind: .time, title: Localized(zh: "期间", en: "Period")),
            Column(id: "method", kind: .label, title: Localized(zh: "方法", en: "Method")),
        ]
        schema += (0..<numbers).map { Column(id: "m\($0)", kind: .money, title: Localized(zh: "指标\($0)", en: "Measure \($0)")) }
        let cells: [[Cell]] = (0..<rows).map { row in
            [.text("2026-\(row % 9 + 1)"), .text("Exponential smoothing (trend + season)")]
                + (0..<numbers).map { .number(123_456_789.0 + Double($0 * 1000 + row)) }
        }
        return Answer(
            plan: Plan(intent: .breakdown), title: Localized(zh: "标题", en: "Title"), columns: schema.map(\.id), rows: cells,
            schema: schema)
    }

    @Test(arguments: [Lang.zh, .en], [60, 80, 100])
    func everyLineOfAWideTableFitsAndTheSameNameIsSaidOnce(_ lang: Lang, _ width: Int) {
        let text = Renderer(lang: lang, width: width).table(Self.answer(rows: 3, numbers: 8))
        for line in text.split(separator: "\n") { #expect(displayWidth(String(line)) <= width, "\(line)") }
        #expect(text.components(separatedBy: "Exponential smoothing (trend + season)").count == 2)
        #expect(text.hasPrefix(lang == .zh ? "方法：" : "Method: "))
        // Every figure of every row is still there.
        for index in 0..<8 { #expect(text.contains(lang == .zh ? "1.23亿" : grouped(123_456_789.0 + Double(index * 1000), decimals: 0))) }
    }

    @Test func aLongTableShowsItsFirstRowsAndSaysHowManyMore() {
        let text = Renderer(lang: .en, width: 80).table(Self.answer(rows: 169, numbers: 1))
        #expect(text.hasSuffix("… 139 more (limit N or --format csv)"))
        // 30 rows between the header rule and the bottom border.
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("│ 2026-") }.count == 30)
        let short = Renderer(lang: .zh, width: 80).table(Self.answer(rows: 33, numbers: 1))
        #expect(!short.contains("还有"))
    }
}

/// Issue 17, item 16: names from the data cannot drive the terminal. An escape sequence, a bidi
/// override and a line break in a customer's name print as harmless text in table and Markdown
/// output; CSV keeps them as they are.
@Suite struct TerminalSafetyTests {
    static let names = ["\u{1b}[31mRed\u{1b}[0m Co", "abc\u{202E}fed", "two\nlines", "bell\u{07}", "c1\u{9b}2J"]

    static func answer() -> Answer {
        let schema = [
            Column(id: "customer", kind: .label, title: Localized(zh: "客户", en: "Customer")),
            Column(id: "revenue", kind: .money, title: Localized(zh: "销售额", en: "Revenue")),
        ]
        return Answer(
            plan: Plan(intent: .breakdown), title: Localized(zh: "按客户 \(names[0])", en: "By customer \(names[0])"),
            columns: schema.map(\.id), rows: names.map { [.text($0), .number(100)] }, schema: schema)
    }

    @Test(arguments: [Lang.zh, .en])
    func tableAndMarkdownCarryNoControlOrBidiCharacters(_ lang: Lang) {
        let renderer = Renderer(lang: lang, width: 100)
        for text in [renderer.text(Self.answer()), renderer.markdown(Self.answer())] {
            let scalars = text.unicodeScalars.map(\.value)
            #expect(!scalars.contains { ($0 < 0x20 && $0 != 0x0A) || (0x7F..<0xA0).contains($0) })
            #expect(!scalars.contains { (0x202A...0x202E).contains($0) || (0x2066...0x2069).contains($0) })
            #expect(text.contains("␛[31mRed␛[0m Co"))
            #expect(text.contains("two lines"))
            #expect(text.contains("bell␇"))
        }
        // The table has one line per customer: a line break in a name splits no row.
        let table = renderer.table(Self.answer())
        #expect(table.split(separator: "\n").count == Self.names.count + 4)
    }

    @Test func csvKeepsTheDataAsItIs() {
        let csv = answerCSV(Self.answer())
        #expect(csv.contains("\u{1b}[31mRed\u{1b}[0m Co"))
        #expect(csv.contains("\"two\nlines\""))
    }
}
