import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Tests/Fixtures/workbooks/: a Chinese CRM export (订单, 商机, 跟进记录, 销售目标: title rows,
/// merged cells, a 合计 row, dates as serials and as text) written by openpyxl, re-saved by
/// LibreOffice, and with its totals as formulas with cached values; target sheets long and wide;
/// a hand-written workbook in the 1904 date system. Every figure is make.py's, computed from the
/// rows it wrote (expected.json), checked by SQL over the workspace the import made.
@Suite struct WorkbookImportTests {
    static let folder = RealData.fixture("workbooks")

    /// expected.json (read for each test: JSON objects are not Sendable).
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func sheet(_ name: String) throws -> [String: Any] {
        let workbook = try expected()["crm_export_zh.xlsx"] as? [String: Any]
        return (workbook?["sheets"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    struct Imported {
        let workspace: Workspace
        let run: ImportRun

        func sql<T: DatabaseValueConvertible>(_ query: String) throws -> T? {
            try workspace.database.read { try T.fetchOne($0, sql: query) }
        }

        func pairs(_ query: String) throws -> [String: Double] {
            try workspace.database.read { db in
                var result: [String: Double] = [:]
                for row in try Row.fetchAll(db, sql: query) { result[row[0] as String] = row[1] as Double }
                return result
            }
        }

        func notes(_ table: ImportTable) -> [ImportNote] {
            run.items.flatMap { item -> [ImportNote] in
                switch item {
                case .orders(let report, _) where table == .orders: report.file.notes
                case .table(let report) where report.file.table == table: report.file.notes + report.counts.notes
                default: []
                }
            }
        }
    }

    static func imported(_ name: String, options: ImportOptions = ImportOptions()) throws -> Imported {
        let path = Fixtures.newWorkspacePath()
        var options = options
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        let run = try Workspace.importFiles([folder + "/" + name], into: path, options: options)
        return Imported(workspace: try Workspace.open(at: path), run: run)
    }

    static let writers = ["crm_export_zh.xlsx", "crm_export_zh_libreoffice.xlsx", "crm_export_zh_formulas.xlsx"]

    @Test(arguments: writers)
    func everySheetGoesToItsTable(_ name: String) throws {
        let result = try Self.imported(name)
        #expect(result.run.items.map(\.table) == [.targets, .opportunities, .orders, .activities])
        #expect(result.run.skippedSheets.isEmpty)
    }

    @Test(arguments: writers)
    func orderLinesBelowTheTitleAndAboveTheTotal(_ name: String) throws {
        let result = try Self.imported(name)
        let orders = try Self.sheet("订单")
        #expect(try result.sql("SELECT COUNT(*) FROM orders") == orders["data_rows"] as? Int)
        #expect(try result.sql("SELECT SUM(amount) FROM orders") == orders["total_amount"] as? Double)
        #expect(try result.sql("SELECT COUNT(DISTINCT order_no) FROM orders") == orders["distinct_order_ids"] as? Int)
        #expect(try result.sql("SELECT MIN(date) FROM orders") == orders["first_order_date"] as? String)
        #expect(try result.sql("SELECT MAX(date) FROM orders") == orders["last_order_date"] as? String)
        let byRep = try result.pairs(
            "SELECT reps.name, SUM(amount) FROM orders JOIN reps ON reps.id = rep_id GROUP BY reps.name")
        #expect(byRep == (orders["amount_by_rep"] as? [String: Double] ?? [:]))
        // The dates typed as text read as the date cells do.
        for typed in orders["date_cells_typed_as_text"] as? [[String: Any]] ?? [] {
            let order = typed["order"] as? String ?? ""
            #expect(
                try result.sql("SELECT MIN(date) FROM orders WHERE order_no = '\(order)'") == typed["date"] as? String)
        }
        #expect(result.notes(.orders).contains { if case .summaryRowSkipped(124, _) = $0 { true } else { false } })
        #expect(result.notes(.orders).contains(.titleLinesSkipped(headerLine: 3)))
    }

    @Test(arguments: writers)
    func dealsWithTheCRMsStages(_ name: String) throws {
        let result = try Self.imported(name)
        let deals = try Self.sheet("商机")
        let stages = deals["count_by_stage"] as? [String: Int] ?? [:]
        let stored = try result.pairs("SELECT stage, COUNT(*) * 1.0 FROM opportunities GROUP BY stage")
        #expect(stored["won"] == Double(stages["赢单"] ?? -1) && stored["lost"] == Double(stages["输单"] ?? -1))
        #expect(
            try result.sql("SELECT SUM(amount) FROM opportunities WHERE stage = 'won'") == deals["won_amount"]
                as? Double)
        let cycle: Double? = try result.sql(
            "SELECT AVG(julianday(closed_date) - julianday(created_date)) FROM opportunities WHERE stage = 'won'")
        #expect(abs((cycle ?? 0) - (deals["won_average_days_to_close"] as? Double ?? -1)) < 1e-9)
        #expect(
            try result.sql("SELECT COUNT(*) FROM opportunities WHERE customer_id IS NULL")
                == deals["open_deals_without_customer"] as? Int)
        #expect(result.notes(.opportunities).contains(.stagesDeclared(["初步接洽", "需求确认", "方案报价", "谈判审核"])))
    }

    @Test(arguments: writers)
    func followUpsWithMergedDates(_ name: String) throws {
        let result = try Self.imported(name)
        let activities = try Self.sheet("跟进记录")
        let types = activities["count_by_type"] as? [String: Int] ?? [:]
        #expect(
            try result.pairs("SELECT type, COUNT(*) * 1.0 FROM activities GROUP BY type")
                == types.mapValues(Double.init))
        // A date merged over rows applies to each of them.
        for merged in activities["merged_date_cells"] as? [[String: Any]] ?? [] {
            let rows = (merged["rows"] as? [Int] ?? []).count
            let date = merged["date"] as? String ?? ""
            let count: Int? = try result.sql("SELECT COUNT(*) FROM activities WHERE date = '\(date)'")
            #expect((count ?? 0) >= rows, "\(date)")
        }
    }

    @Test(arguments: writers)
    func wideTargetsByMonthWithTheTotalChecked(_ name: String) throws {
        let result = try Self.imported(name)
        let targets = try Self.sheet("销售目标")
        let members = targets["members"] as? [String: [String: Any]] ?? [:]
        for (member, figures) in members {
            let months = try result.workspace.database.read {
                try Double.fetchAll(
                    $0,
                    sql:
                        "SELECT value FROM targets WHERE scope = 'rep' AND scope_value = ? AND period_start LIKE '2026-%' ORDER BY period_start",
                    arguments: [member])
            }
            #expect(months == (figures["months"] as? [Double] ?? []), "\(member)")
            let team: String? = try result.workspace.database.read {
                try String.fetchOne($0, sql: "SELECT team FROM reps WHERE name = ?", arguments: [member])
            }
            #expect(team == figures["team"] as? String)
        }
        let differs = targets["total_differs"] as? [String: Any] ?? [:]
        #expect(
            result.notes(.targets).contains {
                if case .totalMismatch(_, let member, let stated, let months) = $0 {
                    member == differs["member"] as? String && stated == differs["stated_total"] as? Double
                        && months == differs["sum_of_months"] as? Double
                } else {
                    false
                }
            })
        #expect(result.notes(.targets).contains { if case .yearFromTitle(2026, _) = $0 { true } else { false } })
    }

    @Test func sheetPicksOne() throws {
        var options = ImportOptions()
        options.sheet = "商机"
        let result = try Self.imported("crm_export_zh.xlsx", options: options)
        #expect(result.run.items.map(\.table) == [.opportunities])
        #expect(try result.sql("SELECT COUNT(*) FROM orders") == 0)
    }

    @Test func longTargets() throws {
        let result = try Self.imported("targets_long.xlsx")
        let figures = try Self.expected()["targets_long.xlsx"] as? [String: Any] ?? [:]
        #expect(try result.sql("SELECT COUNT(*) FROM targets") == figures["data_rows"] as? Int)
        #expect(
            try result.sql(
                "SELECT value FROM targets WHERE scope = 'company' AND period_start = '2026-01-01' AND period_end = '2026-12-31'"
            )
                == figures["company_2026"] as? Double)
        for (region, quarters) in figures["region_quarters"] as? [String: [Double]] ?? [:] {
            let stored = try result.workspace.database.read {
                try Double.fetchAll(
                    $0,
                    sql: "SELECT value FROM targets WHERE scope = 'region' AND scope_value = ? ORDER BY period_start",
                    arguments: [region])
            }
            #expect(stored == quarters, "\(region)")
        }
        for (team, months) in figures["team_months"] as? [String: [Double]] ?? [:] {
            let stored = try result.workspace.database.read {
                try Double.fetchAll(
                    $0, sql: "SELECT value FROM targets WHERE scope = 'team' AND scope_value = ? ORDER BY period_start",
                    arguments: [team])
            }
            #expect(stored == months, "\(team)")
        }
    }

    @Test(arguments: ["targets_wide_en.xlsx", "targets_wide_iso.csv"])
    func wideTargetsInOtherHeadings(_ name: String) throws {
        let result = try Self.imported(name)
        let figures = try Self.expected()[name] as? [String: Any] ?? [:]
        let members = figures["members"] as? [String: [String: Any]] ?? [:]
        #expect(!members.isEmpty)
        for (member, values) in members {
            let months = try result.workspace.database.read {
                try Double.fetchAll(
                    $0, sql: "SELECT value FROM targets WHERE scope_value = ? ORDER BY period_start",
                    arguments: [member])
            }
            #expect(months == (values["months"] as? [Double] ?? []), "\(member)")
        }
    }

    @Test func the1904DateSystemInlineStringsAndAFormula() throws {
        let result = try Self.imported("orders_1904.xlsx")
        let figures = try Self.expected()["orders_1904.xlsx"] as? [String: Any] ?? [:]
        #expect(try result.sql("SELECT SUM(amount) FROM orders") == figures["total_amount"] as? Double)
        #expect(try result.sql("SELECT MIN(date) FROM orders") == figures["first_order_date"] as? String)
        #expect(try result.sql("SELECT MAX(date) FROM orders") == figures["last_order_date"] as? String)
        #expect(try result.sql("SELECT COUNT(DISTINCT order_no) FROM orders") == figures["distinct_order_ids"] as? Int)
    }

    /// A workbook imported twice adds nothing.
    @Test func twiceAddsNothing() throws {
        let first = try Self.imported("crm_export_zh.xlsx")
        let before = try Fixtures.dump(first.workspace)
        var options = ImportOptions()
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        _ = try Workspace.importFiles(
            [Self.folder + "/crm_export_zh.xlsx"], into: first.workspace.path, options: options)
        var after = try Fixtures.dump(first.workspace)
        after["imports"] = before["imports"]
        #expect(after == before)
    }
}
