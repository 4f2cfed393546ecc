import Foundation
import Model

/// Text to import: a CSV file, decoded, or one sheet of a workbook written out as CSV.
struct SourceText: @unchecked Sendable {
    /// The file, as the user named it.
    let path: String
    /// The workbook's sheet, when the text is one.
    let sheet: String?
    let decoded: DecodedText

    var label: String { importLabel(path: path, sheet: sheet) }

    /// A CSV file, decoded. With `head`, only its first 256 KB up to a line break: enough to see
    /// what the headers say without decoding a large file twice.
    ///
    /// Throws when the file is missing, a folder, empty (blank, or a byte-order mark alone), not
    /// text, or not in one encoding.
    static func read(_ path: String, encoding: EncodingChoice, head: Bool = false) throws -> SourceText {
        if try FileKind.of(path) == .folder { throw ImportError.isDirectory }
        var raw = try ByteBuffer.mapping(path)
        if raw.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            || raw.bytes.elementsEqual([0xEF, 0xBB, 0xBF])
        {
            throw ImportError.empty
        }
        let utf16 = raw.bytes.starts(with: [0xFF, 0xFE]) || raw.bytes.starts(with: [0xFE, 0xFF])
        if head, !utf16, raw.bytes.count > 1 << 18, let end = raw.bytes[..<(1 << 18)].lastIndex(of: 0x0A) {
            raw = ByteBuffer(copying: Array(raw.bytes[...end]))
        }
        return SourceText(path: path, sheet: nil, decoded: try TextDecoding.decode(raw, choice: encoding, path: path))
    }
}

/// What a path to import names, found without opening it: opening a FIFO waits for a writer,
/// and a device (/dev/zero) never ends.
enum FileKind {
    case file, folder

    /// A regular file or a folder (links followed); else the error that says what it is.
    static func of(_ path: String) throws -> FileKind {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ImportError.fileNotFound }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: throw ImportError.notARegularFile
        }
    }
}

/// A file, or a workbook's sheet, as reports and messages name it: "crm.xlsx [商机]", "sales.csv".
public func importLabel(path: String, sheet: String?) -> String {
    let name = URL(fileURLWithPath: path).lastPathComponent
    return sheet.map { "\(name) [\($0)]" } ?? name
}

/// A CSV record as strings, with the line it starts on.
struct TextRecord: Sendable {
    let line: Int
    let fields: [String]
    /// False when the file ended inside it.
    let terminated: Bool

    var isBlank: Bool { fields.allSatisfy { $0.trimmingSpaces.isEmpty } }
}

extension SourceText {
    /// The records of the text, blank ones included: all of them, or the first `limit`.
    func records(limit: Int = .max) throws -> [TextRecord] {
        let text = decoded.text.bytes
        return try withExtendedLifetime(decoded.text) {
            var reader = CSVReader(text: text, delimiter: CSVReader.detectDelimiter(text, path: path))
            var records: [TextRecord] = []
            while records.count < limit, try reader.next() {
                records.append(
                    TextRecord(
                        line: reader.recordLine, fields: reader.fields.map { reader.string($0) },
                        terminated: reader.terminated))
            }
            return records
        }
    }
}

/// A column of a table file and what became of it.
public struct TableColumn: Equatable, Sendable {
    public var index: Int
    public var header: String
    /// The field id of the table (`stage`, `closed_date`); nil when not imported.
    public var field: String?
    public var source: Source

    public enum Source: Equatable, Sendable {
        case synonym
        case option
        case unmapped
        case ignored
        /// Its header names `field` too, but the column at `by` was preferred.
        case outranked(by: Int)
        /// A month column of a wide target sheet.
        case month(year: Int, month: Int)
    }
}

/// A row ready to be written: SQL column → value, and the references to resolve by name.
struct TableRecord: Sendable {
    let line: Int
    var values: [String: SQLValue] = [:]
    /// SQL column (`rep_id`) → the master table and the name the file writes.
    var references: [String: (table: ReferenceTable, name: String)] = [:]
    /// Master rows the record names without a column of its own (a target sheet's rep, with the
    /// team beside it): created when missing, given the attributes they lack.
    var masters: [(table: ReferenceTable, name: String, attributes: [String: String])] = []
}

/// A value to write.
enum SQLValue: Hashable, Sendable {
    case text(String)
    case number(Double)
    case integer(Int)

    var keyText: String {
        switch self {
        case .text(let text): text
        case .number(let number): plainNumber(number)
        case .integer(let number): String(number)
        }
    }
}

/// A file (or sheet) of one of the tables other than orders, read, mapped and checked, ready to
/// be written: the counterpart of `SalesFile` for master data and the other facts.
///
///     let file = try TableFile.read(source, as: .opportunities, options: options)
///     file.records.count   // rows to write
public struct TableFile: Sendable {
    public let path: String
    public let sheet: String?
    public let table: ImportTable
    public let encoding: SourceEncoding
    public let encodingEvidence: EncodingEvidence
    public let headerLine: Int
    public let columns: [TableColumn]
    public let rowsRead: Int
    public let duplicates: Int
    public let rejections: [Rejection]
    public let notes: [ImportNote]
    /// The first five rows as they will be written (SQL column → text), for `--dry-run`.
    public let samples: [[String: String]]
    /// The open stages the rows name, in pipeline order (opportunities only).
    public let openStages: [String]
    let records: [TableRecord]

    public var headers: [String] { columns.map(\.header) }
    public var rowsKept: Int { records.count }
    /// "crm.xlsx [商机]" or "sales.csv".
    public var label: String { importLabel(path: path, sheet: sheet) }

    /// Rejected rows by reason, most frequent first.
    public var rejectedByReason: [RejectGroup] { RejectGroup.grouping(rejections) }
}

extension RejectGroup {
    /// Rejections by reason (values left out), most frequent first, with their first five lines.
    static func grouping(_ rejections: [Rejection]) -> [RejectGroup] {
        var groups: [RejectReason: RejectGroup] = [:]
        var order: [RejectReason] = []
        for rejection in rejections {
            let key = rejection.reason.group
            if groups[key] == nil {
                groups[key] = RejectGroup(reason: key, count: 0, lines: [])
                order.append(key)
            }
            groups[key]!.count += 1
            if groups[key]!.lines.count < 5 { groups[key]!.lines.append(rejection.line) }
        }
        return order.map { groups[$0]! }.sorted { $0.count > $1.count }
    }
}

// MARK: - Reading

extension TableFile {
    /// Reads `source` as `table` (not orders): header, mapping, values, checks.
    static func read(_ source: SourceText, as table: ImportTable, options: ImportOptions) throws -> TableFile {
        guard let spec = TableSpec.of(table) else { preconditionFailure("orders are read by SalesFile") }
        let records = try source.records()
        guard let header = TableHeader.find(in: records, spec: spec, options: options) else {
            if records.allSatisfy(\.isBlank) { throw ImportError.empty }
            throw ImportError.notThisTable(
                table: table, headers: records.first { !$0.isBlank }?.fields.map(\.trimmingSpaces) ?? [])
        }
        var reader = TableReader(spec: spec, header: header, source: source, options: options)
        let below = records.drop { $0.line <= header.line }
        try reader.read(Array(below))
        guard reader.rowsRead > 0 else { throw ImportError.noDataRows(headerLine: header.line) }
        return reader.file(source: source)
    }
}

/// The header row a table file's columns are named by, and what each column is.
struct TableHeader {
    let line: Int
    let columns: [TableColumn]
    /// Lines above the header (a report's title), whose text may name the year.
    let title: [String]
    let skippedTitle: Bool

    var mapped: Set<String> { Set(columns.compactMap(\.field)) }
    var months: [(column: Int, year: Int?, month: Int)] {
        columns.compactMap { column in
            if case .month(let year, let month) = column.source { return (column.index, year == 0 ? nil : year, month) }
            return nil
        }
    }

    /// How many fields the header maps, when it has everything `spec` requires; else nil.
    var score: Int { columns.filter { $0.field != nil }.count + months.count }

    /// The header is the first non-blank record, unless a record among the first ten maps more
    /// of the table's fields: the lines above it are then a title.
    static func find(in records: [TextRecord], spec: TableSpec, options: ImportOptions) -> TableHeader? {
        // Only the head of the file is looked at: a large file is not scanned once per candidate.
        let tenth = records.lazy.filter { !$0.isBlank }.dropFirst(9).first?.line ?? .max
        let head = Array(records.prefix { $0.line <= tenth })
        let candidates = head.filter { !$0.isBlank }
        var best: TableHeader?
        for record in candidates {
            let title = head.filter { $0.line < record.line && !$0.isBlank }.flatMap(\.fields)
            guard let header = map(record, spec: spec, options: options, title: title), header.satisfies(spec) else {
                continue
            }
            if best == nil || header.score > best!.score { best = header }
        }
        guard let best, let first = candidates.first else { return nil }
        return TableHeader(
            line: best.line, columns: best.columns, title: best.title, skippedTitle: best.line != first.line)
    }

    /// Whether the mapped fields give the table what it cannot do without. A target sheet's
    /// month columns stand for its period and value.
    func satisfies(_ spec: TableSpec) -> Bool {
        var fields = mapped
        if spec.table == .targets && !months.isEmpty { fields.formUnion(["period", "value"]) }
        return spec.required.allSatisfy { group in group.contains { fields.contains($0) } }
    }

    private static func map(_ record: TextRecord, spec: TableSpec, options: ImportOptions, title: [String])
        -> TableHeader?
    {
        let headers = record.fields.map(\.trimmingSpaces)
        var columns = headers.enumerated().map {
            TableColumn(index: $0.offset, header: $0.element, field: nil, source: .unmapped)
        }
        var chosen: [String: (index: Int, rank: Int)] = [:]
        for (name, field) in options.fieldMapping {
            guard let index = headers.firstIndex(where: { HeaderSynonyms.key($0) == HeaderSynonyms.key(name) }) else {
                continue
            }
            if let field, spec.field(field) == nil { continue }
            columns[index].field = field
            columns[index].source = field == nil ? .ignored : .option
            if let field { chosen[field] = (index, -1) }
        }
        for index in columns.indices where columns[index].source == .unmapped {
            if spec.table == .targets, let month = monthHeader(headers[index]) {
                columns[index].source = .month(year: month.year ?? 0, month: month.month)
                continue
            }
            guard let match = TableSynonyms.standard.match(headers[index], in: spec.table) else { continue }
            if let current = chosen[match.field] {
                guard match.rank < current.rank else {
                    columns[index].source = .outranked(by: current.index)
                    continue
                }
                columns[current.index].field = nil
                columns[current.index].source = .outranked(by: index)
            }
            columns[index].field = match.field
            columns[index].source = .synonym
            chosen[match.field] = (index, match.rank)
        }
        // An outranked column points at the column that finally won.
        for index in columns.indices {
            if case .outranked(let by) = columns[index].source, let field = columns[by].field ?? columns[index].field,
                let winner = chosen[field]
            {
                columns[index].source = .outranked(by: winner.index)
            }
        }
        return TableHeader(line: record.line, columns: columns, title: title, skippedTitle: false)
    }

    /// A wide target sheet's month header: 1月 … 12月, Jan … Dec, January, 2026-01, 2026年1月.
    static func monthHeader(_ header: String) -> (year: Int?, month: Int)? {
        let key = HeaderSynonyms.key(header)
        if key.hasSuffix("月"), let month = Int(key.dropLast()), (1...12).contains(month) { return (nil, month) }
        if let month = PeriodSpec.monthNumber(key), key.count <= 9, key.allSatisfy(\.isLetter) { return (nil, month) }
        if key.count >= 6, let span = PeriodText.span(header), span.start.components.day == 1,
            span.end == span.start.lastOfMonth
        {
            return (span.start.year, span.start.month)
        }
        return nil
    }
}

/// Reads the rows under a header into `TableRecord`s.
private struct TableReader {
    let spec: TableSpec
    let header: TableHeader
    let source: SourceText
    let options: ImportOptions

    var records: [TableRecord] = []
    var rejections: [Rejection] = []
    var notes: [ImportNote] = []
    var rowsRead = 0
    var duplicates = 0
    var blankLines = 0
    var seen: Set<[String]> = []
    var openStages: [(name: String, rank: Int?)] = []
    /// Per date column: whether its A/B/YEAR dates read day first.
    var dayFirst: [Int: Bool] = [:]
    var dates = DateReader()
    var serialColumns: Set<Int> = []

    init(spec: TableSpec, header: TableHeader, source: SourceText, options: ImportOptions) {
        self.spec = spec
        self.header = header
        self.source = source
        self.options = options
    }

    /// The column of a field, if the header maps it.
    func column(_ field: String) -> TableColumn? { header.columns.first { $0.field == field } }

    mutating func read(_ rows: [TextRecord]) throws {
        if header.skippedTitle { notes.append(.titleLinesSkipped(headerLine: header.line)) }
        let data = rows.filter { record in
            if record.isBlank {
                blankLines += 1
                return false
            }
            return true
        }
        decideDateColumns(data)
        let width = header.columns.count
        let year = header.months.isEmpty ? nil : targetYear()
        for (position, record) in data.enumerated() {
            if let label = summaryLabel(record) {
                notes.append(.summaryRowSkipped(line: record.line, label: label))
                continue
            }
            rowsRead += 1
            if seen.contains(record.fields) {
                duplicates += 1
                continue
            }
            seen.insert(record.fields)
            if !record.terminated && position == data.count - 1 && record.fields.count < width {
                reject(record, column: nil, .truncatedLastLine(found: record.fields.count, expected: width))
                notes.append(.truncatedLastLine(line: record.line))
                continue
            }
            if header.months.isEmpty {
                readRow(record)
            } else {
                readWideTargets(record, year: year!)
            }
        }
        if blankLines > 0 { notes.append(.blankLinesSkipped(blankLines)) }
        if spec.table == .opportunities {
            let undated = records.filter { $0.values["created_date"] == nil }.count
            if undated > 0 { notes.append(.undatedDeals(undated)) }
        }
    }

    // MARK: Rows

    private mutating func readRow(_ record: TextRecord) {
        var row = TableRecord(line: record.line)
        for field in spec.fields {
            guard let column = column(field.id) else { continue }
            let raw = record.fields[safe: column.index]?.trimmingSpaces ?? ""
            if raw.isEmpty {
                if spec.required.contains([field.id]) {
                    return reject(record, column: column.index, .missingValue(column: column.header))
                }
                continue
            }
            switch value(field, raw, column: column) {
            case .success(nil): continue
            case .success(let value?):
                if case .reference(let table) = field.kind, let sql = field.column {
                    row.references[sql] = (table, raw)
                } else if let sql = field.column {
                    row.values[sql] = value
                } else {
                    row.values[field.id] = value
                }
            case .failure(let reason): return reject(record, column: column.index, reason)
            }
        }
        for pair in spec.ordered {
            guard let earlier = column(pair.earlier), let later = column(pair.later),
                case .text(let first)? = row.values[pair.earlier], case .text(let second)? = row.values[pair.later],
                second < first
            else { continue }
            return reject(
                record, column: later.index,
                .datesOutOfOrder(later: later.header, value: second, earlier: earlier.header, earlierValue: first))
        }
        if spec.table == .targets {
            guard let target = longTarget(row, record) else { return }
            row = target
        }
        records.append(row)
    }

    /// A long target row: scope and member from a scope column, else from the finest member
    /// column (rep, then team, then region); the period's span; revenue unless a metric is named.
    private mutating func longTarget(_ row: TableRecord, _ record: TextRecord) -> TableRecord? {
        var target = TableRecord(line: row.line)
        guard case .text(let period)? = row.values["period"], let span = PeriodText.span(period) else { return nil }
        guard let (scope, member) = scopeAndMember(row.values, record) else { return nil }
        target.values["scope"] = .text(scope)
        if let member { target.values["scope_value"] = .text(member) }
        target.values["period_start"] = .text(span.start.iso)
        target.values["period_end"] = .text(span.end.iso)
        target.values["metric"] = row.values["metric"] ?? .text("revenue")
        target.values["value"] = row.values["value"]
        if scope == "rep", let member { target.masters.append((.reps, member, [:])) }
        return target
    }

    private mutating func scopeAndMember(_ values: [String: SQLValue], _ record: TextRecord) -> (String, String?)? {
        func text(_ key: String) -> String? {
            if case .text(let value)? = values[key], !value.isEmpty { return value }
            return nil
        }
        if let scope = text("scope") {
            let member = text("scope_value") ?? text(scope)
            if scope != "company" && member == nil {
                reject(record, column: column("member")?.index, .missingValue(column: column("member")?.header ?? "对象"))
                return nil
            }
            return (scope, scope == "company" ? nil : member)
        }
        for scope in ["rep", "team", "region"] {
            if let member = text(scope) { return (scope, member) }
        }
        reject(record, column: nil, .missingValue(column: column("rep")?.header ?? column("team")?.header ?? "对象"))
        return nil
    }

    /// A wide target row: one target per month cell, the member from the finest member column,
    /// and the 全年/合计 column checked against the months.
    private mutating func readWideTargets(_ record: TextRecord, year: Int) {
        var values: [String: SQLValue] = [:]
        for id in ["scope", "member", "rep", "team", "region", "metric"] {
            guard let column = column(id), let raw = record.fields[safe: column.index]?.trimmingSpaces, !raw.isEmpty
            else { continue }
            if id == "scope" {
                guard let scope = Vocabularies.scope(raw) else {
                    return reject(
                        record, column: column.index,
                        .notInVocabulary(column: column.header, value: raw, allowed: Vocabularies.scopeNames))
                }
                values["scope"] = .text(scope)
            } else {
                values[id == "member" ? "scope_value" : id] = .text(raw)
            }
        }
        guard let (scope, member) = scopeAndMember(values, record) else { return }
        var sum = 0.0
        var added: [TableRecord] = []
        for month in header.months {
            let raw = record.fields[safe: month.column]?.trimmingSpaces ?? ""
            if raw.isEmpty { continue }
            let headerText = header.columns[month.column].header
            guard case .number(let value, _) = NumberValue.parse(raw) else {
                reject(record, column: month.column, .notANumber(column: headerText, value: raw))
                continue
            }
            guard value >= 0 else {
                reject(record, column: month.column, .negative(column: headerText, value: raw))
                continue
            }
            sum += value
            let start = Day(year: month.year ?? year, month: month.month, day: 1)
            var target = TableRecord(line: record.line)
            target.values = [
                "metric": values["metric"] ?? .text("revenue"), "scope": .text(scope),
                "period_start": .text(start.iso), "period_end": .text(start.lastOfMonth.iso), "value": .number(value),
            ]
            if let member { target.values["scope_value"] = .text(member) }
            if scope == "rep", let member {
                var attributes: [String: String] = [:]
                if case .text(let team)? = values["team"] { attributes["team"] = team }
                if case .text(let region)? = values["region"] { attributes["region"] = region }
                target.masters.append((.reps, member, attributes))
            }
            added.append(target)
        }
        if let total = column("total"), let raw = record.fields[safe: total.index]?.trimmingSpaces, !raw.isEmpty,
            case .number(let stated, _) = NumberValue.parse(raw), abs(stated - sum) > 0.005
        {
            notes.append(.totalMismatch(line: record.line, member: member ?? "", stated: stated, months: sum))
        }
        records.append(contentsOf: added)
    }

    /// The year of a wide sheet's 1月 … 12月: a year in the title lines, the sheet's or the file's
    /// name, else this year (noted).
    private mutating func targetYear() -> Int {
        let texts = header.title + [source.sheet ?? "", URL(fileURLWithPath: source.path).lastPathComponent]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            var index = 0
            while index + 4 <= scalars.count {
                let digits = scalars[index..<index + 4]
                let before = index > 0 ? scalars[index - 1] : " "
                let after = index + 4 < scalars.count ? scalars[index + 4] : " "
                if digits.allSatisfy({ ("0"..."9").contains($0) }), !("0"..."9").contains(before),
                    !("0"..."9").contains(after), let year = Int(String(String.UnicodeScalarView(digits))),
                    (1990...2100).contains(year)
                {
                    if header.months.contains(where: { $0.year == nil }) {
                        notes.append(.yearFromTitle(year: year, text: text))
                    }
                    return year
                }
                index += 1
            }
        }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        if header.months.contains(where: { $0.year == nil }) { notes.append(.yearAssumed(year)) }
        return year
    }

    private func summaryLabel(_ record: TextRecord) -> String? { SummaryRow.label(record.fields.prefix(2)) }

    // MARK: Values

    private mutating func value(_ field: FieldSpec, _ raw: String, column: TableColumn) -> Result<
        SQLValue?, RejectReason
    > {
        let name = column.header
        switch field.kind {
        case .text, .reference: return .success(.text(raw))
        case .date:
            switch date(raw, column: column.index) {
            case .success(let day): return .success(.text(day.iso))
            case .failure(.impossible): return .failure(.impossibleDate(column: name, value: raw, order: nil))
            case .failure(.outOfRange): return .failure(.dateOutOfRange(column: name, value: raw))
            case .failure(.notADate): return .failure(.notADate(column: name, value: raw))
            }
        case .number, .amount:
            guard case .number(let value, _) = NumberValue.parse(raw) else {
                return .failure(.notANumber(column: name, value: raw))
            }
            if field.kind == .amount && value < 0 { return .failure(.negative(column: name, value: raw)) }
            return .success(.number(value))
        case .score:
            guard case .number(let value, _) = NumberValue.parse(raw) else {
                return .failure(.notANumber(column: name, value: raw))
            }
            guard (1...5).contains(value) else { return .failure(.outOfScale(column: name, value: raw)) }
            return .success(.number(value))
        case .flag:
            guard let flag = Vocabularies.flag(raw) else { return .failure(.notAFlag(column: name, value: raw)) }
            return .success(.integer(flag ? 1 : 0))
        case .stage:
            guard let stage = StageName.read(raw, declared: options.stages) else {
                return .failure(.unknownStage(column: name, value: raw))
            }
            switch stage {
            case .won: return .success(.text("won"))
            case .lost: return .success(.text("lost"))
            case .open(let stored, let rank):
                if !openStages.contains(where: { $0.name == stored }) { openStages.append((stored, rank)) }
                return .success(.text(stored))
            }
        case .activityType:
            guard let type = Vocabularies.activityType(raw) else {
                return .failure(.notInVocabulary(column: name, value: raw, allowed: Vocabularies.activityTypeNames))
            }
            return .success(.text(type))
        case .reviewKind:
            guard let kind = Vocabularies.reviewKind(raw) else {
                return .failure(.notInVocabulary(column: name, value: raw, allowed: Vocabularies.reviewKindNames))
            }
            return .success(.text(kind))
        case .scope:
            guard let scope = Vocabularies.scope(raw) else {
                return .failure(.notInVocabulary(column: name, value: raw, allowed: Vocabularies.scopeNames))
            }
            return .success(.text(scope))
        case .period:
            guard PeriodText.span(raw) != nil else { return .failure(.notAPeriod(column: name, value: raw)) }
            return .success(.text(raw))
        case .month:
            if let month = PeriodText.month(raw) { return .success(.text(month)) }
            if case .success(let day) = date(raw, column: column.index) {
                return .success(.text(String(day.iso.prefix(7))))
            }
            return .failure(.notAPeriod(column: name, value: raw))
        }
    }

    /// Each date column's A/B/YEAR order, from the values only one order reads (as order files
    /// decide theirs), and whether it holds Excel serial numbers only.
    private mutating func decideDateColumns(_ rows: [TextRecord]) {
        for field in spec.fields where field.kind == .date || field.kind == .month {
            guard let column = column(field.id) else { continue }
            var dayFirstRows = 0
            var monthFirstRows = 0
            var allSerial = true
            var any = false
            for record in rows {
                let raw = record.fields[safe: column.index]?.trimmingSpaces ?? ""
                guard !raw.isEmpty else { continue }
                any = true
                let token = Array(raw.utf8).withUnsafeBufferPointer { dates.token($0) }
                if token.kind != .serial { allSerial = false }
                if token.kind == .yearLast {
                    if token.first > 12 && token.second <= 12 { dayFirstRows += 1 }
                    if token.second > 12 && token.first <= 12 { monthFirstRows += 1 }
                }
            }
            if any && allSerial { serialColumns.insert(column.index) }
            dayFirst[column.index] = options.dateOrder.map { $0 == .dayFirst } ?? (dayFirstRows > monthFirstRows)
        }
    }

    private mutating func date(_ raw: String, column: Int) -> Result<Day, DateProblem> {
        let token = Array(raw.utf8).withUnsafeBufferPointer { dates.token($0) }
        return dates.resolve(
            token, order: dayFirst[column] == true ? .dayFirst : .monthFirst, serials: serialColumns.contains(column))
    }

    private mutating func reject(_ record: TextRecord, column: Int?, _ reason: RejectReason) {
        rejections.append(
            Rejection(line: record.line, column: column.map { $0 + 1 }, reason: reason, fields: record.fields))
    }

    // MARK: The result

    func file(source: SourceText) -> TableFile {
        var notes = self.notes
        let stray = header.columns.filter { column in
            column.header.unicodeScalars.contains { (0xFF10...0xFF5A).contains($0.value) } && column.field != nil
        }
        if !stray.isEmpty { notes.append(.headersCleaned(stray.map(\.header))) }
        let ordered = openStages.enumerated().sorted { a, b in
            let left = a.element.rank ?? Int.max
            let right = b.element.rank ?? Int.max
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element.name)
        let samples = records.prefix(5).map { record -> [String: String] in
            var row = record.values.mapValues(\.keyText)
            for (column, reference) in record.references { row[column] = reference.name }
            return row
        }
        return TableFile(
            path: source.path, sheet: source.sheet, table: spec.table, encoding: source.decoded.encoding,
            encodingEvidence: source.decoded.evidence, headerLine: header.line, columns: header.columns,
            rowsRead: rowsRead, duplicates: duplicates, rejections: rejections, notes: notes, samples: samples,
            openStages: ordered, records: records)
    }
}

// A row's reason travels in a `Result` while its values are read.
extension RejectReason: Error {}

/// 合计, 总计, 小计, Total in one of the first two cells: a sum under an export's data, not a row.
enum SummaryRow {
    static func label(_ cells: some Sequence<String>) -> String? {
        for cell in cells {
            let key = HeaderSynonyms.key(cell).replacingOccurrences(of: ":", with: "").replacingOccurrences(
                of: "：", with: "")
            if labels.contains(key) { return cell.trimmingSpaces }
        }
        return nil
    }

    private static let labels: Set<String> = [
        "合计", "总计", "小计", "总合计", "合计金额", "total", "grandtotal", "sum", "subtotal",
    ]
}
