import Foundation
import Testing

@testable import Store

// handmade.xlsx is zipped by make.py from hand-written XML, so its expectations are written here
// by hand: inline strings, t="str", t="b", t="e", t="d", the 1904 date system, cells and rows
// without r, a namespace prefix on every element, rich and phonetic shared strings,
// xml:space="preserve", entity, numeric and _xHHHH_ references, built-in CJK date formats,
// pretty-printed XML, a chartsheet, a very hidden sheet.

@Test func handmadeWorkbookListing() throws {
    let workbook = try Workbook.open(Fixtures.path("handmade.xlsx"))
    #expect(workbook.uses1904Dates)
    #expect(
        workbook.sheets == [
            Workbook.Sheet(name: "Prefixed", index: 0, isHidden: false),
            Workbook.Sheet(name: "Plain & Simple", index: 1, isHidden: false),
            Workbook.Sheet(name: "Secret", index: 2, isHidden: true),
        ])
}

@Test func prefixedSheetWithoutReferences() throws {
    let workbook = try Workbook.open(Fixtures.path("handmade.xlsx"))
    let lines = [
        // Shared, rich shared and inline strings (with &amp;).
        "plain,ab,inline & more",
        // A row and cells without r: booleans, an error (empty), a t="str" formula result.
        "TRUE,FALSE,,plainx",
        "",
        // xml:space="preserve"; entities and numeric references, quoted for the quote marks.
        ",  padded  ,\"Tom & Jerry <3 中中 \"\"q\"\"\"",
        // A merged range A5:B6 whose second row has no <row> element.
        "\"a,b\",\"a,b\"",
        "\"a,b\",\"a,b\"",
    ]
    #expect(try csvText(workbook, "Prefixed") == lines.joined(separator: "\n") + "\n")
}

@Test func plainSheetDatesNumbersAndStrings() throws {
    let workbook = try Workbook.open(Fixtures.path("handmade.xlsx"))
    let lines = [
        // 1904 system: serial 0 is 1904-01-01; h:mm below one day is a time; 1.75 a date-time.
        "1904-01-01,2024-01-01,12:00:00,1904-01-02 18:00:00",
        // Built-in 31 and 57 (CJK dates), custom yyyy"年"m"月"d"日" and [$-804]yyyy/m/d.
        "2024-01-01,2024-01-01,2024-01-01,2024-01-01",
        // h:mm:ss and built-in 32 (CJK time) below one day; 0.00% and #,##0.00"元" stay numbers.
        "06:00:00,18:00:00,0.25,1234.5",
        // Excel's 17 digits, exponents, -0, a trailing zero, beyond 1e15.
        "8.3,0.001,0.000015,0,2.5,1.2345678901234567e+19,0.1",
        // t="d" ISO dates.
        "2024-03-01,2024-03-01 13:45:30,42",
        "",
        // Cells out of column order.
        "1,,3",
        // Rich inline string without its phonetic run; a formula without a cached value.
        "rich ",
        "",
        // Phonetic run left out, _x000D_ and &#10;, an empty shared string, a comma.
        "東京,\"line1\r\nline2\",,\"a,b\"",
    ]
    #expect(try csvText(workbook, "Plain & Simple") == lines.joined(separator: "\n") + "\n")
}

@Test func veryHiddenSheetStartsWithAnEmptyLine() throws {
    let workbook = try Workbook.open(Fixtures.path("handmade.xlsx"))
    #expect(try csvText(workbook, "Secret") == "\n,hidden\n")
}
