import Foundation
import Model

/// A sales file read, mapped and cleaned, ready to be written: the first stage of `kpish import`.
/// Reading touches no workspace, so a file that cannot be imported leaves every workspace as it was.
///
///     let file = try SalesFile.read("superstore.csv", options: ImportOptions())
///     file.encoding        // .cp1252
///     file.dateOrder       // .evidence(.monthFirst, line: 7, value: "11/22/2015")
///     file.rowsKept        // 9994
public struct SalesFile: Sendable {
    public let path: String
    public let encoding: SourceEncoding
    public let encodingEvidence: EncodingEvidence
    public let delimiter: Character
    /// The line the header is on (after any title lines).
    public let headerLine: Int
    /// Every column of the header and what became of it.
    public let columns: [ImportColumn]
    public let dateOrder: DateOrderDecision
    /// Data rows read (blank lines not counted).
    public let rowsRead: Int
    /// Rows identical in every field to an earlier row of the file, dropped.
    public let duplicates: Int
    /// Rows that were not kept, in line order.
    public let rejections: [Rejection]
    public let notes: [ImportNote]
    /// The first five kept rows, parsed.
    public let samples: [SampleRow]
    /// The kept rows, column by column.
    let rows: OrderRows

    /// Rows that survived cleaning: what an import writes, less rows already in the workspace.
    public var rowsKept: Int { rows.count }

    /// Rejected rows by reason, most frequent first.
    public var rejectedByReason: [RejectGroup] { RejectGroup.grouping(rejections) }

    /// The header of each column, in file order.
    public var headers: [String] { columns.map(\.header) }

    /// Reads, decodes, maps and cleans the file at `path`.
    ///
    /// Throws `ImportError` when the file cannot be imported at all: not found or unreadable,
    /// not text, empty, mixed encodings, an unclosed quote, no date or amount column, no data rows.
    public static func read(_ path: String, options: ImportOptions) throws -> SalesFile {
        try read(path, options: options) { _ in nil }
    }

    /// What is known once the header is mapped, before any row is read.
    struct Header: Sendable {
        let path: String
        let encoding: SourceEncoding
        let columns: [ImportColumn]
        var fields: Set<ImportField> { Set(columns.compactMap(\.field)) }
    }

    /// Reads the file; once its header is mapped, `stream` may return a sink that receives the
    /// kept rows batch by batch while the rest is read, with the day/month order known so far.
    /// `streamedRowsAreFinal` then says whether the final order read them the same way.
    static func read(_ path: String, options: ImportOptions, stream: (Header) throws -> RowBatchSink?) throws
        -> SalesFile
    {
        let source = try SourceText.read(path, encoding: options.encoding)
        // The rows keep copies of what they need: the text may go when reading is done.
        return try withExtendedLifetime(source.decoded) {
            try Cleaner.clean(
                text: source.decoded.text.bytes, decoded: source.decoded, path: path, options: options, stream: stream)
        }
    }

    /// Reads text already decoded (a CSV file, or a workbook's sheet written out as CSV).
    static func read(_ source: SourceText, options: ImportOptions) throws -> SalesFile {
        try withExtendedLifetime(source.decoded) {
            try Cleaner.clean(
                text: source.decoded.text.bytes, decoded: source.decoded, path: source.path, options: options
            ) { _ in nil }
        }
    }

    /// Whether the rows handed to a stream were read as the whole file says they should be (the
    /// day/month order decided on the whole column equals the one the batches used).
    let streamedRowsAreFinal: Bool

    var header: Header { Header(path: path, encoding: encoding, columns: columns) }

    init(
        path: String, decoded: DecodedText, delimiter: UInt8, headerLine: Int, columns: [ImportColumn],
        dateOrder: DateOrderDecision, rowsRead: Int, duplicates: Int, rejections: [Rejection], notes: [ImportNote],
        samples: [SampleRow], rows: OrderRows, streamedRowsAreFinal: Bool
    ) {
        self.streamedRowsAreFinal = streamedRowsAreFinal
        self.path = path
        self.encoding = decoded.encoding
        self.encodingEvidence = decoded.evidence
        self.delimiter = Character(Unicode.Scalar(delimiter))
        self.headerLine = headerLine
        self.columns = columns
        self.dateOrder = dateOrder
        self.rowsRead = rowsRead
        self.duplicates = duplicates
        self.rejections = rejections
        self.notes = notes
        self.samples = samples
        self.rows = rows
    }
}

/// The kept rows, column by column. Numbers are NaN where the file has no value.
struct OrderRows: Sendable {
    var lines: [Int32] = []
    var days: [Int32] = []
    var amounts: [Double] = []
    var quantities: [Double]?
    var unitPrices: [Double]?
    var costs: [Double]?
    /// Order numbers, row by row; the other texts by distinct value.
    var orderNumbers: RowTexts?
    var texts: [ImportField: TextColumn] = [:]
    var fingerprints: [UInt64] = []

    var count: Int { days.count }
}

/// Text that is nearly unique per row (order numbers), kept row by row: a table of half a million
/// distinct values costs more than it saves.
struct RowTexts: Sendable {
    var bytes: [UInt8] = []
    /// Where each row's value ends in `bytes` (it starts where the previous one ends); an empty
    /// value is no value.
    var ends: [Int] = []

    mutating func append(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }

    func withBytes<Result>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = row == 0 ? 0 : ends[row - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[row]])) }
    }

    func value(_ row: Int) -> String? {
        withBytes(row) { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
    }

    /// The rows where `keep` is true.
    func filtered(_ keep: [Bool]) -> RowTexts {
        var result = RowTexts()
        result.ends.reserveCapacity(ends.count)
        for row in ends.indices where keep[row] {
            withBytes(row) { result.bytes.append(contentsOf: $0) }
            result.ends.append(result.bytes.count)
        }
        return result
    }
}

/// A text field's values: an id per row (-1 when empty) into the distinct values.
struct TextColumn: Sendable {
    var ids: [Int32] = []
    var distinct = TextInterner()

    /// The distinct values, by id.
    var values: [String] { distinct.strings() }

    func value(_ row: Int) -> String? {
        let id = ids[row]
        return id < 0 ? nil : distinct.string(id)
    }
}

// MARK: - Cleaning

/// A planned column: which field it feeds and where the value goes.
private struct PlannedColumn {
    enum Role {
        case date
        case number(NumberSlot)
        case text(Int)
        /// The order number, kept row by row.
        case rowText
    }

    let index: Int
    let field: ImportField
    let header: String
    let scale: Double
    let role: Role
}

private enum NumberSlot: Int, CaseIterable {
    case amount, quantity, unitPrice, profit, cost
}

/// Reads the records of a decoded file into `OrderRows`, rejecting and counting as it goes.
private struct Cleaner {
    let text: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let headerCount: Int
    let plan: [PlannedColumn]
    let textFields: [ImportField]
    let has: Set<ImportField>
    // Per-row checks of `has` hashed an enum a million times; these are read instead.
    let hasQuantity: Bool
    let hasUnitPrice: Bool
    let hasCost: Bool
    let hasProfit: Bool
    let invalidLines: Set<Int>
    let encoding: SourceEncoding
    let options: ImportOptions

    var interners: [TextInterner]
    var textIDs: [[Int32]]
    var dates = DateReader()
    var tokens: [DateToken] = []
    var lines: [Int32] = []
    var recordOf: [Int32] = []
    var amounts: [Double] = []
    var quantities: [Double] = []
    var unitPrices: [Double] = []
    var costs: [Double] = []
    var rejections: [Rejection] = []
    var rowsRead = 0
    var blankLines = 0
    /// 合计/总计 rows skipped: their lines and labels.
    var summaryRows: [(line: Int, label: String)] = []
    /// Rows read whose amount is quantity × unit price although the file has an amount column.
    var computedAmounts: [Int32] = []
    var formattedCounts: [Int]
    /// Every record read after the header: its bytes and line.
    var records: [(start: Int, end: Int, line: Int)] = []
    /// Rejected records by the hash of their bytes, to tell a repeated bad row from a new one.
    var rejectedSeen = HashTable(capacity: 64)
    /// Duplicates found among rejected rows (the others are found as dates are resolved).
    var rejectedDuplicates = 0
    var scratch: [UInt8] = []
    var normalized: [UInt8] = []
    var rowTextIDs: [Int32]
    var orderNumbers: RowTexts?
    var rowOrderNumber: [UInt8] = []

    // Resolving dates: per row read, filled batch by batch while streaming, else at the end.
    var resolvedDays: [Int32] = []
    var keep: [Bool] = []
    var rowFingerprints: [UInt64] = []
    /// The first record with each value hash, and the hashes by record.
    var firstWithValues = FirstRecordTable(capacity: 1 << 16)
    var valueHashes: [UInt64] = []
    /// For values that more than one row has: how many rows with other bytes came after the
    /// first, by value hash; and those rows by the hash of values and bytes.
    var sameValueCounts = HashTable(capacity: 64)
    var byBytes = HashTable(capacity: 64)
    /// Rows whose date was rejected, by the hash of their bytes (as `rejectedSeen`).
    var dateRejectedSeen = HashTable(capacity: 64)
    var resolvedDuplicates = 0
    var dateRejections: [Rejection] = []
    var contradicting = 0
    var formCounts = [Int](repeating: 0, count: 256)

    // Streaming: where the rows go, and the orders the batches were read in.
    var sink: RowBatchSink?
    var usedOrders: Set<DateOrder> = []
    var usedSerials: Set<Bool> = []
    /// Per text field, how many distinct values the sink has been sent.
    var sentValues: [Int] = []
    static let batchSize = 65_536

    // The evidence so far for the day/month order (as `decideDateOrder` weighs it at the end).
    var dayFirstRows = 0
    var monthFirstRows = 0
    var yearLastRows = 0
    var allDotted = true
    var nonSerialRows = 0

    static func clean(
        text: UnsafeBufferPointer<UInt8>, decoded: DecodedText, path: String, options: ImportOptions,
        stream: (SalesFile.Header) throws -> RowBatchSink?
    ) throws -> SalesFile {
        let delimiter = CSVReader.detectDelimiter(text, path: path)
        var reader = CSVReader(text: text, delimiter: delimiter)
        let (headerLine, rawHeaders, skippedTitle) = try findHeader(&reader, overrides: options.mapping)
        let headers = rawHeaders.map(\.trimmingSpaces)
        let columns = try HeaderMapping.infer(headers: headers, overrides: options.mapping)
        let mapped = Set(columns.compactMap(\.field))
        guard mapped.contains(.date) else { throw ImportError.noDateColumn(headers: headers) }
        guard mapped.contains(.amount) || mapped.isSuperset(of: [.quantity, .unitPrice]) else {
            throw ImportError.noAmountColumn(headers: headers)
        }
        var cleaner = Cleaner(
            text: text, delimiter: delimiter, headers: headers, columns: columns, decoded: decoded, options: options)
        cleaner.reserve(estimatedRows: estimatedRows(text, after: reader.position))
        cleaner.sink = try stream(SalesFile.Header(path: path, encoding: decoded.encoding, columns: columns))
        try cleaner.readRecords(&reader)
        guard cleaner.rowsRead > 0 else { throw ImportError.noDataRows(headerLine: headerLine) }
        return try cleaner.finish(
            path: path, decoded: decoded, headerLine: headerLine, skippedTitle: skippedTitle, rawHeaders: rawHeaders,
            columns: columns)
    }

    /// The rows left after `position`, estimated from the line breaks in the next 64 KB.
    private static func estimatedRows(_ text: UnsafeBufferPointer<UInt8>, after position: Int) -> Int {
        let sample = text[position..<min(text.count, position + 65_536)]
        let breaks = sample.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        guard breaks > 0 else { return 16 }
        return Int(Double(text.count - position) / Double(sample.count) * Double(breaks) * 1.05) + 16
    }

    /// The header is the first non-blank record, unless a record among the first ten maps two
    /// fields or more and the first does not: then the lines above it are a report's title.
    private static func findHeader(
        _ reader: inout CSVReader, overrides: [String: ImportField?]
    ) throws -> (line: Int, headers: [String], skippedTitle: Bool) {
        var candidates: [(line: Int, headers: [String], reader: CSVReader)] = []
        while candidates.count < 10, try reader.next() {
            if reader.isBlank { continue }
            candidates.append((reader.recordLine, reader.fields.map { reader.string($0) }, reader))
        }
        guard let first = candidates.first else { throw ImportError.empty }
        func score(_ headers: [String]) -> Int {
            guard let columns = try? HeaderMapping.infer(headers: headers.map(\.trimmingSpaces), overrides: overrides)
            else { return 0 }
            return columns.filter { $0.field != nil }.count
        }
        var chosen = first
        if score(first.headers) < 2, let better = candidates.dropFirst().first(where: { score($0.headers) >= 2 }) {
            chosen = better
        }
        reader = chosen.reader
        return (chosen.line, chosen.headers, chosen.line != first.line)
    }

    private init(
        text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, headers: [String], columns: [ImportColumn],
        decoded: DecodedText, options: ImportOptions
    ) {
        self.text = text
        self.delimiter = delimiter
        self.headerCount = headers.count
        self.invalidLines = decoded.invalidLines
        self.encoding = decoded.encoding
        self.options = options
        let has = Set(columns.compactMap(\.field))
        self.has = has
        (hasQuantity, hasUnitPrice) = (has.contains(.quantity), has.contains(.unitPrice))
        (hasCost, hasProfit) = (has.contains(.cost), has.contains(.profit))
        // A segment belongs to a customer, a category to a product, a team to a rep: without
        // the owner there is nowhere to keep it.
        let owners: [ImportField: ImportField] = [.segment: .customer, .category: .product, .team: .rep]
        var plan: [PlannedColumn] = []
        var textFields: [ImportField] = []
        for column in columns {
            guard let field = column.field else { continue }
            if let owner = owners[field], !has.contains(owner) { continue }
            let role: PlannedColumn.Role
            switch field {
            case .date: role = .date
            case .amount: role = .number(.amount)
            case .quantity: role = .number(.quantity)
            case .unitPrice: role = .number(.unitPrice)
            case .profit: role = .number(.profit)
            case .cost: role = .number(.cost)
            case .orderNumber: role = .rowText
            default:
                role = .text(textFields.count)
                textFields.append(field)
            }
            plan.append(
                PlannedColumn(index: column.index, field: field, header: column.header, scale: column.scale, role: role)
            )
        }
        self.plan = plan
        self.textFields = textFields
        self.interners = Array(repeating: TextInterner(), count: textFields.count)
        self.textIDs = Array(repeating: [], count: textFields.count)
        self.rowTextIDs = Array(repeating: -1, count: textFields.count)
        self.orderNumbers = has.contains(.orderNumber) ? RowTexts() : nil
        self.sentValues = Array(repeating: 0, count: textFields.count)
        self.formattedCounts = Array(repeating: 0, count: plan.count)
    }

    // MARK: Records

    private mutating func readRecords(_ reader: inout CSVReader) throws {
        var sinceCheck = 0
        while try reader.next() {
            sinceCheck += 1
            if sinceCheck == 16_384 {
                sinceCheck = 0
                if options.isCancelled() { throw ImportError.interrupted }
                options.progress(ImportProgress(phase: .reading, done: reader.position, total: text.count))
            }
            if reader.isBlank {
                blankLines += 1
                continue
            }
            if let label = summaryLabel(reader) {
                summaryRows.append((reader.recordLine, label))
                continue
            }
            rowsRead += 1
            records.append((reader.recordStart, reader.recordEnd, reader.recordLine))
            valueHashes.append(0)
            read(&reader, record: Int32(records.count - 1))
            if sink != nil && tokens.count - resolvedDays.count >= Self.batchSize { try emit() }
        }
        if sink != nil && tokens.count > resolvedDays.count { try emit() }
        options.progress(ImportProgress(phase: .reading, done: text.count, total: text.count))
    }

    /// 合计/总计 under the data (SummaryRow), looked at only for short first fields.
    private func summaryLabel(_ reader: CSVReader) -> String? {
        // A byte test first, so that a million ordinary rows make no strings: short, and
        // starting like 合/总/小 (E5/E6 in UTF-8) or like tot-, sum, sub-, gra-.
        func mayBeLabel(_ field: CSVField) -> Bool {
            let length = field.end - field.start
            guard length >= 3 && length <= 24 else { return false }
            let first = text[field.start] | 0x20
            if first == 0xE5 | 0x20 || first == 0xE6 | 0x20 { return true }
            let third = text[field.start + 2] | 0x20
            return (first == UInt8(ascii: "t") && third == UInt8(ascii: "t"))
                || (first == UInt8(ascii: "s") && (third == UInt8(ascii: "m") || third == UInt8(ascii: "b")))
                || (first == UInt8(ascii: "g") && third == UInt8(ascii: "a"))
        }
        guard reader.fields.prefix(2).contains(where: mayBeLabel) else { return nil }
        return SummaryRow.label(reader.fields.prefix(2).filter(mayBeLabel).map { reader.string($0) })
    }

    /// Room for the rows a file of this size likely holds, so that the arrays do not grow (and
    /// fault in fresh pages) a dozen times over.
    mutating func reserve(estimatedRows rows: Int) {
        let rows = min(rows, 50_000_000)
        for index in textIDs.indices { textIDs[index].reserveCapacity(rows) }
        tokens.reserveCapacity(rows)
        lines.reserveCapacity(rows)
        recordOf.reserveCapacity(rows)
        records.reserveCapacity(rows)
        valueHashes.reserveCapacity(rows)
        amounts.reserveCapacity(rows)
        if hasQuantity { quantities.reserveCapacity(rows) }
        if hasUnitPrice { unitPrices.reserveCapacity(rows) }
        if hasCost || hasProfit { costs.reserveCapacity(rows) }
        firstWithValues = FirstRecordTable(capacity: rows)
        resolvedDays.reserveCapacity(rows)
        keep.reserveCapacity(rows)
        rowFingerprints.reserveCapacity(rows)
    }

    /// Resolves the rows read since the last batch with the order the evidence so far implies,
    /// and hands the kept ones to the sink.
    private mutating func emit() throws {
        let start = resolvedDays.count
        let end = tokens.count
        let order = options.dateOrder ?? provisionalOrder
        let serials = nonSerialRows == 0
        if tokens[start..<end].contains(where: { $0.kind == .yearLast }) { usedOrders.insert(order) }
        if tokens[start..<end].contains(where: { $0.kind == .serial }) { usedSerials.insert(serials) }
        resolve(start..<end, order: order, serials: serials)
        var batch = RowBatch()
        let rows = (start..<end).filter { keep[$0] }
        batch.days = rows.map { resolvedDays[$0] }
        batch.amounts = rows.map { amounts[$0] }
        if hasQuantity { batch.quantities = rows.map { quantities[$0] } }
        if hasUnitPrice { batch.unitPrices = rows.map { unitPrices[$0] } }
        if hasCost || hasProfit { batch.costs = rows.map { costs[$0] } }
        batch.fingerprints = rows.map { rowFingerprints[$0] }
        if let orderNumbers {
            var texts = RowTexts()
            for row in rows {
                orderNumbers.withBytes(row) { texts.bytes.append(contentsOf: $0) }; texts.ends.append(texts.bytes.count)
            }
            batch.orderNumbers = texts
        }
        for (slot, field) in textFields.enumerated() {
            batch.textIDs[field] = rows.map { textIDs[slot][$0] }
            batch.newValues[field] = (sentValues[slot]..<interners[slot].count).map {
                interners[slot].string(Int32($0))
            }
            sentValues[slot] = interners[slot].count
        }
        try sink?.accept(batch)
    }

    /// The order `decideDateOrder` would choose from the rows read so far.
    private var provisionalOrder: DateOrder {
        if dayFirstRows != monthFirstRows { return dayFirstRows > monthFirstRows ? .dayFirst : .monthFirst }
        return dayFirstRows == 0 && yearLastRows > 0 && allDotted ? .dayFirst : .monthFirst
    }

    /// Whether two records have the same bytes.
    private func sameBytes(_ a: Int32, _ b: Int32) -> Bool {
        let (x, y) = (records[Int(a)], records[Int(b)])
        return x.end - x.start == y.end - y.start
            && memcmp(text.baseAddress! + x.start, text.baseAddress! + y.start, x.end - x.start) == 0
    }

    private mutating func read(_ reader: inout CSVReader, record: Int32) {
        let fields = reader.fields
        let line = reader.recordLine
        if fields.count != headerCount {
            let extraAreEmpty = fields.count > headerCount && fields[headerCount...].allSatisfy { $0.start == $0.end }
            if !extraAreEmpty {
                let truncated = !reader.terminated && fields.count < headerCount
                let reason: RejectReason =
                    truncated
                    ? .truncatedLastLine(found: fields.count, expected: headerCount)
                    : .fieldCount(found: fields.count, expected: headerCount)
                reject(line: line, column: nil, reason: reason, record: record)
                return
            }
        }
        if !invalidLines.isEmpty {
            let lastLine = line + newlines(in: reader.recordStart..<reader.recordEnd)
            if (line...lastLine).contains(where: invalidLines.contains) {
                reject(line: line, column: nil, reason: .invalidBytes(encoding), record: record)
                return
            }
        }
        var values = RowValues()
        for slot in rowTextIDs.indices { rowTextIDs[slot] = -1 }
        for (position, column) in plan.enumerated() {
            let field = fields[column.index]
            let problem: RejectReason?
            if field.irregular {
                CSVReader.unescape(field, in: text, into: &scratch)
                let unescaped = scratch
                problem = unescaped.withUnsafeBufferPointer { readValue($0, column, position, into: &values) }
            } else {
                let bytes = UnsafeBufferPointer(rebasing: text[field.start..<field.end])
                problem = readValue(bytes, column, position, into: &values)
            }
            if let problem {
                reject(line: line, column: column.index + 1, reason: problem, record: record)
                return
            }
        }
        let token = values.token
        var numbers = values
        if token.kind == .empty {
            reject(line: line, column: nil, reason: .missing(.date), record: record)
            return
        }
        if numbers.amount.isNaN && !numbers.quantity.isNaN && !numbers.unitPrice.isNaN {
            numbers.amount = numbers.quantity * numbers.unitPrice
            if has.contains(.amount) { computedAmounts.append(Int32(tokens.count)) }
        }
        if numbers.amount.isNaN {
            reject(line: line, column: nil, reason: .missing(.amount), record: record)
            return
        }
        // +0.0 turns -0.0 into 0.0, so that fingerprints do not tell them apart.
        let amount = numbers.amount + 0.0
        tokens.append(token)
        if token.kind != .serial { nonSerialRows += 1 }
        if token.kind == .yearLast {
            yearLastRows += 1
            if dates.forms[Int(token.formIndex)].separator != "." { allDotted = false }
            if token.first > 12 && token.second <= 12 { dayFirstRows += 1 }
            if token.second > 12 && token.first <= 12 { monthFirstRows += 1 }
        }
        lines.append(Int32(line))
        recordOf.append(record)
        amounts.append(amount)
        if hasQuantity { quantities.append(numbers.quantity) }
        if hasUnitPrice { unitPrices.append(numbers.unitPrice) }
        if hasCost {
            costs.append(numbers.cost)
        } else if hasProfit {
            costs.append(numbers.profit.isNaN ? .nan : amount - numbers.profit)
        }
        for slot in rowTextIDs.indices { textIDs[slot].append(rowTextIDs[slot]) }
        orderNumbers?.append(rowOrderNumber)
    }

    /// The values of one row as they are read.
    private struct RowValues {
        var token = DateToken.empty
        var amount = Double.nan
        var quantity = Double.nan
        var unitPrice = Double.nan
        var profit = Double.nan
        var cost = Double.nan
    }

    /// Reads one value into `values` (texts into `rowTextIDs`); the reason when it is unreadable.
    private mutating func readValue(
        _ bytes: UnsafeBufferPointer<UInt8>, _ column: PlannedColumn, _ position: Int, into values: inout RowValues
    ) -> RejectReason? {
        switch column.role {
        case .date:
            values.token = bytes.isEmpty ? .empty : dates.token(bytes)
            if values.token.kind == .invalid {
                return .notADate(column: column.header, value: String(decoding: bytes, as: UTF8.self))
            }
        case .number(let slot):
            switch NumberValue.parse(bytes) {
            case .number(let value, let formatted):
                if formatted { formattedCounts[position] += 1 }
                let scaled = column.scale == 1 ? value : value * column.scale
                switch slot {
                case .amount: values.amount = scaled
                case .quantity: values.quantity = scaled
                case .unitPrice: values.unitPrice = scaled
                case .profit: values.profit = scaled
                case .cost: values.cost = scaled
                }
            case .empty:
                break
            case .invalid:
                return .notANumber(column: column.header, value: String(decoding: bytes, as: UTF8.self))
            case .tooLarge:
                return .tooLarge(column: column.header, value: String(decoding: bytes, as: UTF8.self))
            }
        case .text(let slot):
            rowTextIDs[slot] = intern(bytes, slot: slot)
        case .rowText:
            if TextValue.needsNormalizing(bytes) {
                TextValue.normalize(bytes, into: &rowOrderNumber)
            } else {
                rowOrderNumber.removeAll(keepingCapacity: true)
                rowOrderNumber.append(contentsOf: bytes)
            }
        }
        return nil
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> Int32 {
        if !TextValue.needsNormalizing(bytes) {
            return bytes.isEmpty ? -1 : interners[slot].intern(bytes)
        }
        TextValue.normalize(bytes, into: &normalized)
        if normalized.isEmpty { return -1 }
        return normalized.withUnsafeBufferPointer { interners[slot].intern($0) }
    }

    private func newlines(in range: Range<Int>) -> Int {
        var count = 0
        for index in range
        where text[index] == 0x0A || (text[index] == 0x0D && (index + 1 >= text.count || text[index + 1] != 0x0A)) {
            count += 1
        }
        return count
    }

    private mutating func reject(line: Int, column: Int?, reason: RejectReason, record: Int32) {
        if isRepeated(record, in: &rejectedSeen) {
            rejectedDuplicates += 1
        } else {
            rejections.append(Rejection(line: line, column: column, reason: reason, fields: fields(of: record)))
        }
    }

    /// Whether an earlier rejected record in `seen` has the same bytes (then this one is a duplicate).
    private func isRepeated(_ record: Int32, in seen: inout HashTable) -> Bool {
        let range = records[Int(record)]
        let hash = StableHash.hash(UnsafeBufferPointer(rebasing: text[range.start..<range.end]))
        let earlier = seen.update(hash, initial: -1) { $0 < 0 ? Int64(record) : $0 }
        return earlier >= 0 && sameBytes(Int32(earlier), record)
    }

    /// The fields of a record, unescaped, as strings (for the rejects file).
    private func fields(of record: Int32) -> [String] {
        let range = records[Int(record)]
        var reader = CSVReader(text: text, delimiter: delimiter, position: range.start, line: range.line)
        guard (try? reader.next()) == true else { return [] }
        return reader.fields.map { reader.string($0) }
    }

    // MARK: Finishing

    private mutating func finish(
        path: String, decoded: DecodedText, headerLine: Int, skippedTitle: Bool, rawHeaders: [String],
        columns: [ImportColumn]
    ) throws -> SalesFile {
        let dateColumn = plan.first { $0.field == .date }!
        let decision = decideDateOrder(dateColumn)
        let order = decision.order ?? .monthFirst
        let serials = nonSerialRows == 0
        let streamed = sink != nil && usedOrders.isSubset(of: [order]) && usedSerials.isSubset(of: [serials])
        if !streamed {
            resetResolution()
            resolve(0..<tokens.count, order: order, serials: serials)
        }
        rejections += dateRejections
        rejections.sort { $0.line < $1.line }
        let rows = compact()
        var notes = notes(rawHeaders: rawHeaders, columns: columns, rows: rows)
        if skippedTitle { notes.insert(.titleLinesSkipped(headerLine: headerLine), at: 0) }
        switch decision {
        case .undecidable(let assumed): notes.append(.dateOrderUndecidable(column: dateColumn.header, assumed: assumed))
        case .conflicting(let order, _, _, _, _):
            notes.append(.dateOrderConflict(column: dateColumn.header, order: order, contradicting: contradicting))
        default: break
        }
        let forms = dates.forms.indices.filter { formCounts[$0] > 0 }.map {
            DateFormCount(form: dates.forms[$0].label(decision.order), rows: formCounts[$0])
        }
        if forms.count > 1 {
            notes.append(.mixedDateForms(column: dateColumn.header, forms: forms.sorted { $0.rows > $1.rows }))
        }
        if let today = options.today {
            let later = rows.days.lazy.filter { $0 > today.number }
            if let latest = later.max() {
                notes.append(.futureDates(column: dateColumn.header, count: later.count, after: today, latest: Day(number: latest)))
            }
        }
        return SalesFile(
            path: path, decoded: decoded, delimiter: delimiter, headerLine: headerLine, columns: columns,
            dateOrder: decision, rowsRead: rowsRead, duplicates: rejectedDuplicates + resolvedDuplicates,
            rejections: rejections, notes: notes,
            samples: samples(rows), rows: rows, streamedRowsAreFinal: streamed)
    }

    // MARK: Resolving

    /// Resolves the dates of `rows` in the given order, rejecting the impossible ones, and
    /// fingerprints the rows kept.
    private mutating func resolve(_ rows: Range<Int>, order: DateOrder, serials: Bool) {
        // In runs of 16 rows: dates and value hashes first, then a touch of each hash's table
        // slot, whose cache misses the processor then waits for together instead of one by one,
        // then the fingerprints.
        var start = rows.lowerBound
        var hashes = [StableHash?](repeating: nil, count: 16)
        while start < rows.upperBound {
            let end = min(start + 16, rows.upperBound)
            for row in start..<end {
                let token = tokens[row]
                switch dates.resolve(token, order: order, serials: serials) {
                case .success(let day):
                    resolvedDays.append(day.number)
                    if token.kind != .serial { formCounts[Int(token.formIndex)] += 1 }
                    hashes[row - start] = valueHash(row, day: day.number)
                case .failure(let problem):
                    resolvedDays.append(0)
                    hashes[row - start] = nil
                    rejectDate(row, problem, order: order)
                }
            }
            var touched: UInt64 = 0
            for index in 0..<end - start {
                if let hash = hashes[index] { touched &+= firstWithValues.touch(hash.value) }
            }
            if touched == 1 { formCounts[255] += 0 }  // keeps the loads
            for row in start..<end {
                guard var hash = hashes[row - start] else {
                    keep.append(false)
                    rowFingerprints.append(0)
                    continue
                }
                if let occurrence = occurrence(row, hash.value) {
                    hash.combine(UInt64(occurrence))
                    keep.append(true)
                    rowFingerprints.append(hash.value)
                } else {
                    keep.append(false)
                    rowFingerprints.append(0)
                    resolvedDuplicates += 1
                }
            }
            start = end
        }
    }

    private mutating func rejectDate(_ row: Int, _ problem: DateProblem, order: DateOrder) {
        if isRepeated(recordOf[row], in: &dateRejectedSeen) {
            resolvedDuplicates += 1
            return
        }
        let dateColumn = plan.first { $0.field == .date }!
        let token = tokens[row]
        let value = fields(of: recordOf[row])[safe: dateColumn.index] ?? ""
        let reason: RejectReason
        switch problem {
        case .notADate: reason = .notADate(column: dateColumn.header, value: value)
        case .outOfRange: reason = .dateOutOfRange(column: dateColumn.header, value: value)
        case .impossible:
            reason = .impossibleDate(
                column: dateColumn.header, value: value, order: token.kind == .yearLast ? order : nil)
            if token.kind == .yearLast { contradicting += 1 }
        }
        dateRejections.append(
            Rejection(
                line: Int(lines[row]), column: dateColumn.index + 1, reason: reason, fields: fields(of: recordOf[row])))
    }

    private mutating func resetResolution() {
        resolvedDays.removeAll(keepingCapacity: true)
        keep.removeAll(keepingCapacity: true)
        rowFingerprints.removeAll(keepingCapacity: true)
        dateRejections.removeAll()
        firstWithValues = FirstRecordTable(capacity: tokens.count)
        sameValueCounts = HashTable(capacity: 64)
        byBytes = HashTable(capacity: 64)
        dateRejectedSeen = HashTable(capacity: 64)
        resolvedDuplicates = 0
        contradicting = 0
        formCounts = Array(repeating: 0, count: 256)
    }

    /// A hash of a row's values. With the number of rows of the same values before it in the file
    /// (`occurrence`) it is the row's fingerprint: a file imported again, or an overlapping
    /// export, gives the same fingerprints for the same rows, while rows that repeat legitimately
    /// (the same values, another row id) keep one fingerprint each.
    private func valueHash(_ row: Int, day: Int32) -> StableHash {
        let nothing: UInt64 = 0x6E75_6C6C  // "null"
        func bits(_ value: Double) -> UInt64 { value.isNaN ? nothing : (value + 0.0).bitPattern }
        var hash = StableHash()
        hash.combine(UInt64(bitPattern: Int64(day)))
        hash.combine(amounts[row].bitPattern)
        hash.combine(hasQuantity ? bits(quantities[row]) : nothing)
        hash.combine(hasUnitPrice ? bits(unitPrices[row]) : nothing)
        hash.combine(hasCost || hasProfit ? bits(costs[row]) : nothing)
        if let orderNumbers { hash.combine(orderNumbers.withBytes(row) { StableHash.hash($0) }) }
        for slot in textFields.indices {
            let id = textIDs[slot][row]
            hash.combine(UInt64(slot) << 56 ^ (id < 0 ? nothing : interners[slot].hash(id)))
        }
        return hash
    }

    /// How many rows with these values but other bytes came before; nil when an earlier row has
    /// the same bytes: a duplicate, dropped. Rows with the same bytes have the same values, so
    /// one table of value hashes serves both; only rows whose values came before are looked up by
    /// their bytes too.
    private mutating func occurrence(_ row: Int, _ hash: UInt64) -> Int? {
        let record = recordOf[row]
        valueHashes[Int(record)] = hash
        guard let first = firstWithValues.claim(hash, record: record, hashOf: { valueHashes[Int($0)] }) else {
            return 0
        }
        let before = sameValueCounts.update(hash) { $0 + 1 }
        if before == 0 { byBytes.update(StableHash.mix(hash ^ bytesHash(first))) { _ in Int64(first) } }
        let earlier = byBytes.update(StableHash.mix(hash ^ bytesHash(record)), initial: -1) {
            $0 < 0 ? Int64(record) : $0
        }
        if earlier >= 0 && sameBytes(Int32(earlier), record) {
            sameValueCounts.update(hash) { $0 - 1 }
            return nil
        }
        return Int(before) + 1
    }

    private func bytesHash(_ record: Int32) -> UInt64 {
        let range = records[Int(record)]
        return StableHash.hash(UnsafeBufferPointer(rebasing: text[range.start..<range.end]))
    }

    /// The day/month order of the date column, from the values only one order can read.
    private func decideDateOrder(_ column: PlannedColumn) -> DateOrderDecision {
        var dayFirst = 0
        var monthFirst = 0
        var firstDayFirst: Int?
        var firstMonthFirst: Int?
        var yearLast = false
        var allDotted = true
        for (row, token) in tokens.enumerated() where token.kind == .yearLast {
            yearLast = true
            if dates.forms[Int(token.formIndex)].separator != "." { allDotted = false }
            if token.first > 12 && token.second <= 12 {
                dayFirst += 1
                if firstDayFirst == nil { firstDayFirst = row }
            } else if token.second > 12 && token.first <= 12 {
                monthFirst += 1
                if firstMonthFirst == nil { firstMonthFirst = row }
            }
        }
        guard yearLast else { return .notNeeded }
        if let chosen = options.dateOrder { return .chosen(chosen) }
        func example(_ row: Int) -> (line: Int, value: String) {
            (Int(lines[row]), fields(of: recordOf[row])[safe: column.index] ?? "")
        }
        switch (firstDayFirst, firstMonthFirst) {
        case (let row?, nil):
            let (line, value) = example(row)
            return .evidence(.dayFirst, line: line, value: value)
        case (nil, let row?):
            let (line, value) = example(row)
            return .evidence(.monthFirst, line: line, value: value)
        case (let dayRow?, let monthRow?):
            let order: DateOrder = dayFirst > monthFirst ? .dayFirst : .monthFirst
            let (line, value) = example(order == .dayFirst ? monthRow : dayRow)
            return .conflicting(
                order, agreeing: max(dayFirst, monthFirst), contradicting: min(dayFirst, monthFirst), line: line,
                value: value)
        case (nil, nil):
            // 1.5.2026 is German or Russian, day first; slashes and dashes are most often Excel's
            // US month-first default.
            return .undecidable(assumed: allDotted ? .dayFirst : .monthFirst)
        }
    }

    /// The kept rows, column by column.
    private func compact() -> OrderRows {
        let keepsAll = !keep.contains(false)
        func kept<T>(_ values: [T]) -> [T] {
            if keepsAll { return values }
            var result: [T] = []
            result.reserveCapacity(values.count)
            for index in values.indices where keep[index] { result.append(values[index]) }
            return result
        }
        var rows = OrderRows()
        rows.lines = kept(lines)
        rows.days = kept(resolvedDays)
        rows.amounts = kept(amounts)
        if hasQuantity { rows.quantities = kept(quantities) }
        if hasUnitPrice { rows.unitPrices = kept(unitPrices) }
        if hasCost || hasProfit { rows.costs = kept(costs) }
        for (slot, field) in textFields.enumerated() {
            rows.texts[field] = TextColumn(ids: kept(textIDs[slot]), distinct: interners[slot])
        }
        rows.orderNumbers = keepsAll ? orderNumbers : orderNumbers?.filtered(keep)
        rows.fingerprints = kept(rowFingerprints)
        return rows
    }

    private func notes(rawHeaders: [String], columns: [ImportColumn], rows: OrderRows) -> [ImportNote] {
        var notes: [ImportNote] = []
        // Stray spaces around a header, or full-width letters in one that maps.
        let stray = columns.filter { column in
            let raw = rawHeaders[column.index]
            let fullWidth = raw.unicodeScalars.contains { (0xFF10...0xFF5A).contains($0.value) }
            return raw != column.header || (fullWidth && column.field != nil)
        }
        if !stray.isEmpty { notes.append(.headersCleaned(stray.map { rawHeaders[$0.index] })) }
        if blankLines > 0 { notes.append(.blankLinesSkipped(blankLines)) }
        for row in summaryRows { notes.append(.summaryRowSkipped(line: row.line, label: row.label)) }
        for column in columns where column.scale != 1 {
            notes.append(.unitScaled(header: column.header, scale: column.scale))
        }
        if let last = rejections.last, case .truncatedLastLine = last.reason {
            notes.append(.truncatedLastLine(line: last.line))
        }
        for (position, column) in plan.enumerated() {
            if formattedCounts[position] > 0 {
                notes.append(.formattedNumbers(column: column.header, count: formattedCounts[position]))
            }
            let empty = emptyValues(column, rows)
            if empty > 0 { notes.append(.emptyValues(column: column.header, field: column.field, count: empty)) }
        }
        // Without an amount column every kept row's amount is computed; with one, only those
        // whose amount was empty.
        let computed =
            has.contains(.amount)
            ? computedAmounts.filter { keep[Int($0)] }.count : (has.contains(.quantity) ? rows.count : 0)
        if computed > 0 { notes.append(.amountComputed(rows: computed)) }
        if !has.contains(.cost), let profit = plan.first(where: { $0.field == .profit }) {
            notes.append(.costFromProfit(column: profit.header))
        }
        let negative = rows.amounts.filter { $0 < 0 }.count
        let zero = rows.amounts.filter { $0 == 0 }.count
        if negative > 0 { notes.append(.negativeAmounts(negative)) }
        if zero > 0 { notes.append(.zeroAmounts(zero)) }
        for (field, owner) in [(ImportField.segment, ImportField.customer), (.category, .product), (.team, .rep)]
        where has.contains(field) && !has.contains(owner) {
            notes.append(.attributeWithoutOwner(field: field, owner: owner))
        }
        let missing = [ImportField.customer, .product, .rep, .region, .channel].filter { !has.contains($0) }
        if !missing.isEmpty { notes.append(.missingDimensions(missing)) }
        return notes
    }

    /// How many kept rows have no value in an optional column.
    private func emptyValues(_ column: PlannedColumn, _ rows: OrderRows) -> Int {
        switch column.role {
        case .date: return 0
        case .text: return rows.texts[column.field]?.ids.filter { $0 < 0 }.count ?? 0
        case .rowText:
            return rows.orderNumbers.map { texts in
                texts.ends.indices.filter { texts.withBytes($0) { $0.isEmpty } }.count
            } ?? 0
        case .number(let slot):
            switch slot {
            case .amount, .cost, .profit: return 0  // amounts are required; cost and profit may be empty
            case .quantity: return rows.quantities?.filter(\.isNaN).count ?? 0
            case .unitPrice: return rows.unitPrices?.filter(\.isNaN).count ?? 0
            }
        }
    }

    private func samples(_ rows: OrderRows) -> [SampleRow] {
        (0..<min(5, rows.count)).map { row in
            var values: [ImportField: String] = [ImportField.date: Day(number: rows.days[row]).iso]
            values[.amount] = plainNumber(rows.amounts[row])
            if let quantities = rows.quantities { values[.quantity] = plainNumber(quantities[row]) }
            if let prices = rows.unitPrices { values[.unitPrice] = plainNumber(prices[row]) }
            if let costs = rows.costs { values[.cost] = plainNumber(costs[row]) }
            for (field, column) in rows.texts { values[field] = column.value(row) ?? "" }
            if let numbers = rows.orderNumbers { values[.orderNumber] = numbers.value(row) ?? "" }
            return SampleRow(line: Int(rows.lines[row]), values: values)
        }
    }
}

/// A number as plain text: 3305, 261.96, -0.5; empty for no value.
func plainNumber(_ value: Double) -> String {
    guard !value.isNaN else { return "" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    let text = String(format: "%.6f", value)
    var trimmed = Substring(text)
    while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
