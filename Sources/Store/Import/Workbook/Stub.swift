// TEMPORARY stub until the reader lands.
enum WorkbookError: Error, Equatable {
    case notAZip, truncated, legacyExcel, encrypted
    case notAWorkbook(String)
    case malformed(part: String, detail: String)
}
struct Workbook: Sendable {
    struct Sheet: Sendable { let name: String; let index: Int; let isHidden: Bool }
    enum Kind { case zip, ole2 }
    let sheets: [Sheet]
    let uses1904Dates: Bool
    static func open(_ path: String) throws -> Workbook { throw WorkbookError.truncated }
    func csv(_ sheet: Sheet) throws -> [UInt8] { [] }
    static func kind(ofFileStartingWith bytes: some Collection<UInt8>) -> Kind? {
        let b = Array(bytes.prefix(8))
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .ole2 }
        return nil
    }
}
