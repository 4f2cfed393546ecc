import Model

/// The fixed vocabularies of METRICS.md and the many ways files write them: activity types,
/// review kinds, target scopes, flags, and the stage names CRMs use. Values compare like headers
/// (case, spaces, '_', '-' and '.' do not matter).
enum Vocabularies {
    /// activities.type by its names: 电话, 拜访 and 上门, 演示, 跟进, 微信 and 邮件 among them.
    static func activityType(_ value: String) -> String? { activityTypes[HeaderSynonyms.key(value)] }

    /// reviews.kind: collaboration or communication.
    static func reviewKind(_ value: String) -> String? { reviewKinds[HeaderSynonyms.key(value)] }

    /// targets.scope: company, region, team, rep.
    static func scope(_ value: String) -> String? { scopes[HeaderSynonyms.key(value)] }

    /// surveys.complaint: true for 是/有/yes/1, false for 否/无/no/0; nil for anything else.
    static func flag(_ value: String) -> Bool? { flags[HeaderSynonyms.key(value)] }

    /// The names people see in messages, for "one of …".
    static let activityTypeNames = Localized(
        zh: "电话、拜访、演示、跟进、邮件（含上门、微信等写法）", en: "call, visit, demo, follow_up, email (电话, 拜访, 演示, 跟进, 邮件…)")
    static let reviewKindNames = Localized(
        zh: "团队协作（collaboration）、沟通效果（communication）", en: "collaboration (团队协作), communication (沟通效果)")
    static let scopeNames = Localized(zh: "公司、区域、团队、销售员", en: "company, region, team, rep")

    private static func table(_ entries: [(String, [String])]) -> [String: String] {
        var result: [String: String] = [:]
        for (id, names) in entries {
            for name in [id] + names { result[HeaderSynonyms.key(name)] = id }
        }
        return result
    }

    private static let activityTypes = table([
        ("call", ["电话", "打电话", "电话沟通", "致电", "去电", "phone", "phone call", "telephone"]),
        ("visit", ["拜访", "上门", "上门拜访", "面访", "面谈", "见面", "会面", "客户拜访", "visit", "meeting", "onsite", "site visit"]),
        ("demo", ["演示", "产品演示", "方案演示", "试用", "demonstration", "presentation"]),
        ("follow_up", ["跟进", "回访", "跟踪", "跟进回访", "follow up", "followup", "follow-up"]),
        ("email", ["邮件", "电子邮件", "发邮件", "微信", "企业微信", "短信", "消息", "e-mail", "mail", "wechat", "message"]),
    ])

    private static let reviewKinds = table([
        ("collaboration", ["团队协作", "协作", "团队合作", "合作", "协作评分", "团队协作评分", "teamwork"]),
        ("communication", ["沟通效果", "沟通", "沟通能力", "沟通评分", "沟通效果评分"]),
    ])

    private static let scopes = table([
        ("company", ["公司", "全公司", "总部", "集团", "整体", "全国"]),
        ("region", ["区域", "大区", "地区", "片区"]),
        ("team", ["团队", "小组", "组", "销售团队", "部门"]),
        ("rep", ["销售员", "个人", "员工", "销售", "业务员", "人员", "salesperson", "person", "individual"]),
    ])

    private static let flags: [String: Bool] = {
        var result: [String: Bool] = [:]
        for name in ["1", "是", "有", "y", "yes", "true", "t", "投诉", "有投诉", "√", "✓", "✔"] {
            result[HeaderSynonyms.key(name)] = true
        }
        for name in ["0", "否", "无", "n", "no", "false", "f", "没有", "无投诉", "×", "✗"] {
            result[HeaderSynonyms.key(name)] = false
        }
        return result
    }()
}

// MARK: - Stages

/// What a CRM's stage name means: won, lost, or an open stage (kept by its own name unless it is
/// one of the workspace's default stages); `rank` places known open names in pipeline order.
enum StageName: Equatable, Sendable {
    case won
    case lost
    /// An open stage by the name the workspace stores; `rank` orders known names (0 lead … 3
    /// negotiation), nil for a name only `--stages` declares.
    case open(String, rank: Int?)

    /// The stage `value` names, given the pipeline `--stages` declared (nil: the known names).
    static func read(_ value: String, declared: [String]?) -> StageName? {
        let key = HeaderSynonyms.key(value)
        if let closed = closed[key] { return closed }
        if let declared {
            guard let index = declared.firstIndex(where: { HeaderSynonyms.key($0) == key }) else { return nil }
            return .open(declared[index], rank: index)
        }
        if let defaultStage = defaults[key] { return .open(defaultStage.id, rank: defaultStage.rank) }
        if let rank = knownOpen[key] { return .open(value.trimmingSpaces, rank: rank) }
        return nil
    }

    /// The default pipeline's ids in order (METRICS.md): lead, qualified, proposal, negotiation.
    static let defaultOpenStages = ["lead", "qualified", "proposal", "negotiation"]

    /// Whether an open stage stored under `name` is one of the default pipeline's.
    static func isDefault(_ name: String) -> Bool { defaultOpenStages.contains(name) }

    private static let closed: [String: StageName] = {
        var result: [String: StageName] = [:]
        for name in ["won", "closed won", "closedwon", "win", "赢单", "已成交", "成交", "已签约", "签约", "赢", "已赢单", "成功"] {
            result[HeaderSynonyms.key(name)] = .won
        }
        for name in ["lost", "closed lost", "closedlost", "loss", "输单", "丢单", "已丢单", "失败", "输", "已输单", "流失"] {
            result[HeaderSynonyms.key(name)] = .lost
        }
        return result
    }()

    /// The default stages by their ids and display names.
    private static let defaults: [String: (id: String, rank: Int)] = {
        var result: [String: (String, Int)] = [:]
        for (rank, names) in [["lead", "线索"], ["qualified", "验证"], ["proposal", "方案"], ["negotiation", "谈判"]]
            .enumerated()
        {
            for name in names { result[HeaderSynonyms.key(name)] = (names[0], rank) }
        }
        return result
    }()

    /// Open stage names real CRMs use (Salesforce, Maven's CRM, Chinese CRMs), by pipeline rank.
    private static let knownOpen: [String: Int] = {
        let ranks: [[String]] = [
            ["Prospecting", "Prospect", "New", "初步接洽", "初步沟通", "潜在客户", "新建", "接洽"],
            ["Engaging", "Qualification", "Needs Analysis", "Discovery", "需求确认", "需求分析", "意向确认", "意向"],
            ["Proposal", "Proposal/Price Quote", "Quote", "Value Proposition", "方案报价", "报价", "方案制定", "方案沟通"],
            ["Negotiation", "Negotiation/Review", "Contract", "谈判审核", "商务谈判", "合同审核", "合同谈判", "签约审批"],
        ]
        var result: [String: Int] = [:]
        for (rank, names) in ranks.enumerated() {
            for name in names { result[HeaderSynonyms.key(name)] = rank }
        }
        return result
    }()
}

// MARK: - Periods

enum PeriodText {
    /// The calendar span a target sheet writes: 2026-10, 2026/10, 2026年10月, 2026-Q4, 2026Q4,
    /// 2026年第4季度, 2026年Q4, 2026, 2026年; a day stands for its month.
    ///
    ///     PeriodText.span("2026年3月")   // 2026-03-01 ... 2026-03-31
    static func span(_ value: String) -> (start: Day, end: Day)? {
        // Full-width forms as ASCII, lowercased; unlike a header's key, dashes stay.
        var text = String(
            value.trimmingSpaces.lowercased().unicodeScalars.map { scalar -> Character in
                (0xFF01...0xFF5E).contains(scalar.value)
                    ? Character(Unicode.Scalar(scalar.value - 0xFEE0)!) : Character(scalar)
            }
        ).replacingOccurrences(of: " ", with: "")
        for (from, to) in [("年第", "-q"), ("季度", ""), ("年", "-"), ("月", ""), ("/", "-"), ("日", "")] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        if text.hasSuffix("-") { text.removeLast() }
        // 2026q4 → 2026-q4
        if text.count == 6, text.dropFirst(4).first == "q" {
            text.insert("-", at: text.index(text.startIndex, offsetBy: 4))
        }
        guard var spec = PeriodSpec(text: text) else { return nil }
        if case .day(let day) = spec { spec = .month(year: day.year, month: day.month) }
        switch spec {
        case .month, .quarter, .year, .half, .range: break
        default: return nil
        }
        guard let period = spec.resolve(asOf: Day(year: 2199, month: 12, day: 31), clip: false) else { return nil }
        return (period.start, period.end)
    }

    /// reviews.period: the month a value names (2026-10, 2026年10月, 2026/10/15).
    static func month(_ value: String) -> String? {
        guard let span = span(value), span.start.day == 1, span.end == span.start.lastOfMonth else { return nil }
        return String(span.start.iso.prefix(7))
    }
}

extension Day {
    fileprivate var day: Int { components.day }
}
