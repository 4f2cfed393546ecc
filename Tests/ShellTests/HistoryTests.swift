import Foundation
import Shell
import TestSupport
import Testing

/// GNU readline keeps one history per process, so these run one at a time.
@Suite(.serialized) struct HistoryTests {
    @Test func addsLinesWithoutDuplicateNeighboursAndSavesPrivately() throws {
        let file = Fixtures.temporaryDirectory() + "/history"
        let history = LineHistory(file: file)
        history.clear()
        history.add("revenue by region")
        history.add("revenue by region")
        history.add("   ")
        history.add("下个月销售额预测")
        history.add("revenue by region")
        #expect(history.entries == ["revenue by region", "下个月销售额预测", "revenue by region"])
        try history.save()
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as! Int
        #expect(mode == 0o600)

        history.clear()
        #expect(history.entries.isEmpty)
        history.load()
        #expect(history.entries == ["revenue by region", "下个月销售额预测", "revenue by region"])
    }
}
