import Model
import Testing

@testable import Store

/// Dates as sales files write them, one value at a time (the column-wide decision on the order of
/// day and month is in `SalesFileTests`).
@Suite struct DateValueTests {
    private func read(_ text: String, order: DateOrder = .monthFirst, serials: Bool = false) -> Result<Day, DateProblem>
    {
        var reader = DateReader()
        var bytes = Array(text.utf8)
        let token = bytes.withUnsafeMutableBufferPointer { reader.token(UnsafeBufferPointer($0)) }
        return reader.resolve(token, order: order, serials: serials)
    }

    @Test(
        arguments: [
            ("2026-01-05", "2026-01-05"), ("2026-01-05 09:41:00", "2026-01-05"), ("2026-01-05T09:41:00Z", "2026-01-05"),
            ("2026-01-05T09:41:00+08:00", "2026-01-05"), ("2026/1/5", "2026-01-05"), ("2026.1.5", "2026-01-05"),
            ("2026-1-5", "2026-01-05"), ("2026年1月5日", "2026-01-05"), ("2026年01月05日 14:30", "2026-01-05"),
            ("2026年1月5号", "2026-01-05"), ("2018/5/16 9:41", "2018-05-16"), ("20150101", "2015-01-01"),
            ("２０２６－０１－０５", "2026-01-05"), ("2026-01-05 上午9:30", "2026-01-05"), ("5-Jan-2026", "2026-01-05"),
            ("05 Jan 26", "2026-01-05"), ("Jan 5, 2026", "2026-01-05"), ("January 5 2026", "2026-01-05"),
            ("5-SEPT-2026", "2026-09-05"), ("  2026-01-05  ", "2026-01-05"),
        ])
    func yearFirstAndNamedMonthsNeedNoOrder(_ text: String, _ iso: String) throws {
        for order in [DateOrder.monthFirst, .dayFirst] {
            #expect(try read(text, order: order).get().iso == iso, "\(text)")
        }
    }

    @Test(
        arguments: [
            ("1/5/2026", "2026-01-05", "2026-05-01"), ("11/8/2016", "2016-11-08", "2016-08-11"),
            ("11-08-16", "2016-11-08", "2016-08-11"), ("12/1/10 8:26", "2010-12-01", "2010-01-12"),
            ("01/12/2010 08:26", "2010-01-12", "2010-12-01"), ("1.5.2026", "2026-01-05", "2026-05-01"),
            ("3/4/99", "1999-03-04", "1999-04-03"), ("3/4/69", "2069-03-04", "2069-04-03"),
            ("5/6/2026 3:04 PM", "2026-05-06", "2026-06-05"),
        ])
    func yearLastFollowsTheOrder(_ text: String, _ monthFirst: String, _ dayFirst: String) throws {
        #expect(try read(text, order: .monthFirst).get().iso == monthFirst, "\(text)")
        #expect(try read(text, order: .dayFirst).get().iso == dayFirst, "\(text)")
    }

    @Test func excelSerialsOnlyInNumericColumns() throws {
        // 45292 is 2024-01-01 in Excel's 1900 date system; 43831.75 is 2020-01-01 18:00.
        #expect(try read("45292", serials: true).get().iso == "2024-01-01")
        #expect(try read("43831.75", serials: true).get().iso == "2020-01-01")
        #expect(read("45292", serials: false) == .failure(.notADate))
        #expect(read("2026", serials: true) == .failure(.outOfRange))
    }

    @Test(
        arguments: [
            ("2026-02-30", DateProblem.impossible), ("2026-13-01", .impossible), ("2025-02-29", .impossible),
            ("13/13/2026", .impossible), ("2026年2月30日", .impossible), ("0/5/2026", .impossible),
            ("1850-01-01", .outOfRange), ("2300/1/1", .outOfRange), ("yesterday", .notADate), ("2026-01", .notADate),
            ("1月5日", .notADate), ("2026-01-05 lunch", .notADate), ("12/31", .notADate), ("31.12.", .notADate),
            ("2026/1/5/7", .notADate), ("Foo 5, 2026", .notADate),
        ])
    func badDates(_ text: String, _ problem: DateProblem) {
        #expect(read(text) == .failure(problem), "\(text)")
    }

    @Test func leapDaysAreDates() throws {
        #expect(try read("2024-02-29").get().iso == "2024-02-29")
        #expect(try read("2/29/2000").get().iso == "2000-02-29")
        #expect(read("2/29/1900") == .failure(.impossible))
    }
}
