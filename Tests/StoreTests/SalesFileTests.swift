import Foundation
import Model
import Store
import TestSupport
import Testing

/// Reading, mapping and cleaning a file (the stage before the workspace), on small files made
/// for each case.
@Suite struct SalesFileTests {
    private func write(_ bytes: [UInt8], name: String = "sales.csv") -> String {
        let path = Fixtures.temporaryDirectory() + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    private func read(_ text: String, name: String = "sales.csv", _ configure: (inout ImportOptions) -> Void = { _ in })
        throws -> SalesFile
    {
        try read(bytes: Array(text.utf8), name: name, configure)
    }

    private func read(bytes: [UInt8], name: String = "sales.csv", _ configure: (inout ImportOptions) -> Void = { _ in })
        throws -> SalesFile
    {
        var options = ImportOptions()
        configure(&options)
        return try SalesFile.read(write(bytes, name: name), options: options)
    }

    private func field(_ file: SalesFile, _ header: String) -> ImportField? {
        file.columns.first { $0.header == header }?.field
    }

    // MARK: - Encodings

    /// GBK bytes for "日期,销售额,区域\n", "华东" and "华南" (from Python's gbk codec).
    static let gbkHeader: [UInt8] = [
        0xC8, 0xD5, 0xC6, 0xDA, 0x2C, 0xCF, 0xFA, 0xCA, 0xDB, 0xB6, 0xEE, 0x2C, 0xC7, 0xF8, 0xD3, 0xF2, 0x0A,
    ]
    static let gbkEast: [UInt8] = [0xBB, 0xAA, 0xB6, 0xAB]
    static let gbkSouth: [UInt8] = [0xBB, 0xAA, 0xC4, 0xCF]

    @Test func gbkIsTriedBeforeWindows1252() throws {
        let bytes =
            Self.gbkHeader + Array("2026-01-05,100,".utf8) + Self.gbkEast + [0x0A] + Array("2026-01-06,50,".utf8)
            + Self.gbkSouth + [0x0A]
        let file = try read(bytes: bytes)
        #expect(file.encoding == .gb18030)
        #expect(file.encodingEvidence == .chineseText)
        #expect(file.headers == ["日期", "销售额", "区域"])
        #expect(file.samples.map { $0.values[.region] } == ["华东", "华南"])
    }

    @Test func windows1252ReadsLatinText() throws {
        // "Müller" and "€“" in Windows-1252: ü followed by l forms a GBK pair, but outside the
        // GB2312 area where Chinese text lives.
        let bytes =
            Array("Date,Sales,Customer\n2026-01-05,1,M".utf8) + [0xFC] + Array("ller\n2026-01-06,2,x".utf8)
            + [0x80, 0x93] + [0x0A]
        let file = try read(bytes: bytes)
        #expect(file.encoding == .cp1252)
        #expect(file.samples.map { $0.values[.customer] } == ["Müller", "x€“"])
    }

    @Test func byteOrderMarksAndUTF16() throws {
        let bom = try read(bytes: [0xEF, 0xBB, 0xBF] + Array("日期,销售额\n2026-01-05,1\n".utf8))
        #expect(bom.encoding == .utf8 && bom.encodingEvidence == .byteOrderMark)
        #expect(bom.headers == ["日期", "销售额"])
        // Excel's "Unicode text": UTF-16LE with a byte-order mark, tab-separated.
        let utf16 =
            [UInt8]([0xFF, 0xFE]) + "日期\t销售额\r\n2026-01-05\t1\r\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let file = try read(bytes: utf16, name: "sales.txt")
        #expect(file.encoding == .utf16LittleEndian)
        #expect(file.delimiter == "\t")
        #expect(file.rowsKept == 1)
    }

    @Test func mixedEncodingsAreRefusedWithTheirLines() throws {
        let bytes = Array("日期,销售额,区域\n2026-01-05,100,华东\n2026-01-06,50,".utf8) + Self.gbkSouth + [0x0A]
        #expect(throws: ImportError.mixedEncodings(utf8Line: 1, otherLine: 3)) { try read(bytes: bytes) }
        // Named, the encoding reads the lines it can and rejects the others.
        let file = try read(bytes: bytes) { $0.encoding = .utf8 }
        #expect(file.rowsKept == 1)
        #expect(file.rejections.map(\.line) == [3])
        #expect(file.rejections.first?.reason == .invalidBytes(.utf8))
    }

    @Test func binaryFilesAreNamed() throws {
        #expect(throws: ImportError.notText(kind: .excelWorkbook)) {
            try read(bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        }
        #expect(throws: ImportError.notText(kind: .html)) { try read("<html><table><tr><td>1</td></tr></table>") }
        #expect(throws: ImportError.notText(kind: .controlBytes(line: 2))) {
            try read(bytes: Array("日期,销售额\n2026-01-05,1\0\n".utf8))
        }
        #expect(throws: ImportError.empty) { try read("") }
        #expect(throws: ImportError.empty) { try read("\n\r\n  \n") }
        #expect(throws: ImportError.empty) { try read(bytes: [0xEF, 0xBB, 0xBF]) }
    }

    // MARK: - CSV

    @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws {
        let text = """
            Order Date,Sales,Product Name
            1/5/2026,1,"Stur-D-Stor Shelving, Vertical 5-Shelf: 72""H x 36""W"
            1/6/2026,2,"two
            lines"
            1/7/2026,x,after
            1/13/2026,4,72"H plain

            """
        let file = try read(text)
        #expect(
            file.samples.map { $0.values[.product] } == [
                #"Stur-D-Stor Shelving, Vertical 5-Shelf: 72"H x 36"W"#, "two\nlines", #"72"H plain"#,
            ])
        // Line numbers count the line break inside the quotes.
        #expect(file.samples.map(\.line) == [2, 3, 6])
        #expect(file.rejections.map(\.line) == [5])
        #expect(file.rejections.first?.column == 2)
        #expect(file.rejections.first?.reason == .notANumber(column: "Sales", value: "x"))
        #expect(file.rejections.first?.fields == ["1/7/2026", "x", "after"])
    }

    @Test func unclosedQuoteNamesLineAndColumn() throws {
        let text = "日期,销售额,产品\n2026-01-05,1,ok\n2026-01-06,2,\"未闭合\n2026-01-07,3,x\n"
        #expect(throws: ImportError.unclosedQuote(line: 3, column: 14)) { try read(text) }
    }

    @Test func lineEndingsAndDelimiters() throws {
        let crOnly = try read("Date;Amount;Region\r2026-01-05;1,5;North\r2026-01-06;2;South\r")
        #expect(crOnly.delimiter == ";")
        #expect(crOnly.samples.map(\.line) == [2, 3])
        #expect(crOnly.samples.first?.values[.amount] == "1.5")
        let tsv = try read("Date\tAmount\n2026-01-05\t1,234\n", name: "sales.tsv")
        #expect(tsv.delimiter == "\t")
        #expect(tsv.samples.first?.values[.amount] == "1234")
    }

    @Test func raggedAndTruncatedRowsAreRejected() throws {
        let file = try read(
            "日期,销售额,区域\n2026-01-05,1,华东\n2026-01-06,2\n2026-01-07,3,华东,extra\n2026-01-08,4,华南,,\n2026-01-09,5")
        #expect(file.rowsKept == 2)  // a trailing empty field is tolerated
        #expect(
            file.rejections.map(\.reason) == [
                .fieldCount(found: 2, expected: 3), .fieldCount(found: 4, expected: 3),
                .truncatedLastLine(found: 2, expected: 3),
            ])
        #expect(file.notes.contains(.truncatedLastLine(line: 6)))
    }

    @Test func duplicateRowsAreDroppedAndCounted() throws {
        let file = try read("日期,销售额\n2026-01-05,1\n2026-01-05,1\n2026-01-05,2\n2026-01-05,1\n")
        #expect(file.rowsRead == 4)
        #expect(file.duplicates == 2)
        #expect(file.rowsKept == 2)
    }

    @Test func headerAndDataProblemsAreFatal() throws {
        #expect(throws: ImportError.noDataRows(headerLine: 1)) { try read("日期,销售额\n\n") }
        #expect(throws: ImportError.noDateColumn(headers: ["客户", "销售额"])) { try read("客户,销售额\n张伟,1\n") }
        #expect(throws: ImportError.noAmountColumn(headers: ["日期", "数量"])) { try read("日期,数量\n2026-01-05,1\n") }
        #expect(throws: ImportError.ambiguousColumns(field: .amount, columns: [2, 3], headers: ["销售额", "销售额"])) {
            try read("日期,销售额,销售额\n2026-01-05,1,2\n")
        }
        #expect(throws: ImportError.unknownColumn(name: "成交价", headers: ["日期", "销售额"])) {
            try read("日期,销售额\n2026-01-05,1\n") { $0.mapping = ["成交价": .amount] }
        }
    }

    // MARK: - Mapping

    @Test func headersMatchDespiteSpacesCaseAndFullWidth() throws {
        let file = try read(" ORDER_DATE ,ｓａｌｅｓ,订单 ID,Customer Name,Customer ID\n2026-01-05,1,A1,张伟,C1\n")
        #expect(field(file, "ORDER_DATE") == .date)
        #expect(field(file, "ｓａｌｅｓ") == .amount)
        #expect(field(file, "订单 ID") == .orderNumber)
        #expect(field(file, "Customer Name") == .customer)
        #expect(file.columns.first { $0.header == "Customer ID" }?.source == .outranked(field: .customer, by: 3))
        #expect(file.notes.contains(.headersCleaned([" ORDER_DATE ", "ｓａｌｅｓ"])))
    }

    @Test func unitInHeaderScalesValues() throws {
        let file = try read("日期,销售额（万元）\n2026-01-05,1.5\n")
        #expect(file.samples.first?.values[.amount] == "15000")
        #expect(file.notes.contains(.unitScaled(header: "销售额（万元）", scale: 10_000)))
    }

    @Test func mapOverridesAndIgnores() throws {
        let text = "下单时间,付款时间,实付,备注\n2026-01-05,2026-01-09,10,x\n"
        let mapping: [String: ImportField?] = ["付款时间": .date, "实付": .amount, "下单时间": nil]
        let file = try read(text) { $0.mapping = mapping }
        #expect(file.samples.first?.values[.date] == "2026-01-09")
        #expect(file.columns.map(\.source) == [ImportColumn.Source.ignored, .option, .option, .unmapped])
        let byNumber = try read(text) { $0.mapping = ["#3": .amount] }
        #expect(field(byNumber, "实付") == .amount)
        #expect(field(byNumber, "下单时间") == .date)
    }

    @Test func titleLinesAboveTheHeaderAreSkipped() throws {
        let file = try read("2026年1月销售报表\n\n订单日期,销售额,区域\n2026-01-05,1,华东\n")
        #expect(file.headerLine == 3)
        #expect(file.rowsKept == 1)
        #expect(file.notes.first == .titleLinesSkipped(headerLine: 3))
    }

    // MARK: - Dates

    @Test func dayFirstIsDecidedByTheWholeColumn() throws {
        // Only line 4 tells: 13/1 cannot be month first; the earlier rows are read day first too.
        let file = try read("Date,Amount\n01/02/2026,1\n05/06/2026,2\n13/01/2026,3\n")
        #expect(file.dateOrder == .evidence(.dayFirst, line: 4, value: "13/01/2026"))
        #expect(file.samples.map { $0.values[.date] } == ["2026-02-01", "2026-06-05", "2026-01-13"])
    }

    @Test func monthFirstIsDecidedByTheWholeColumn() throws {
        let file = try read("Date,Amount\n01/02/2026,1\n1/13/2026,3\n")
        #expect(file.dateOrder == .evidence(.monthFirst, line: 3, value: "1/13/2026"))
        #expect(file.samples.first?.values[.date] == "2026-01-02")
    }

    @Test func undecidableColumnIsReportedAndAssumed() throws {
        let file = try read("Date,Amount\n01/02/2026,1\n05/06/2026,2\n")
        #expect(file.dateOrder == .undecidable(assumed: .monthFirst))
        #expect(file.notes.contains(.dateOrderUndecidable(column: "Date", assumed: .monthFirst)))
        let dotted = try read("Date,Amount\n01.02.2026,1\n")
        #expect(dotted.dateOrder == .undecidable(assumed: .dayFirst))
        let chosen = try read("Date,Amount\n01/02/2026,1\n") { $0.dateOrder = .dayFirst }
        #expect(chosen.dateOrder == .chosen(.dayFirst))
        #expect(chosen.samples.first?.values[.date] == "2026-02-01")
    }

    @Test func conflictingOrdersRejectTheMinority() throws {
        let file = try read("Date,Amount\n13/01/2026,1\n14/01/2026,2\n1/15/2026,3\n")
        #expect(file.dateOrder == .conflicting(.dayFirst, agreeing: 2, contradicting: 1, line: 4, value: "1/15/2026"))
        #expect(file.rowsKept == 2)
        #expect(file.rejections.first?.reason == .impossibleDate(column: "Date", value: "1/15/2026", order: .dayFirst))
        #expect(file.notes.contains(.dateOrderConflict(column: "Date", order: .dayFirst, contradicting: 1)))
    }

    @Test func excelSerialColumn() throws {
        let file = try read("日期,销售额\n45292,1\n45293.5,2\n")
        #expect(file.samples.map { $0.values[.date] } == ["2024-01-01", "2024-01-02"])
    }

    @Test func badDatesAreRejectedWithTheirLine() throws {
        let file = try read("日期,销售额\n2026-02-30,1\n,2\n明天,3\n2026-03-01,4\n")
        #expect(file.rejections.map(\.line) == [2, 3, 4])
        #expect(
            file.rejections.map(\.reason) == [
                .impossibleDate(column: "日期", value: "2026-02-30", order: nil), .missing(.date),
                .notADate(column: "日期", value: "明天"),
            ])
        #expect(file.rejections.map(\.column) == [1, nil, 1])
    }

    // MARK: - Values

    @Test func amountFromQuantityTimesPriceAndCostFromProfit() throws {
        let file = try read("InvoiceDate,Quantity,UnitPrice,Profit\n2026-01-05,6,2.55,1\n2026-01-05,,3,\n")
        #expect(file.samples.first?.values[.amount] == plainText(6 * 2.55))
        #expect(file.samples.first?.values[.cost] == plainText(6 * 2.55 - 1))
        #expect(file.rejections.first?.reason == .missing(.amount))
        #expect(file.notes.contains(.amountComputed(rows: 1)))
    }

    @Test func attributesNeedTheirOwner() throws {
        let file = try read("日期,销售额,细分,类别\n2026-01-05,1,公司,家具\n")
        #expect(file.notes.contains(.attributeWithoutOwner(field: .segment, owner: .customer)))
        #expect(file.notes.contains(.attributeWithoutOwner(field: .category, owner: .product)))
        #expect(file.samples.first?.values[.segment] == nil)
    }

    @Test func dryRunSamplesAreTheFirstFiveRows() throws {
        let rows = (1...8).map { "2026-01-0\($0),\($0)" }.joined(separator: "\n")
        let file = try read("日期,销售额\n" + rows + "\n")
        #expect(file.samples.map(\.line) == [2, 3, 4, 5, 6])
        #expect(file.samples.map { $0.values[.amount] } == ["1", "2", "3", "4", "5"])
    }

    private func plainText(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
