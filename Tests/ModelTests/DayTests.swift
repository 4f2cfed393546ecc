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
