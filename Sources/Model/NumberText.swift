/// A number with thousands separators and a fixed number of decimals, rounded half away from
/// zero: 1234567.8 → "1,234,568" (decimals 0), 0.084 × 100 → "8.4" (decimals 1); "—" for a
/// number that is not finite. The one formatter behind tables, reports, notes and the coach.
public func grouped(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "—" }
    let scale = pow10(decimals)
    // Beyond what a whole number holds exactly, digits say nothing: a power of ten instead.
    guard abs(value) * scale < 9e15 else { return scientific(value) }
    let rounded = (abs(value) * scale).rounded() / scale
    let whole = Int(rounded.rounded(.down))
    var digits = Array(String(whole))
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: index)
        index -= 3
    }
    var text = String(digits)
    if decimals > 0 {
        let fraction = String(Int(((rounded - Double(whole)) * scale).rounded()))
        text += "." + String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
    }
    return value < 0 && rounded != 0 ? "-" + text : text
}

/// A whole number with thousands separators: 13766 → "13,766".
public func grouped(_ value: Int) -> String { grouped(Double(value), decimals: 0) }

/// 1.2 × 10^20 written as 1.2e20: a number too large for its digits to mean anything.
private func scientific(_ value: Double) -> String {
    var exponent = 0
    var mantissa = abs(value)
    while mantissa >= 10 {
        mantissa /= 10
        exponent += 1
    }
    let digits = grouped(mantissa, decimals: 2)
    return (value < 0 ? "-" : "") + digits + "e" + String(exponent)
}

private func pow10(_ exponent: Int) -> Double {
    (0..<max(0, exponent)).reduce(1.0) { value, _ in value * 10 }
}
