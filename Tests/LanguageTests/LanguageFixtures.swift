import Engine
import Model

/// The vocabulary the language tests parse against: the catalog, a user metric, aliases and plans.
enum LanguageFixtures {
    static let asOf = Day(iso: "2026-11-22")!

    static let vocabulary = Catalog.vocabulary(
        definedMetrics: ["online_revenue"], aliases: ["业绩": "revenue", "大区": "region"],
        plans: ["新人方案", "默认方案"])

    /// The same, with the demo company's data values, so values are checked and suggested.
    static let vocabularyWithValues = Catalog.vocabulary(
        definedMetrics: ["online_revenue"], aliases: ["业绩": "revenue"],
        values: [
            "region": ["东北", "华东", "华中", "华北", "华南", "西北", "西南"],
            "team": ["华东一组", "华东二组", "华东三组", "华南一组"],
            "channel": ["渠道", "直销", "线上"],
            "rep": ["张伟", "王芳", "李娜"],
        ],
        plans: ["新人方案"])

    /// The repository root, found from this file's path.
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()
}
