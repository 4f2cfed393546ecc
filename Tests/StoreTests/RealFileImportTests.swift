import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// The real files of Tests/Fixtures/real/ imported as they are, against an independent reading of
/// each with Python's csv module (explicit encodings and date formats, no detection) and against
/// the figures SOURCES.md states.
@Suite struct RealFileImportTests {
    /// How Python should read a file, knowing what SOURCES.md says about it.
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let encoding: String
        let date: String
        let formats: String
        /// A column, or `A*B` for quantity × unit price.
        let amount: String
        let region: String
        let order: String
        let customer: String
        let detected: SourceEncoding
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(
            file: "superstore.csv", encoding: "cp1252", date: "Order Date", formats: "%m/%d/%Y", amount: "Sales",
            region: "Region", order: "Order ID", customer: "Customer Name", detected: .cp1252),
        Case(
            file: "superstore_utf8_bom.csv", encoding: "utf-8-sig", date: "Order Date", formats: "%m-%d-%y|%m/%d/%Y",
            amount: "Sales", region: "Region", order: "Order ID", customer: "Customer Name", detected: .utf8),
        Case(
            file: "superstore_tableau_export.csv", encoding: "utf-8-sig", date: "Order Date", formats: "%m/%d/%Y",
            amount: "Sales", region: "Region", order: "Order ID", customer: "Customer Name", detected: .utf8),
        Case(
            file: "cn_sales.csv", encoding: "utf-8-sig", date: "订单日期", formats: "%Y/%m/%d", amount: "销售额",
            region: "地区", order: "订单 ID", customer: "客户名称", detected: .utf8),
        Case(
            file: "cn_sales_gbk.csv", encoding: "gbk", date: "销售日期", formats: "%Y-%m-%d", amount: "销售金额",
            region: "", order: "", customer: "顾客编号", detected: .gb18030),
        Case(
            file: "cn_taobao_orders_gbk.csv", encoding: "gbk", date: "订单付款时间", formats: "%Y/%m/%d %H:%M",
            amount: "买家实际支付金额", region: "", order: "", customer: "买家会员名", detected: .gb18030),
        Case(
            file: "cn_tmall_orders.csv", encoding: "utf-8", date: "订单创建时间", formats: "%Y-%m-%d %H:%M:%S",
            amount: "买家实际支付金额", region: "收货地址", order: "订单编号", customer: "", detected: .utf8),
        Case(
            file: "online_retail.csv", encoding: "cp1252", date: "InvoiceDate", formats: "%d/%m/%Y %H:%M",
            amount: "Quantity*UnitPrice", region: "Country", order: "InvoiceNo", customer: "CustomerID",
            detected: .cp1252),
        Case(
            file: "online_retail_mdy.csv", encoding: "ascii", date: "InvoiceDate", formats: "%m/%d/%y %H:%M",
            amount: "TotalPrice", region: "Country", order: "InvoiceNo", customer: "CustomerID", detected: .utf8),
    ]

    /// What Python's csv module reads: records, exact duplicates, complete distinct records, and
    /// over those: lines, orders (distinct order numbers, a line without one counting alone) and
    /// revenue by year and region, the first and last day, and distinct customers.
    struct Independent: Decodable {
        let rows: Int
        let duplicates: Int
        let kept: Int
        let groups: [String: [Double]]
        let first: String
        let last: String
        let customers: Int
        let total: Double
    }

    static let script = #"""
        import csv, datetime, json, sys
        path, encoding, date_col, formats, amount, region, order, customer = sys.argv[1:9]
        with open(path, encoding=encoding, newline="") as f:
            records = list(csv.reader(f))
        header = [h.strip() for h in records[0]]
        column = {h: i for i, h in enumerate(header)}
        seen, kept, duplicates = set(), [], 0
        for record in records[1:]:
            if tuple(record) in seen:
                duplicates += 1
                continue
            seen.add(tuple(record))
            if len(record) == len(header):
                kept.append(record)
        def day(text):
            for form in formats.split("|"):
                try:
                    return datetime.datetime.strptime(text.strip(), form).date()
                except ValueError:
                    pass
            raise ValueError(text)
        def number(text):
            return float(text.replace(",", "").replace("$", ""))
        groups, days, customers, total = {}, [], set(), 0.0
        for record in kept:
            d = day(record[column[date_col]])
            days.append(d)
            if "*" in amount:
                a, b = amount.split("*")
                value = number(record[column[a]]) * number(record[column[b]])
            else:
                value = number(record[column[amount]])
            key = "%d|%s" % (d.year, record[column[region]].strip() if region else "")
            group = groups.setdefault(key, [0, set(), 0.0, 0])
            group[0] += 1
            group[2] += value
            number_ = record[column[order]].strip() if order else ""
            if number_:
                group[1].add(number_)
            else:
                group[3] += 1
            if customer and record[column[customer]].strip():
                customers.add(record[column[customer]].strip())
            total += value
        print(json.dumps({
            "rows": len(records) - 1, "duplicates": duplicates, "kept": len(kept),
            "groups": {k: [g[0], len(g[1]) + g[3], g[2]] for k, g in groups.items()},
            "first": min(days).isoformat(), "last": max(days).isoformat(),
            "customers": len(customers), "total": total}))
        """#

    static func independent(_ item: Case) throws -> Independent {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", script, RealData.path(item.file), item.encoding, item.date, item.formats, item.amount,
            item.region, item.order, item.customer,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed on \(item.file)")
        return try JSONDecoder().decode(Independent.self, from: data)
    }

    /// Imports a real file into a new workspace; rejected rows go to a temporary folder (the
    /// data folder is read-only).
    static func imported(_ file: String, into path: String = Fixtures.newWorkspacePath()) throws -> (
        Workspace, ImportReport
    ) {
        var options = ImportOptions()
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        let sales = try SalesFile.read(RealData.path(file), options: options)
        let workspace = try Workspace.open(at: path)
        return (workspace, try workspace.importRows(from: sales, options: options))
    }

    /// Lines, orders and revenue by "year|region", as the workspace holds them.
    static func groups(_ workspace: Workspace) throws -> [String: [Double]] {
        try workspace.database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(date, 1, 4) || '|' || COALESCE(region, ''), COUNT(*),
                        COUNT(DISTINCT order_no) + SUM(order_no IS NULL), SUM(amount)
                    FROM orders GROUP BY 1
                    """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], [$0[1], $0[2], $0[3]]) })
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    @Test(arguments: cases)
    func matchesAnIndependentReading(_ item: Case) throws {
        let expected = try Self.independent(item)
        let (workspace, report) = try Self.imported(item.file)
        #expect(report.file.encoding == item.detected)
        #expect(report.file.rowsRead == expected.rows)
        #expect(report.file.duplicates == expected.duplicates)
        #expect(report.imported == expected.kept)
        #expect(report.file.rejections.count == expected.rows - expected.duplicates - expected.kept)
        let actual = try Self.groups(workspace)
        #expect(Set(actual.keys) == Set(expected.groups.keys))
        for (key, values) in expected.groups {
            let got = actual[key] ?? [0, 0, 0]
            #expect(got[0] == values[0] && got[1] == values[1], "\(item.file) \(key): lines, orders")
            #expect(Self.close(got[2], values[2]), "\(item.file) \(key): revenue \(got[2]) vs \(values[2])")
        }
        let (first, last, customers) = try workspace.database.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT MIN(date), MAX(date), COUNT(DISTINCT customer_id) FROM orders")!
            return (row[0] as String, row[1] as String, row[2] as Int)
        }
        #expect(first == expected.first && last == expected.last)
        #expect(customers == expected.customers)
    }

    /// SOURCES.md's own figures, and the oddities each file's report must mention.
    @Test func superstoreAsSourcesDescribesIt() throws {
        let (workspace, report) = try Self.imported("superstore.csv")
        let row = try workspace.database.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*), COUNT(DISTINCT order_no), SUM(amount), SUM(amount - cost), MIN(date), MAX(date) FROM orders"
            )!
        }
        #expect(row[0] as Int == 9_994)
        #expect(row[1] as Int == 5_009)
        #expect(Self.close(row[2], 2_297_200.8603))
        #expect(abs((row[3] as Double) - 286_398.2217) < 1e-6)
        #expect(row[4] as String == "2014-01-03" && row[5] as String == "2017-12-30")
        #expect(report.file.encoding == .cp1252 && report.file.encodingEvidence == .fallback)
        guard case .evidence(.monthFirst, _, _) = report.file.dateOrder else {
            Issue.record("date order \(report.file.dateOrder)")
            return
        }
        #expect(report.created[.customer] == 793)
        let names = try workspace.database.read { try String.fetchAll($0, sql: "SELECT name FROM customers") }
        #expect(names.contains("Resi Pölking") && names.contains("Peter Bühler"))
        #expect(report.file.notes.contains(.costFromProfit(column: "Profit")))
    }

    @Test func bothSuperstoreCopiesGiveTheSameNumbers() throws {
        let (windows, _) = try Self.imported("superstore.csv")
        let (excel, report) = try Self.imported("superstore_utf8_bom.csv")
        #expect(try Self.groups(windows) == Self.groups(excel))
        // The Excel round trip left two date forms in one column, both month first.
        let forms = report.file.notes.compactMap { note -> [DateFormCount]? in
            if case .mixedDateForms(_, let forms) = note { return forms }
            return nil
        }
        #expect(forms == [[DateFormCount(form: "M/D/YYYY", rows: 5_952), DateFormCount(form: "M-D-YY", rows: 4_042)]])
    }

    @Test func cnSalesAsSourcesDescribesIt() throws {
        let (workspace, report) = try Self.imported("cn_sales.csv")
        let row = try workspace.database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COUNT(DISTINCT order_no), COUNT(DISTINCT customer_id) FROM orders")!
        }
        #expect(row[0] as Int == 10_000 && row[1] as Int == 2_773 && row[2] as Int == 771)
        #expect(report.file.notes.contains(.formattedNumbers(column: "销售额", count: 3_842)))
        #expect(report.file.columns.first { $0.header == "订单 ID" }?.field == .orderNumber)
        let regions = try workspace.database.read {
            try String.fetchAll($0, sql: "SELECT DISTINCT region FROM orders ORDER BY 1")
        }
        #expect(regions == ["东北", "中南", "华东", "华北", "西北", "西南"])
    }

    @Test func marketplaceExportsAsSourcesDescribeThem() throws {
        let (tmall, tmallReport) = try Self.imported("cn_tmall_orders.csv")
        #expect(tmallReport.imported == 28_010)
        #expect(tmallReport.file.notes.contains(.headersCleaned(["收货地址 ", "订单付款时间 "])))
        #expect(tmallReport.file.notes.contains(.zeroAmounts(9_055)))
        // The creation time, never empty, outranks the payment time, empty for unpaid orders.
        #expect(tmallReport.file.columns.first { $0.header == "订单付款时间" }?.source == .outranked(field: .date, by: 4))
        #expect(
            try tmall.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT region) FROM orders") } == 31)

        let (_, taobao) = try Self.imported("cn_taobao_orders_gbk.csv")
        #expect(taobao.imported == 50 && taobao.file.encoding == .gb18030)
        #expect(taobao.file.notes.contains(.headersCleaned(["订单付款时间 "])))
        #expect(taobao.file.notes.contains(.missingDimensions([.rep, .region, .channel])))

        let (gbk, gbkReport) = try Self.imported("cn_sales_gbk.csv")
        #expect(gbkReport.imported == 42_716 && gbkReport.created[.customer] == 2_612)
        let categories = try gbk.database.read {
            try String.fetchAll($0, sql: "SELECT DISTINCT category FROM products")
        }
        #expect(categories.contains("蔬果") && categories.contains("粮油"))
    }

    @Test func onlineRetailOdditiesAreReported() throws {
        let (_, dayFirst) = try Self.imported("online_retail.csv")
        #expect(dayFirst.file.rowsRead == 39_530 && dayFirst.file.duplicates == 495)
        #expect(dayFirst.file.rejections.map(\.reason) == [.truncatedLastLine(found: 3, expected: 8)])
        #expect(dayFirst.file.rejections.first?.fields == ["539650", "84347", "R"])
        #expect(dayFirst.file.notes.contains(.truncatedLastLine(line: 39_531)))
        #expect(dayFirst.file.notes.contains(.amountComputed(rows: 39_034)))
        guard case .evidence(.dayFirst, _, let value) = dayFirst.file.dateOrder else {
            Issue.record("date order \(dayFirst.file.dateOrder)")
            return
        }
        #expect(Int(value.prefix(2))! > 12)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dayFirst.rejectsFile!))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))  // a BOM, for Excel
        let rejects = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(rejects.hasPrefix("行,列,原因,InvoiceNo,"))
        #expect(rejects.contains("39531,,最后一行不完整"))

        let (_, monthFirst) = try Self.imported("online_retail_mdy.csv")
        #expect(monthFirst.file.duplicates == 412 && monthFirst.file.rejections.isEmpty)
        #expect(monthFirst.file.columns.first { $0.header == "TotalPrice" }?.field == .amount)
        guard case .evidence(.monthFirst, _, _) = monthFirst.file.dateOrder else {
            Issue.record("date order \(monthFirst.file.dateOrder)")
            return
        }
    }

    // MARK: - Idempotence

    @Test func importingTwiceAddsNothing() throws {
        let path = Fixtures.newWorkspacePath()
        _ = try Self.imported("superstore.csv", into: path)
        let before = try Self.groups(Workspace.open(at: path))
        let (workspace, again) = try Self.imported("superstore.csv", into: path)
        #expect(again.imported == 0 && again.existing == 9_994)
        #expect(try Self.groups(workspace) == before)
        let log = try workspace.database.read {
            try Row.fetchAll($0, sql: "SELECT status, rows_imported, rows_existing FROM imports ORDER BY id")
        }
        #expect(
            log.map { [$0[0] as String, String($0[1] as Int), String($0[2] as Int)] } == [
                ["ok", "9994", "0"], ["ok", "0", "9994"],
            ])
    }

    /// Fingerprints are made of parsed values, so the Excel copy (other encoding, other date
    /// forms) matches the Windows-1252 file row for row — except the one row whose profit differs
    /// (SOURCES.md: Row ID 9978, line 9979).
    @Test func theSameRowsInAnotherFormAreRecognised() throws {
        let path = Fixtures.newWorkspacePath()
        _ = try Self.imported("superstore.csv", into: path)
        let (workspace, excel) = try Self.imported("superstore_utf8_bom.csv", into: path)
        #expect(excel.imported == 1 && excel.existing == 9_993)
        let added = try workspace.database.read { db in
            try Row.fetchOne(db, sql: "SELECT amount - cost FROM orders WHERE import_id = 2")!
        }
        #expect(added[0] as Double == 0)
    }

    @Test func overlappingExportsImportEachRowOnce() throws {
        let lines = try String(contentsOfFile: RealData.path("cn_sales.csv"), encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0]
        let directory = Fixtures.temporaryDirectory()
        let first = directory + "/一月到八月.csv"
        let second = directory + "/七月到十二月.csv"
        try ([header] + lines[1...6_000]).joined(separator: "\n").write(
            toFile: first, atomically: true, encoding: .utf8)
        try ([header] + lines[4_001...10_000]).joined(separator: "\n").write(
            toFile: second, atomically: true, encoding: .utf8)
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        var reports: [ImportReport] = []
        for path in [first, second] {
            reports.append(
                try workspace.importRows(from: SalesFile.read(path, options: ImportOptions()), options: ImportOptions())
            )
        }
        #expect(reports.map(\.imported) == [6_000, 4_000])
        #expect(reports.map(\.existing) == [0, 2_000])
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders") } == 10_000)
    }
}
