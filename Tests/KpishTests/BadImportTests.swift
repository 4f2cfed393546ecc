import Foundation
import GRDB
import TestSupport
import Testing

/// corpus/bad/import/: every bad sales file gives its message, in English and in Chinese, and
/// after every one that is refused the workspace is byte for byte as it was.
@Suite struct BadImportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let arguments: [String]
        let status: Int32
        let english: String
        let chinese: String
        var testDescription: String { ([file] + arguments).joined(separator: " ") }
    }

    static let folder = RealData.repository + "/corpus/bad/import"

    static let cases: [Case] = {
        let text = try! String(contentsOfFile: folder + "/expected.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(cells.count == 5, "expected.tsv: \(line)")
            return Case(
                file: cells[0], arguments: cells[1] == "-" ? [] : cells[1].split(separator: " ").map(String.init),
                status: Int32(cells[2])!, english: cells[3], chinese: cells[4])
        }
    }()

    /// A workspace with a few orders in it, made once; each case works on its own copy. A failure
    /// here (a fixture missing from the clone, say) fails each case that needs it, with its reason.
    static let workspace: Result<Data, any Error> = Result {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/base.db"
        let result = try KpishProcess.run(["import", RealData.path("cn_taobao_orders_gbk.csv"), "--db", path])
        guard result.status == 0 else { throw BaseWorkspaceFailed(message: result.stderr) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    struct BaseWorkspaceFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { "the base workspace could not be made: \(message)" }
    }

    @Test func theCorpusIsLargeAndEveryFileIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0 != "expected.tsv" }
        #expect(Self.cases.count >= 25)
        #expect(Set(files).isSubset(of: Set(Self.cases.map(\.file))), "files without an expected message")
        #expect(Self.cases.filter { $0.status == 1 }.count >= 20)
    }

    @Test(arguments: cases)
    func givesItsMessageAndLeavesTheWorkspace(_ item: Case) throws {
        let directory = Fixtures.temporaryDirectory()
        // A copy, so that the rejects file lands in the temporary folder, not in the corpus.
        let file = directory + "/" + item.file
        if item.file == "huge_single_line.csv" {
            try Data(repeating: UInt8(ascii: "x"), count: 100 << 20).write(to: URL(fileURLWithPath: file))
        } else {
            try FileManager.default.copyItem(atPath: Self.folder + "/" + item.file, toPath: file)
        }
        let base = try Self.workspace.get()
        for (lang, phrase) in [("en", item.english), ("zh", item.chinese)] {
            let workspace = directory + "/\(lang).db"
            try base.write(to: URL(fileURLWithPath: workspace))
            let result = try KpishProcess.run(["import", file, "--db", workspace, "--lang", lang] + item.arguments)
            #expect(result.status == item.status, "\(lang): \(result.stderr)")
            let message = result.status == 0 ? result.stdout : result.stderr
            #expect(squeezed(message).contains(squeezed(phrase)), "\(lang): \(message)")
            if item.status == 1 {
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: workspace)) == base,
                    "\(lang): workspace changed")
                for suffix in ["-wal", "-shm", "-journal"] {
                    #expect(
                        !FileManager.default.fileExists(atPath: workspace + suffix), "\(lang): \(suffix) left behind")
                }
            }
        }
    }

    /// A refused file never creates a workspace that was not there.
    @Test(arguments: ["header_only.csv", "unclosed_quote.csv", "all_amounts_text.csv"])
    func noWorkspaceIsCreated(_ name: String) throws {
        let directory = Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.folder + "/" + name, toPath: directory + "/" + name)
        let result = try KpishProcess.run(["import", directory + "/" + name, "--db", directory + "/new.db"])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/new.db"))
    }

    /// Runs of spaces as one: table columns pad to their widest cell.
    private func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " }).joined(separator: " ")
    }
}
