import Model
import Store
import Shell
import TestSupport
import GRDB
import Testing

/// Issue 17, items 4, 7, 8, 9 and 11: a period with nothing in it, a count or span past what
/// kpish answers for, and a line too long are each said back with exit 1 — never answered for
/// another period or count, never a crash (the counts below crashed in date arithmetic, or took
/// gigabytes, before).
@Suite struct BoundsTests {
    static func answer(_ line: String, lang: Lang = .en) throws -> CommandOutput {
        try Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: lang).answer(line, format: .csv)
    }

    /// Each line, and a phrase its message must hold (the span or count named, the limit).
    @Test(arguments: [
        ("revenue in 2026-12", "after the as-of date 2026-11-22"),
        ("revenue by region in 2027-W01", "after the as-of date"),
        ("revenue by region in 2025-W53", "“2025-W53” is not a valid period"),
        ("revenue in 0000-01", "“0000-01” is not a valid period"),
        ("revenue in 2026-00", "“2026-00”"),
        ("revenue in 2201-01", "“2201-01” is not a valid period"),
        ("revenue in next month", "“next month” is not a valid period"),
        ("top 99999999999999999999 rep by revenue", "at most 1000000"),
        ("revenue by rep in 2026-10 limit 5000000", "at most 1000000"),
        ("revenue in last 70556009 months", "at most 3600"),
        ("revenue in last 2147483649 days", "at most 100000"),
        ("revenue in last 5879667 years", "at most 300"),
        ("revenue in last 9999999 weeks", "at most 15000"),
        ("revenue in last 4000 quarters", "at most 1200"),
        ("trend revenue by day in last 100000000 days", "at most 100000"),
        ("forecast revenue next 100000000 months", "at most 60"),
        ("forecast revenue next 61 months", "at most 60"),
        ("forecast revenue next 300 weeks", "at most 260"),
    ])
    func aValueBeyondWhatIsAnsweredIsSaidBack(line: String, phrase: String) throws {
        let output = try Self.answer(line)
        #expect(output.status == 1)
        #expect(output.output.isEmpty)
        #expect(output.error.contains(phrase), "\(output.error)")
    }

    /// The same in plain words: 近N个月, 未来N个月 and a period before 1900 are refused, not
    /// replaced by the default period.
    @Test(arguments: ["近70556009个月的销售额", "未来100000000个月销售额预测", "最近2147483649天的订单数"])
    func aQuestionsPeriodBeyondTheBoundsIsSaidBack(question: String) throws {
        let output = try Self.answer(question, lang: .zh)
        #expect(output.status == 1)
        #expect(output.output.isEmpty)
        #expect(output.error.contains("不是可以查询的期间"), "\(output.error)")
    }

    /// A span reaching before 1900 is no period either (the hint says the years), even with a
    /// count under the most.
    @Test func aSpanBefore1900IsSaidBack() throws {
        let output = try Self.answer("revenue in last 1600 months")
        #expect(output.status == 1)
        #expect(output.error.contains("“last 1600 months” is not a valid period"))
        #expect(output.error.contains("1900–2200"))
    }

    /// Up to the bounds, answers come (a forecast of 60 months; back to 1901, where the data is
    /// the demo's three years).
    @Test(arguments: ["forecast revenue next 60 months", "revenue in last 1500 months", "revenue in last 45000 days"])
    func theBoundsThemselvesAreAnswered(line: String) throws {
        let output = try Self.answer(line)
        #expect(output.status == 0, "\(output.error)")
        #expect(!output.output.isEmpty)
    }

    /// A line past 4,096 bytes is refused before it is read, in both languages.
    @Test func aLineTooLongIsRefusedWhole() throws {
        let line = String(repeating: "revenue ", count: 130_000)
        let english = try Self.answer(line)
        #expect(english.status == 1)
        #expect(english.error.contains("too long (1040000 bytes)"))
        #expect(english.error.contains("at most 4096"))
        let chinese = try Self.answer(line, lang: .zh)
        #expect(chinese.error.contains("这一行太长"))
        // Just under the bound, a long but real question is read.
        #expect(try Self.answer("revenue" + String(repeating: " ", count: 4_000)).status == 0)
    }
}

/// Issue 17, item 2: a value beyond what a sales figure can be is refused at the door — a
/// target in a statement (it was stored, then crashed `show targets` on every run), an amount in
/// an imported file (1e309 was stored as infinity and blanked every total it joined).
@Suite struct FigureBoundsTests {
    static func session() throws -> (Session, Workspace) {
        let workspace = try Fixtures.demoWorkspace(orderLines: 1500, seed: 4)
        return (Session(workspace: workspace, asOf: Fixtures.asOf, lang: .en), workspace)
    }

    @Test(arguments: [
        ("set target revenue 9223372036854775807 in 2026-12", "at most 1000000000000000"),
        ("set target revenue 2000000000000000 in 2026-12", "at most 1000000000000000"),
        ("set target revenue -5 in 2026-12", "a target is a positive figure, not “-5”"),
        ("set target revenue 0 in 2026-12", "a target is a positive figure, not “0”"),
    ])
    func aTargetNoSalesFigureCanBeIsRefused(line: String, phrase: String) throws {
        let (session, workspace) = try Self.session()
        let before = try workspace.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM targets") }
        let output = try session.answer(line, format: .table)
        #expect(output.status == 1)
        #expect(output.error.contains(phrase), "\(output.error)")
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM targets") } == before)
        #expect(try session.answer("show targets in 2026-12", format: .table).status == 0)
    }

    @Test func anAmountNoSalesFigureCanBeIsARejectedRow() throws {
        let (_, workspace) = try Self.session()
        let file = Fixtures.temporaryDirectory() + "/big.csv"
        try "date,customer,amount\n2026-10-01,甲,1e308\n2026-10-02,乙,1e309\n2026-10-03,丙,120.5\n2026-10-04,丁,\"-2,000,000,000,000,000\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let report = try Workspace.importFile(file, into: workspace.path, options: ImportOptions())
        #expect(report.imported == 1)
        let rejected = report.file.rejections
        #expect(rejected.map { (rejection: Rejection) in rejection.line } == [2, 3, 5])
        #expect(rejected.allSatisfy { (rejection: Rejection) in rejection.reason.message(.en).contains("too large for a sales figure") })
        let total = try workspace.database.read {
            try Double.fetchOne($0, sql: "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-10-01' AND '2026-10-04' AND customer_id IN (SELECT id FROM customers WHERE name IN ('甲', '乙', '丙', '丁'))")
        }
        #expect(total == 120.5)
    }
}

/// Issue 17, item 10: a forecast by customer fitted a model to each of 112k customers (249 s at
/// 1M orders). The largest 100 by their history are forecast, and the note says how many there were.
@Suite struct ForecastCapTests {
    @Test func aForecastByCustomerForecastsTheLargestHundredAndSaysSo() throws {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .en)
        let csv = try session.answer("forecast revenue next month by customer", format: .csv)
        #expect(csv.status == 0, "\(csv.error)")
        let customers = Set(csv.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        #expect(customers.count == 100)
        let withHistory = try Fixtures.demo.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE date < '2026-11-01'")
        }
        let text = try session.answer("forecast revenue next month by customer", format: .table)
        #expect(text.output.contains("only the 100 largest of \(grouped(withHistory ?? 0)) (customer) by revenue"))
        // The hundred are the largest by revenue before the forecast month.
        let largest = try Fixtures.demo.database.read {
            try String.fetchAll(
                $0,
                sql: "SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.date < '2026-11-01' GROUP BY c.id ORDER BY SUM(o.amount) DESC LIMIT 100")
        }
        #expect(customers == Set(largest.map { Substring($0) }))
    }
}
