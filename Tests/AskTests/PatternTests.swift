import Ask
import Testing

@Suite struct PatternTests {
    @Test func matchesChineseTextInUTF8() throws {
        let pattern = try Pattern("(华东|华南|华北|华中)(?:区|地区)?(.{0,3}?)(达成率|销售额)")
        let match = try #require(pattern.firstMatch(in: "上季度华东区的达成率怎么样？"))
        #expect(match.groups == ["华东区的达成率", "华东", "的", "达成率"])
        // Byte offsets: 上季度 is nine UTF-8 bytes.
        #expect(match.range == 9..<30)
    }

    @Test func dotMatchesOneCharacterNotOneByte() throws {
        let pattern = try Pattern("^.{4}$")
        #expect(pattern.firstMatch(in: "销售预测") != nil)
        #expect(pattern.firstMatch(in: "销售额预测") == nil)
    }

    @Test func unicodePropertiesAndCaseFolding() throws {
        let han = try Pattern("\\p{Han}+")
        #expect(han.allMatches(in: "top 3 区域 by 销售额").map { $0.groups[0] } == ["区域", "销售额"])
        let english = try Pattern("\\bforecast\\b", caseInsensitive: true)
        #expect(english.firstMatch(in: "FORECAST revenue") != nil)
    }

    @Test func unmatchedOptionalGroupIsNil() throws {
        let pattern = try Pattern("(近)?(\\d+)(天|个月)")
        let match = try #require(pattern.firstMatch(in: "最近30天"))
        #expect(match.groups == ["近30天", "近", "30", "天"])
        let bare = try #require(pattern.firstMatch(in: "3个月"))
        #expect(bare.groups == ["3个月", nil, "3", "个月"])
    }

    @Test func badPatternReportsWhere() {
        #expect(throws: Pattern.CompileError.self) { try Pattern("(销售额") }
    }
}
