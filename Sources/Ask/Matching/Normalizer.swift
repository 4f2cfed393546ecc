import Model

/// Puts a question into the one form the vocabulary is written in: full-width characters made
/// half-width, traditional characters made simplified, English in lower case, white space
/// collapsed, regional words in their standard form (边个 → 哪个), Chinese numerals made digits where a number belongs (近三个月 → 近3个月, but 一下
/// and 双十一 stay as they are).
struct Normalizer {
    let traditional: [Character: Character]
    /// Regional words in their standard form (边个 → 哪个), longest first.
    var regional: [(word: String, standard: String)] = []

    /// A numeral run after 前/近/第 or before a unit or counter: only there is it a number.
    private static let numberSlot = try! Pattern(
        "(?<=前|后|倒数|近|第|未来|过去|最近|百分之)([零〇一二两三四五六七八九十百千]+)"
            + "|([零〇一二两三四五六七八九十百千]+)(?=\\s*(?:个|天|日|周|星期|月|季度|季|年|名|位|强|家|款|大|单|笔|次|成|万|亿|块|元))")

    func normalize(_ question: String) -> String {
        var text = ""
        var lastWasSpace = true
        for scalar in question.unicodeScalars {
            var value = scalar.value
            if value == 0x3000 { value = 0x20 }  // ideographic space
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width ASCII
            var character = Character(Unicode.Scalar(value)!)
            if let simplified = traditional[character] { character = simplified }
            if character.isWhitespace {
                if !lastWasSpace { text.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            // 本季度funnel按team → 本季度 funnel 按 team: English words inside Chinese stand apart,
            // so they match whole.
            if let last = text.last, Self.changesScript(last, character) { text.append(" ") }
            text.append(contentsOf: character.isASCII ? character.lowercased() : String(character))
        }
        while let last = text.last, last == " " || "?？!！。.,，~～".contains(last) { text.removeLast() }
        for (word, standard) in regional where text.contains(word) {
            text = text.replacingOccurrences(of: word, with: standard)
        }
        return Normalizer.numberWords(in: Normalizer.digits(in: Normalizer.countsApart(text)))
    }

    private static let countGlued = try! Pattern("\\b(top|bottom)(\\d)")

    /// bottom3, top5 → bottom 3, top 5.
    static func countsApart(_ text: String) -> String {
        let matches = countGlued.allMatches(in: text)
        guard !matches.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for match in matches.reversed() {
            // The digit begins one byte before the match's end: a space goes in front of it.
            bytes.insert(0x20, at: match.range.upperBound - 1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let thousandsSeparator = try! Pattern("\\d,\\d{3}(?!\\d)")

    /// 1,200,000 → 1200000: the commas between groups of three digits go.
    static func withoutThousandsSeparators(_ text: String) -> String {
        var bytes = Array(text.utf8)
        while let match = thousandsSeparator.firstMatch(in: String(decoding: bytes, as: UTF8.self)) {
            bytes.remove(at: match.range.lowerBound + 1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let englishNumber = try! Pattern(
        "\\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\\b"
            + "|\\b(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter\\b")

    /// English numbers in words: five best → 5 best, the past six months → the past 6 months, the
    /// second quarter → q2 ("one" stays a word: which one).
    static func englishNumbers(in text: String) -> String {
        let values = [
            "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
        ]
        let quarters = ["first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4]
        let matches = englishNumber.allMatches(in: text)
        guard !matches.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for match in matches.reversed() {
            let replacement =
                if let word = match.groups[1], let value = values[word] { "\(value)" } else if let word = match.groups[2],
                    let quarter = quarters[word]
                { "q\(quarter)" } else { "" }
            guard !replacement.isEmpty else { continue }
            bytes.replaceSubrange(match.range, with: Array(replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let percentWords = try! Pattern(
        "百分之\\s*(\\d+(?:\\.\\d+)?)|(\\d+(?:\\.\\d+)?)\\s*(?:percent|per cent|pct)\\b"
            // below half of target (not the first half of the year): 50% of it.
            + "|\\bhalf(?= of (?:the |their |our |its )?(?:targets?|quotas?|goals?)\\b)()")

    /// 百分之20 and 20 percent → 20%, 一半 and half of → 50%, 没过半 → 没到50%, 百万 → 100万, 各个 → 各:
    /// numbers and counters in the form thresholds and words read.
    static func numberWords(in text: String) -> String {
        let text = englishNumbers(in: withoutThousandsSeparators(text)).replacingAll("没过半", with: "没到50%").replacingAll("不过半", with: "没到50%")
            .replacingAll("过半", with: "超过50%").replacingAll("一半", with: "50%").replacingAll("各个", with: "各")
            .replacingAll("百万", with: "100万").replacingAll("千万", with: "1000万")
        let matches = percentWords.allMatches(in: text)
        guard !matches.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for match in matches.reversed() {
            guard var number = match.groups.dropFirst().compactMap({ $0 }).first else { continue }
            if number.isEmpty { number = "50" }
            bytes.replaceSubrange(match.range, with: Array((number + "%").utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether two neighbours are a Latin letter and a Chinese character, either way round.
    static func changesScript(_ first: Character, _ second: Character) -> Bool {
        func latin(_ character: Character) -> Bool { character.isASCII && character.isLetter }
        func chinese(_ character: Character) -> Bool { !character.isASCII && character.isLetter }
        return (latin(first) && chinese(second)) || (chinese(first) && latin(second))
    }

    /// A vocabulary word in the form questions are normalised to (企业版ERP → 企业版 erp).
    static func spaced(_ word: String) -> String {
        let lowered = word.lowercased()
        // A change of script needs a Latin letter and a letter that is not ASCII; most words
        // (the whole grammar but a few, and every name) are of one script and come back as they
        // are, without walking their Characters.
        let bytes = lowered.utf8
        guard bytes.contains(where: { $0 >= 0x80 }),
            bytes.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return lowered }
        var text = ""
        for character in lowered {
            if let last = text.last, changesScript(last, character) { text.append(" ") }
            text.append(character)
        }
        return text
    }

    /// Replaces numerals in number slots by digits.
    static func digits(in text: String) -> String {
        let matches = numberSlot.allMatches(in: text)
        guard !matches.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for match in matches.reversed() {
            guard let numeral = match.groups.dropFirst().compactMap({ $0 }).first, let value = chineseNumber(numeral)
            else { continue }
            bytes.replaceSubrange(match.range, with: Array(String(value).utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 三 → 3, 十二 → 12, 两 → 2, 二十五 → 25, 一百 → 100, 一百零五 → 105; nil for runs that are
    /// not a number.
    static func chineseNumber(_ text: String) -> Int? {
        let digits: [Character: Int] = [
            "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        ]
        let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
        var total = 0
        var current = 0
        var sawUnit = false
        for character in text {
            if let digit = digits[character] {
                current = current * (sawUnit ? 1 : 10) + digit
                if sawUnit { sawUnit = false }
            } else if let unit = units[character] {
                total += (current == 0 ? 1 : current) * unit
                current = 0
                sawUnit = true
            } else {
                return nil
            }
        }
        return total + current
    }
}
