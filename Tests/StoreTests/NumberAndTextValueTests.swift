import Testing

@testable import Store

/// Numbers and text values as sales files write them (issue 5, "Values").
@Suite struct NumberAndTextValueTests {
    @Test(
        arguments: [
            ("3305", 3305.0), ("-635", -635), ("261.96", 261.96), ("0.0", 0), ("8.0", 8), ("41.9136", 41.9136),
            ("3,305", 3305), ("\"20,871\"", .nan), ("-1,832", -1832), ("1,234,567.89", 1_234_567.89),
            ("$262", 262), ("$1,706", 1706), ("-$99", -99), ("$-99", -99), ("-$1,800", -1800), ("¥1,200", 1200),
            ("￥1200.50", 1200.5), ("RMB 300", 300), ("300元", 300), ("CNY300", 300), ("(123)", -123),
            ("($1,234.50)", -1234.5), ("99-", -99), ("16%", 0.16), ("-275%", -2.75), ("0%", 0), ("1.2万", 12_000),
            ("3亿", 300_000_000), ("1.2万元", 12_000), ("１２３", 123), ("－５", -5), ("１，２３４．５", 1234.5),
            (" 42 ", 42), ("1.5E+05", 150_000), ("12,5", 12.5), ("1.234,56", 1234.56), ("1.234.567", 1_234_567),
            ("1,23,456", 123_456), ("+7", 7),
        ] as [(String, Double)])
    func numbers(_ text: String, _ expected: Double) {
        let parsed = NumberValue.parse(text)
        if expected.isNaN {
            #expect(parsed == .invalid, "\(text)")
        } else if case .number(let value, _) = parsed {
            #expect(value == expected, "\(text)")
        } else {
            Issue.record("\(text) → \(parsed)")
        }
    }

    @Test(arguments: ["", "-", "NA", "n/a", "#N/A", "null", "NULL", "NaN", "None", "  "])
    func emptyWordsAreNoValue(_ text: String) {
        #expect(NumberValue.parse(text) == .empty)
    }

    @Test(arguments: ["abc", "12abc", "1,2,3", "--5", "1..2", "$", "12 pcs", "1,2345,678", "e5", "三百"])
    func textIsNotANumber(_ text: String) {
        #expect(NumberValue.parse(text) == .invalid, "\(text)")
    }

    /// Plain decimals take the fast path and must equal what strtod (and Python's float) gives.
    @Test func plainDecimalsRoundLikeStrtod() {
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = String(state >> 20 % 10_000_000_000_000)
            let point = Int(state % UInt64(digits.count))
            let text = point == 0 ? digits : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            guard case .number(let value, false) = NumberValue.parse(text) else {
                Issue.record("\(text) not plain")
                return
            }
            #expect(value == Double(text)!, "\(text)")
        }
    }

    @Test(
        arguments: [
            ("  WHITE HANGING HEART  ", "WHITE HANGING HEART"), ("ＡＢＣ公司", "ABC公司"), ("　华东　", "华东"),
            ("Shelving\u{A0}Unit", "Shelving Unit"), ("订单（一）", "订单（一）"), ("No１２", "No12"), ("\t", ""),
        ])
    func textValuesAreNormalised(_ text: String, _ expected: String) {
        var input = Array(text.utf8)
        var output: [UInt8] = []
        input.withUnsafeMutableBufferPointer { TextValue.normalize(UnsafeBufferPointer($0), into: &output) }
        #expect(String(decoding: output, as: UTF8.self) == expected)
        if text != expected { #expect(input.withUnsafeBufferPointer { TextValue.needsNormalizing($0) }) }
    }
}
