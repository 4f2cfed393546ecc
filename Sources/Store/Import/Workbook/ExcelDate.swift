import Foundation
import Model

/// Converts Excel date serials (days since the workbook's epoch, the fraction being the time of
/// day) to ISO text.
enum ExcelDate {
    /// The largest serial Excel accepts: 9999-12-31 in the 1900 system.
    static let largestSerial = 2_958_465.999_99

    /// Appends the serial as `YYYY-MM-DD` (whole days), `YYYY-MM-DD HH:MM:SS` (with a time,
    /// rounded to the nearest second), or `HH:MM:SS` when `timeOnly` and the serial is below one
    /// day. Returns false, writing nothing, when the serial is no valid date (negative, too large,
    /// not finite).
    static func append(serial: Double, uses1904: Bool, timeOnly: Bool, into buffer: inout GrowingBuffer) -> Bool {
        guard serial.isFinite, serial >= 0, serial <= largestSerial else { return false }
        let seconds = Int64((serial * 86_400).rounded())
        let days = seconds / 86_400
        let secondOfDay = Int(seconds % 86_400)
        if timeOnly && days == 0 {
            appendTime(secondOfDay, into: &buffer)
            return true
        }
        // Days since 1970-01-01 of the serial's calendar day.
        let unixDay: Int64
        if uses1904 {
            unixDay = days - 24_107  // serial 0 is 1904-01-01
        } else if days >= 60 {
            // Excel counts a 29 February 1900 that never was (serial 60), so from serial 61 on a
            // serial is one day ahead of the real calendar; serial 60 itself reads as 1900-02-28.
            unixDay = days - 25_569  // 1899-12-30
        } else {
            unixDay = days - 25_568  // 1899-12-31: serial 1 is 1900-01-01
        }
        let (year, month, day) = Day(number: Int32(unixDay)).components
        appendDigits(year, width: 4, into: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, into: &buffer)
        // "Integral" is judged after rounding to the second, so 45652.0000000001 is a plain date.
        if secondOfDay != 0 {
            buffer.append(UInt8(ascii: " "))
            appendTime(secondOfDay, into: &buffer)
        }
        return true
    }

    private static func appendTime(_ secondOfDay: Int, into buffer: inout GrowingBuffer) {
        appendDigits(secondOfDay / 3_600, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, into: &buffer)
    }

    /// Appends a non-negative number zero-padded to `width` digits.
    static func appendDigits(_ value: Int, width: Int, into buffer: inout GrowingBuffer) {
        NumberText.appendDecimal(UInt64(clamping: value), minimumWidth: width, into: &buffer)
    }
}
