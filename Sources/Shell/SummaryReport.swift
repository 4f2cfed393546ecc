import Foundation
import Model
import Render
import Store

/// The workspace at a glance, for people: rows per table, the period, revenue by region.
public func summaryReport(_ summary: WorkspaceSummary, path: String, lang: Lang) -> String {
    if summary.isEmpty {
        return Localized(
            zh: """
                工作区 \(path) 还是空的。
                  kpish demo --db \(path)          生成演示公司（36 个月的销售数据）
                  kpish import FILE --db \(path)   导入你的销售数据（CSV）
                """,
            en: """
                The workspace \(path) is empty.
                  kpish demo --db \(path)          create the demo company (36 months of sales)
                  kpish import FILE --db \(path)   import your own sales file (CSV)
                """)(lang)
    }
    var sections: [String] = []
    sections.append(Localized(zh: "工作区 \(path)", en: "Workspace \(path)")(lang))
    if let first = summary.firstOrder, let last = summary.lastOrder {
        sections.append(
            Localized(zh: "订单期间：\(first.iso) 至 \(last.iso)", en: "Orders from \(first.iso) to \(last.iso)")(lang))
    }
    let counts = TextTable(
        header: [Localized(zh: "表", en: "table")(lang), Localized(zh: "行数", en: "rows")(lang)],
        rows: summary.rowCounts.map { [tableName($0.table, lang), grouped(Double($0.rows), decimals: 0)] },
        rightAligned: [1])
    sections.append(counts.render())
    if !summary.revenueByRegion.isEmpty {
        let total = summary.revenueByRegion.reduce(0) { $0 + $1.revenue }
        let regions = TextTable(
            header: [
                Localized(zh: "区域", en: "region")(lang), Localized(zh: "销售额", en: "revenue")(lang),
                Localized(zh: "占比", en: "share")(lang),
            ],
            rows: summary.revenueByRegion.map { entry in
                [
                    entry.region.isEmpty ? Localized(zh: "（未知）", en: "(unknown)")(lang) : entry.region,
                    grouped(entry.revenue, decimals: 0),
                    grouped(total == 0 ? 0 : entry.revenue / total * 100, decimals: 1) + "%",
                ]
            },
            rightAligned: [1, 2])
        sections.append(regions.render())
    }
    return sections.joined(separator: "\n\n")
}

private func tableName(_ table: String, _ lang: Lang) -> String {
    guard lang == .zh else { return table }
    let names = [
        "reps": "销售员 reps", "customers": "客户 customers", "products": "产品 products",
        "orders": "订单行 orders", "opportunities": "商机 opportunities", "activities": "活动 activities",
        "surveys": "满意度调查 surveys", "reviews": "互评 reviews", "targets": "目标 targets",
    ]
    return names[table] ?? table
}
