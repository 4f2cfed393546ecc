/// A column of the imported file and what became of it.
///
///     file.columns.first { $0.header == "订单付款时间" }?.source   // .outranked(field: .date, by: 4)
public struct ImportColumn: Equatable, Sendable {
    /// Position in the file, from 0.
    public var index: Int
    /// The header as the file writes it.
    public var header: String
    /// The field the column is imported as; nil when it is not imported.
    public var field: ImportField?
    public var source: Source
    /// The factor a unit in the header implies: 10,000 for 销售额（万元）, else 1.
    public var scale: Double = 1

    public enum Source: Equatable, Sendable {
        /// The header is one of the field's names in grammar/import/headers.tsv.
        case synonym
        /// `--map` named it.
        case option
        /// Nothing known: the column is not imported.
        case unmapped
        /// `--map COLUMN=ignore`.
        case ignored
        /// Its header names `field` too, but the column at `by` was preferred.
        case outranked(field: ImportField, by: Int)
    }
}

/// The header names of each field, from grammar/import/headers.tsv (embedded at build time, so
/// an installed binary needs no data files).
struct HeaderSynonyms {
    private var entries: [String: (field: ImportField, rank: Int)] = [:]

    static let standard = HeaderSynonyms(text: String(decoding: PackageResources.headers_tsv, as: UTF8.self))

    /// Parses `field<TAB>header<TAB>header…` lines; `#` starts a comment line. Within a field,
    /// earlier headers rank higher.
    init(text: String) {
        var ranks: [ImportField: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t").map(String.init)
            guard let name = cells.first, let field = ImportField(rawValue: name) else {
                preconditionFailure("grammar/import/headers.tsv: unknown field in line '\(line)'")
            }
            for header in cells.dropFirst() {
                let key = Self.key(header)
                guard entries[key] == nil else { continue }
                entries[key] = (field, ranks[field, default: 0])
                ranks[field, default: 0] += 1
            }
        }
    }

    /// The field a header names, its rank among that field's names, and the scale of its unit.
    func match(_ header: String) -> (field: ImportField, rank: Int, scale: Double)? {
        let key = Self.key(header)
        if let entry = entries[key] { return (entry.field, entry.rank, 1) }
        // "销售额(元)", "Sales ($)", "金额（万元）": a known name followed by a unit.
        guard key.hasSuffix(")"), let open = key.lastIndex(of: "(") else { return nil }
        let unit = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        guard let scale = Self.units[unit], let entry = entries[String(key[..<open])] else { return nil }
        return (entry.field, entry.rank, scale)
    }

    private static let units: [String: Double] = [
        "元": 1, "rmb": 1, "cny": 1, "¥": 1, "￥": 1, "$": 1, "usd": 1, "人民币": 1, "人民币元": 1, "件": 1, "个": 1,
        "pcs": 1, "千元": 1e3, "万": 1e4, "万元": 1e4, "亿": 1e8, "亿元": 1e8,
    ]

    /// Headers compare without case, spaces, `_`, `-` and `.`, with full-width forms as ASCII:
    /// "订单 ID", "ORDER_DATE " and "Order Date" are keys "订单id", "orderdate", "orderdate".
    static func key(_ header: String) -> String {
        var key = ""
        for scalar in header.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            guard let ascii = Unicode.Scalar(value) else { continue }
            if ascii.properties.isWhitespace || ascii == "_" || ascii == "-" || ascii == "." { continue }
            key.unicodeScalars.append(ascii)
        }
        return key.lowercased()
    }
}

/// Decides which column holds which field.
enum HeaderMapping {
    /// Maps columns by `--map` first, then by header synonyms; when several columns name one
    /// field, the highest-ranked name wins and the others are reported as outranked.
    ///
    /// `overrides` keys are headers (compared like synonyms) or `#N`, the N-th column from 1.
    static func infer(
        headers: [String], overrides: [String: ImportField?], synonyms: HeaderSynonyms = .standard
    ) throws -> [ImportColumn] {
        var columns = headers.enumerated().map { ImportColumn(index: $0.offset, header: $0.element, source: .unmapped) }
        var chosen: [ImportField: Int] = [:]
        for (name, field) in overrides.sorted(by: { $0.key < $1.key }) {
            let index = try column(named: name, in: headers)
            columns[index].source = field == nil ? .ignored : .option
            columns[index].field = field
            if let field {
                if let other = chosen[field] {
                    throw ImportError.ambiguousColumns(
                        field: field, columns: [other + 1, index + 1], headers: [headers[other], headers[index]])
                }
                chosen[field] = index
            }
        }
        var candidates: [ImportField: [(index: Int, rank: Int, scale: Double)]] = [:]
        for index in columns.indices where columns[index].source == .unmapped {
            if let match = synonyms.match(headers[index]) {
                candidates[match.field, default: []].append((index, match.rank, match.scale))
            }
        }
        for field in ImportField.allCases {
            guard let found = candidates[field]?.sorted(by: { ($0.rank, $0.index) < ($1.rank, $1.index) }) else {
                continue
            }
            let winner = chosen[field] ?? found[0].index
            if chosen[field] == nil {
                if found.count > 1 && found[1].rank == found[0].rank {
                    let tied = found.filter { $0.rank == found[0].rank }
                    throw ImportError.ambiguousColumns(
                        field: field, columns: tied.map { $0.index + 1 }, headers: tied.map { headers[$0.index] })
                }
                columns[winner].field = field
                columns[winner].source = .synonym
                columns[winner].scale = found[0].scale
            }
            for candidate in found where candidate.index != winner {
                columns[candidate.index].source = .outranked(field: field, by: winner)
            }
        }
        return columns
    }

    /// The column a `--map` key names: `#N`, or a header compared like synonyms.
    private static func column(named name: String, in headers: [String]) throws -> Int {
        if name.hasPrefix("#"), let number = Int(name.dropFirst()) {
            guard (1...headers.count).contains(number) else {
                throw ImportError.unknownColumn(name: name, headers: headers)
            }
            return number - 1
        }
        let key = HeaderSynonyms.key(name)
        let matches = headers.indices.filter { HeaderSynonyms.key(headers[$0]) == key }
        guard let first = matches.first else { throw ImportError.unknownColumn(name: name, headers: headers) }
        guard matches.count == 1 else {
            throw ImportError.duplicateHeader(name: headers[first], columns: matches.map { $0 + 1 })
        }
        return first
    }
}
