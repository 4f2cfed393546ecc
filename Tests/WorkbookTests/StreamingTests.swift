import Foundation
import Testing

@testable import Store

// The scanner reads a sheet through a window of about a megabyte, cut where a <row> starts.
// These sheets are several windows long, so rows, cells and merged ranges land on every side of
// the cuts; the chunk sizes vary how the bytes arrive.

/// A sheet of `rows` rows (prefixing every element with `prefix`), with one row far wider than
/// the window, and the CSV it must turn into.
func largeSheet(rows: Int, prefix: String = "", wideRow: Int = 7) -> (xml: [UInt8], csv: String) {
    let p = prefix.isEmpty ? "" : prefix + ":"
    var xml = "<?xml version=\"1.0\"?><\(p)worksheet><\(p)sheetData>"
    var csv = ""
    for row in 1...rows {
        if row == wideRow {
            // 12,000 cells of ~100 bytes: more than a window.
            xml += "<\(p)row r=\"\(row)\">"
            var fields: [String] = []
            for column in 1...12_000 {
                let text = "wide \(column) " + String(repeating: "x", count: 60)
                xml +=
                    "<\(p)c r=\"\(CellReference.name(column, row))\" t=\"inlineStr\"><\(p)is><\(p)t>\(text)</\(p)t></\(p)is></\(p)c>"
                fields.append(text)
            }
            xml += "</\(p)row>"
            csv += fields.joined(separator: ",") + "\n"
            continue
        }
        if row % 10 == 3 {
            csv += "\n"  // no <row> element at all
            continue
        }
        xml +=
            "<\(p)row r=\"\(row)\"><\(p)c r=\"A\(row)\" t=\"inlineStr\"><\(p)is><\(p)t>订单 \(row), 第&amp;\(row)</\(p)t></\(p)is></\(p)c>"
        xml +=
            "<\(p)c r=\"C\(row)\"><\(p)v>\(row).25</\(p)v></\(p)c><\(p)c r=\"D\(row)\"><\(p)f>C\(row)*2</\(p)f><\(p)v>\(row * 2)</\(p)v></\(p)c></\(p)row>"
        csv += "\"订单 \(row), 第&\(row)\",,\(row).25,\(row * 2)\n"
    }
    xml += "</\(p)sheetData></\(p)worksheet>"
    return (Array(xml.utf8), csv)
}

@Test(arguments: [1 << 16, 1 << 20, 7_919, 1 << 24])
func largeSheetAcrossWindows(chunkSize: Int) throws {
    let (xml, csv) = largeSheet(rows: 40_000)
    #expect(xml.count > 5_000_000)
    let output = String(decoding: try SheetScanner.csv(fromXML: xml, chunkSize: chunkSize), as: UTF8.self)
    #expect(output.count == csv.count)
    #expect(output == csv)
}

@Test func largePrefixedSheetAcrossWindows() throws {
    let (xml, csv) = largeSheet(rows: 30_000, prefix: "x", wideRow: 20_000)
    let output = String(decoding: try SheetScanner.csv(fromXML: xml, chunkSize: 10_007), as: UTF8.self)
    #expect(output == csv)
}

@Test func largeSheetWithMergedRanges() throws {
    var xml = "<worksheet><sheetData>"
    var lines: [String] = []
    for row in 1...60_000 {
        if row % 1_000 == 1 {
            // Every thousandth row starts a region merged over the next 999 rows of column A.
            xml +=
                "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"inlineStr\"><is><t>region \(row)</t></is></c><c r=\"B\(row)\"><v>\(row)</v></c></row>"
        } else {
            xml += "<row r=\"\(row)\"><c r=\"B\(row)\"><v>\(row)</v></c></row>"
        }
        lines.append("region \((row - 1) / 1_000 * 1_000 + 1),\(row)")
    }
    xml += "</sheetData><mergeCells count=\"60\">"
    for region in 0..<60 {
        xml += "<mergeCell ref=\"A\(region * 1_000 + 1):A\(region * 1_000 + 1_000)\"/>"
    }
    xml += "</mergeCells></worksheet>"
    let output = String(decoding: try SheetScanner.csv(fromXML: Array(xml.utf8), chunkSize: 65_536), as: UTF8.self)
    #expect(output == lines.joined(separator: "\n") + "\n")
}

@Test func cutOffLargeSheetIsMalformed() throws {
    let (xml, _) = largeSheet(rows: 20_000)
    #expect(throws: WorkbookError.self) {
        try SheetScanner.csv(fromXML: Array(xml.prefix(xml.count / 2)))
    }
}
