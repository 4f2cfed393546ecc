import Foundation

// Reads a worksheet part (xl/worksheets/sheetN.xml) and writes it as CSV without building a tree:
// the scanner recognises <row>, <c> (attributes r, t, s), <v>, <is>…<t>, <f>, </row> and, after
// </sheetData>, <mergeCell ref>. It reads the part as it is inflated (PartStream.swift), a window
// of about a megabyte at a time cut at row boundaries. Merged ranges come after the rows in the
// XML, so a sheet that has them is read a second time, knowing them.

// MARK: - Cells

/// The `t` attribute of a cell.
enum CellType: UInt8 {
    /// `n` or no `t`: a number, possibly a date serial.
    case number
    /// `s`: an index into the shared string table.
    case sharedString
    /// `inlineStr`: text in `<is>`.
    case inlineString
    /// `str`: the text result of a formula.
    case formulaString
    /// `b`: 0 or 1.
    case boolean
    /// `e`: an error such as #DIV/0!, written as an empty field.
    case error
    /// `d`: an ISO 8601 date (written by a few producers instead of a serial).
    case isoDate
}

/// What the scanner found in one `<c>` element.
struct CellParts {
    var column: Int
    var type: CellType = .number
    var style = 0
    /// The text of `<v>`, if there is one.
    var value: ByteRange?
    /// The text of `<is>` when it is one run (the usual `<is><t>…</t></is>`).
    var inlineText: ByteRange?
    /// Whether `<is>` had several runs, which are then in the scanner's run list.
    var hasInlineRuns = false

    var hasContent: Bool { value != nil || inlineText != nil || hasInlineRuns }
}

// MARK: - Rendering

/// Turns a cell's parts into its CSV field.
struct CellRenderer {
    /// What the renderer needs to know about the workbook.
    struct Settings {
        let strings: SharedStrings
        let styles: CellStyles
        let uses1904Dates: Bool
    }

    let part: String
    /// The document the cell ranges point into (the scanner's current window).
    var base: UnsafePointer<UInt8>
    let strings: SharedStrings
    let styles: CellStyles
    let uses1904Dates: Bool

    init(part: String, base: UnsafePointer<UInt8>, settings: Settings) {
        self.part = part
        self.base = base
        self.strings = settings.strings
        self.styles = settings.styles
        self.uses1904Dates = settings.uses1904Dates
    }

    /// Appends the cell's field to `buffer`; writing nothing means an empty field.
    func render(_ cell: CellParts, runs: [ByteRange], row: Int, into buffer: inout GrowingBuffer) throws(WorkbookError)
    {
        switch cell.type {
        case .sharedString:
            guard let value = cell.value else { return }
            let text = XMLCursor(base: base, end: value.end)
            guard let index = text.integer(value), let (start, end) = strings.range(of: index) else {
                throw .malformed(
                    part: part,
                    detail: "cell \(CellReference.name(cell.column, row)) refers to shared string "
                        + "\(XMLCursor(base: base, end: value.end).string(value)) of \(strings.count)")
            }
            guard end > start else { return }
            strings.bytes.withUnsafeBufferPointer { table in
                if let address = table.baseAddress { buffer.append(address + start, count: end - start) }
            }
        case .inlineString:
            if let text = cell.inlineText {
                appendText(text, into: &buffer)
            } else if cell.hasInlineRuns {
                let start = buffer.count
                for run in runs { XMLTextDecoder.append(base: base, range: run, into: &buffer) }
                CSVQuoting.quoteIfNeeded(&buffer, from: start)
            } else if let value = cell.value {
                appendText(value, into: &buffer)
            }
        case .formulaString:
            guard let value = cell.value else { return }
            appendText(value, into: &buffer)
        case .boolean:
            guard let value = cell.value, !value.isEmpty else { return }
            let first = base[value.start]
            if first == UInt8(ascii: "1") || first == UInt8(ascii: "t") || first == UInt8(ascii: "T") {
                buffer.append(contentsOf: "TRUE")
            } else if first == UInt8(ascii: "0") || first == UInt8(ascii: "f") || first == UInt8(ascii: "F") {
                buffer.append(contentsOf: "FALSE")
            }
        case .error:
            return
        case .isoDate:
            guard let value = cell.value else { return }
            appendISODate(value, into: &buffer)
        case .number:
            guard let value = cell.value, !value.isEmpty else { return }
            let kind = styles.kind(ofStyle: cell.style)
            if kind != .number, let serial = NumberText.parse(base: base, range: value),
                ExcelDate.append(serial: serial, uses1904: uses1904Dates, timeOnly: kind == .time, into: &buffer)
            {
                return
            }
            if !NumberText.append(base: base, range: value, into: &buffer) {
                // Not a number after all: keep the text rather than lose it.
                let start = buffer.count
                XMLTextDecoder.append(base: base, range: value, into: &buffer)
                CSVQuoting.quoteIfNeeded(&buffer, from: start)
            }
        }
    }

    /// Appends XML text as a CSV field: decoded and quoted only if it has to be, which one pass
    /// over the bytes tells.
    @inline(__always)
    private func appendText(_ range: ByteRange, into buffer: inout GrowingBuffer) {
        // Bytes below 64 that matter: & and CR (decoding), comma, quote and LF (quoting); and _.
        let specialBelow64: UInt64 = 1 << 0x26 | 1 << 0x0D | 1 << 0x2C | 1 << 0x22 | 1 << 0x0A
        var special = false
        var offset = range.start
        while offset < range.end {
            let byte = base[offset]
            if byte < 64 ? (specialBelow64 >> UInt64(byte)) & 1 != 0 : byte == UInt8(ascii: "_") {
                special = true
                break
            }
            offset += 1
        }
        if !special {
            buffer.append(base + range.start, count: range.count)
            return
        }
        let start = buffer.count
        XMLTextDecoder.append(base: base, range: range, into: &buffer)
        CSVQuoting.quoteIfNeeded(&buffer, from: start)
    }

    /// Writes a `t="d"` value ("2024-03-01T13:45:00Z") as `YYYY-MM-DD[ HH:MM:SS]`; anything that
    /// does not look like one is kept as text.
    private func appendISODate(_ value: ByteRange, into buffer: inout GrowingBuffer) {
        let count = value.count
        func digitsAt(_ offset: Int, _ length: Int) -> Bool {
            guard offset + length <= count else { return false }
            for index in offset..<(offset + length) {
                let byte = base[value.start + index]
                if byte < 48 || byte > 57 { return false }
            }
            return true
        }
        func byte(_ offset: Int) -> UInt8 { offset < count ? base[value.start + offset] : 0 }
        let hasDate =
            digitsAt(0, 4) && byte(4) == UInt8(ascii: "-") && digitsAt(5, 2) && byte(7) == UInt8(ascii: "-")
            && digitsAt(8, 2)
        guard hasDate else {
            let start = buffer.count
            XMLTextDecoder.append(base: base, range: value, into: &buffer)
            CSVQuoting.quoteIfNeeded(&buffer, from: start)
            return
        }
        buffer.append(base + value.start, count: 10)
        let hasTime =
            byte(10) == UInt8(ascii: "T") && digitsAt(11, 2) && byte(13) == UInt8(ascii: ":") && digitsAt(14, 2)
        guard hasTime else { return }
        let hasSeconds = byte(16) == UInt8(ascii: ":") && digitsAt(17, 2)
        let isMidnight =
            (11..<16).allSatisfy { byte($0) == UInt8(ascii: "0") || byte($0) == UInt8(ascii: ":") }
            && (!hasSeconds || (byte(17) == UInt8(ascii: "0") && byte(18) == UInt8(ascii: "0")))
        guard !isMidnight else { return }
        buffer.append(UInt8(ascii: " "))
        buffer.append(base + value.start + 11, count: 5)
        if hasSeconds {
            buffer.append(base + value.start + 16, count: 3)
        } else {
            buffer.append(contentsOf: ":00")
        }
    }
}

extension GrowingBuffer {
    /// Appends ASCII text.
    mutating func append(contentsOf text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }
}

// MARK: - Merged ranges

/// A `<mergeCell ref="A2:A5"/>` range, 1-based and inclusive.
struct MergedRange {
    let firstRow: Int
    let firstColumn: Int
    let lastRow: Int
    let lastColumn: Int
}

// MARK: - Sheet limits

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
enum SheetLimits {
    static let rows = 1_048_576
    static let columns = 16_384
}

// MARK: - Scanner

/// Converts one worksheet part to CSV bytes.
///
/// Each sheet row becomes one line, row 1 first, through the last row that has a value; a row's
/// line has fields up to its last non-empty cell. Every cell of a merged range shows the text of
/// the range's top-left cell.
struct SheetScanner: ~Copyable {
    /// A field of the row being collected, in `scratch`.
    private struct PendingField {
        let column: Int
        let sequence: Int
        let start: Int
        let end: Int
    }

    private let part: String
    /// The part's bytes, a window at a time.
    private var window: PartWindow
    /// The reading position, within the current segment of the window.
    private var cursor: XMLCursor
    private var renderer: CellRenderer
    /// The CSV written so far.
    private var output: GrowingBuffer
    /// The fields of a row that cannot be written straight out (merged or out of column order).
    private var scratch = GrowingBuffer(capacity: 4_096)
    private var pending: [PendingField] = []
    /// The text runs of the current cell's `<is>`.
    private var runs: [ByteRange] = []

    /// The merged ranges, sorted by first row (known only in a second pass: they follow the rows).
    private let merges: [MergedRange]
    /// The top-left text of each merged range, as a CSV field, once its row has been read.
    private var mergeTexts: [[UInt8]]
    /// The next merge (by first row) not yet active.
    private var nextMerge = 0
    /// The merges that cover the current row.
    private var activeMerges: [Int] = []

    /// The last row that was read.
    private var previousRow = 0
    /// The last row whose line has been written (lines up to it are in `output`).
    private var lastWrittenRow = 0

    /// How much the window reads ahead: large enough that segment bookkeeping is noise.
    private static let segmentSize = 1 << 20

    /// Converts the worksheet part `part` of the zip at `path` to CSV, inflating it on a
    /// background thread while scanning.
    static func csv(
        part: String, of path: String, expectedSize: Int, strings: SharedStrings, styles: CellStyles,
        uses1904Dates: Bool
    ) throws(WorkbookError) -> [UInt8] {
        try csv(
            part: part, strings: strings, styles: styles, uses1904Dates: uses1904Dates,
            expectedSize: expectedSize
        ) { InflatedChunks.inflating(part: part, of: path) }
    }

    /// Converts a worksheet part's XML, held in memory, to CSV, reading it `chunkSize` bytes at a
    /// time as if it were being inflated.
    static func csv(
        fromXML xml: [UInt8], part: String = "sheet.xml", strings: SharedStrings = .empty,
        styles: CellStyles = .none, uses1904Dates: Bool = false, chunkSize: Int = 1 << 16
    ) throws(WorkbookError) -> [UInt8] {
        try csv(
            part: part, strings: strings, styles: styles, uses1904Dates: uses1904Dates,
            expectedSize: xml.count
        ) { InflatedChunks.complete(xml, chunkSize: chunkSize) }
    }

    /// Reads the part once without merged ranges; if its tail has some, reads it again with them.
    private static func csv(
        part: String, strings: SharedStrings, styles: CellStyles, uses1904Dates: Bool, expectedSize: Int,
        source: () -> InflatedChunks
    ) throws(WorkbookError) -> [UInt8] {
        let settings = CellRenderer.Settings(strings: strings, styles: styles, uses1904Dates: uses1904Dates)
        var first = SheetScanner(
            part: part, source: source(), settings: settings, merges: [],
            expectedSize: expectedSize)
        let merges = try first.convert()
        if merges.isEmpty { return first.output.bytes() }
        var second = SheetScanner(
            part: part, source: source(), settings: settings, merges: merges,
            expectedSize: expectedSize)
        _ = try second.convert()
        return second.output.bytes()
    }

    private init(
        part: String, source: InflatedChunks, settings: CellRenderer.Settings, merges: [MergedRange],
        expectedSize: Int
    ) {
        self.part = part
        self.window = PartWindow(source: source, initialCapacity: Self.segmentSize * 2)
        self.cursor = XMLCursor(base: window.base, end: 0)
        self.renderer = CellRenderer(part: part, base: window.base, settings: settings)
        self.merges = merges.sorted { ($0.firstRow, $0.firstColumn) < ($1.firstRow, $1.firstColumn) }
        self.mergeTexts = Array(repeating: [], count: merges.count)
        // Inline-string sheets shrink to about a fifth as CSV; shared-string ones may grow.
        self.output = GrowingBuffer(capacity: min(max(expectedSize / 5, 1 << 16), 1 << 30))
    }

    // MARK: Layout

    /// Reads the sheet: the part before `<sheetData>`, the rows, then what follows; returns the
    /// merged ranges found after the rows.
    private mutating func convert() throws(WorkbookError) -> [MergedRange] {
        var position = 0
        var minimum = Self.segmentSize

        // Up to <sheetData>: whole tags only, so segments end after a ">".
        var inRows = false
        header: while true {
            try window.refill(discardingBefore: position, minimumCount: minimum)
            position = 0
            let end = window.isComplete ? window.count : lastTagEnd()
            cursor = XMLCursor(base: window.base, start: position, end: end)
            while let tag = cursor.nextTag() {
                let isSheetData = cursor.matches(tag.name, "sheetData") && !tag.isClosing
                let selfClosing = cursor.finishTag()
                if isSheetData {
                    inRows = !selfClosing
                    position = cursor.position
                    break header
                }
            }
            if window.isComplete { return [] }  // no sheetData: an empty sheet
            position = cursor.position
            minimum = max(minimum, (window.count - position) * 2)
        }

        // The rows: segments end where a <row> starts, so rows are never split.
        minimum = Self.segmentSize
        var sheetDataClosed = !inRows
        while inRows {
            try window.refill(discardingBefore: position, minimumCount: minimum)
            position = 0
            let end: Int
            if window.isComplete {
                end = window.count
            } else if let rowStart = lastRowStart(after: position) {
                end = rowStart
                minimum = Self.segmentSize
            } else {
                // One row longer than the window: read further.
                minimum = max(window.count * 2, Self.segmentSize)
                continue
            }
            cursor = XMLCursor(base: window.base, start: position, end: end)
            renderer.base = window.base
            sheetDataClosed = try readRows()
            position = cursor.position
            if sheetDataClosed { break }
            if window.isComplete { break }
        }
        guard sheetDataClosed else {
            throw .malformed(part: part, detail: "<sheetData> is not closed (the part is cut off)")
        }

        if merges.isEmpty {
            // The rest: <mergeCells> and other elements; read it whole.
            while !window.isComplete {
                try window.refill(discardingBefore: position, minimumCount: (window.count - position) * 2 + minimum)
                position = 0
            }
            return readMerges(from: position)
        }
        let lastMergedRow = merges.map(\.lastRow).max() ?? 0
        fillMergedRows(from: previousRow + 1, through: lastMergedRow)
        return []
    }

    /// The offset just past the window's last ">" (0 if there is none).
    private func lastTagEnd() -> Int {
        var index = window.count - 1
        let base = window.base
        while index >= 0 && base[index] != UInt8(ascii: ">") { index -= 1 }
        return index + 1
    }

    /// The offset of the window's last `<row` start tag (any prefix) beyond `position`, if any.
    private func lastRowStart(after position: Int) -> Int? {
        let base = window.base
        var index = window.count - 4
        while index > position {
            // "row" followed by a space, ">" or "/", preceded by "<" or a prefix's ":".
            if base[index] == UInt8(ascii: "r") && base[index + 1] == UInt8(ascii: "o")
                && base[index + 2] == UInt8(ascii: "w")
            {
                let after = base[index + 3]
                if XMLCursor.isSpace(after) || after == UInt8(ascii: ">") || after == UInt8(ascii: "/") {
                    var before = index - 1
                    if base[before] == UInt8(ascii: ":") {
                        while before > position && base[before] != UInt8(ascii: "<") && !XMLCursor.isSpace(base[before])
                            && base[before] != UInt8(ascii: "/")
                        {
                            before -= 1
                        }
                    }
                    if base[before] == UInt8(ascii: "<") {
                        return before > position ? before : nil
                    }
                }
            }
            index -= 1
        }
        return nil
    }

    /// Reads the `<mergeCell ref>` elements from `start` to the end of the window.
    private func readMerges(from start: Int) -> [MergedRange] {
        var scan = XMLCursor(base: window.base, start: start, end: window.count)
        var found: [MergedRange] = []
        while let tag = scan.nextTag() {
            guard !tag.isClosing, scan.matches(tag.name, "mergeCell") else {
                scan.finishTag()
                continue
            }
            while let attribute = scan.nextAttribute() {
                guard scan.matches(attribute.name, "ref"),
                    let range = CellReference.mergedRange(attribute.value, in: scan)
                else {
                    continue
                }
                found.append(range)
            }
        }
        return found
    }

    // MARK: Rows

    /// Converts the rows of the current segment; returns true when `</sheetData>` was reached.
    private mutating func readRows() throws(WorkbookError) -> Bool {
        while let tag = cursor.nextTag() {
            if tag.isClosing {
                cursor.finishTag()
                if cursor.matches(tag.name, "sheetData") { return true }
                continue
            }
            guard cursor.matches(tag.name, "row") else {
                cursor.finishTag()
                continue
            }
            var row = previousRow + 1
            while let attribute = cursor.nextAttribute() {
                if cursor.matches(attribute.name, "r") {
                    guard let number = cursor.integer(attribute.value), number >= 1, number <= SheetLimits.rows else {
                        throw .malformed(part: part, detail: "row number \"\(cursor.string(attribute.value))\"")
                    }
                    row = number
                }
            }
            guard row > previousRow else {
                throw .malformed(part: part, detail: "row \(row) comes after row \(previousRow)")
            }
            guard row <= SheetLimits.rows else {
                throw .malformed(part: part, detail: "more than \(SheetLimits.rows) rows")
            }
            let isEmptyElement = cursor.lastTagWasSelfClosing
            if !merges.isEmpty {
                fillMergedRows(from: previousRow + 1, through: row - 1)
                activateMerges(for: row)
            }
            previousRow = row
            if isEmptyElement {
                if !activeMerges.isEmpty {
                    scratch.count = 0
                    pending.removeAll(keepingCapacity: true)
                    writeCollectedRow(row)
                }
                continue
            }
            if activeMerges.isEmpty {
                let rowStart = cursor.position
                if try writeRowDirectly(row) { continue }
                // Cells out of column order: read the row again, collecting its fields.
                cursor.position = rowStart
            }
            try collectRow(row)
            writeCollectedRow(row)
        }
        return false
    }

    /// Writes the row's cells straight to the output, the fast path for rows whose cells come in
    /// column order and that no merged range covers. Returns false, having written nothing, if a
    /// cell comes out of order.
    private mutating func writeRowDirectly(_ row: Int) throws(WorkbookError) -> Bool {
        let rowMark = output.count
        var fieldsWritten = 0
        var column = 0
        while let tag = cursor.nextTag() {
            if tag.isClosing {
                cursor.finishTag()
                if cursor.matches(tag.name, "row") {
                    if fieldsWritten > 0 {
                        output.append(0x0A)
                        lastWrittenRow = row
                    }
                    return true
                }
                continue
            }
            guard cursor.matches(tag.name, "c") else {
                cursor.finishTag()
                continue
            }
            let cell = try readCell(after: column, row: row)
            column = cell.column
            guard cell.hasContent else { continue }
            if column <= fieldsWritten {
                output.count = rowMark
                return false
            }
            let mark = output.count
            if fieldsWritten == 0 {
                // The first value of the row: first the empty lines of the rows since the last one.
                output.append(repeating: 0x0A, count: row - 1 - lastWrittenRow)
                output.append(repeating: UInt8(ascii: ","), count: column - 1)
            } else if column == fieldsWritten + 1 {
                output.append(UInt8(ascii: ","))
            } else {
                output.append(repeating: UInt8(ascii: ","), count: column - fieldsWritten)
            }
            let contentStart = output.count
            try renderer.render(cell, runs: runs, row: row, into: &output)
            if output.count == contentStart {
                output.count = mark
            } else {
                fieldsWritten = column
            }
        }
        throw .malformed(part: part, detail: "row \(row) is not closed")
    }

    /// Reads the row's cells into `pending` (the slow path).
    private mutating func collectRow(_ row: Int) throws(WorkbookError) {
        scratch.count = 0
        pending.removeAll(keepingCapacity: true)
        var column = 0
        while let tag = cursor.nextTag() {
            if tag.isClosing {
                cursor.finishTag()
                if cursor.matches(tag.name, "row") { return }
                continue
            }
            guard cursor.matches(tag.name, "c") else {
                cursor.finishTag()
                continue
            }
            let cell = try readCell(after: column, row: row)
            column = cell.column
            guard cell.hasContent else { continue }
            let start = scratch.count
            try renderer.render(cell, runs: runs, row: row, into: &scratch)
            if scratch.count > start {
                pending.append(PendingField(column: column, sequence: pending.count, start: start, end: scratch.count))
            }
        }
        throw .malformed(part: part, detail: "row \(row) is not closed")
    }

    /// Writes the fields in `pending` as row `row`'s line, after applying the merged ranges that
    /// cover the row.
    private mutating func writeCollectedRow(_ row: Int) {
        for index in activeMerges {
            let merge = merges[index]
            if row == merge.firstRow {
                // The top-left cell's text is what the whole range shows.
                if let anchor = pending.last(where: { $0.column == merge.firstColumn }) {
                    mergeTexts[index] = scratch.bytes(from: anchor.start, to: anchor.end)
                }
            }
            pending.removeAll { $0.column >= merge.firstColumn && $0.column <= merge.lastColumn }
            let text = mergeTexts[index]
            guard !text.isEmpty else { continue }
            for column in merge.firstColumn...merge.lastColumn {
                let start = scratch.count
                scratch.append(text)
                pending.append(PendingField(column: column, sequence: pending.count, start: start, end: scratch.count))
            }
        }
        guard !pending.isEmpty else { return }
        pending.sort { ($0.column, $0.sequence) < ($1.column, $1.sequence) }
        output.append(repeating: 0x0A, count: row - 1 - lastWrittenRow)
        var fieldsWritten = 0
        for (index, field) in pending.enumerated() {
            // Of two fields for one column the later one wins.
            if index + 1 < pending.count && pending[index + 1].column == field.column { continue }
            output.append(repeating: UInt8(ascii: ","), count: field.column - max(fieldsWritten, 1))
            output.append(scratch.base + field.start, count: field.end - field.start)
            fieldsWritten = field.column
        }
        output.append(0x0A)
        lastWrittenRow = row
    }

    /// Writes the lines of rows that have no `<row>` element but lie in a merged range with text.
    private mutating func fillMergedRows(from first: Int, through last: Int) {
        guard !merges.isEmpty, first <= last else { return }
        var row = first
        while row <= last {
            activateMerges(for: row)
            if activeMerges.isEmpty {
                // Jump to where the next merged range starts.
                guard nextMerge < merges.count else { return }
                row = max(row + 1, merges[nextMerge].firstRow)
                continue
            }
            scratch.count = 0
            pending.removeAll(keepingCapacity: true)
            writeCollectedRow(row)
            row += 1
        }
    }

    /// Brings `activeMerges` up to date for `row` (rows only ever increase).
    private mutating func activateMerges(for row: Int) {
        if !activeMerges.isEmpty {
            activeMerges.removeAll { merges[$0].lastRow < row }
        }
        while nextMerge < merges.count && merges[nextMerge].firstRow <= row {
            if merges[nextMerge].lastRow >= row { activeMerges.append(nextMerge) }
            nextMerge += 1
        }
    }

    // MARK: Cells

    /// Reads a `<c>` element whose name the cursor has just read: its attributes and children.
    /// A cell without `r` follows `previousColumn`.
    private mutating func readCell(after previousColumn: Int, row: Int) throws(WorkbookError) -> CellParts {
        var cell = CellParts(column: previousColumn + 1)
        while let attribute = cursor.nextAttribute() {
            let name = attribute.name
            guard name.count == 1 else { continue }
            let value = attribute.value
            switch cursor.base[name.start] {
            case UInt8(ascii: "r"):
                guard let column = CellReference.column(value, in: cursor) else {
                    throw .malformed(part: part, detail: "cell reference \"\(cursor.string(value))\" in row \(row)")
                }
                cell.column = column
            case UInt8(ascii: "t"):
                cell.type = cellType(value)
            case UInt8(ascii: "s"):
                cell.style = cursor.integer(value) ?? 0
            default:
                break
            }
        }
        guard cell.column <= SheetLimits.columns else {
            throw .malformed(part: part, detail: "more than \(SheetLimits.columns) columns in row \(row)")
        }
        if cursor.lastTagWasSelfClosing { return cell }
        if readCommonCellBody(into: &cell) { return cell }
        return try readCellBody(into: &cell, row: row)
    }

    /// The two shapes nearly every cell has, `<v>…</v></c>` and `<is><t>…</t></is></c>`, matched
    /// as byte patterns. Returns false, having moved nothing, for anything else.
    @inline(__always)
    private mutating func readCommonCellBody(into cell: inout CellParts) -> Bool {
        let base = cursor.base
        let start = cursor.position
        let end = cursor.end
        if cursor.startsWith("<v>", at: start) {
            var offset = start + 3
            while offset < end && base[offset] != UInt8(ascii: "<") { offset += 1 }
            guard cursor.startsWith("</v></c>", at: offset) else { return false }
            cell.value = ByteRange(start: start + 3, end: offset)
            cursor.position = offset + 8
            return true
        }
        if cursor.startsWith("<is><t>", at: start) {
            var offset = start + 7
            while offset < end && base[offset] != UInt8(ascii: "<") { offset += 1 }
            guard cursor.startsWith("</t></is></c>", at: offset) else { return false }
            cell.inlineText = ByteRange(start: start + 7, end: offset)
            cursor.position = offset + 13
            return true
        }
        return false
    }

    /// Reads a cell's children in general: `<f>`, `<v>`, `<is>` (with runs), prefixes, spacing.
    private mutating func readCellBody(into cell: inout CellParts, row: Int) throws(WorkbookError) -> CellParts {
        while let tag = cursor.nextTag() {
            let name = tag.name
            if tag.isClosing {
                cursor.finishTag()
                if cursor.matches(name, "c") { return cell }
                if cursor.matches(name, "row") { break }
                continue
            }
            if cursor.matches(name, "v") {
                cell.value =
                    cursor.finishTag() ? ByteRange(start: cursor.position, end: cursor.position) : cursor.text()
            } else if cursor.matches(name, "f") {
                // The formula itself is not needed: its cached result is in <v>.
                if !cursor.finishTag() { _ = cursor.text() }
            } else if cursor.matches(name, "is") {
                if !cursor.finishTag() {
                    if !runs.isEmpty { runs.removeAll(keepingCapacity: true) }
                    guard cursor.collectTextRuns(until: "is", into: &runs) else { break }
                    if runs.count == 1 {
                        cell.inlineText = runs[0]
                    } else {
                        cell.hasInlineRuns = true
                    }
                } else {
                    cell.inlineText = ByteRange(start: cursor.position, end: cursor.position)
                }
            } else {
                cursor.finishTag()
            }
        }
        throw .malformed(part: part, detail: "cell \(CellReference.name(cell.column, row)) is not closed")
    }

    /// The `t` attribute's meaning; unknown types read as numbers.
    private func cellType(_ value: ByteRange) -> CellType {
        switch value.count {
        case 1:
            switch cursor.base[value.start] {
            case UInt8(ascii: "s"): return .sharedString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        case 3 where cursor.matches(value, "str"):
            return .formulaString
        case 9 where cursor.matches(value, "inlineStr"):
            return .inlineString
        default:
            return .number
        }
    }
}

// MARK: - References

/// Cell references ("AB12") and ranges ("A2:A5").
enum CellReference {
    /// "B7" for column 2, row 7: for error messages.
    static func name(_ column: Int, _ row: Int) -> String {
        var letters: [Character] = []
        var remaining = column
        while remaining > 0 {
            let digit = (remaining - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + digit))), at: 0)
            remaining = (remaining - 1) / 26
        }
        return String(letters) + String(row)
    }

    /// The 1-based column of a cell reference such as "AB12" (→ 28); nil if it starts with no letter.
    static func column(_ range: ByteRange, in cursor: XMLCursor) -> Int? {
        var column = 0
        var offset = range.start
        while offset < range.end {
            var byte = cursor.base[offset]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 32 }
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(byte - 64)
            guard column <= SheetLimits.columns else { return nil }
            offset += 1
        }
        return column > 0 ? column : nil
    }

    /// The column and row of a cell reference such as "AB12" (`$` anchors allowed).
    static func cell(_ range: ByteRange, in cursor: XMLCursor) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var offset = range.start
        if offset < range.end && cursor.base[offset] == UInt8(ascii: "$") { offset += 1 }
        while offset < range.end {
            var byte = cursor.base[offset]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 32 }
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(byte - 64)
            guard column <= SheetLimits.columns else { return nil }
            offset += 1
        }
        if offset < range.end && cursor.base[offset] == UInt8(ascii: "$") { offset += 1 }
        let digitsStart = offset
        while offset < range.end {
            let digit = Int(cursor.base[offset]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            row = row * 10 + digit
            guard row <= SheetLimits.rows else { return nil }
            offset += 1
        }
        guard column > 0, offset > digitsStart, row > 0 else { return nil }
        return (column, row)
    }

    /// A merged range from its `ref` ("A2:A5", or "B3" for a single cell).
    static func mergedRange(_ range: ByteRange, in cursor: XMLCursor) -> MergedRange? {
        var colon = range.start
        while colon < range.end && cursor.base[colon] != UInt8(ascii: ":") { colon += 1 }
        guard let first = CellReference.cell(ByteRange(start: range.start, end: colon), in: cursor) else { return nil }
        var last = first
        if colon < range.end {
            guard let second = CellReference.cell(ByteRange(start: colon + 1, end: range.end), in: cursor) else {
                return nil
            }
            last = second
        }
        return MergedRange(
            firstRow: min(first.row, last.row), firstColumn: min(first.column, last.column),
            lastRow: max(first.row, last.row), lastColumn: max(first.column, last.column))
    }
}
