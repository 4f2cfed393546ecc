import Model
import Testing

@Suite struct NaturalOrderTests {
    @Test func chineseNumeralsAndDigitsCountAsNumbers() {
        #expect(["华东三组", "华东一组", "华东十组", "华东二组"].sorted(by: naturallyBefore) == ["华东一组", "华东二组", "华东三组", "华东十组"])
        #expect(["Team 10", "Team 2", "Team 1"].sorted(by: naturallyBefore) == ["Team 1", "Team 2", "Team 10"])
        #expect(["西南二组", "华东二组", "华东一组"].sorted(by: naturallyBefore) == ["华东一组", "华东二组", "西南二组"])
        // Unicode order alone puts 三 (U+4E09) before 二 (U+4E8C).
        #expect(["华东二组", "华东三组"].sorted() == ["华东三组", "华东二组"])
    }
}
