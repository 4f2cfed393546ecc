import Foundation
import TestSupport

/// Reads grammar/kpi.ebnf and generates random sentences from it, so that the grammar file and
/// the parser cannot drift apart: every sentence the grammar allows must parse.
struct Grammar: Sendable {
    indirect enum Node: Sendable {
        case terminal(String)
        case rule(String)
        case special(String)
        case sequence([Node])
        case choice([Node])
        case optional(Node)
        case repetition(Node)
    }

    private(set) var rules: [String: Node] = [:]
    private(set) var order: [String] = []

    init(contentsOf path: String) throws {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        // Comments (* … *) go first.
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var tokens = try Grammar.tokenize(text)[...]
        while !tokens.isEmpty {
            let name = tokens.removeFirst()
            guard tokens.first == "=" else { throw GrammarError.malformed("expected = after \(name)") }
            tokens.removeFirst()
            var body: [String] = []
            while let token = tokens.first, token != ";" {
                body.append(token)
                tokens.removeFirst()
            }
            tokens = tokens.dropFirst()
            var cursor = body[...]
            rules[name] = try Grammar.parseChoice(&cursor)
            order.append(name)
        }
    }

    enum GrammarError: Error { case malformed(String) }

    private static func tokenize(_ text: String) throws -> [String] {
        var tokens: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "\"" || character == "'" || character == "?" {
                let close = text[text.index(after: index)...].firstIndex(of: character)!
                tokens.append(String(text[index...close]))
                index = text.index(after: close)
            } else if "=|[]{}();,".contains(character) {
                tokens.append(String(character))
                index = text.index(after: index)
            } else {
                var end = index
                while end < text.endIndex && (text[end].isLetter || text[end].isNumber || text[end] == "_") {
                    end = text.index(after: end)
                }
                guard end > index else { throw GrammarError.malformed("unexpected \(character) in the grammar") }
                tokens.append(String(text[index..<end]))
                index = end
            }
        }
        return tokens
    }

    private static func parseChoice(_ tokens: inout ArraySlice<String>) throws -> Node {
        var alternatives = [try parseSequence(&tokens)]
        while tokens.first == "|" {
            tokens.removeFirst()
            alternatives.append(try parseSequence(&tokens))
        }
        return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
    }

    private static func parseSequence(_ tokens: inout ArraySlice<String>) throws -> Node {
        var items: [Node] = []
        while let token = tokens.first, !["|", "]", "}", ")"].contains(token) {
            tokens.removeFirst()
            switch token.first! {
            case "\"", "'": items.append(.terminal(String(token.dropFirst().dropLast())))
            case "?": items.append(.special(String(token.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)))
            case "[":
                items.append(.optional(try parseChoice(&tokens)))
                tokens.removeFirst()
            case "{":
                items.append(.repetition(try parseChoice(&tokens)))
                tokens.removeFirst()
            case "(":
                items.append(try parseChoice(&tokens))
                tokens.removeFirst()
            default: items.append(.rule(token))
            }
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }
}


/// Generates sentences from the grammar; lexical classes come from `lexicon`.
struct SentenceGenerator {
    let grammar: Grammar
    var random: TestRandom
    /// Rule name → a generator for the lexical class it names.
    let lexicon: [String: (inout TestRandom, _ named: [String]) -> String]
    private var named: [String] = []
    /// The rules being expanded, innermost last.
    private var context: [String] = []
    private var fresh = 0

    init(grammar: Grammar, seed: UInt64, lexicon: [String: (inout TestRandom, _ named: [String]) -> String]) {
        self.grammar = grammar
        random = TestRandom(state: seed)
        self.lexicon = lexicon
    }

    mutating func sentence(from rule: String = "statement") -> String {
        named = []
        var words: [String] = []
        expand(.rule(rule), depth: 0, into: &words)
        return words.joined(separator: " ")
    }

    private mutating func expand(_ node: Grammar.Node, depth: Int, into words: inout [String]) {
        let deep = depth > 14
        switch node {
        case .terminal(let text):
            words.append(text)
        case .rule(let name):
            if case .special? = grammar.rules[name] {
                words.append(special(name))
            } else {
                context.append(name)
                expand(grammar.rules[name]!, depth: depth + 1, into: &words)
                context.removeLast()
            }
        case .special(let description):
            words.append(description)
        case .sequence(let items):
            for item in items { expand(item, depth: depth, into: &words) }
        case .choice(let alternatives):
            // Deep in the tree, take the first alternative: the grammar lists the terminating one first.
            expand(deep ? alternatives[0] : random.pick(alternatives), depth: depth + 1, into: &words)
        case .optional(let inner):
            if !deep && random.chance(50) { expand(inner, depth: depth + 1, into: &words) }
        case .repetition(let inner):
            let count = deep ? 0 : random.below(3)
            for _ in 0..<count { expand(inner, depth: depth + 1, into: &words) }
        }
    }

    private mutating func special(_ name: String) -> String {
        if name == "new_name" {
            fresh += 1
            return "new_metric_\(fresh)"
        }
        // A lexical class may be filled differently where a rule narrows it (horizon_count).
        let narrowed = context.last.map { lexicon[$0] != nil } == true ? context.last! : name
        guard let make = lexicon[narrowed] else { fatalError("no lexicon entry for \(name)") }
        let word = make(&random, named)
        // Only names of the metric list and the by clause may be ordered by (selected_field).
        let selecting = context.contains("metric_list") || context.contains("by_clause")
        if selecting && ["metric", "dimension"].contains(name) { named.append(word) }
        return word
    }
}
