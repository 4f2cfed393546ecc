import Engine
import Language
import Model
import Render
import Store

/// What a command prints and how it ends: the executable only writes these out.
public struct CommandOutput: Equatable, Sendable {
    public var output: String
    public var error: String
    public var status: Int32

    public init(output: String = "", error: String = "", status: Int32 = 0) {
        self.output = output
        self.error = error
        self.status = status
    }
}

/// `kpish explain [--json] TEXT`: the plan a text becomes, without running it.
public func explain(_ text: String, session: Session, json: Bool) throws -> CommandOutput {
    switch try session.recognize(text) {
    case .success(let recognized):
        if json { return CommandOutput(output: jsonText(recognized.plan)) }
        let summary = planSummary(recognized.plan, vocabulary: try session.vocabulary(), lang: session.lang)
        let lines = [understoodLine(recognized, lang: session.lang), summary].compactMap { $0 }
        return CommandOutput(output: lines.joined(separator: "\n"))
    case .failure(let failure):
        return CommandOutput(error: failure.message(session.lang), status: 1)
    }
}

/// A plan for people: intent, metrics, dimensions, filters, period, and the canonical query.
func planSummary(_ plan: Plan, vocabulary: Vocabulary, lang: Lang) -> String {
    let zh = lang == .zh
    func named(_ id: String) -> String {
        let entry = vocabulary.metricEntry(id) ?? vocabulary.dimensionEntry(id)
        guard let entry, !entry.zh.isEmpty else { return id }
        return zh ? "\(entry.zh)（\(id)）" : "\(id) (\(entry.zh))"
    }
    func span(_ period: Period) -> String {
        "\(period.start.iso) .. \(period.end.iso)  [\(period.label)]"
    }
    var rows: [(String, String)] = [(zh ? "意图" : "intent", intentName(plan.intent, lang))]
    if !plan.metrics.isEmpty { rows.append((zh ? "指标" : "metrics", plan.metrics.map(named).joined(separator: ", "))) }
    if !plan.dimensions.isEmpty {
        rows.append((zh ? "维度" : "dimensions", plan.dimensions.map(named).joined(separator: ", ")))
    }
    for filter in plan.filters {
        let values = filter.values.map(\.description).joined(separator: ", ")
        rows.append((zh ? "过滤" : "filter", "\(named(filter.field)) \(filter.op.rawValue) \(values)"))
    }
    if let period = plan.period { rows.append((zh ? "期间" : "period", span(period))) }
    if let compareTo = plan.compareTo { rows.append((zh ? "对比期间" : "compared with", span(compareTo))) }
    if let grain = plan.grain { rows.append((zh ? "时间粒度" : "grain", grain.rawValue)) }
    if let horizon = plan.horizon { rows.append((zh ? "预测步数" : "horizon", "\(horizon)")) }
    if let orderBy = plan.orderBy {
        let direction = plan.order == .descending ? (zh ? "降序" : "descending") : (zh ? "升序" : "ascending")
        rows.append((zh ? "排序" : "order", "\(named(orderBy)) \(direction)"))
    }
    if let limit = plan.limit { rows.append((zh ? "条数" : "limit", "\(limit)")) }
    if let using = plan.using { rows.append((zh ? "考核方案" : "plan", using)) }
    if let value = plan.value { rows.append((zh ? "目标值" : "value", formatNumber(value))) }
    if let definition = plan.definition { rows.append((zh ? "新指标" : "new metric", definition.name)) }
    if let alias = plan.alias { rows.append((zh ? "别名" : "alias", "\(alias.name) → \(named(alias.target))")) }
    if let show = plan.show { rows.append((zh ? "显示" : "show", show)) }
    rows.append((zh ? "规范查询" : "canonical", plan.canonical ?? canonicalQuery(for: plan)))
    let width = rows.map { displayWidth($0.0) }.max() ?? 0
    return rows.map { label, value in
        label + String(repeating: " ", count: width - displayWidth(label)) + "  " + value
    }.joined(separator: "\n")
}

func intentName(_ intent: Intent, _ lang: Lang) -> String {
    let zh: [Intent: String] = [
        .value: "取值", .breakdown: "分组", .rank: "排名", .trend: "趋势", .compare: "对比", .forecast: "预测",
        .diagnose: "归因", .funnel: "漏斗", .scorecard: "绩效评分", .target: "设定目标", .define: "定义指标",
        .alias: "别名", .show: "列表",
    ]
    return lang == .zh ? "\(zh[intent]!)（\(intent.rawValue)）" : intent.rawValue
}
