import Foundation
import GRDB
import TestSupport
import Testing

/// `kpish import` as a user runs it: help, the report in both languages, --dry-run, --map,
/// usage errors.
@Suite struct ImportCommandTests {
    private func copy(_ name: String) throws -> (file: String, directory: String) {
        let directory = Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: RealData.path(name), toPath: directory + "/" + name)
        return (directory + "/" + name, directory)
    }

    private func count(_ sql: String, in path: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func helpIsBilingualAndNamesEveryOption() throws {
        let help = try KpishProcess.run(["import", "--help"])
        #expect(help.status == 0)
        for word in [
            "--map", "--encoding", "--dry-run", "--date-order", "--table", "--rejects", "--sheet", "--stages",
            "COLUMN=FIELD", "导入销售数据", "Import sales data", "order_no", "unit_price", "opportunities:", "closed_date",
        ] {
            #expect(help.stdout.contains(word), "\(word)")
        }
        let top = try KpishProcess.run(["--help"])
        #expect(top.stdout.contains("import"))
    }

    @Test func reportInChineseAndEnglish() throws {
        let (file, directory) = try copy("cn_taobao_orders_gbk.csv")
        let zh = try KpishProcess.run(["import", file, "--db", directory + "/zh.db", "--lang", "zh"])
        #expect(zh.status == 0, "\(zh.stderr)")
        for phrase in ["已导入 cn_taobao_orders_gbk.csv", "GB18030", "读取的数据行", "新建：50 个客户，16 个产品", "订单付款时间 "] {
            #expect(zh.stdout.contains(phrase), "\(phrase)\n\(zh.stdout)")
        }
        let en = try KpishProcess.run(["import", file, "--db", directory + "/en.db", "--lang", "en"])
        for phrase in [
            "Imported cn_taobao_orders_gbk.csv", "rows read", "Created: 50 customers, 16 products", "→ customer",
        ] {
            #expect(en.stdout.contains(phrase), "\(phrase)\n\(en.stdout)")
        }
        #expect(try count("SELECT COUNT(*) FROM orders", in: directory + "/en.db") == 50)
        // Again: nothing new.
        let again = try KpishProcess.run(["import", file, "--db", directory + "/en.db", "--lang", "en"])
        #expect(again.stdout.contains("Every row was already imported"))
        #expect(try count("SELECT COUNT(*) FROM orders", in: directory + "/en.db") == 50)
    }

    @Test func dryRunShowsTheReadingAndWritesNoRows() throws {
        let (file, directory) = try copy("online_retail.csv")
        let workspace = directory + "/kpish.db"
        // An empty workspace first: a dry run logs itself in one, but creates none
        // (SmallFaultTests).
        #expect(try KpishProcess.run(["--db", workspace, "-c", "show metrics"]).status == 0)
        let result = try KpishProcess.run(["import", file, "--db", workspace, "--lang", "en", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        for phrase in [
            "Dry run of online_retail.csv", "Windows-1252", "day/month/year", "The first 5 rows as parsed",
            "2010-12-01", "would be imported", "InvoiceDate", "→ date",
        ] {
            #expect(result.stdout.contains(phrase), "\(phrase)")
        }
        // Lines 2–6 of the file, parsed: 6 × 2.55 for the first.
        #expect(result.stdout.contains("15.3"))
        #expect(try count("SELECT COUNT(*) FROM orders", in: workspace) == 0)
        #expect(try count("SELECT COUNT(*) FROM imports WHERE status = 'dry_run'", in: workspace) == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/online_retail.rejects.csv"))
    }

    @Test func mapAndEncodingOptions() throws {
        let (file, directory) = try copy("cn_tmall_orders.csv")
        let workspace = directory + "/kpish.db"
        let result = try KpishProcess.run([
            "import", file, "--db", workspace, "--lang", "en", "--map", "订单付款时间=date", "--map", "收货地址=ignore",
            "--map", "总金额=amount", "--encoding", "utf-8",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // Paid orders only (3,923 unpaid ones have no payment time), at the list total.
        #expect(try count("SELECT COUNT(*) FROM orders", in: workspace) == 28_010 - 3_923)
        #expect(try count("SELECT COUNT(*) FROM orders WHERE region IS NOT NULL", in: workspace) == 0)
        #expect(result.stdout.contains("→ date  (--map)") || result.stdout.contains("→ date (--map)"))
    }

    @Test(arguments: [
        ["--encoding", "latin9"], ["--map", "销售额"], ["--map", "销售额=revenue"], ["--table", "forecasts"],
        ["--date-order", "ymd"],
    ])
    func usageErrorsExitWithTwo(_ arguments: [String]) throws {
        let (file, directory) = try copy("cn_sales.csv")
        let result = try KpishProcess.run(["import", file, "--db", directory + "/kpish.db"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/kpish.db"))
    }

    @Test func missingFileIsAnInputError() throws {
        let directory = Fixtures.temporaryDirectory()
        let result = try KpishProcess.run([
            "import", directory + "/nope.csv", "--db", directory + "/kpish.db", "--lang", "zh",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("文件不存在"))
    }
}
