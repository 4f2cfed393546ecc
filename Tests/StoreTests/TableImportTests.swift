import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Tests/Fixtures/import/: a file for each table besides orders, good rows with bad ones mixed
/// in. Each is recognised from its headers, its bad rows are rejected on the lines and columns
/// make.py recorded, and what is written matches the figures make.py computed from the rows it
/// wrote (expected.json), by SQL over the workspace.
@Suite struct TableImportTests {
    struct Expected: Decodable {
        let table: String
        let header: [String]
        let good_rows: Int
        let bad_rows: [Bad]
        struct Bad: Decodable {
            let line: Int
            let column: String
        }
    }

    static let folder = RealData.fixture("import")

    static let expected: Result<[String: Expected], any Error> = Result {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var result: [String: Expected] = [:]
        for (name, value) in object where name.hasSuffix(".csv") {
            let entry = try JSONSerialization.data(withJSONObject: value)
            result[name] = try JSONDecoder().decode(Expected.self, from: entry)
        }
        return result
    }

    /// Figures of expected.json, by file and name.
    static func figure<T>(_ file: String, _ name: String) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let figures = (object?[file] as? [String: Any])?["figures"] as? [String: Any]
        guard let value = figures?[name] as? T else { throw Missing(name: "\(file): \(name)") }
        return value
    }

    struct Missing: Error { let name: String }

    static let files = [
        "opportunities_mixed.csv", "surveys_mixed.csv", "activities_mixed.csv", "reviews.csv", "reps.csv",
        "customers.csv", "products.csv",
    ]

    /// Imports one fixture into a new workspace, letting the headers say the table.
    static func imported(_ name: String) throws -> (Workspace, TableReport) {
        let path = Fixtures.newWorkspacePath()
        var options = ImportOptions()
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        let run = try Workspace.importFiles([folder + "/" + name], into: path, options: options)
        guard case .table(let report)? = run.items.first, run.items.count == 1 else { throw Missing(name: name) }
        return (try Workspace.open(at: path), report)
    }

    @Test(arguments: files)
    func recognisedAndCheckedRowByRow(_ name: String) throws {
        let expected = try #require(try Self.expected.get()[name])
        let (_, report) = try Self.imported(name)
        #expect(report.file.table.rawValue == expected.table)
        #expect(report.file.rowsKept == expected.good_rows)
        #expect(report.counts.inserted == expected.good_rows)
        #expect(report.file.rejections.map(\.line) == expected.bad_rows.map(\.line))
        let columns = report.file.rejections.map { rejection in
            rejection.column.map { expected.header[$0 - 1] }
        }
        #expect(columns == expected.bad_rows.map(\.column))
    }

    @Test(arguments: files)
    func importingTwiceAddsNothing(_ name: String) throws {
        let (workspace, first) = try Self.imported(name)
        var options = ImportOptions()
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        let again = try Workspace.importFiles([Self.folder + "/" + name], into: workspace.path, options: options)
        guard case .table(let report)? = again.items.first else { throw Missing(name: name) }
        #expect(report.counts.inserted == 0 && report.counts.updated == 0)
        #expect(report.counts.unchanged == first.file.rowsKept)
    }

    func rows(_ workspace: Workspace, _ sql: String) throws -> [String: Double] {
        try workspace.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: sql) { result[row[0] as String] = row[1] as Double }
            return result
        }
    }

    @Test func opportunitiesKeepTheirStagesAndDeclareThePipeline() throws {
        let (workspace, report) = try Self.imported("opportunities_mixed.csv")
        let file = "opportunities_mixed.csv"
        let stages: [String: Int] = try Self.figure(file, "count_by_stage")
        let stored = try rows(workspace, "SELECT stage, COUNT(*) * 1.0 FROM opportunities GROUP BY stage")
        #expect(stored["won"] == Double(stages["赢单"]!) && stored["lost"] == Double(stages["输单"]!))
        for open in ["初步接洽", "需求确认", "方案报价", "谈判审核"] { #expect(stored[open] == Double(stages[open]!)) }
        let pipeline = try workspace.database.read {
            try String.fetchAll($0, sql: "SELECT name FROM pipeline_stages ORDER BY position")
        }
        #expect(pipeline == ["初步接洽", "需求确认", "方案报价", "谈判审核"])
        #expect(report.counts.notes.contains(.stagesDeclared(pipeline)))
        let won: Double = try Self.figure(file, "won_amount")
        let sums = try rows(workspace, "SELECT stage, SUM(amount) FROM opportunities GROUP BY stage")
        #expect(sums["won"] == won)
        let cycle: Double = try Self.figure(file, "won_average_days_to_close")
        let days = try rows(
            workspace,
            "SELECT 'won', AVG(julianday(closed_date) - julianday(created_date)) FROM opportunities WHERE stage = 'won'"
        )
        #expect(abs(days["won"]! - cycle) < 1e-9)
        // Open deals without a customer are kept.
        let withoutCustomer: Int = try Self.figure(file, "open_deals_without_customer")
        let kept = try workspace.database.read {
            try Int.fetchOne(
                $0, sql: "SELECT COUNT(*) FROM opportunities WHERE customer_id IS NULL AND stage NOT IN ('won', 'lost')"
            )
        }
        #expect(kept == withoutCustomer)
    }

    @Test func activityWordsBecomeTheFixedTypes() throws {
        let (workspace, _) = try Self.imported("activities_mixed.csv")
        let expected: [String: Int] = try Self.figure("activities_mixed.csv", "count_by_type")
        let stored = try rows(workspace, "SELECT type, COUNT(*) * 1.0 FROM activities GROUP BY type")
        #expect(stored == expected.mapValues(Double.init))
    }

    @Test func surveysKeepScoresAndComplaints() throws {
        let (workspace, _) = try Self.imported("surveys_mixed.csv")
        let average: Double = try Self.figure("surveys_mixed.csv", "average_score")
        let complaints: Int = try Self.figure("surveys_mixed.csv", "complaint_count")
        let stored = try rows(workspace, "SELECT 'all', AVG(score) FROM surveys")
        #expect(abs(stored["all"]! - average) < 1e-9)
        let flagged = try rows(workspace, "SELECT 'all', SUM(complaint) * 1.0 FROM surveys")
        #expect(flagged["all"] == Double(complaints))
    }

    @Test func reviewsByKind() throws {
        let (workspace, _) = try Self.imported("reviews.csv")
        let counts: [String: Int] = try Self.figure("reviews.csv", "count_by_type")
        let stored = try rows(workspace, "SELECT kind, COUNT(*) * 1.0 FROM reviews GROUP BY kind")
        #expect(stored["collaboration"] == Double(counts["团队协作"]!))
        #expect(stored["communication"] == Double(counts["沟通效果"]!))
        let months: [String: Int] = try Self.figure("reviews.csv", "count_by_month")
        #expect(
            try rows(workspace, "SELECT period, COUNT(*) * 1.0 FROM reviews GROUP BY period")
                == months.mapValues(Double.init))
    }

    @Test func repsWithTeamsAndLeaveDates() throws {
        let (workspace, _) = try Self.imported("reps.csv")
        let teams: [String: Int] = try Self.figure("reps.csv", "count_by_team")
        #expect(
            try rows(workspace, "SELECT team, COUNT(*) * 1.0 FROM reps GROUP BY team") == teams.mapValues(Double.init))
        let left: [String: String] = try Self.figure("reps.csv", "with_leave_date")
        let stored = try workspace.database.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT name, left_date FROM reps WHERE left_date IS NOT NULL"
                )
                .map { ($0[0] as String, $0[1] as String) })
        }
        #expect(stored == left)
    }

    @Test func productsWithPrices() throws {
        let (workspace, _) = try Self.imported("products.csv")
        let prices: [String: Double] = try Self.figure("products.csv", "prices")
        #expect(try rows(workspace, "SELECT name, unit_price FROM products") == prices)
    }

    @Test func customersWithTheirAttributes() throws {
        let (workspace, _) = try Self.imported("customers.csv")
        let regions: [String: Int] = try Self.figure("customers.csv", "count_by_region")
        #expect(
            try rows(workspace, "SELECT region, COUNT(*) * 1.0 FROM customers GROUP BY region")
                == regions.mapValues(Double.init))
        let industries: [String: Int] = try Self.figure("customers.csv", "count_by_industry")
        #expect(
            try rows(workspace, "SELECT industry, COUNT(*) * 1.0 FROM customers GROUP BY industry")
                == industries.mapValues(Double.init))
    }

    /// A newer export of the same deals updates them by the CRM's id instead of adding them.
    @Test func aNewerExportUpdatesDealsByTheirID() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/deals.db"
        let first = "商机编号,销售员,商机阶段,创建日期,成交日期,商机金额\nD1,王磊,方案报价,2026-03-01,,50000\nD2,李娜,初步接洽,2026-03-05,,20000\n"
        let later = "商机编号,销售员,商机阶段,创建日期,成交日期,商机金额\nD1,王磊,赢单,2026-03-01,2026-04-10,48000\nD2,李娜,初步接洽,2026-03-05,,20000\n"
        try first.write(toFile: directory + "/a.csv", atomically: true, encoding: .utf8)
        try later.write(toFile: directory + "/b.csv", atomically: true, encoding: .utf8)
        _ = try Workspace.importFiles([directory + "/a.csv"], into: path, options: ImportOptions())
        let run = try Workspace.importFiles([directory + "/b.csv"], into: path, options: ImportOptions())
        guard case .table(let report)? = run.items.first else { throw Missing(name: "b.csv") }
        #expect(report.counts.inserted == 0 && report.counts.updated == 1 && report.counts.unchanged == 1)
        let deal = try Workspace.open(at: path).database.read {
            try Row.fetchOne($0, sql: "SELECT stage, closed_date, amount FROM opportunities WHERE external_id = 'D1'")
        }
        #expect(deal?[0] as String? == "won" && deal?[1] as String? == "2026-04-10" && deal?[2] as Double? == 48_000)
    }

    /// `--stages` declares a pipeline of the team's own; its names are then the only open stages.
    @Test func declaredStages() throws {
        let directory = Fixtures.temporaryDirectory()
        let text =
            "商机编号,销售员,商机阶段,创建日期,成交日期\nD1,王磊,需求调研,2026-03-01,\nD2,李娜,商务洽谈,2026-03-05,\nD3,李娜,赢单,2026-03-05,2026-04-01\nD4,李娜,待定,2026-03-05,\n"
        try text.write(toFile: directory + "/own.csv", atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.stages = ["需求调研", "商务洽谈"]
        let run = try Workspace.importFiles([directory + "/own.csv"], into: directory + "/own.db", options: options)
        guard case .table(let report)? = run.items.first else { throw Missing(name: "own.csv") }
        #expect(report.file.rowsKept == 3)
        #expect(report.file.rejections.map(\.line) == [5])
        let pipeline = try Workspace.open(at: directory + "/own.db").database.read {
            try String.fetchAll($0, sql: "SELECT name FROM pipeline_stages ORDER BY position")
        }
        #expect(pipeline == ["需求调研", "商务洽谈"])
    }

    /// A file whose stages are the CRM's own cannot join a workspace whose deals use the default
    /// stages: the import says so and changes nothing.
    @Test func aPipelineThatDoesNotFitIsRefused() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/demo.db"
        try Workspace.open(at: path).generateDemo(DemoOptions(orderLines: 2_000, seed: 3, asOf: Fixtures.asOf))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ImportError.self) {
            _ = try Workspace.importFiles(
                [Self.folder + "/opportunities_mixed.csv"], into: path, options: ImportOptions())
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
