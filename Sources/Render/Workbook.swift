import Foundation
import Model

/// Answers as an Excel workbook (.xlsx, Office Open XML): one sheet an answer, the header row in
/// the session's language and frozen, typed cells — numbers as numbers with a format by their
/// kind (money, percent, count), days and months as dates, names as text.
///
///     try Data(xlsxWorkbook([answer], lang: .zh)).write(to: URL(fileURLWithPath: "report.xlsx"))
public func xlsxWorkbook(_ answers: [Answer], lang: Lang) -> [UInt8] {
    var names: [String] = []
    for answer in answers { names.append(sheetName(answer.title(lang), taken: names)) }
    var zip = StoredZip()
    zip.add("[Content_Types].xml", contentTypes(sheets: answers.count))
    zip.add("_rels/.rels", packageRelations)
    zip.add("xl/workbook.xml", workbook(names))
    zip.add("xl/_rels/workbook.xml.rels", workbookRelations(sheets: answers.count))
    zip.add("xl/styles.xml", styles)
    for (index, answer) in answers.enumerated() {
        zip.add("xl/worksheets/sheet\(index + 1).xml", sheet(answer, lang: lang))
    }
    return zip.bytes()
}

// MARK: - Sheets

/// Style indices of styles.xml: 0 text, 1 bold header, 2 money, 3 count, 4 percent, 5 day,
/// 6 month, 7 decimal.
private func style(of kind: Column.Kind) -> Int {
    switch kind {
    case .money: 2
    case .count: 3
    case .rate, .change, .points: 4
    case .score, .days, .number: 7
    case .label, .time: 0
    }
}

private func sheet(_ answer: Answer, lang: Lang) -> String {
    let columns = answer.columns.indices.map(answer.described)
    var rows = ["<row r=\"1\">" + columns.indices.map { inlineText(cellReference($0, 1), columns[$0].title(lang), style: 1) }.joined() + "</row>"]
    for (offset, row) in answer.rows.enumerated() {
        let number = offset + 2
        let cells = row.indices.map { index -> String in
            let reference = cellReference(index, number)
            let column = columns[index]
            switch row[index] {
            case .null: return ""
            case .number(let value) where value.isFinite:
                return "<c r=\"\(reference)\" s=\"\(style(of: column.kind))\"><v>\(formatNumber(rounded(value, column.kind)))</v></c>"
            case .number: return ""
            case .text(let text):
                if column.kind == .time, let (serial, month) = excelDate(text) {
                    return "<c r=\"\(reference)\" s=\"\(month ? 6 : 5)\"><v>\(serial)</v></c>"
                }
                return inlineText(reference, column.valueNames[text]?(lang) ?? text, style: 0)
            }
        }
        rows.append("<row r=\"\(number)\">" + cells.joined() + "</row>")
    }
    let widths = columns.indices.map { index in
        min(60, max(8, ([columns[index].title(lang)] + answer.rows.prefix(200).map { $0[index].description }).map(displayWidth).max() ?? 8) + 2)
    }
    return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>\(widths.enumerated().map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"/>" }.joined())</cols><sheetData>\(rows.joined())</sheetData></worksheet>
        """
}

private func inlineText(_ reference: String, _ text: String, style: Int) -> String {
    "<c r=\"\(reference)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xmlEscaped(text))</t></is></c>"
}

/// A1-style: column 0 row 1 is A1, column 26 is AA.
private func cellReference(_ column: Int, _ row: Int) -> String {
    var name = ""
    var index = column + 1
    while index > 0 {
        let remainder = (index - 1) % 26
        name = String(UnicodeScalar(UInt8(65 + remainder))) + name
        index = (index - 1) / 26
    }
    return name + String(row)
}

/// A day (2026-01-05) or a month (2026-01) as Excel's serial day number, counted from 1899-12-30.
private func excelDate(_ text: String) -> (serial: Int, month: Bool)? {
    if let day = Day(iso: text) { return (day - Day(year: 1899, month: 12, day: 30), false) }
    guard text.count == 7, let day = Day(iso: text + "-01") else { return nil }
    return (day - Day(year: 1899, month: 12, day: 30), true)
}

/// Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
private func sheetName(_ title: String, taken: [String]) -> String {
    let cleaned = String(title.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(28))
    var name = cleaned.isEmpty ? "Sheet" : cleaned
    var number = 2
    while taken.contains(name) {
        name = cleaned.prefix(26) + " \(number)"
        number += 1
    }
    return name
}

private func xmlEscaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        // Control characters other than tab and newlines are not allowed in XML.
        case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

// MARK: - The package's fixed parts

private func contentTypes(sheets: Int) -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\((0..<sheets).map { $0 + 1 }.map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())</Types>
    """
}

private let packageRelations = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
    """

private func workbook(_ names: [String]) -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(names.enumerated().map { "<sheet name=\"\(xmlEscaped($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())</sheets></workbook>
    """
}

private func workbookRelations(sheets: Int) -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\((0..<sheets).map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())<Relationship Id="rId\(sheets + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
    """
}

private let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/><numFmt numFmtId="167" formatCode="yyyy-mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
    """

// MARK: - ZIP

/// A ZIP archive of stored (uncompressed) entries: all an .xlsx needs, with no library.
struct StoredZip {
    private var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) {
        let content = Array(text.utf8)
        let path = Array(name.utf8)
        let crc = crc32(content)
        let offset = UInt32(data.count)
        // Local file header: version 2.0, UTF-8 names (bit 11), stored, no time.
        data += le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
        data += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(path.count)) + le16(0)
        data += path + content
        central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
        central += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(path.count))
        central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + path
        count += 1
    }

    func bytes() -> [UInt8] {
        data + central + le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            + le32(UInt32(central.count)) + le32(UInt32(data.count)) + le16(0)
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
