import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// A real CRM (Tests/Fixtures/real/crm: Maven Analytics' opportunities, sales teams, accounts
/// and products) imported as a folder in one command, and the KPIs it exists for answered from
/// it: each figure computed again by Python's csv module from the same four files.
@Suite struct CRMImportTests {
    static let folder = RealData.path("crm")
    /// The whole span of the data, and a date after it.
    static let span = Period(
        start: Day(year: 2016, month: 1, day: 1), end: Day(year: 2017, month: 12, day: 31), label: "2016..2017")
    static let asOf = Fixtures.asOf

    static let imported: Result<(workspace: Workspace, run: ImportRun), any Error> = Result {
        let path = Fixtures.newWorkspacePath()
        var options = ImportOptions()
        options.rejectsPath = Fixtures.temporaryDirectory() + "/rejects.csv"
        let run = try Workspace.importFiles([folder], into: path, options: options)
        return (try Workspace.open(at: path), run)
    }

    static let engine: Result<MetricEngine, any Error> = Result {
        try MetricEngine(workspace: imported.get().workspace)
    }

    struct Figures: Decodable {
        let won: Int
        let lost: Int
        let wonValue: Double
        let cycle: Double
        let byManager: [String: Double]
        let byOffice: [String: Double]
        let dated: Int
        let reachedEngaging: Int
        let misspelt: Int
    }

    /// Python's figures: win rate won / (won + lost); cycle close − engage over won deals; a
    /// team is a manager's agents, a region their office; the funnel counts deals with an
    /// engage date (Engaging or beyond: Engaging and Won; a lost deal's furthest stage is not
    /// recorded, so it counts at Prospecting only).
    static let python: Result<Figures, any Error> = Result {
        try Python.json(
            """
            import csv, json, sys, datetime
            folder = sys.argv[1]
            deals = list(csv.DictReader(open(folder + '/sales_pipeline.csv', encoding='utf-8')))
            teams = {r['sales_agent']: r for r in csv.DictReader(open(folder + '/sales_teams.csv', encoding='utf-8'))}
            day = lambda s: datetime.date.fromisoformat(s)
            won = [d for d in deals if d['deal_stage'] == 'Won']
            lost = [d for d in deals if d['deal_stage'] == 'Lost']
            def rate(key):
                out = {}
                for name in {key(d) for d in won + lost}:
                    w = sum(1 for d in won if key(d) == name); l = sum(1 for d in lost if key(d) == name)
                    out[name] = w / (w + l)
                return out
            dated = [d for d in deals if d['engage_date']]
            print(json.dumps({
                'won': len(won), 'lost': len(lost),
                'wonValue': sum(float(d['close_value']) for d in won),
                'cycle': sum((day(d['close_date']) - day(d['engage_date'])).days for d in won) / len(won),
                'byManager': rate(lambda d: teams[d['sales_agent']]['manager']),
                'byOffice': rate(lambda d: teams[d['sales_agent']]['regional_office']),
                'dated': len(dated),
                'reachedEngaging': sum(1 for d in dated if d['deal_stage'] in ('Engaging', 'Won')),
                'misspelt': sum(1 for d in deals if d['product'] == 'GTXPro'),
            }))
            """, arguments: [folder])
    }

    func value(_ metric: String, by dimension: String? = nil) throws -> [String: Double] {
        let plan = Plan(
            intent: dimension == nil ? .value : .breakdown, metrics: [metric], dimensions: dimension.map { [$0] } ?? [],
            period: Self.span)
        let answer = try Self.engine.get().execute(plan, asOf: Self.asOf)
        var result: [String: Double] = [:]
        for row in answer.rows {
            let key = dimension == nil ? "" : row[0].text ?? ""
            result[key] = row.last?.number
        }
        return result
    }

    @Test func eachFileIsRecognisedAndMasterDataComesFirst() throws {
        let run = try Self.imported.get().run
        #expect(run.items.map(\.table) == [.reps, .products, .customers, .opportunities])
    }

    @Test func winRateOverTheWholeSpan() throws {
        let figures = try Self.python.get()
        #expect(figures.won == 4_238 && figures.lost == 2_473)
        let rate = try #require(try value("win_rate")[""])
        #expect(abs(rate - 4_238.0 / 6_711.0) < 1e-12)
        #expect(String(format: "%.2f%%", rate * 100) == "63.15%")
    }

    @Test func wonValueAndSalesCycle() throws {
        let figures = try Self.python.get()
        let workspace = try Self.imported.get().workspace
        let won = try workspace.database.read {
            try Double.fetchOne($0, sql: "SELECT SUM(amount) FROM opportunities WHERE stage = 'won'")
        }
        #expect(won == figures.wonValue)
        #expect(figures.wonValue == 10_005_534)
        let cycle = try #require(try value("avg_sales_cycle")[""])
        #expect(abs(cycle - figures.cycle) < 1e-9)
        #expect(String(format: "%.2f", cycle) == "51.78")
    }

    @Test func winRateByTeamAndRegionMatchPython() throws {
        let figures = try Self.python.get()
        let byTeam = try value("win_rate", by: "team")
        let byRegion = try value("win_rate", by: "region")
        #expect(Set(byTeam.keys) == Set(figures.byManager.keys))
        #expect(Set(byRegion.keys) == Set(["Central", "East", "West"]))
        for (team, rate) in figures.byManager { #expect(abs((byTeam[team] ?? -1) - rate) < 1e-12, "\(team)") }
        for (office, rate) in figures.byOffice { #expect(abs((byRegion[office] ?? -1) - rate) < 1e-12, "\(office)") }
    }

    @Test func theFunnelShowsTheCRMsOwnStages() throws {
        let figures = try Self.python.get()
        let answer = try Self.engine.get().execute(Plan(intent: .funnel, period: Self.span), asOf: Self.asOf)
        let stages = answer.rows.map { $0[0].text ?? "" }
        let counts = answer.rows.map { $0[1].number ?? -1 }
        #expect(stages == ["Prospecting", "Engaging", "won"])
        #expect(counts == [Double(figures.dated), Double(figures.reachedEngaging), Double(figures.won)])
    }

    @Test func theMisspeltProductIsReportedByName() throws {
        let figures = try Self.python.get()
        let run = try Self.imported.get().run
        guard case .table(let report)? = run.items.last else { throw Unexpected() }
        #expect(
            report.counts.notes.contains(
                .matchedByName(table: .products, written: "GTXPro", existing: "GTX Pro", rows: figures.misspelt)))
        #expect(figures.misspelt > 0)
        let products = try Self.imported.get().workspace.database.read {
            try String.fetchAll($0, sql: "SELECT name FROM products ORDER BY name")
        }
        #expect(products.count == 7 && !products.contains("GTXPro"))
    }

    @Test func teamsAndRegionsComeFromTheSalesTeamsFile() throws {
        let workspace = try Self.imported.get().workspace
        let unassigned = try workspace.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM reps WHERE team IS NULL OR region IS NULL")
        }
        #expect(unassigned == 0)
    }

    /// The same folder again adds nothing; every row is found by its key.
    @Test func importingTheFolderTwiceAddsNothing() throws {
        let directory = Fixtures.temporaryDirectory()
        var options = ImportOptions()
        options.rejectsPath = directory + "/rejects.csv"
        _ = try Workspace.importFiles([Self.folder], into: directory + "/twice.db", options: options)
        let before = try Fixtures.dump(try Workspace.open(at: directory + "/twice.db"))
        let again = try Workspace.importFiles([Self.folder], into: directory + "/twice.db", options: options)
        for item in again.items {
            guard case .table(let report) = item else { throw Unexpected() }
            #expect(report.counts.inserted == 0 && report.counts.updated == 0, "\(report.file.table)")
            #expect(report.counts.unchanged == report.file.rowsKept)
        }
        var after = try Fixtures.dump(try Workspace.open(at: directory + "/twice.db"))
        // Only the imports log grows.
        after["imports"] = before["imports"]
        #expect(after == before)
    }

    struct Unexpected: Error {}
}
