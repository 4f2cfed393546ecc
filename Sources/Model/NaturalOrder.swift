/// Names in the order people count them: 华东一组, 华东二组, 华东三组 … 华东十组, and Team 2 before
/// Team 10. Runs of digits or of Chinese numerals compare by their value, the rest character by
/// character.
///
///     ["华东三组", "华东一组", "华东二组"].sorted(by: naturallyBefore)   // 一组, 二组, 三组
public func naturallyBefore(_ left: String, _ right: String) -> Bool {
    let (a, b) = (naturalRuns(left), naturalRuns(right))
    for (x, y) in zip(a, b) where x != y {
        switch (x, y) {
        case (.number(let m), .number(let n)): return m < n
        case (.text(let s), .text(let t)): return s.unicodeScalars.lexicographicallyPrecedes(t.unicodeScalars)
        case (.number, .text): return true
        case (.text, .number): return false
        }
    }
    return a.count < b.count || (a.count == b.count && left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars))
}

private enum NaturalRun: Equatable {
    case text(String)
    case number(Int)
}

private let chineseDigits: [Character: Int] = [
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
]

private func naturalRuns(_ text: String) -> [NaturalRun] {
    var runs: [NaturalRun] = []
    var pending = ""
    var numeral = ""
    func flushNumeral() {
        guard !numeral.isEmpty else { return }
        if let value = Int(numeral) ?? chineseValue(numeral) {
            if !pending.isEmpty { runs.append(.text(pending)) }
            pending = ""
            runs.append(.number(value))
        } else {
            pending += numeral
        }
        numeral = ""
    }
    for character in text {
        let isDigit = character.isASCII && character.isNumber
        let isChinese = chineseDigits[character] != nil || character == "十" || character == "百"
        // A run is all ASCII digits or all Chinese numerals.
        if isDigit || isChinese {
            if let last = numeral.last, (last.isASCII && last.isNumber) != isDigit { flushNumeral() }
            numeral.append(character)
        } else {
            flushNumeral()
            pending.append(character)
        }
    }
    flushNumeral()
    if !pending.isEmpty { runs.append(.text(pending)) }
    return runs
}

/// 三 → 3, 十二 → 12, 二十五 → 25, 一百零五 → 105.
private func chineseValue(_ text: String) -> Int? {
    var total = 0
    var current = 0
    for character in text {
        if let digit = chineseDigits[character] {
            current = digit
        } else if character == "十" {
            total += (current == 0 ? 1 : current) * 10
            current = 0
        } else if character == "百" {
            total += (current == 0 ? 1 : current) * 100
            current = 0
        } else {
            return nil
        }
    }
    return total + current
}
