import Model

/// One input of a REPL session, as `history` numbers it and `save` picks it.
struct Entry: Equatable {
    enum Kind: Equatable {
        /// A meta-command (help, format, save…): never saved.
        case command
        /// A statement or question with no answer (an error, or asked back and not chosen).
        case unanswered
        /// Answered: `saved` is what a script replays (the chosen reading when one was asked
        /// back); `standalone` the same as a query needing no context, when it was a follow-up.
        case answered(saved: String, standalone: String?)
    }

    var text: String
    var kind: Kind

    var isAnswered: Bool {
        if case .answered = kind { return true }
        return false
    }
}

/// Which entries `save FILE …` keeps: all answered ones, `last N` of them, or numbers and ranges
/// as `history` shows them (`3-5`, `2,4,7-9`).
enum EntrySelection: Equatable {
    case all
    case last(Int)
    case numbers(Set<Int>)

    /// Nil when the words are not a selection; a number beyond `count` is not one either.
    init?(_ words: [String], count: Int) {
        if words.isEmpty {
            self = .all
            return
        }
        if words.count == 2, words[0].lowercased() == "last" {
            guard let n = Int(words[1]), n > 0 else { return nil }
            self = .last(n)
            return
        }
        var numbers: Set<Int> = []
        for part in words.joined(separator: ",").split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                1 <= low, low <= high, high <= count
            else { return nil }
            numbers.formUnion(low...high)
        }
        self = .numbers(numbers)
    }

    /// The lines a script of the selected entries holds, in the session's order. A follow-up
    /// (那华南呢) whose question before it is left out is written as the query it stood for, so
    /// the script answers the same alone.
    func lines(of entries: [Entry]) -> [String] {
        let answered = entries.indices.filter { entries[$0].isAnswered }
        let picked: [Int]
        switch self {
        case .all: picked = answered
        case .last(let n): picked = Array(answered.suffix(n))
        case .numbers(let numbers): picked = answered.filter { numbers.contains($0 + 1) }
        }
        let kept = Set(picked)
        return picked.compactMap { index in
            guard case .answered(let saved, let standalone) = entries[index].kind else { return nil }
            let before = answered.last { $0 < index }
            if let standalone, before.map({ !kept.contains($0) }) ?? true { return standalone }
            return saved
        }
    }
}
