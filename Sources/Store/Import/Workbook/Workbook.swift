import Foundation

// MARK: - Errors

/// Why a file could not be read as a workbook.
enum WorkbookError: Error, Equatable {
    /// Not a zip container at all.
    case notAZip
    /// The zip structure is damaged or cut off (no end-of-central-directory record, an entry that
    /// fails to inflate or to match its checksum).
    case truncated
    /// An OLE2 compound file holding an Excel 97-2003 workbook (.xls, BIFF).
    case legacyExcel
    /// An OLE2 compound file holding a password-protected OOXML package.
    case encrypted
    /// A zip without a workbook part (a .docx, .pptx, .ods, .xlsb …); says what it is if known.
    case notAWorkbook(String)
    /// An XML part that cannot be read. A file that cannot be read at all (missing, no
    /// permission) is reported as `.malformed(part: path, detail: "the file cannot be read")`.
    case malformed(part: String, detail: String)

    /// The error for a file that cannot be opened or read.
    static func unreadable(_ path: String) -> WorkbookError {
        .malformed(part: path, detail: "the file cannot be read")
    }
}

// MARK: - Workbook

/// An Excel workbook (.xlsx/.xlsm) opened for reading its sheets as CSV.
///
/// `open` reads the package's small parts (the workbook, its relationships, the styles and the
/// shared strings); `csv(_:)` inflates and converts one worksheet at a time.
struct Workbook: Sendable {
    /// A worksheet of the workbook (chartsheets and dialog sheets are left out).
    struct Sheet: Sendable, Equatable {
        /// The name on the sheet's tab.
        let name: String
        /// The position among the workbook's worksheets, 0-based, in workbook order.
        let index: Int
        /// Whether the sheet is hidden (`state="hidden"` or `"veryHidden"`).
        let isHidden: Bool
    }

    /// The leading bytes that identify a file's container.
    enum Kind: Sendable, Equatable {
        /// A zip archive (`PK\u{3}\u{4}`): .xlsx, .xlsm, but also .docx, .ods …
        case zip
        /// An OLE2 compound file (`D0 CF 11 E0 A1 B1 1A E1`): .xls, or an encrypted .xlsx.
        case ole2
    }

    /// The worksheets, in workbook order.
    let sheets: [Sheet]
    /// Whether date serials count from 1904-01-01 (`<workbookPr date1904="1"/>`).
    let uses1904Dates: Bool

    /// The file the workbook was read from.
    private let path: String
    /// The worksheet part of each sheet, by `Sheet.index`.
    private let sheetParts: [String]
    /// The inflated size of each worksheet part; nil for a part the package lacks.
    private let sheetSizes: [Int?]
    private let sharedStrings: SharedStrings
    private let styles: CellStyles

    // MARK: Sniffing

    /// The container kind of a file, judged from its first bytes; nil if it is neither.
    static func kind(ofFileStartingWith bytes: some Collection<UInt8>) -> Kind? {
        let head = Array(bytes.prefix(8))
        if head.count >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04 {
            return .zip
        }
        if head == CompoundFile.magic { return .ole2 }
        return nil
    }

    // MARK: Opening

    /// Opens the workbook at `path`, reading its sheet list, styles and shared strings.
    static func open(_ path: String) throws(WorkbookError) -> Workbook {
        let head = try leadingBytes(of: path, count: 8)
        switch kind(ofFileStartingWith: head) {
        case .ole2:
            throw try compoundFileError(path)
        case .zip:
            break
        case nil:
            // "PK\5\6" starts a zip with no entries at all.
            if head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { throw .notAWorkbook("an empty zip archive") }
            throw .notAZip
        }
        let package = try ZipPackage.open(path)
        let workbookPart = try officeDocumentPart(in: package)
        // The part must exist and be a <workbook>: a .docx's main part is a <document>.
        guard let workbookXML = try package.read(workbookPart),
            let listing = try PackageParts.parseWorkbook(workbookXML, part: workbookPart)
        else {
            throw .notAWorkbook(try describe(package))
        }
        let relationshipsPart = PackageParts.relationshipsPart(of: workbookPart)
        var relationships: [PackageParts.Relationship] = []
        if let xml = try package.read(relationshipsPart) {
            relationships = try PackageParts.parseRelationships(xml, part: relationshipsPart)
        }
        var byID: [String: PackageParts.Relationship] = [:]
        for relationship in relationships where byID[relationship.id] == nil { byID[relationship.id] = relationship }

        var sheets: [Sheet] = []
        var sheetParts: [String] = []
        for (position, entry) in listing.sheets.enumerated() {
            let target: String
            if let relationship = byID[entry.relationshipID] {
                // Chartsheets, dialog sheets and macro sheets have no cell grid to read.
                guard relationship.type.hasSuffix("/worksheet") else { continue }
                target = PackageParts.resolve(relationship.target, from: workbookPart)
            } else if relationships.isEmpty {
                // No relationships part at all: fall back to the conventional names.
                target = PackageParts.resolve("worksheets/sheet\(position + 1).xml", from: workbookPart)
            } else {
                continue
            }
            sheets.append(Sheet(name: entry.name, index: sheets.count, isHidden: entry.isHidden))
            sheetParts.append(target)
        }

        func part(ofType suffix: String, orDefault name: String) -> String? {
            if let relationship = relationships.first(where: { $0.type.hasSuffix(suffix) }) {
                return PackageParts.resolve(relationship.target, from: workbookPart)
            }
            let fallback = PackageParts.resolve(name, from: workbookPart)
            return package.contains(fallback) ? fallback : nil
        }
        var sharedStrings = SharedStrings.empty
        if let stringsPart = part(ofType: "/sharedStrings", orDefault: "sharedStrings.xml"),
            let xml = try package.read(stringsPart)
        {
            sharedStrings = try SharedStrings.parse(xml, part: stringsPart)
        }
        var styles = CellStyles.none
        if let stylesPart = part(ofType: "/styles", orDefault: "styles.xml"), let xml = try package.read(stylesPart) {
            styles = try CellStyles.parse(xml, part: stylesPart)
        }
        return Workbook(
            sheets: sheets, uses1904Dates: listing.uses1904Dates, path: path, sheetParts: sheetParts,
            sheetSizes: sheetParts.map { package.size(of: $0) }, sharedStrings: sharedStrings,
            styles: styles)
    }

    private init(
        sheets: [Sheet], uses1904Dates: Bool, path: String, sheetParts: [String], sheetSizes: [Int?],
        sharedStrings: SharedStrings, styles: CellStyles
    ) {
        self.sheets = sheets
        self.uses1904Dates = uses1904Dates
        self.path = path
        self.sheetParts = sheetParts
        self.sheetSizes = sheetSizes
        self.sharedStrings = sharedStrings
        self.styles = styles
    }

    // MARK: Reading sheets

    /// The sheet as CSV bytes: UTF-8 without BOM, "\n" line ends, RFC 4180 quoting only for fields
    /// with a comma, quote, CR or LF.
    ///
    /// Line N is sheet row N, from row 1 through the last row that has a value (empty rows are
    /// empty lines); each line has as many fields as its row's last non-empty column.
    func csv(_ sheet: Sheet) throws(WorkbookError) -> [UInt8] {
        guard sheet.index >= 0, sheet.index < sheets.count, sheets[sheet.index] == sheet else {
            throw .malformed(part: path, detail: "the workbook has no sheet \"\(sheet.name)\" at \(sheet.index)")
        }
        let part = sheetParts[sheet.index]
        guard let size = sheetSizes[sheet.index] else {
            throw .malformed(part: part, detail: "the worksheet part of \"\(sheet.name)\" is missing")
        }
        return try SheetScanner.csv(
            part: part, of: path, expectedSize: size, strings: sharedStrings,
            styles: styles, uses1904Dates: uses1904Dates)
    }

    // MARK: Helpers

    /// Up to `count` bytes from the start of the file.
    private static func leadingBytes(of path: String, count: Int) throws(WorkbookError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path) }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw .unreadable(path)
        }
    }

    /// The error for an OLE2 file: what its directory says it holds.
    private static func compoundFileError(_ path: String) throws(WorkbookError) -> WorkbookError {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped))
        } catch {
            throw .unreadable(path)
        }
        switch CompoundFile.content(of: bytes) {
        case .legacyExcel: return .legacyExcel
        case .encryptedPackage: return .encrypted
        case .other(let description): return .notAWorkbook(description)
        // A compound file whose directory cannot be read: most likely an .xls that is damaged or
        // cut short; the advice (save it as .xlsx or CSV) is the same.
        case nil: return .legacyExcel
        }
    }

    /// The workbook part named by the package's root relationships (`_rels/.rels`), normally
    /// "xl/workbook.xml".
    private static func officeDocumentPart(in package: ZipPackage) throws(WorkbookError) -> String {
        guard let xml = try package.read("_rels/.rels") else { return "xl/workbook.xml" }
        let relationships = try PackageParts.parseRelationships(xml, part: "_rels/.rels")
        guard let document = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) else {
            return "xl/workbook.xml"
        }
        let part = PackageParts.resolve(document.target, from: "")
        return package.contains(part) ? part : "xl/workbook.xml"
    }

    /// What a zip without a workbook part is, for `.notAWorkbook`.
    private static func describe(_ package: ZipPackage) throws(WorkbookError) -> String {
        if package.contains("xl/workbook.bin") { return "an Excel binary workbook (.xlsb)" }
        if package.contains("word/document.xml") { return "a Word document (.docx)" }
        if package.contains("ppt/presentation.xml") { return "a PowerPoint presentation (.pptx)" }
        if let mimetype = try package.read("mimetype") {
            let type = String(decoding: mimetype, as: UTF8.self)
            if type.contains("opendocument.spreadsheet") { return "an OpenDocument spreadsheet (.ods)" }
            if type.contains("opendocument") { return "an OpenDocument file (\(type))" }
        }
        return "a zip archive without xl/workbook.xml"
    }
}
