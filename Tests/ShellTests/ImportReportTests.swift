import Foundation
import Model
import Store
import TestSupport
import Testing

@testable import Shell

/// The import command's pieces that need no process: `--map` entries, the progress bar's line,
/// and the report composed from an import.
@Suite struct ImportReportTests {
    @Test func mapEntriesSplitAtTheLastEqualsSign() throws {
        let mapping = try parseMapping(["成交日期=date", "备注=ignore", "a=b=单价", "Order Total = amount", "#3=订单号"]).orders
        #expect(mapping["成交日期"] == .some(.date))
        #expect(mapping["备注"] == .some(nil))
        #expect(mapping["a=b"] == .some(.unitPrice))
        #expect(mapping["Order Total "] == .some(.amount))
        #expect(mapping["#3"] == .some(.orderNumber))
        #expect(throws: MappingError.notAPair("销售额")) { try parseMapping(["销售额"]) }
        #expect(throws: MappingError.notAPair("=amount")) { try parseMapping(["=amount"]) }
        #expect(throws: MappingError.unknownField("revenue")) { try parseMapping(["销售额=revenue"]) }
        #expect(MappingError.unknownField("revenue").message.zh.contains("没有「revenue」这个字段"))
    }

    /// A column given two fields, or a field given two columns, is refused naming both; the same
    /// meaning said twice (in Chinese and by id, or two words for ignore) is not a conflict.
    @Test func aColumnOrAFieldMappedTwiceIsRefused() throws {
        #expect(throws: MappingError.columnTwice(column: "X", "date", "amount")) {
            try parseMapping(["X=date", "X=amount"])
        }
        #expect(throws: MappingError.fieldTwice(field: "销售额", "A", "B")) { try parseMapping(["A=amount", "B=销售额"]) }
        let same = try parseMapping(["X=date", "X=日期", "Y=ignore", "Y=忽略", "Z=-", "W=ignore"]).orders
        #expect(same["X"] == .some(.date))
        #expect(same["Y"] == .some(nil) && same["Z"] == .some(nil) && same["W"] == .some(nil))
        let message = MappingError.columnTwice(column: "X", "date", "amount").message
        #expect(message.en.contains("'X'") && message.en.contains("date") && message.en.contains("amount"))
        #expect(message.zh.contains("「X」") && message.zh.contains("两个字段"))
    }

    @Test(
        arguments: [
            (ImportProgress(phase: .reading, done: 0, total: 100), "reading  [--------]   0%"),
            (ImportProgress(phase: .writing, done: 1, total: 4), "writing  [##------]  25%"),
            (ImportProgress(phase: .writing, done: 7, total: 7), "writing  [########] 100%"),
            (ImportProgress(phase: .reading, done: 0, total: 0), "reading  [########] 100%"),
        ])
    func progressLines(_ progress: ImportProgress, _ expected: String) {
        #expect(progressLine(progress, lang: .en, width: 8) == expected)
    }

    @Test func progressLineInChinese() {
        #expect(
            progressLine(ImportProgress(phase: .reading, done: 1, total: 2), lang: .zh, width: 4) == "读取文件  [##--]  50%"
        )
    }

    @Test func reportNamesEveryPartInBothLanguages() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/1月.csv"
        let text = "订单日期,销售额,客户名称,备注\n2026/1/5,\"1,200\",张伟,x\n2026/1/5,\"1,200\",张伟,x\n2026/1/6,abc,李娜,y\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.dryRun = true
        let report = try Workspace.importFile(file, into: directory + "/kpish.db", options: options)
        let en = importReport(report, workspacePath: directory + "/kpish.db", lang: .en)
        for phrase in [
            "Dry run of 1月.csv", "UTF-8 (valid UTF-8)", "comma; header on line 1", "year first: nothing to decide",
            "订单日期  → date", "备注      not imported", "rows read", "would be imported", "'销售额' is not a number",
            "1 (line 4)",
            "Would create: 1 customer\n", "The first row as parsed", "2026-01-05    1200  张伟",
        ] {
            #expect(en.contains(phrase), "\(phrase)\n\(en)")
        }
        let zh = importReport(report, workspacePath: directory + "/kpish.db", lang: .zh)
        for phrase in ["试导入 1月.csv", "编码", "日期顺序", "→ date 日期", "不导入", "读取的数据行", "将导入", "（第 4 行）", "将新建：1 个客户"] {
            #expect(zh.contains(phrase), "\(phrase)\n\(zh)")
        }
    }
}
