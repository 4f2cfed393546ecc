/// A problem with the user's input, pointing at the text: data until the edge, where
/// `Language` composes it in Chinese or English with a caret under the span.
public struct Diagnostic: Error, Equatable, Sendable {
    /// UTF-8 byte offsets into the source text.
    public var span: Range<Int>
    public var reason: Reason
    /// Close names the user may have meant, best first.
    public var suggestions: [String]

    public init(span: Range<Int>, reason: Reason, suggestions: [String] = []) {
        self.span = span
        self.reason = reason
        self.suggestions = suggestions
    }

    public enum Reason: Equatable, Sendable {
        /// The parser wanted one of `expected` and found `found` (nil: the end of the input).
        case unexpected(expected: [Expectation], found: String?)
        case unknownMetric(String)
        case unknownDimension(String)
        case unknownName(String)
        case unknownValue(dimension: String, value: String)
        case unknownPlan(String)
        /// `order by` names something the statement does not show.
        case orderNotSelected(name: String, selected: [String])
        case unterminatedString
        case invalidPeriod(String)
        case periodAfterAsOf(label: String, asOf: Day)
        /// A count beyond what kpish answers for (top 10^20, last 10^8 months).
        case numberTooLarge(String, maximum: Int)
        /// A count of nothing: `top 0`, `last 0 months`, `limit 0`.
        case countOfNothing(String)
        /// A target of zero or below.
        case notAPositiveFigure(String)
        case rangeBackwards(String)
        case duplicateClause(String)
        case clauseNotAllowed(clause: String, statement: String)
        case timeDimensionFilter(String)
        case comparisonOnDimension(dimension: String, op: String)
        case textForMetric(metric: String)
        case nameTaken(String)
        case selfReference(String)
        case missingPeriod(statement: String)
        case scopeNotAllowed(String)
        case emptyInput
        /// A line longer than any statement or question (bytes, and the most taken).
        case lineTooLong(bytes: Int, maximum: Int)
    }

    /// The longest line read as a statement or question, in UTF-8 bytes.
    public static let longestLine = 4_096

    /// Whether the statement was read as a query and a value in it is the trouble: a period
    /// that is not a real span (2026-13, W53 of a year of 52 weeks, year 0), one after the as-of
    /// date, a range backwards, a count too large.
    public var isAboutAValue: Bool {
        switch reason {
        case .invalidPeriod, .periodAfterAsOf, .rangeBackwards, .numberTooLarge, .countOfNothing, .notAPositiveFigure, .lineTooLong: true
        default: false
        }
    }

    /// What the parser could have accepted at the failure point.
    public enum Expectation: Equatable, Hashable, Sendable {
        case keyword(String)
        case symbol(String)
        case metric
        case dimension
        case value
        case number
        case period
        case name
        case endOfInput
    }
}
