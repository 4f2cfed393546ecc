import Foundation
import Testing

@testable import Store

// MARK: - Sniffing

@Test func kindOfLeadingBytes() {
    #expect(Workbook.kind(ofFileStartingWith: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]) == .zip)
    #expect(Workbook.kind(ofFileStartingWith: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00]) == .ole2)
    #expect(Workbook.kind(ofFileStartingWith: Array("name,amount\n".utf8)) == nil)
    #expect(Workbook.kind(ofFileStartingWith: [0x50, 0x4B]) == nil)
    #expect(Workbook.kind(ofFileStartingWith: [UInt8]()) == nil)
    #expect(Workbook.kind(ofFileStartingWith: [0xD0, 0xCF, 0x11, 0xE0][...]) == nil)
}

@Test func fixturesSniffAsTheirContainers() throws {
    #expect(Workbook.kind(ofFileStartingWith: try Fixtures.bytes("plain.xlsx")) == .zip)
    #expect(Workbook.kind(ofFileStartingWith: try Fixtures.bytes("legacy.xls")) == .ole2)
    #expect(Workbook.kind(ofFileStartingWith: try Fixtures.bytes("encrypted.xlsx")) == .ole2)
}

// MARK: - Damaged and foreign files

@Test func truncatedWorkbook() throws {
    let bytes = try Fixtures.bytes("multisheet.xlsx")
    let file = try TemporaryFile(named: "cut.xlsx", bytes: Array(bytes.prefix(bytes.count * 6 / 10)))
    defer { file.cleanUp() }
    #expect(throws: WorkbookError.truncated) { try Workbook.open(file.path) }
}

@Test func corruptedEntryData() throws {
    // Flip bytes inside the compressed data of the first entries: the directory is intact, but
    // an entry fails to inflate or to match its CRC.
    var bytes = try Fixtures.bytes("plain.xlsx")
    for offset in 200..<260 { bytes[offset] ^= 0x5A }
    let file = try TemporaryFile(named: "corrupt.xlsx", bytes: bytes)
    defer { file.cleanUp() }
    #expect(throws: WorkbookError.truncated) {
        let workbook = try Workbook.open(file.path)
        for sheet in workbook.sheets { _ = try workbook.csv(sheet) }
    }
}

@Test func notAZip() throws {
    var generator = SystemRandomNumberGenerator()
    let noise = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let random = try TemporaryFile(named: "noise.xlsx", bytes: [0x00] + noise)
    defer { random.cleanUp() }
    #expect(throws: WorkbookError.notAZip) { try Workbook.open(random.path) }

    let csv = try TemporaryFile(named: "data.xlsx", bytes: Array("订单编号,金额\nSO1,10\n".utf8))
    defer { csv.cleanUp() }
    #expect(throws: WorkbookError.notAZip) { try Workbook.open(csv.path) }

    let empty = try TemporaryFile(named: "empty.xlsx", bytes: [])
    defer { empty.cleanUp() }
    #expect(throws: WorkbookError.notAZip) { try Workbook.open(empty.path) }
}

@Test func legacyExcelWorkbook() {
    #expect(throws: WorkbookError.legacyExcel) { try Workbook.open(Fixtures.path("legacy.xls")) }
}

@Test func encryptedPackage() {
    #expect(throws: WorkbookError.encrypted) { try Workbook.open(Fixtures.path("encrypted.xlsx")) }
}

@Test func wordDocumentIsNotAWorkbook() {
    #expect(throws: WorkbookError.notAWorkbook("a Word document (.docx)")) {
        try Workbook.open(Fixtures.path("document.docx"))
    }
}

@Test func otherPackagesAreNotWorkbooks() {
    #expect(throws: WorkbookError.notAWorkbook("an Excel binary workbook (.xlsb)")) {
        try Workbook.open(Fixtures.path("binary.xlsb"))
    }
    #expect(throws: WorkbookError.notAWorkbook("an OpenDocument spreadsheet (.ods)")) {
        try Workbook.open(Fixtures.path("spreadsheet.ods"))
    }
}

@Test func missingFileIsUnreadable() {
    let path = "/nonexistent/\(UUID().uuidString).xlsx"
    #expect(throws: WorkbookError.malformed(part: path, detail: "the file cannot be read")) {
        try Workbook.open(path)
    }
}

// MARK: - OLE2 by hand

/// A minimal compound file: header, one FAT sector, one directory sector with the given stream names.
func compoundFile(streams: [String]) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 512 * 3)
    func put16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8(value >> 8)
    }
    func put32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8((value >> (8 * UInt32(index))) & 0xFF) }
    }
    bytes.replaceSubrange(0..<8, with: CompoundFile.magic)
    put16(0x3E, at: 24)  // minor version
    put16(3, at: 26)  // major version
    put16(0xFFFE, at: 28)  // byte order
    put16(9, at: 30)  // 512-byte sectors
    put16(6, at: 32)  // 64-byte mini sectors
    put32(1, at: 44)  // one FAT sector
    put32(1, at: 48)  // directory starts at sector 1
    put32(0xFFFF_FFFE, at: 60)  // no mini FAT
    put32(0xFFFF_FFFE, at: 68)  // no DIFAT sectors
    for index in 0..<109 { put32(index == 0 ? 0 : 0xFFFF_FFFF, at: 76 + index * 4) }
    // Sector 0 (the FAT): sector 0 is a FAT sector, sector 1 ends its chain.
    for index in 0..<128 { put32(0xFFFF_FFFF, at: 512 + index * 4) }
    put32(0xFFFF_FFFD, at: 512)
    put32(0xFFFF_FFFE, at: 516)
    // Sector 1: the directory.
    for (entry, name) in (["Root Entry"] + streams).enumerated() {
        let start = 1_024 + entry * 128
        let units = Array(name.utf16)
        for (index, unit) in units.enumerated() { put16(unit, at: start + index * 2) }
        put16(UInt16((units.count + 1) * 2), at: start + 64)
        bytes[start + 66] = entry == 0 ? 5 : 2
    }
    return bytes
}

@Test func handBuiltCompoundFiles() throws {
    #expect(
        CompoundFile.content(of: compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"])) == .encryptedPackage)
    #expect(CompoundFile.content(of: compoundFile(streams: ["Workbook", "\u{5}SummaryInformation"])) == .legacyExcel)
    #expect(CompoundFile.content(of: compoundFile(streams: ["Book"])) == .legacyExcel)
    #expect(
        CompoundFile.content(of: compoundFile(streams: ["WordDocument"])) == .other("a Word 97-2003 document (.doc)"))
    #expect(CompoundFile.content(of: Array(compoundFile(streams: ["Workbook"]).prefix(700))) == nil)

    let file = try TemporaryFile(
        named: "locked.xlsx", bytes: compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"]))
    defer { file.cleanUp() }
    #expect(throws: WorkbookError.encrypted) { try Workbook.open(file.path) }
}
