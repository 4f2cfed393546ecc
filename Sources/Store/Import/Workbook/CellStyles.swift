import Foundation

/// How a numeric cell's value is shown, as far as CSV text cares.
enum NumberKind: UInt8, Sendable {
    /// A plain number (including percent, currency and the like).
    case number
    /// A date or date-time format: the serial becomes `YYYY-MM-DD[ HH:MM:SS]`.
    case date
    /// A time-of-day format (no year, month or day): a serial below 1 becomes `HH:MM:SS`.
    case time
}

/// The number kind of each cell format (`cellXfs` entry) in xl/styles.xml, indexed by a cell's
/// `s` attribute.
struct CellStyles: Sendable {
    /// The kinds by style index.
    let kinds: [NumberKind]

    /// Styles for a workbook without xl/styles.xml: every number plain.
    static let none = CellStyles(kinds: [])

    init(kinds: [NumberKind]) {
        self.kinds = kinds
    }

    /// The kind for style index `index`; out-of-range indexes read as plain numbers, as Excel does.
    @inline(__always)
    func kind(ofStyle index: Int) -> NumberKind {
        index >= 0 && index < kinds.count ? kinds[index] : .number
    }

    // MARK: - Reading styles.xml

    /// Reads the `numFmts` and `cellXfs` of a styles part.
    static func parse(_ xml: [UInt8], part: String) throws(WorkbookError) -> CellStyles {
        xml.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return CellStyles.none }
            var cursor = XMLCursor(base: base, end: buffer.count)
            var customFormats: [Int: NumberKind] = [:]
            var kinds: [NumberKind] = []
            // numFmt also appears under dxfs (conditional formats) and xf under cellStyleXfs:
            // only those inside numFmts and cellXfs count.
            var inNumberFormats = false
            var inCellFormats = false
            while let tag = cursor.nextTag() {
                if tag.isClosing {
                    if cursor.matches(tag.name, "numFmts") { inNumberFormats = false }
                    if cursor.matches(tag.name, "cellXfs") { inCellFormats = false }
                    cursor.finishTag()
                    continue
                }
                if cursor.matches(tag.name, "numFmts") {
                    inNumberFormats = !cursor.finishTag()
                } else if cursor.matches(tag.name, "cellXfs") {
                    inCellFormats = !cursor.finishTag()
                } else if inNumberFormats && cursor.matches(tag.name, "numFmt") {
                    var identifier: Int?
                    var code = ""
                    while let attribute = cursor.nextAttribute() {
                        if cursor.matches(attribute.name, "numFmtId") {
                            identifier = cursor.integer(attribute.value)
                        } else if cursor.matches(attribute.name, "formatCode") {
                            code = cursor.string(attribute.value)
                        }
                    }
                    if let identifier { customFormats[identifier] = NumberFormat.kind(ofCode: code) }
                } else if inCellFormats && cursor.matches(tag.name, "xf") {
                    var identifier = 0
                    while let attribute = cursor.nextAttribute() {
                        if cursor.matches(attribute.name, "numFmtId") {
                            identifier = cursor.integer(attribute.value) ?? 0
                        }
                    }
                    kinds.append(customFormats[identifier] ?? NumberFormat.kind(ofBuiltIn: identifier))
                } else {
                    cursor.finishTag()
                }
            }
            return CellStyles(kinds: kinds)
        }
    }
}

// MARK: - Number formats

/// Classifies number formats as dates, times or plain numbers.
enum NumberFormat {
    /// The kind of a built-in format id (ids below 164 that styles.xml need not define).
    ///
    /// 14–22 and 45–47 are the international date and time formats; 27–36 and 50–58 are the
    /// East Asian ones (in Chinese: `yyyy"年"m"月"`, `m"月"d"日"`, `h"时"mm"分"`, …), of which
    /// 32–35, 55 and 56 are times of day.
    static func kind(ofBuiltIn identifier: Int) -> NumberKind {
        switch identifier {
        case 18...21, 45...47, 32...35, 55, 56: return .time
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: return .date
        default: return .number
        }
    }

    /// The kind of a custom format code.
    ///
    /// Quoted text, `[...]` sections (colours, locales like `[$-804]`, conditions; elapsed-time
    /// `[h]` counts as a time), backslash-escaped characters and the character after `_` or `*`
    /// are not format tokens; what remains is a date if it has y, d or a lone m, a time if it has
    /// h or s but no y or d.
    static func kind(ofCode code: String) -> NumberKind {
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        var iterator = code.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\"":
                while let next = iterator.next(), next != "\"" {}
            case "\\", "_", "*":
                _ = iterator.next()
            case "[":
                var section = ""
                while let next = iterator.next(), next != "]" { section.unicodeScalars.append(next) }
                // [h], [mm], [ss]: elapsed time.
                let lowered = section.lowercased()
                if !lowered.isEmpty && lowered.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) {
                    hasTime = true
                }
            case "y", "Y", "d", "D":
                hasDate = true
            case "h", "H", "s", "S":
                hasTime = true
            case "m", "M":
                hasMonthOrMinute = true
            default:
                break
            }
        }
        if hasDate { return .date }
        if hasTime { return .time }
        // m alone (mmm, mmmm) is a month name.
        return hasMonthOrMinute ? .date : .number
    }
}
