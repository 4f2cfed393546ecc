import Language
import Model
import Testing

/// Every period form of METRICS.md, resolved for as-of 2026-11-22, a Sunday.
@Suite struct PeriodTests {
    static let cases: [(query: String, start: String, end: String)] = [
        ("revenue in 2026-10", "2026-10-01", "2026-10-31"),
        ("revenue in 2026-Q3", "2026-07-01", "2026-09-30"),
        ("revenue in 2026", "2026-01-01", "2026-11-22"),
        ("revenue in 2025", "2025-01-01", "2025-12-31"),
        ("revenue in 2026-W05", "2026-01-26", "2026-02-01"),
        ("revenue in 2026-W47", "2026-11-16", "2026-11-22"),
        ("revenue in 2026-W01", "2025-12-29", "2026-01-04"),
        ("revenue in 2020-W53", "2020-12-28", "2021-01-03"),
        ("revenue in 2026-10-01..2026-10-15", "2026-10-01", "2026-10-15"),
        ("revenue in 2026-10-05", "2026-10-05", "2026-10-05"),
        ("revenue in 2026-11", "2026-11-01", "2026-11-22"),
        ("revenue in this month", "2026-11-01", "2026-11-22"),
        ("revenue in this week", "2026-11-16", "2026-11-22"),
        ("revenue in this quarter", "2026-10-01", "2026-11-22"),
        ("revenue in this year", "2026-01-01", "2026-11-22"),
        ("revenue in last month", "2026-10-01", "2026-10-31"),
        ("revenue in last week", "2026-11-09", "2026-11-15"),
        ("revenue in last quarter", "2026-07-01", "2026-09-30"),
        ("revenue in last year", "2025-01-01", "2025-12-31"),
        ("revenue in last 3 months", "2026-08-01", "2026-10-31"),
        ("revenue in last 12 months", "2025-11-01", "2026-10-31"),
        ("revenue in last 2 weeks", "2026-11-02", "2026-11-15"),
        ("revenue in last 2 quarters", "2026-04-01", "2026-09-30"),
        ("revenue in last 30 days", "2026-10-24", "2026-11-22"),
        ("revenue in last 7 days", "2026-11-16", "2026-11-22"),
        ("revenue in ytd", "2026-01-01", "2026-11-22"),
        ("revenue in first half", "2026-01-01", "2026-06-30"),
        ("revenue in second half", "2026-07-01", "2026-11-22"),
        ("revenue in first half 2025", "2025-01-01", "2025-06-30"),
        ("revenue in 2025-H2", "2025-07-01", "2025-12-31"),
        ("revenue in same period last year", "2025-10-01", "2025-10-31"),
        ("trend revenue in same period last year", "2024-11-01", "2025-10-31"),
        ("revenue in 3月", "2026-03-01", "2026-03-31"),
        ("revenue in 12月", "2025-12-01", "2025-12-31"),
        ("revenue in 11月", "2026-11-01", "2026-11-22"),
        ("revenue in march", "2026-03-01", "2026-03-31"),
        ("revenue in Dec", "2025-12-01", "2025-12-31"),
        ("forecast revenue", "2026-12-01", "2026-12-31"),
        ("forecast revenue next month", "2026-12-01", "2026-12-31"),
        ("forecast revenue next 3 months", "2026-12-01", "2027-02-28"),
        ("forecast revenue next quarter", "2027-01-01", "2027-03-31"),
        ("forecast revenue next 2 weeks", "2026-11-23", "2026-12-06"),
        ("forecast revenue next year", "2027-01-01", "2027-12-31"),
        ("trend revenue", "2025-11-01", "2026-10-31"),
    ]

    @Test(arguments: cases)
    func resolves(_ testCase: (query: String, start: String, end: String)) throws {
        let plan = try parse(testCase.query, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
        #expect(plan.period?.start.iso == testCase.start)
        #expect(plan.period?.end.iso == testCase.end)
    }

    static let comparisons: [(query: String, start: String, end: String)] = [
        ("revenue in 2026-10 vs previous", "2026-09-01", "2026-09-30"),
        ("revenue in this month vs previous", "2026-10-01", "2026-10-22"),
        ("revenue in 2026-Q3 vs previous", "2026-04-01", "2026-06-30"),
        ("revenue in this quarter vs previous", "2026-07-01", "2026-08-22"),
        ("revenue in last 30 days vs previous", "2026-09-24", "2026-10-23"),
        ("revenue in last 3 months vs previous", "2026-05-01", "2026-07-31"),
        ("revenue in 2026-10-01..2026-10-15 vs previous", "2026-09-16", "2026-09-30"),
        ("revenue in 2026-W05 vs previous", "2026-01-19", "2026-01-25"),
        ("revenue in 2026-Q3 vs last year", "2025-07-01", "2025-09-30"),
        ("revenue in ytd vs last year", "2025-01-01", "2025-11-22"),
        ("revenue in ytd vs same period last year", "2025-01-01", "2025-11-22"),
        ("revenue in 2026-W05 vs last year", "2025-01-27", "2025-02-02"),
        ("revenue in 2024-02 vs last year", "2023-02-01", "2023-02-28"),
        ("revenue in 2024-02-29 vs last year", "2023-02-28", "2023-02-28"),
        ("revenue in 2026-10 vs 2025-10", "2025-10-01", "2025-10-31"),
        ("diagnose revenue in 2026-03", "2026-02-01", "2026-02-28"),
    ]

    @Test(arguments: comparisons)
    func comparesWith(_ testCase: (query: String, start: String, end: String)) throws {
        let plan = try parse(testCase.query, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
        #expect(plan.compareTo?.start.iso == testCase.start)
        #expect(plan.compareTo?.end.iso == testCase.end)
    }

    @Test func forecastHorizonCountsMonthsOrWeeks() throws {
        func horizon(_ text: String) throws -> (Int?, TimeGrain?) {
            let plan = try parse(text, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
            return (plan.horizon, plan.grain)
        }
        #expect(try horizon("forecast revenue next 3 months") == (3, .month))
        #expect(try horizon("forecast revenue next quarter") == (3, .month))
        #expect(try horizon("forecast revenue next 2 quarters") == (6, .month))
        #expect(try horizon("forecast revenue next 6 weeks") == (6, .week))
    }

    @Test(arguments: [
        "revenue in 2027-01", "revenue in next month", "revenue in 2026-13", "revenue in 2026-W54",
        "revenue in 2026-10-15..2026-10-01", "forecast revenue in 2026-10", "revenue in 13月",
    ])
    func invalidOrFuturePeriodsAreDiagnosed(_ text: String) {
        #expect(throws: Diagnostic.self) {
            try parse(text, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
        }
    }
}
