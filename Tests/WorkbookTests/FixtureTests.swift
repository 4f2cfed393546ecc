import Foundation
import Testing

@testable import Store

// MARK: - Against openpyxl

/// Each fixture's CSV, parsed back, says what openpyxl reads from the same file.
@Test(arguments: ["plain", "multisheet", "title_row", "merged", "dates", "dates1904", "libreoffice"])
func fixtureMatchesOpenpyxl(_ name: String) throws {
    let expected = try ExpectedWorkbook(fixture: name)
    let workbook = try Workbook.open(Fixtures.path(name + ".xlsx"))
    #expect(workbook.uses1904Dates == expected.uses1904Dates)
    #expect(workbook.sheets.map(\.name) == expected.sheets.map(\.name))
    #expect(workbook.sheets.map(\.isHidden) == expected.sheets.map(\.isHidden))
    #expect(workbook.sheets.map(\.index) == Array(0..<workbook.sheets.count))
    for (sheet, expectedSheet) in zip(workbook.sheets, expected.sheets) {
        let rows = parseCSV(try workbook.csv(sheet))
        #expect(rows.count == expectedSheet.rows.count, "\(name)/\(sheet.name): row count")
        for (number, (row, expectedRow)) in zip(rows, expectedSheet.rows).enumerated() {
            #expect(row.count == expectedRow.count, "\(name)/\(sheet.name) row \(number + 1): \(row)")
            for (column, (field, cell)) in zip(row, expectedRow).enumerated() {
                #expect(
                    cell.matches(field),
                    "\(name)/\(sheet.name) row \(number + 1) column \(column + 1): \(field) vs \(cell)")
            }
        }
    }
}

// MARK: - Exact CSV text

@Test func plainCSVIsQuotedOnlyWhereNeeded() throws {
    let workbook = try Workbook.open(Fixtures.path("plain.xlsx"))
    let text = try csvText(workbook, "Sheet1")
    #expect(
        text == """
            name,quantity,price,amount,active,note
            Alice,3,19.99,59.97,TRUE,plain
            Bob,-2,-3.5,7,FALSE,"comma, inside"
            Carol,0,0.05,73865168.93,,"a ""quoted"" word"
            张三,1500000,0.00001,0.000123,TRUE,"two
            lines"
            Dan,123456789012345,2.5,0.3333333333333333

            Eve,,7.25,,,gap before
            trailing,1

            """)
}

@Test func mergedRangesRepeatTheirTopLeftText() throws {
    let workbook = try Workbook.open(Fixtures.path("merged.xlsx"))
    let text = try csvText(workbook, "Merged")
    #expect(
        text == """
            区域,日期,销售员,金额,备注
            华东,2024-05-01,甲,100
            华东,2024-05-01,乙,200
            华东,2024-05-01,丙,300
            华南,2024-05-02,丁,400,merged note,merged note
            华南,2024-05-02,戊,500,merged note,merged note
            ,,,,merged note,merged note

            """)
}

@Test func titleRowAndTotalRowKeepTheirLines() throws {
    let workbook = try Workbook.open(Fixtures.path("title_row.xlsx"))
    let lines = try csvText(workbook, "销售明细").split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "2024年第一季度销售明细,2024年第一季度销售明细,2024年第一季度销售明细,2024年第一季度销售明细,2024年第一季度销售明细")
    #expect(lines[1] == "订单日期,客户,产品,数量,金额")
    #expect(lines[5] == "合计,,,17,1850.4")
    #expect(lines[6] == "")
    #expect(lines[7] == "制表人：李四")
}

@Test func libreOfficeFormulaTotalsUseCachedValues() throws {
    let workbook = try Workbook.open(Fixtures.path("libreoffice.xlsx"))
    let text = try csvText(workbook, "LO")
    #expect(text.contains("合计,,12,,537.9\n"))
    #expect(text.contains("2024-04-03 08:15:00,丙公司,5,100,500\n"))
    #expect(text.contains("\"乙公司, 分部\""))
}

@Test func multisheetListsWorksheetsInOrderWithoutTheChartsheet() throws {
    let workbook = try Workbook.open(Fixtures.path("multisheet.xlsx"))
    #expect(workbook.sheets.map(\.name) == ["订单", "商机", "跟进记录", "销售目标", "隐藏"])
    #expect(workbook.sheets.filter(\.isHidden).map(\.name) == ["隐藏"])
    #expect(try csvText(workbook, "跟进记录") == "日期,内容\n2024-03-01,电话沟通\n2024-03-02 14:30:00,上门拜访\n")
}

@Test func sheetFromAnotherWorkbookIsRefused() throws {
    let workbook = try Workbook.open(Fixtures.path("plain.xlsx"))
    let stranger = Workbook.Sheet(name: "订单", index: 0, isHidden: false)
    #expect(throws: WorkbookError.self) { try workbook.csv(stranger) }
}
