/// The header names of each table's fields, from grammar/import/tables.tsv (embedded at build
/// time, like headers.tsv for orders).
struct TableSynonyms: Sendable {
    private var entries: [ImportTable: [String: (field: String, rank: Int)]] = [:]

    static let standard = TableSynonyms(text: String(decoding: PackageResources.tables_tsv, as: UTF8.self))

    /// Parses `table<TAB>field<TAB>header<TAB>header…` lines; `#` starts a comment line. A
    /// field must be one of its table's (TableSpec): a typo fails loudly, at the first import.
    init(text: String) {
        var ranks: [ImportTable: [String: Int]] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t").map(String.init)
            guard cells.count >= 3, let table = ImportTable(rawValue: cells[0]),
                let spec = TableSpec.of(table), spec.field(cells[1]) != nil
            else {
                preconditionFailure("grammar/import/tables.tsv: unknown table or field in line '\(line)'")
            }
            for header in cells.dropFirst(2) {
                let key = HeaderSynonyms.key(header)
                guard entries[table]?[key] == nil else { continue }
                let rank = ranks[table]?[cells[1]] ?? 0
                entries[table, default: [:]][key] = (cells[1], rank)
                ranks[table, default: [:]][cells[1]] = rank + 1
            }
        }
    }

    /// The field of `table` a header names, and its rank among that field's names.
    func match(_ header: String, in table: ImportTable) -> (field: String, rank: Int)? {
        let key = HeaderSynonyms.key(header)
        if let entry = entries[table]?[key] { return entry }
        // "商机金额（元）", "Close Value ($)": a known name and a unit.
        guard key.hasSuffix(")"), let open = key.lastIndex(of: "(") else { return nil }
        return entries[table]?[String(key[..<open])]
    }
}
