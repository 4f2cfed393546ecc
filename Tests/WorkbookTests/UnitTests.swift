import Foundation
import Testing

@testable import Store

// MARK: - Helpers

/// Runs `body` with a buffer holding `text` as an XML document and returns what it wrote.
func written(_ text: String, _ body: (UnsafePointer<UInt8>, ByteRange, inout GrowingBuffer) -> Void) -> String {
    let bytes = Array(text.utf8) + [0]  // never an empty buffer
    return bytes.withUnsafeBufferPointer { source in
        var buffer = GrowingBuffer(capacity: 16)
        if let base = source.baseAddress {
            body(base, ByteRange(start: 0, end: source.count - 1), &buffer)
        }
        return buffer.string()
    }
}

func number(_ text: String) -> String {
    written(text) { base, range, buffer in _ = NumberText.append(base: base, range: range, into: &buffer) }
}

func date(_ serial: Double, uses1904: Bool = false, timeOnly: Bool = false) -> String {
    written("") { _, _, buffer in
        _ = ExcelDate.append(serial: serial, uses1904: uses1904, timeOnly: timeOnly, into: &buffer)
    }
}

func sheetCSV(_ rows: String, tail: String = "", strings: SharedStrings = .empty, styles: CellStyles = .none)
    throws -> String
{
    let xml = "<worksheet><sheetData>\(rows)</sheetData>\(tail)</worksheet>"
    return String(
        decoding: try SheetScanner.csv(fromXML: Array(xml.utf8), strings: strings, styles: styles),
        as: UTF8.self)
}

// MARK: - Numbers

@Test(arguments: [
    ("73865168.93", "73865168.93"), ("1500000", "1500000"), ("0.05", "0.05"), ("-3.5", "-3.5"),
    ("8.3000000000000007", "8.3"), ("0.30000000000000004", "0.30000000000000004"), ("1E-3", "0.001"),
    ("1.5E-5", "0.000015"), ("1e-6", "0.000001"), ("-2.5e-6", "-0.0000025"), ("1500000.0", "1500000"),
    ("2.50", "2.5"), ("-0", "0"), ("0", "0"), ("007", "7"), ("1E+3", "1000"),
    ("123456789012345", "123456789012345"), ("999999999999999.9", "999999999999999.9"),
    ("1e15", "1000000000000000"), ("1e16", "1e+16"), ("1e-7", "1e-07"), ("45652", "45652"),
])
func numbersAreShortestPlainDecimals(_ input: String, _ output: String) {
    #expect(number(input) == output)
}

@Test func nonNumbersAreRefused() {
    #expect(number("abc") == "")
    #expect(number("inf") == "")
    #expect(number("nan") == "")
    #expect(number("0x1p3") == "")
    #expect(number("") == "")
}

// MARK: - Dates

@Test func serialsInThe1900System() {
    #expect(date(1) == "1900-01-01")
    #expect(date(59) == "1900-02-28")
    #expect(date(61) == "1900-03-01")
    #expect(date(45_292) == "2024-01-01")
    #expect(date(45_292.5) == "2024-01-01 12:00:00")
    #expect(date(45_292.999_999_9) == "2024-01-02")  // rounds to the next midnight
    #expect(date(45_292 + 1.0 / 86_400 * 0.6) == "2024-01-01 00:00:01")
    #expect(date(2_958_465) == "9999-12-31")
    #expect(date(-1) == "")
    #expect(date(3_000_000) == "")
    #expect(date(.nan) == "")
}

@Test func serialsInThe1904System() {
    #expect(date(0, uses1904: true) == "1904-01-01")
    #expect(date(43_830, uses1904: true) == "2024-01-01")
    #expect(date(1.25, uses1904: true) == "1904-01-02 06:00:00")
}

@Test func timesOfDay() {
    #expect(date(0.5, timeOnly: true) == "12:00:00")
    #expect(date(0, timeOnly: true) == "00:00:00")
    #expect(date(0.999_994, timeOnly: true) == "23:59:59")
    #expect(date(1.5, timeOnly: true) == "1900-01-01 12:00:00")
}

// MARK: - Number formats

@Test(arguments: [
    ("0.00", NumberKind.number), ("#,##0", .number), ("0%", .number), ("0.00%", .number), ("General", .number),
    ("@", .number), ("0.00E+00", .number), ("#,##0.00\"元\"", .number), ("0 \"days\"", .number),
    ("\"¥\"#,##0.00;[Red]-\"¥\"#,##0.00", .number), ("_-* #,##0_-", .number),
    ("yyyy\"年\"m\"月\"d\"日\"", .date), ("[$-804]yyyy/m/d", .date), ("yyyy-mm-dd", .date), ("mmm", .date),
    ("m/d/yy h:mm", .date), ("d-mmm", .date), ("YYYY-MM-DD", .date),
    ("h:mm", .time), ("hh:mm:ss", .time), ("mm:ss", .time), ("[h]:mm:ss", .time), ("h\"时\"mm\"分\"", .time),
    ("[ss]", .time), ("h:mm AM/PM", .time),
])
func customFormatKinds(_ code: String, _ kind: NumberKind) {
    #expect(NumberFormat.kind(ofCode: code) == kind)
}

@Test func builtInFormatKinds() {
    for identifier in [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58] {
        #expect(NumberFormat.kind(ofBuiltIn: identifier) == .date, "\(identifier)")
    }
    for identifier in [18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56] {
        #expect(NumberFormat.kind(ofBuiltIn: identifier) == .time, "\(identifier)")
    }
    for identifier in [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49, 59, 164] {
        #expect(NumberFormat.kind(ofBuiltIn: identifier) == .number, "\(identifier)")
    }
}

// MARK: - Text

@Test func entitiesAndEscapesDecode() {
    func decoded(_ text: String) -> String {
        written(text) { base, range, buffer in XMLTextDecoder.append(base: base, range: range, into: &buffer) }
    }
    #expect(decoded("a &amp; b &lt;&gt; &quot;&apos;") == "a & b <> \"'")
    #expect(decoded("&#x4E2D;&#20013;&#x1F600;") == "中中😀")
    #expect(decoded("_x000D__x000A_") == "\r\n")
    #expect(decoded("_x005F_x0041_") == "_x0041_")
    #expect(decoded("_xD83D__xDE00_") == "😀")
    #expect(decoded("a\r\nb\rc") == "a\nb\nc")
    #expect(decoded("&unknown; & alone _x12_") == "&unknown; & alone _x12_")
}

@Test func csvQuoting() {
    func quoted(_ text: String) -> String {
        written(text) { base, range, buffer in
            buffer.append(base + range.start, count: range.count)
            CSVQuoting.quoteIfNeeded(&buffer, from: 0)
        }
    }
    #expect(quoted("plain text 中文") == "plain text 中文")
    #expect(quoted("a,b") == "\"a,b\"")
    #expect(quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(quoted("two\nlines") == "\"two\nlines\"")
    #expect(quoted("cr\r") == "\"cr\r\"")
    #expect(quoted("  spaces  ") == "  spaces  ")
}

@Test func columnReferences() {
    let text = Array("A1AB12XFD1048576a3$B$4".utf8)
    text.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let cursor = XMLCursor(base: base, end: buffer.count)
        #expect(CellReference.column(ByteRange(start: 0, end: 2), in: cursor) == 1)
        #expect(CellReference.column(ByteRange(start: 2, end: 6), in: cursor) == 28)
        let corner = CellReference.cell(ByteRange(start: 6, end: 16), in: cursor)
        #expect(corner?.column == 16_384 && corner?.row == 1_048_576)
        #expect(CellReference.column(ByteRange(start: 16, end: 18), in: cursor) == 1)
        let anchored = CellReference.cell(ByteRange(start: 18, end: 22), in: cursor)
        #expect(anchored?.column == 2 && anchored?.row == 4)
    }
    #expect(CellReference.name(28, 12) == "AB12")
}

// MARK: - Sheet scanner

@Test func emptyAndBlankSheets() throws {
    #expect(try sheetCSV("") == "")
    #expect(try sheetCSV("<row r=\"1\"/><row r=\"2\"><c r=\"A2\" t=\"s\"/></row>") == "")
    let selfClosed = "<worksheet><sheetData/></worksheet>"
    #expect(try SheetScanner.csv(fromXML: Array(selfClosed.utf8)).isEmpty)
    #expect(try SheetScanner.csv(fromXML: Array("<worksheet/>".utf8)).isEmpty)
}

@Test func rowGapsBecomeEmptyLinesAndTrailingCellsAreDropped() throws {
    let rows = """
        <row r="2"><c r="B2"><v>1</v></c><c r="D2" t="inlineStr"><is><t></t></is></c></row>\
        <row r="5"><c r="C5" t="e"><v>#REF!</v></c></row>\
        <row r="6"><c r="A6" t="str"><v>x</v></c></row>
        """
    #expect(try sheetCSV(rows) == "\n,1\n\n\n\nx\n")
}

@Test func cellsOutOfOrderAndDuplicates() throws {
    let rows = "<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>4</v></c></row>"
    #expect(try sheetCSV(rows) == "1,,4\n")
}

@Test func mergedRangeOverMissingRowsAndPastTheData() throws {
    let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>T</t></is></c><c r=\"B1\"><v>9</v></c></row>"
    let tail = "<mergeCells count=\"1\"><mergeCell ref=\"A1:A3\"/></mergeCells>"
    #expect(try sheetCSV(rows, tail: tail) == "T,9\nT\nT\n")
}

@Test func sharedStringsAndStylesThroughTheScanner() throws {
    let strings = try SharedStrings.parse(
        Array(
            """
            <sst><si><t>x,y</t></si><si><r><t>A</t></r><r><t>B</t></r><rPh><t>ignored</t></rPh></si></sst>
            """.utf8), part: "sst")
    #expect(strings.count == 2)
    #expect(strings.text(at: 0) == "x,y")
    #expect(strings.text(at: 1) == "AB")
    let styles = CellStyles(kinds: [.number, .date, .time])
    let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>45292</v></c>\
        <c r="D1" s="2"><v>0.25</v></c><c r="E1" s="9"><v>0.25</v></c></row>
        """
    #expect(try sheetCSV(rows, strings: strings, styles: styles) == "\"x,y\",AB,2024-01-01,06:00:00,0.25\n")
}

@Test func malformedSheets() {
    #expect(throws: WorkbookError.self) { try sheetCSV("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>") }
    #expect(throws: WorkbookError.self) { try sheetCSV("<row r=\"2\"></row><row r=\"1\"></row>") }
    #expect(throws: WorkbookError.self) { try sheetCSV("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>") }
    #expect(throws: WorkbookError.self) { try sheetCSV("<row r=\"1048577\"><c><v>1</v></c></row>") }
    // Cut off inside sheetData.
    #expect(throws: WorkbookError.self) {
        try SheetScanner.csv(fromXML: Array("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>".utf8))
    }
}

@Test func styleSheetReadsOnlyCellFormats() throws {
    let xml = """
        <styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="14" formatCode="0.00"/>\
        </numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/>\
        <xf numFmtId="14"/><xf numFmtId="20"/><xf numFmtId="31"/></cellXfs>\
        <dxfs><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs></styleSheet>
        """
    let styles = try CellStyles.parse(Array(xml.utf8), part: "styles.xml")
    // 14 is redefined as "0.00" here, so it is no date in this workbook.
    #expect(styles.kinds == [.number, .date, .number, .time, .date])
}

@Test func relationshipTargetsResolve() {
    #expect(PackageParts.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
    #expect(PackageParts.resolve("/xl/worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
    #expect(PackageParts.resolve("../media/a.png", from: "xl/drawings/d.xml") == "xl/media/a.png")
    #expect(PackageParts.resolve("./x/../y.xml", from: "xl/workbook.xml") == "xl/y.xml")
    #expect(PackageParts.relationshipsPart(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
}

@Test func checksumMatchesTheZipCRC() {
    var checksum = CRC32Checksum()
    Array("The quick brown fox jumps over the lazy dog".utf8).withUnsafeBytes { checksum.update($0) }
    #expect(checksum.value == 0x414F_A339)
    var pieces = CRC32Checksum()
    let text = Array("The quick brown fox jumps over the lazy dog".utf8)
    text[..<7].withUnsafeBytes { pieces.update($0) }
    text[7...].withUnsafeBytes { pieces.update($0) }
    #expect(pieces.value == 0x414F_A339)
}
