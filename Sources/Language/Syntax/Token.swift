/// A token of the query language with its place in the source (UTF-8 byte offsets).
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// Letters (any script), digits and underscores, not starting with a digit. Keywords are
        /// words too: the parser reads them by context, so `month` can be a keyword or a dimension.
        case word
        /// A quoted string; `text` holds its content without quotes.
        case string
        /// A number; `value` is its numeric value after suffixes (80% → 0.8, 120万 → 1200000).
        case number(Double)
        /// A period literal: 2026-10, 2026-Q3, 2026-W05, 2026-H1, 2026-10-05.
        case periodLiteral
        /// A month written in Chinese: 3月.
        case chineseMonth(Int)
        case symbol
        case end
    }

    var kind: Kind
    var text: String
    var span: Range<Int>

    var isEnd: Bool { kind == .end }

    /// The word's text in lower case when it is a word, for keyword checks.
    var keyword: String? { kind == .word ? text.lowercased() : nil }
}
