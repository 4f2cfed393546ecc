import Foundation
import Model

/// The natural-question vocabulary read from grammar/ask/: synonyms, time words, intent rules,
/// word lists. Patterns are compiled once, when the lexicon loads.
///
///     let lexicon = try AskLexicon.standard()
public struct AskLexicon: Sendable {
    /// Word → the metric ids it may mean (two or more: the question is ambiguous).
    var metricWords: [String: [String]] = [:]
    /// Word → dimension id.
    var dimensionWords: [String: String] = [:]
    var timeRules: [(pattern: Pattern, template: String)] = []
    var intentRules: [(intent: String, pattern: Pattern)] = []
    var stopWords: Set<String> = []
    var ascendingWords: Set<String> = []
    /// Words for the weak side without a measure (拖后腿, struggling): the lowest first, on
    /// attainment unless a metric is named.
    var weakWords: Set<String> = []
    var pluralWords: Set<String> = []
    var growthWords: Set<String> = []
    /// Words that make a question a follow-up to the one before (换成, 只看, what about).
    var followUpWords: Set<String> = []
    /// Words a follow-up begins with (那, and), and words that begin an ordinary question
    /// though they start alike (那个, 那些).
    var followUpLeads: Set<String> = []
    var notFollowUpLeads: Set<String> = []
    /// Words a follow-up ends with (那华南呢).
    var tailWords: Set<String> = []
    /// Words a question ends with (有哪些, 是谁), longest first: after them a word marked `$` is
    /// still at the end.
    var endingWords: [String] = []
    /// Words for every member (所有产品, all products): an ordered list, not the top few.
    var allWords: Set<String> = []
    /// Words that compare with the same span a year earlier (同比, yoy), and with the span just
    /// before (环比, the month before).
    var yearOverYearWords: Set<String> = []
    var previousSpanWords: Set<String> = []
    /// Words for going beyond the target (超额完成): attainment above 100%.
    var surpassWords: Set<String> = []
    /// Words that say a question starts afresh (换个问题, different question).
    var freshWords: Set<String> = []
    /// Words for falling short of the target (没达标): attainment below 100%.
    var shortfallWords: Set<String> = []
    /// Words that break the values named out side by side (分别, respectively).
    var respectivelyWords: Set<String> = []
    /// Words that ask for the highest first (最好, best): a follow-up turns a bottom list round.
    var descendingWords: Set<String> = []
    /// Words that drop a follow-up's breakdown (他们合计是多少, in total).
    var totalWords: Set<String> = []
    /// Words that add a dimension to the breakdown rather than replace it (拆开, drill down).
    var additiveWords: Set<String> = []
    /// Words for the present (现在, current): this month, where no period is named.
    var nowWords: Set<String> = []
    /// Common surnames: a word left over that begins with one and is a name's length is a
    /// rep's name the data does not hold (张伟).
    var surnames: Set<String> = []
    var declineWords: [String] = []
    /// Word → another name for a data value (direct sales → channel 直销).
    var valueWords: [String: (dimension: String, value: String)] = [:]
    var traditional: [Character: Character] = [:]
    /// Regional words and their standard form (边个 → 哪个, 礼拜 → 星期), longest first.
    var regional: [(word: String, standard: String)] = []
    public private(set) var examples: [String] = []

    /// The words of the classes that shape a plan (weak, growth, ascending, follow-up…), as UTF-8,
    /// longest first: understood words, never left over. Made once, when the lexicon loads.
    private(set) var shapingWords: [[UInt8]] = []
    /// The shortfall and surpass words, as UTF-8, longest first.
    private(set) var targetSideWords: [[UInt8]] = []

    /// Longest first, then in byte order: the same masking on every run (a Set's order is not).
    static func longestFirst(_ words: some Sequence<String>) -> [[UInt8]] {
        Set(words).map { Array($0.utf8) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
        }
    }

    /// A data file that could not be read, with the line that was wrong.
    public struct LoadError: LocalizedFailure {
        public let file: String
        public let line: Int
        public let detail: String

        public var message: Localized {
            Localized(
                zh: "问句词库 \(file) 第 \(line) 行有误：\(detail)",
                en: "the question vocabulary \(file), line \(line): \(detail)")
        }
    }

    /// Reads the lexicon from a grammar/ask directory.
    public static func load(from directory: String) throws -> AskLexicon {
        var lexicon = AskLexicon()
        try lines(directory, "metrics.txt") { line, number in
            let (word, targets) = try pair(line, "metrics.txt", number)
            lexicon.metricWords[word] = fields(targets, "|").map { trimmed($0[...].utf8) }
        }
        try lines(directory, "dimensions.txt") { line, number in
            let (word, target) = try pair(line, "dimensions.txt", number)
            lexicon.dimensionWords[word] = target
        }
        try lines(directory, "time.txt") { line, number in
            let parts = fields(line, "\t", maxSplits: 1)
            guard parts.count == 2 else {
                throw LoadError(file: "time.txt", line: number, detail: "pattern<TAB>period")
            }
            lexicon.timeRules.append((try compile(parts[0], "time.txt", number), parts[1]))
        }
        try lines(directory, "intents.txt") { line, number in
            let parts = fields(line, "\t", maxSplits: 1)
            guard parts.count == 2 else {
                throw LoadError(file: "intents.txt", line: number, detail: "intent<TAB>pattern")
            }
            lexicon.intentRules.append((parts[0], try compile(parts[1], "intents.txt", number)))
        }
        try lines(directory, "words.txt") { line, number in
            let parts = fields(line, "\t", maxSplits: 1)
            guard parts.count == 2 else { throw LoadError(file: "words.txt", line: number, detail: "kind<TAB>words") }
            // An underscore joins a phrase (what_about): words are separated by spaces.
            let words = fields(parts[1], " ").map { $0.lowercased().underscoresAsSpaces }
            switch parts[0] {
            case "stop": lexicon.stopWords.formUnion(words)
            case "ascending": lexicon.ascendingWords.formUnion(words)
            case "weak":
                lexicon.weakWords.formUnion(words)
                lexicon.ascendingWords.formUnion(words)
                lexicon.stopWords.formUnion(words)
            case "plural": lexicon.pluralWords.formUnion(words)
            case "growth": lexicon.growthWords.formUnion(words)
            case "decline": lexicon.declineWords += words
            case "followup": lexicon.followUpWords.formUnion(words)
            case "lead": lexicon.followUpLeads.formUnion(words)
            case "notlead": lexicon.notFollowUpLeads.formUnion(words)
            case "tail": lexicon.tailWords.formUnion(words)
            case "respectively": lexicon.respectivelyWords.formUnion(words)
            case "shortfall": lexicon.shortfallWords.formUnion(words)
            case "fresh": lexicon.freshWords.formUnion(words)
            case "surpass": lexicon.surpassWords.formUnion(words)
            case "yoy": lexicon.yearOverYearWords.formUnion(words)
            case "mom": lexicon.previousSpanWords.formUnion(words)
            case "all": lexicon.allWords.formUnion(words)
            case "ending":
                lexicon.endingWords = longestFirst(lexicon.endingWords + words).map { String(decoding: $0, as: UTF8.self) }
            case "descending": lexicon.descendingWords.formUnion(words)
            case "total": lexicon.totalWords.formUnion(words)
            case "additive": lexicon.additiveWords.formUnion(words)
            case "now": lexicon.nowWords.formUnion(words)
            case "surname": lexicon.surnames.formUnion(words)
            default: throw LoadError(file: "words.txt", line: number, detail: "unknown kind \(parts[0])")
            }
        }
        try lines(directory, "values.txt") { line, number in
            let (word, target) = try pair(line, "values.txt", number)
            let parts = fields(target, ":", maxSplits: 1)
            guard parts.count == 2 else {
                throw LoadError(file: "values.txt", line: number, detail: "word = dimension:value")
            }
            lexicon.valueWords[word] = (parts[0], parts[1])
        }
        try lines(directory, "traditional.txt") { line, number in
            let characters = Array(line)
            guard characters.count == 2 else {
                throw LoadError(file: "traditional.txt", line: number, detail: "two characters")
            }
            lexicon.traditional[characters[0]] = characters[1]
        }
        try lines(directory, "regional.txt") { line, number in
            let (word, standard) = try pair(line, "regional.txt", number)
            lexicon.regional.append((word, standard))
        }
        lexicon.regional.sort { $0.word.count > $1.word.count }
        try lines(directory, "examples.txt") { line, _ in lexicon.examples.append(line) }
        lexicon.shapingWords = longestFirst(
            [
                lexicon.weakWords, lexicon.growthWords, lexicon.ascendingWords, lexicon.descendingWords,
                lexicon.pluralWords, lexicon.followUpWords, lexicon.totalWords, lexicon.additiveWords, lexicon.tailWords,
                lexicon.respectivelyWords, lexicon.shortfallWords, lexicon.surpassWords, lexicon.nowWords,
            ].joined())
        lexicon.targetSideWords = longestFirst(lexicon.shortfallWords.union(lexicon.surpassWords))
        return lexicon
    }

    /// The lexicon from `$KPISH_GRAMMAR/ask`, else from grammar/ask in the source tree.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AskLexicon
    {
        try load(from: directory(environment: environment))
    }

    public static func directory(environment: [String: String]) -> String {
        if let root = environment["KPISH_GRAMMAR"], !root.isEmpty { return root + "/ask" }
        // Sources/Ask/Lexicon/AskLexicon.swift → the repository root.
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/grammar/ask"
    }

    // MARK: - Reading

    /// Calls `body` with each line of the file that is neither blank nor a `#` comment, without
    /// its line break, and its number. Lines are found byte by byte: splitting the text as
    /// Characters walked the grapheme rules over every Chinese word of the grammar.
    private static func lines(_ directory: String, _ file: String, _ body: (String, Int) throws -> Void) throws {
        let path = directory + "/" + file
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self)
        else {
            throw LoadError(file: path, line: 0, detail: "cannot read the file / 无法读取")
        }
        var number = 0
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw[...]
            guard line.contains(where: { !isSpace($0) }), line.first != UInt8(ascii: "#") else { continue }
            try body(String(Substring(line)), number)
        }
    }

    /// `word = target`, both trimmed, the word lowercased.
    private static func pair(_ line: String, _ file: String, _ number: Int) throws -> (String, String) {
        let bytes = line.utf8
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else {
            throw LoadError(file: file, line: number, detail: "word = target")
        }
        let word = trimmed(bytes[..<equals])
        let target = trimmed(bytes[bytes.index(after: equals)...])
        guard !word.isEmpty, !target.isEmpty else { throw LoadError(file: file, line: number, detail: "word = target") }
        return (word.lowercased(), target)
    }

    /// The text cut at an ASCII separator, by bytes (String.split walks Characters, the grapheme
    /// rules over every Chinese word), empty pieces dropped.
    private static func fields(_ text: String, _ separator: Unicode.Scalar, maxSplits: Int = .max) -> [String] {
        text.utf8.split(separator: UInt8(ascii: separator), maxSplits: maxSplits).map { String(Substring($0)) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// The bytes without spaces and tabs at either end, as text (the cut falls between ASCII
    /// bytes, so it never splits a character).
    private static func trimmed(_ bytes: Substring.UTF8View) -> String {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(Substring(bytes[first...last]))
    }

    private static func compile(_ source: String, _ file: String, _ number: Int) throws -> Pattern {
        do {
            return try Pattern(source, caseInsensitive: true)
        } catch let error as Pattern.CompileError {
            throw LoadError(file: file, line: number, detail: "\(error.message) at \(error.offset)")
        }
    }
}

extension String {
    /// `what_about` → `what about`, byte by byte (Foundation's `replacingOccurrences` bridges
    /// through NSString).
    fileprivate var underscoresAsSpaces: String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
