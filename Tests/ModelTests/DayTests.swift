import Foundation
import Model
import Testing

@Suite struct DayTests {
    /// Foundation's Gregorian calendar in UTC is the independent oracle for the day arithmetic.
    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func civilDatesAgreeWithFoundationOverTwoCenturies() {
        let epoch = Date(timeIntervalSince1970: 0)
        // Every 13th day from 1900 to 2100, which covers every month and weekday many times.
        for number in stride(from: -25_567, through: 47_482, by: 13) {
            let date = epoch.addingTimeInterval(Double(number) * 86_400)
            let parts = Self.gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let day = Day(number: Int32(number))
            #expect(day.components == (parts.year!, parts.month!, parts.day!))
            #expect(Day(year: parts.year!, month: parts.month!, day: parts.day!) == day)
            // Foundation: Sunday is 1; ISO: Monday is 1.
            #expect(day.weekday == (parts.weekday! + 5) % 7 + 1)
        }
    }

    @Test func theIssuesAsOfDateIsASunday() {
        let asOf = Day(iso: "2026-11-22")!
        #expect(asOf.weekday == 7)
        #expect(asOf.firstOfMonth.iso == "2026-11-01")
        #expect(asOf.lastOfMonth.iso == "2026-11-30")
        #expect(asOf.firstOfMonth(adding: -35).iso == "2023-12-01")
        #expect(asOf.firstOfMonth(adding: 2).iso == "2027-01-01")
        #expect(Day(iso: "2024-02-29")!.lastOfMonth.iso == "2024-02-29")
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-05", "20261105", "", "2026-11-22x"])
    func invalidISOTextIsRejected(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func codableAsISOText() throws {
        let data = try JSONEncoder().encode([Day(year: 2026, month: 1, day: 5)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-05"]"#)
        #expect(try JSONDecoder().decode([Day].self, from: data) == [Day(year: 2026, month: 1, day: 5)])
    }

    @Test func languageResolution() {
        #expect(Lang.resolve(flag: "en", environment: ["KPISH_LANG": "zh"]) == .en)
        #expect(Lang.resolve(flag: nil, environment: ["KPISH_LANG": "en"]) == .en)
        #expect(Lang.resolve(flag: nil, environment: ["LANG": "en_US.UTF-8"]) == .en)
        #expect(Lang.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Lang.resolve(flag: nil, environment: [:]) == .zh)
    }
}

@Suite struct LabelTests {
    /// Found by the fuzzer: year 24 printed as "24-04-08", which no longer reads as a date.
    @Test func yearsAreFourDigits() {
        let day = Day(year: 24, month: 4, day: 8)
        #expect(day.iso == "0024-04-08")
        #expect(Day(iso: day.iso) == day)
        #expect(PeriodSpec.year(24).label == "0024")
        #expect(PeriodSpec.month(year: 24, month: 4).label == "0024-04")
        #expect(TimeGrain.quarter.label(of: day) == "0024-Q2")
    }

    @Test func timeLabelsMatchDesign() {
        let day = Day(iso: "2026-01-05")!
        #expect(TimeGrain.day.label(of: day) == "2026-01-05")
        #expect(TimeGrain.week.label(of: day) == "2026-W02")
        #expect(TimeGrain.month.label(of: day) == "2026-01")
        #expect(TimeGrain.quarter.label(of: day) == "2026-Q1")
        #expect(TimeGrain.year.label(of: day) == "2026")
        // ISO week years: 2027-01-01 is a Friday in 2026's week 53.
        #expect(TimeGrain.week.label(of: Day(iso: "2027-01-01")!) == "2026-W53")
    }
}
