import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// `Workspace.importFile`, which reads and writes at once: the same result as reading first, a
/// redo when the whole file decides another day/month order than its first batches suggested,
/// and nothing changed after a failure mid-way or a full disk.
@Suite struct ImportFileTests {
    /// Order lines of every row of the workspace, as text, without the import id.
    private func orders(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.order_no, o.date, c.name, p.name, o.region, o.quantity, o.amount, o.cost, o.fingerprint
                    FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN products p ON p.id = o.product_id
                    ORDER BY o.id
                    """
            ).map(\.description)
        }
    }

    @Test func readingAndWritingAtOnceEqualsOneAfterTheOther() throws {
        let directory = Fixtures.temporaryDirectory()
        var options = ImportOptions()
        options.rejectsPath = directory + "/rejects.csv"
        let streamed = try Workspace.importFile(
            RealData.path("online_retail.csv"), into: directory + "/streamed.db", options: options)
        let workspace = try Workspace.open(at: directory + "/sequential.db")
        let sequential = try workspace.importRows(
            from: SalesFile.read(RealData.path("online_retail.csv"), options: options), options: options)
        #expect(streamed.imported == sequential.imported && streamed.file.duplicates == sequential.file.duplicates)
        #expect(try orders(directory + "/streamed.db") == orders(directory + "/sequential.db"))
    }

    /// 70,000 rows: the first batch (65,536 rows) has only dates that read both ways and goes to
    /// the writer as month first; row 69,999 (13/02) shows the column is day first. "Order" is no
    /// known header, so the rows differ only in bytes that are not imported: telling them apart
    /// must not compare each with every earlier row (it once did, for minutes).
    @Test func aLateDayFirstDateRedoesTheImport() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/late.csv"
        var text = "Date,Amount,Order\n"
        for row in 0..<70_000 { text += row == 69_998 ? "13/02/2026,1,X\(row)\n" : "01/02/2026,1,X\(row)\n" }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let report = try Workspace.importFile(file, into: directory + "/kpish.db", options: ImportOptions())
        #expect(report.file.dateOrder == .evidence(.dayFirst, line: 70_000, value: "13/02/2026"))
        #expect(report.imported == 70_000)
        let days = try DatabaseQueue(path: directory + "/kpish.db").read { db in
            try Row.fetchAll(db, sql: "SELECT date, COUNT(*) FROM orders GROUP BY date ORDER BY date").map {
                "\($0[0] as String) \($0[1] as Int)"
            }
        }
        #expect(days == ["2026-02-01 69999", "2026-02-13 1"])
        let log = try DatabaseQueue(path: directory + "/kpish.db").read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM imports")
        }
        #expect(log == 1)  // the abandoned first attempt left no trace
    }

    /// A quote left open at the end of a 70,000-row file: the first batch was already written
    /// inside the transaction when the error came.
    @Test func aFailureAfterTheFirstBatchChangesNothing() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/open-quote.csv"
        var text = "订单日期,销售额,客户名称\n"
        for row in 0..<70_000 { text += "2026-01-05,\(row),客户\(row % 100)\n" }
        text += "2026-01-06,1,\"未闭合\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)

        let existing = directory + "/existing.db"
        _ = try Workspace.importFile(
            RealData.path("cn_taobao_orders_gbk.csv"), into: existing, options: ImportOptions())
        let before = try Data(contentsOf: URL(fileURLWithPath: existing))
        #expect(throws: ImportError.unclosedQuote(line: 70_002, column: 14)) {
            try Workspace.importFile(file, into: existing, options: ImportOptions())
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == before)
        #expect(!FileManager.default.fileExists(atPath: existing + "-wal"))

        #expect(throws: ImportError.unclosedQuote(line: 70_002, column: 14)) {
            try Workspace.importFile(file, into: directory + "/new.db", options: ImportOptions())
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/new.db"))
    }

    /// SQLite's page limit stands in for a full disk: the import is rolled back with a message.
    @Test func aFullDiskRollsBack() throws {
        let path = Fixtures.newWorkspacePath()
        _ = try Workspace.importFile(RealData.path("cn_taobao_orders_gbk.csv"), into: path, options: ImportOptions())
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let workspace = try Workspace.open(at: path)
            let pages = try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA page_count")! }
            try workspace.database.writeWithoutTransaction {
                try $0.execute(sql: "PRAGMA max_page_count = \(pages + 20)")
            }
            let file = try SalesFile.read(RealData.path("superstore.csv"), options: ImportOptions())
            #expect(throws: ImportError.diskFull) { try workspace.importRows(from: file, options: ImportOptions()) }
            #expect(ImportError.diskFull.message.en.contains("the workspace is unchanged"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Rows dated after the day of the import are imported as written and counted in a note with
    /// the latest of them; without a day there is no such note, and a file of past dates has none.
    @Test func datesAfterTodayAreNoted() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/orders.csv"
        try "日期,客户,金额\n2026-11-30,甲,100\n2099-03-01,乙,200\n2026-12-01,丙,300\n2098-01-05,丁,50\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.today = Day(year: 2026, month: 11, day: 30)
        let notes = try SalesFile.read(file, options: options).notes
        #expect(notes.contains(.futureDates(
            column: "日期", count: 3, after: Day(year: 2026, month: 11, day: 30), latest: Day(year: 2099, month: 3, day: 1))))
        options.today = Day(year: 2100, month: 1, day: 1)
        #expect(!(try SalesFile.read(file, options: options).notes.contains { if case .futureDates = $0 { true } else { false } }))
        #expect(!(try SalesFile.read(file, options: ImportOptions()).notes.contains { if case .futureDates = $0 { true } else { false } }))
        let message = ImportNote.futureDates(column: "日期", count: 3, after: Day(year: 2026, month: 11, day: 30), latest: Day(year: 2099, month: 3, day: 1)).message
        #expect(message.zh.contains("3 行") && message.zh.contains("2099-03-01") && message.en.contains("2099-03-01"))
    }
}
