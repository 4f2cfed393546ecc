import Foundation
import Language
import Model
import TestSupport
import Testing

/// corpus/bad/queries.txt: each bad query must fail with its caret where the test input marks
/// it, and its message in both languages must match the snapshot beside this test.
@Suite struct DiagnosticSnapshotTests {
    static let marker = "1️⃣"

    struct Case {
        let line: String
        let source: String
        /// The marker's line and display column in the source.
        let line1: Int
        let column: Int
    }

    static let cases: [Case] = {
        let text = try! String(contentsOfFile: LanguageFixtures.root + "/corpus/bad/queries.txt", encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") && $0.contains(marker) }
            .map { raw in
                let line = String(raw)
                let expanded = line.replacingOccurrences(of: "⏎", with: "\n")
                let before = String(expanded[..<expanded.range(of: marker)!.lowerBound])
                let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
                return Case(
                    line: line, source: expanded.replacingOccurrences(of: marker, with: ""), line1: lines.count,
                    column: displayWidth(lines.last ?? "") + 1)
            }
    }()

    @Test func atLeastThirtyBadQueries() {
        #expect(Self.cases.count >= 30)
    }

    @Test func caretLandsWhereTheInputMarksIt() {
        for testCase in Self.cases {
            do {
                let plan = try parse(
                    testCase.source, vocabulary: LanguageFixtures.vocabularyWithValues, asOf: LanguageFixtures.asOf)
                Issue.record("parsed, but should fail: \(testCase.line) → \(plan.canonical ?? "")")
            } catch {
                let location = error.location(in: testCase.source)
                #expect(location.line == testCase.line1, "\(testCase.line)")
                #expect(location.column == testCase.column, "\(testCase.line)")
            }
        }
    }

    @Test(arguments: [Lang.zh, Lang.en])
    func messagesMatchTheSnapshot(_ lang: Lang) throws {
        var rendered = ""
        for testCase in Self.cases {
            do {
                _ = try parse(
                    testCase.source, vocabulary: LanguageFixtures.vocabularyWithValues, asOf: LanguageFixtures.asOf)
            } catch {
                rendered += "## \(testCase.line)\n\(error.rendered(source: testCase.source, lang: lang))\n\n"
            }
        }
        try assertSnapshot(rendered, named: "bad-queries.\(lang.rawValue).txt")
    }
}
