import Model
import Synchronization

/// How a question was understood: the plan (source "question", with a confidence), other
/// readings that tie with it, and what was read loosely or not at all.
public struct Understanding: Equatable, Sendable {
    public var plan: Plan
    /// Readings as likely as `plan` (卖得最好: by revenue or by quantity?); the REPL asks.
    public var alternatives: [Plan]
    /// Words that were not understood; the plan stands without them.
    public var ignored: [String]
    /// How loose readings were taken (华栋 read as 华东, no metric named so revenue).
    public var notes: [Localized]
    /// Whether a name was read through a typo, words were ignored or readings tie.
    public var isLoose: Bool
    /// What a follow-up kept from the question before it (沿用上一问：销售额、2026-10), in the
    /// order of the plan; empty for a question that stands alone.
    public var inherited: [Localized] = []

    /// Whether the question must be confirmed before it is answered: words were left over, or
    /// another reading is as likely. Never answer a different question with confidence.
    public var needsConfirmation: Bool { !ignored.isEmpty || !alternatives.isEmpty }
}

/// Why a question gets no plan.
public enum MatchFailure: LocalizedFailure, Equatable {
    /// Not about sales data (天气, 机票): declined.
    case outOfDomain(words: [String], examples: [String])
    /// Nothing in it names a metric, dimension, value or question kind kpish knows.
    case notUnderstood(words: [String], examples: [String])
    /// The period named is no real span, or (with the as-of date) one with no data yet.
    case noSuchPeriod(label: String, asOf: Day?)

    public var message: Localized {
        switch self {
        case .outOfDomain(let words, let examples):
            return Localized(
                zh: "抱歉，“\(words.joined(separator: "、"))” 不在销售数据的范围内，kpish 只回答销售问题。可以试试：\n"
                    + bullets(examples),
                en: "Sorry, “\(words.joined(separator: ", "))” is outside sales data; kpish answers questions about sales. Try:\n"
                    + bullets(examples))
        case .notUnderstood(let words, let examples):
            let quoted = words.map { "“\($0)”" }
            return Localized(
                zh: "没有理解 \(quoted.joined(separator: "、"))。可以试试：\n" + bullets(examples),
                en: "Did not understand \(quoted.joined(separator: ", ")). Try:\n" + bullets(examples))
        case .noSuchPeriod(let label, let asOf?):
            return Localized(
                zh: "“\(label)” 在查看日期 \(asOf.iso) 之后，还没有数据；要看预测请问“预测\(label)的销售额”。",
                en: "“\(label)” is after the as-of date \(asOf.iso): there is no data yet; for a forecast ask “forecast revenue in \(label)”.")
        case .noSuchPeriod(let label, nil):
            return Localized(
                zh: "“\(label)” 不是可以查询的期间（月 1–12，季度 1–4，年份 1900–2200，周按 ISO 周历；预测最多未来 60 个月）。",
                en: "“\(label)” is not a period kpish can answer for (months 1–12, quarters 1–4, years 1900–2200, ISO weeks; forecasts reach 60 months ahead at most).")
        }
    }

    private func bullets(_ examples: [String]) -> String { examples.map { "  " + $0 }.joined(separator: "\n") }
}

/// Matches natural questions, Chinese and English, to plans by keywords: no language model,
/// the same answer every time, and every loose reading said out loud.
///
///     let matcher = QuestionMatcher(lexicon: try AskLexicon.standard(), vocabulary: vocabulary)
///     let understanding = try matcher.match("下个月销售额预测", asOf: asOf)
///     // forecast revenue, 2026-12
public struct QuestionMatcher: Sendable {
    let lexicon: AskLexicon
    let vocabulary: Vocabulary
    private var words: [String: [WordMeaning]]
    private var longestWord: Int
    /// The customers' names, looked up only when a question has words the rest of the
    /// vocabulary leaves over (100k names at 1M order lines: a question that names no customer
    /// never pays for indexing them).
    private var customerWords: DeferredWords?
    private let values: [(value: String, dimension: String)]
    /// Characters (two-character names) and character pairs (longer names) → values holding them.
    private let fuzzyIndex: [String: [Int]]

    /// What a word in a question stands for.
    enum WordMeaning: Equatable, Sendable {
        case metric(String)
        case dimension(String)
        case value(dimension: String, value: String)
    }

    public init(lexicon: AskLexicon, vocabulary: Vocabulary) {
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        var table: [String: [WordMeaning]] = [:]
        func add(_ word: String, _ reading: WordMeaning) {
            let key = word.lowercased()
            guard !key.isEmpty, table[key]?.contains(reading) != true else { return }
            table[key, default: []].append(reading)
        }
        // Data values first, so a word that is both a value and a synonym reads as the value.
        var valueList: [(String, String)] = []
        for (dimension, names) in vocabulary.listedDimensionValues.sorted(by: { $0.key < $1.key }) where dimension != "customer" {
            for name in names {
                add(name, .value(dimension: dimension, value: name))
                valueList.append((name, dimension))
                if dimension == "region" {
                    for suffix in ["区", "地区", "大区"] { add(name + suffix, .value(dimension: dimension, value: name)) }
                }
                // 服务类产品, 耗材类: a category with its kind named is the category.
                if dimension == "category" {
                    for suffix in ["类", "类产品", "类的产品"] { add(name + suffix, .value(dimension: dimension, value: name)) }
                }
            }
        }
        for (word, target) in lexicon.valueWords.sorted(by: { $0.key < $1.key })
        where vocabulary.values(of: target.dimension)?.contains(target.value) == true {
            add(word, .value(dimension: target.dimension, value: target.value))
        }
        for (word, ids) in lexicon.metricWords { table[word] = ids.map { .metric($0) } }
        for (word, id) in lexicon.dimensionWords { table[word] = [.dimension(id)] }
        for entry in vocabulary.metrics {
            for name in [entry.id, entry.zh] where !name.isEmpty && table[name.lowercased()] == nil {
                add(name, .metric(entry.id))
            }
        }
        // Time grains come only from dimensions.txt (每月, by month): "year" in "year over year"
        // and 年 in 今年 are not breakdowns.
        for entry in vocabulary.dimensions where TimeGrain(rawValue: entry.id) == nil {
            for name in [entry.id, entry.zh] where table[name.lowercased()] == nil { add(name, .dimension(entry.id)) }
        }
        for (alias, target) in vocabulary.aliases {
            if let metric = vocabulary.metric(named: target) {
                table[alias.lowercased()] = [.metric(metric)]
            } else if let dimension = vocabulary.dimension(named: target) {
                table[alias.lowercased()] = [.dimension(dimension)]
            }
        }
        // Keys in the form questions are normalised to: Latin and Chinese stand apart.
        var spacedTable: [String: [WordMeaning]] = [:]
        for (key, readings) in table {
            let spaced = Normalizer.spaced(key)
            if spacedTable[spaced] == nil || key == spaced { spacedTable[spaced] = readings }
        }
        words = spacedTable
        longestWord = table.keys.map { $0.unicodeScalars.count }.max() ?? 1
        // Read only when a question has words left over (a hundred thousand names at 1M orders).
        customerWords =
            vocabulary.dimensionsWithValues.contains("customer")
            ? DeferredWords({ vocabulary.values(of: "customer") ?? [] }, taken: spacedTable) : nil
        // Customers are too many to guess at; typos are looked for among the other names.
        values = valueList.filter { $0.1 != "customer" }
        var index: [String: [Int]] = [:]
        for (position, entry) in values.enumerated() {
            for key in QuestionMatcher.fuzzyKeys(Array(entry.0)) { index[key, default: []].append(position) }
        }
        fuzzyIndex = index
    }

    /// Understands a question alone (`-c`), or as a follow-up to the plan before it (the REPL, a
    /// script): 那华南呢 after a question keeps everything but the region.
    public func match(_ question: String, asOf: Day, context: Plan? = nil) throws(MatchFailure) -> Understanding {
        let reading = try read(question, asOf: asOf)
        // Words left over may be a customer's name: read again with the customers' names.
        if let customerWords, !reading.ignored.isEmpty || !reading.recognised {
            var full = self
            let (table, longest) = customerWords.table()
            full.words = table
            full.longestWord = max(longestWord, longest)
            full.customerWords = nil
            return try full.match(question, asOf: asOf, context: context)
        }
        if let context, isFollowUp(reading) {
            return followUp(reading, context: context, asOf: asOf)
        }
        guard reading.recognised else {
            throw .notUnderstood(
                words: reading.ignored.isEmpty ? [question] : reading.ignored,
                examples: closeExamples(to: reading.text))
        }
        var found = reading.found
        // 卖得最好: selling best is revenue, as managers mean it; where units make sense too
        // (products, categories) the answer says how to ask for units.
        let units = !Set(found.dimensions).isDisjoint(with: ["product", "category"])
            || found.values.contains { $0.dimension == "product" || $0.dimension == "category" }
        let sellsBest = found.metrics.contains(["revenue", "quantity"])
        // sold the most units: the measure named says what selling is counted in.
        if sellsBest && found.metrics.count > 1 { found.metrics.removeAll { $0 == ["revenue", "quantity"] } }
        found.metrics = found.metrics.map { $0 == ["revenue", "quantity"] ? ["revenue"] : $0 }
        let readings = variants(of: found)
        var plans: [PlanReading] = []
        for variant in readings { plans.append(try plan(from: variant, intent: reading.intent, text: reading.text, asOf: asOf)) }
        let ambiguous = plans.count > 1
        for index in plans.indices {
            plans[index].plan.confidence = confidence(
                plans[index], ignored: reading.ignored.count, ambiguous: ambiguous)
        }
        var notes = plans[0].notes
        if sellsBest && units {
            notes.append(Localized(zh: "“卖得最好”按销售额排；按件数请问“销量最高”", en: "“best selling” ranks by revenue; for units ask for “most units sold”"))
        }
        if !reading.ignored.isEmpty { notes.append(Self.ignoredNote(reading.ignored)) }
        return Understanding(
            plan: plans[0].plan, alternatives: plans.dropFirst().map(\.plan), ignored: reading.ignored, notes: notes,
            isLoose: !found.fuzzy.isEmpty || !reading.ignored.isEmpty || ambiguous)
    }

    static func ignoredNote(_ ignored: [String]) -> Localized {
        Localized(zh: "未理解：\(ignored.joined(separator: "、"))", en: "not understood: \(ignored.joined(separator: ", "))")
    }

    /// What one question holds, before it becomes a plan: its intent, the slots it names and the
    /// words left over.
    struct Reading {
        /// The normalised question.
        var text: String
        var intent: String?
        var found: Found
        var ignored: [String]
        /// The question names the weak side (拖后腿, struggling).
        var weak: Bool
        /// Whether it names enough to stand alone as a question.
        var recognised: Bool
    }

    func read(_ question: String, asOf: Day) throws(MatchFailure) -> Reading {
        var text = MaskedText(Normalizer(traditional: lexicon.traditional, regional: lexicon.regional).normalize(question))
        // English words whole (earn is no part of earned the most gross profit), Chinese as written.
        let bytes = Array(text.original.utf8)
        let tokens = Set(text.original.split(whereSeparator: { !$0.isLetter && !$0.isNumber }))
        let declined = lexicon.declineWords.filter { word in
            word.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) ? tokens.contains(Substring(word)) : bytes.containsBytes(Array(word.utf8))
        }
        if !declined.isEmpty {
            throw .outOfDomain(words: declined, examples: Array(lexicon.examples.prefix(3)))
        }
        var intent = lexicon.intentRules.first { $0.pattern.firstMatch(in: text.original) != nil }?.intent
        // Who is falling behind is a ranking, weakest first, whatever else the words say.
        let weak = contains(text.original, Array(lexicon.weakWords))
        if weak && [nil, "trend", "series", "compare"].contains(intent) { intent = "rank" }
        // 没达标的人都列出来: a list of who fell short, not the pace of the period.
        var found = Found()
        found.targetSide =
            contains(text.original, Array(lexicon.shortfallWords))
            ? .less : contains(text.original, Array(lexicon.surpassWords)) ? .greater : nil
        if intent == "progress" && found.targetSide != nil { intent = nil }
        found.excluded = QuestionMatcher.exclusionPattern.allMatches(in: text.original).compactMap { $0.groups[1] }
            + QuestionMatcher.postfixExclusionPattern.allMatches(in: text.original).compactMap { $0.groups[1] }
        found.periods = extractPeriods(&text, asOf: asOf)
        // 没完成目标, missed their target: the words say who fell short; 目标 in them is no metric.
        if found.targetSide != nil { text.mask(words: lexicon.targetSideWords) }
        // The amount of a target first: in "set revenue target 1200000 for team …" the number is
        // no top-N.
        if intent == "target" { found.value = extractAmount(&text) }
        found.thresholds = extractThresholds(&text)
        (found.limit, found.fromBottom) = extractLimit(&text)
        // Long names with a typo first (华东一祖 before 华东 is taken), then exact words, then short
        // names with a typo among what is left.
        extractTypos(&text, into: &found, minimumLength: 4)
        extractWords(&text, into: &found)
        extractTypos(&text, into: &found, minimumLength: 2)
        // top5销售, 前三的销售: the best few, with 销售 and no other kind named, are reps.
        if found.limit != nil, found.dimensions.isEmpty, Self.salesPeople.firstMatch(in: text.current) != nil {
            found.dimensions.append("rep")
        }
        // 末五名销售, …limit 3: a count of the first or last few is a ranking (华东和华南两个区
        // counts the places it names).
        if intent == nil && found.limit != nil && found.values.isEmpty { intent = "rank" }
        // Set 张伟's target: a name stands among the words an intent's rule spans; it is looked
        // for before they are taken as understood.
        let names = leftovers(in: text).filter(looksLikeName)
        maskActedOn(&text, intent: intent)
        // 现在手上还有多少商机, current pipeline: a measure taken at a period's end (METRICS.md's
        // pipeline value), asked of the present, is this month's; other measures keep the default.
        if found.periods.isEmpty, found.metrics.contains(where: { !Self.snapshotMetrics.isDisjoint(with: $0) }),
            contains(text.original, Array(lexicon.nowWords)), let now = PeriodSpec(text: "this month")
        {
            found.periods = [now]
        }
        // 按毛利从高到低列出所有产品, list products with revenue above 1m: a list of a measure is
        // no listing of names; the next rule that matches says what it is.
        if intent == "show" && (found.metrics.contains(where: { $0 != ["target"] }) || !found.thresholds.isEmpty) {
            intent = lexicon.intentRules.first { $0.intent != "show" && $0.pattern.firstMatch(in: text.original) != nil }?.intent
        }
        var ignored = leftovers(in: text)
        // 张伟上个月业绩咋样: a person's name the data does not hold is still a rep's name; the
        // answer says no rep has it and offers the names that are close.
        let named = Set(ignored.filter(looksLikeName) + names)
        if !found.values.contains(where: { $0.dimension == "rep" }), found.fuzzy.isEmpty, named.count == 1,
            let name = named.first
        {
            ignored.removeAll { $0 == name }
            found.values.append(("rep", name))
        }
        let strongIntent = Self.strongIntents.contains(intent ?? "")
        // A question word alone (谁, who) is not enough: "who won the World Cup" names nothing of ours.
        let dimensions = found.dimensions.filter { !found.questionWordDimensions.contains($0) }
        // 仓库里U盘还剩多少库存, book a meeting with 潘伟: a name alone, with words kpish does not
        // know and no measure or question kind, is not a question about sales.
        // Who will win the World Cup: a question word and words of no measure, member or period
        // are not a question about sales either, whatever kind of question they sound like.
        let onlyQuestionWords =
            found.values.isEmpty && found.fuzzy.isEmpty && found.periods.isEmpty && !weak
            && found.dimensions.allSatisfy(found.questionWordDimensions.contains)
            && !["show", "target", "funnel", "scorecard"].contains(intent ?? "")
        let guessOnly =
            found.metrics.isEmpty && !found.demand && found.targetSide == nil && !ignored.isEmpty
            && (intent == nil || onlyQuestionWords)
        let recognised =
            !guessOnly && (!found.metrics.isEmpty || !found.values.isEmpty || !found.fuzzy.isEmpty || strongIntent || weak)
            || (!guessOnly && !dimensions.isEmpty && (!found.periods.isEmpty || intent != nil))
            || (found.periods.count > 1 && intent == "compare") || found.targetSide != nil
            // 为啥Q3比Q2差, why did it fall last month: a why with its periods asks about revenue.
            || (!guessOnly && intent == "diagnose" && !found.periods.isEmpty)
        return Reading(
            text: text.original, intent: intent, found: found, ignored: ignored, weak: weak, recognised: recognised)
    }

    /// 销售 as people, not as the measure (销售额) or the activity (销售数据).
    private static let salesPeople = try! Pattern("销售(?!额|量|收入|金额|数据|情况|业绩|渠道|总|趋势|走势)")

    /// The words that ask which member (哪个团队, 各团队).
    static let whichWords = ["哪个", "哪些", "哪一个", "哪几个", "各", "每个"]

    /// The characters that join two values of one dimension (直销和渠道, 直销加渠道).
    static let joiners: Set<Character> = ["和", "与", "、", "及", "跟", "加"]

    /// Measures of a moment, taken at the period's end, not summed over it.
    static let snapshotMetrics: Set<String> = ["pipeline_value"]

    /// Intents whose word alone makes a question (预测, 漏斗): they need no metric to stand.
    static let strongIntents: Set<String> = ["forecast", "funnel", "scorecard", "show", "target", "progress"]

    // MARK: - What a question holds

    /// 不到80%, over 1m: a bound on a metric; a percent of nothing named is attainment.
    typealias Threshold = (op: FilterOperator, value: Double, percent: Bool)

    struct Found {
        var periods: [PeriodSpec] = []
        /// Dimensions counted, not broken down by (几个区域, 多少客户): what a listing is of.
        var counted: [String] = []
        var limit: Int?
        /// The limit counts from the bottom (后三, 倒数5): the lowest first.
        var fromBottom = false
        var value: Double?
        /// Metric choices in order of appearance; more than one choice: an ambiguous word.
        var metrics: [[String]] = []
        var dimensions: [String] = []
        var values: [(dimension: String, value: String)] = []
        var fuzzy: [(fragment: String, candidates: [(dimension: String, value: String)])] = []
        var demand = false
        var pluralDimension = false
        /// Dimensions named only by a question word (谁 → rep).
        var questionWordDimensions: Set<String> = []
        /// Thresholds said in words (达成率不到80%): applied to the first metric.
        var thresholds: [Threshold] = []
        /// The text right after an exclusion word (除了线上, except 直销): values found in it are
        /// left out (!=), not kept.
        var excluded: [String] = []
        /// 没完成目标 (.less), 超额完成 (.greater): who fell short of the target or beat it —
        /// attainment against 100%, listed.
        var targetSide: FilterOperator?
        var notes: [Localized] = []
    }

    /// 东北的不算, 线上除外: the words an exclusion said after them applies to.
    static let postfixExclusionPattern = try! Pattern("([^，,。\\s]+?)的?(?:不算|除外|不要|不计)")

    /// 除了线上，…, everything except 直销: the words an exclusion applies to.
    private static let exclusionPattern = try! Pattern(
        "(?:除了|除去|除|不含|不包括|不算|排除|去掉|去除|剔除|不看|不要|非(?!常)|except(?: for)?|excluding|exclude|excl\\.?|ex\\.|leaving out|leave out|without|other than|apart from|outside(?: of)?)\\s*(?:the\\s+)?([^，,。\\s]+(?:\\s+[^，,。\\s]+)*)",
        caseInsensitive: true)

    private func extractPeriods(_ text: inout MaskedText, asOf: Day) -> [PeriodSpec] {
        var found: [(offset: Int, spec: PeriodSpec)] = []
        for rule in lexicon.timeRules {
            for match in rule.pattern.allMatches(in: text.current) {
                // {M-2}: the month two before the as-of month (上上个月).
                let twoBack = asOf.firstOfMonth(adding: -2)
                // {W-2}: the ISO week two before the as-of week (上上周, the week before last).
                let twoWeeksBack = TimeGrain.week.label(of: asOf - 14)
                var template = rule.template.replacingAll("{Y-2}", with: "\(asOf.year - 2)")
                    .replacingAll("{Y-1}", with: "\(asOf.year - 1)")
                    .replacingAll("{Y+1}", with: "\(asOf.year + 1)").replacingAll("{A}", with: asOf.iso)
                    .replacingAll("{M-2}", with: String(twoBack.iso.prefix(7))).replacingAll("{W-2}", with: twoWeeksBack)
                    .replacingAll("{Y}", with: "\(asOf.year)")
                for index in (1...9).reversed() {
                    // A group of another alternative took no part: it stands for nothing.
                    template = template.replacingAll("$\(index)", with: index < match.groups.count ? match.groups[index] ?? "" : "")
                }
                // {month:nov}: an English month name as its number.
                let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                for (number, name) in months.enumerated() {
                    template = template.replacingAll("{month:\(name)}", with: "\(number + 1)")
                }
                guard let spec = PeriodSpec(text: template) else { continue }
                found.append((match.range.lowerBound, spec))
                text.mask(match.range)
            }
        }
        return found.sorted { $0.offset < $1.offset }.map(\.spec)
    }

    // Groups: 前N, top/bottom N, N名…, then the ones that count from the bottom (后N, 倒数N),
    // then an English count before a dimension noun (the 3 reps with the fewest visits).
    private static let limitPattern = try! Pattern(
        "前\\s*(\\d+)(?!\\s*个?(?:月|季|周|天|年|星期))\\s*(?:名|个|位|强|家|款|大)?|\\b(?:top|bottom|lowest|highest|worst|best|fewest|least|limit)\\s*(\\d+)(?![0-9])|(\\d+)\\s*(?:名|强|个|位|家|款|大(?=客户|产品|品类|区域|团队|渠道))(?!月)"
            + "|(?:后|倒数|末)\\s*第?\\s*(\\d+)\\s*(?:名|个|位|家|款)?"
            + "|\\b(\\d+)(?=\\s+(?:[a-z]+\\s+)?(?:reps?|salespeople|salesperson|sellers?|people|regions?|teams?|products?|customers?|channels?|categories|segments?)\\b)",
        caseInsensitive: true)

    /// 达成率不到80%, win rate below 30%: a threshold on the metric, said in words.
    private static let thresholdPattern = try! Pattern(
        "(<=|>=|<|>|不低于|不少于|至少|不超过|\\bat least\\b|\\bat most\\b|\\bno more than\\b|\\bno less than\\b|没到|没达到|未达到|不到|低于|小于|少于|不足|破|高于|超过|(?<![超没不])过|大于|多于|\\bbelow\\b|\\bunder\\b|\\bless than\\b|\\bfewer than\\b|\\babove\\b|\\bover\\b|\\bmore than\\b)\\s*(\\d+(?:\\.\\d+)?)\\s*(%|万|亿|成|k\\b|m\\b|million\\b)?",
        caseInsensitive: true)

    /// A bound's number in its unit: 七成 is 0.7, 80% is 0.8, 50万 is 500000, 1m is 1000000.
    static func scaled(_ number: Double, _ unit: String?) -> Double {
        let divisor: [String: Double] = ["%": 100, "成": 10]
        let factor: [String: Double] = ["万": 1e4, "亿": 1e8, "k": 1e3, "m": 1e6, "million": 1e6]
        return number * (unit.flatMap { factor[$0.lowercased()] } ?? 1) / (unit.flatMap { divisor[$0] } ?? 1)
    }

    /// 30%以下, 100万以上, 25% or less: the bound said after the number.
    private static let postfixThresholdPattern = try! Pattern(
        "(\\d+(?:\\.\\d+)?)\\s*(%|万|亿|成)?\\s*(以下|以上|之下|之上|or (?:less|fewer|lower|below|under)\\b|or (?:more|higher|above|over)\\b)")

    /// None at all: 一单都没开 (一单 left for the orders), with zero or no orders.
    private static let nonePattern = try! Pattern(
        "(?<=单)(?:都|也)没(?:有)?(?:开|出|成交)?(?:过)?|\\b(?:with|had|have|has|got)\\s+(?:zero|no|0)\\b(?=\\s+[a-z])",
        caseInsensitive: true)

    /// 25% or less: the English bounds said after the number, the number included.
    private static let orLess: Set<String> = ["or less", "or fewer", "or lower", "or below", "or under"]

    private func extractThresholds(_ text: inout MaskedText) -> [Threshold] {
        var thresholds: [Threshold] = []
        for match in QuestionMatcher.postfixThresholdPattern.allMatches(in: text.current) {
            guard let number = match.groups[1].flatMap({ Double($0) }), let side = match.groups[3] else { continue }
            let unit = match.groups[2]
            // 以上 and 以下 take the number in (5000以上 is at least 5000), as Chinese usage has it.
            thresholds.append(
                (side.hasSuffix("下") || Self.orLess.contains(side) ? .lessOrEqual : .greaterOrEqual, Self.scaled(number, unit),
                 unit == "%" || unit == "成"))
            text.mask(match.range)
        }
        // Reps with zero orders, 一单都没开: none at all is a bound of 0 (everyone counted, METRICS.md).
        for match in QuestionMatcher.nonePattern.allMatches(in: text.current) {
            thresholds.append((.equal, 0, false))
            text.mask(match.range)
        }
        for match in QuestionMatcher.thresholdPattern.allMatches(in: text.current) {
            guard let said = match.groups[1], let number = match.groups[2].flatMap({ Double($0) }) else { continue }
            let word = said.lowercased()
            let below = [
                "<", "<=", "不超过", "at most", "no more than", "没到", "没达到", "未达到", "不到", "低于", "小于", "少于", "不足", "below",
                "under", "less than", "fewer than",
            ]
                .contains(word)
            // 至少, at least: the bound itself passes.
            let inclusive = ["<=", ">=", "不低于", "不少于", "至少", "不超过", "at least", "at most", "no more than", "no less than"]
                .contains(word)
            let unit = match.groups.count > 3 ? match.groups[3] : nil
            let value = Self.scaled(number, unit)
            let op: FilterOperator = below ? (inclusive ? .lessOrEqual : .less) : (inclusive ? .greaterOrEqual : .greater)
            thresholds.append((op, value, unit == "%" || unit == "成"))
            text.mask(match.range)
        }
        return thresholds
    }

    private func extractLimit(_ text: inout MaskedText) -> (Int?, Bool) {
        guard let match = QuestionMatcher.limitPattern.firstMatch(in: text.current) else { return (nil, false) }
        text.mask(match.range)
        let groups = Array(match.groups.dropFirst())
        let bottom = groups.count > 3 && groups[3] != nil
        return (groups.compactMap { $0 }.first.flatMap { Int($0) }, bottom)
    }

    private static let amountPattern = try! Pattern(
        "(\\d+(?:\\.\\d+)?)\\s*(万|亿|千|million\\b|billion\\b|thousand\\b|k\\b|m\\b|w\\b)?", caseInsensitive: true)

    /// The target's amount: the largest number said (设一个…目标，50万 is 500000, not the 1 of 一个).
    private func extractAmount(_ text: inout MaskedText) -> Double? {
        let factor: [String: Double] = [
            "万": 1e4, "w": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9, "thousand": 1e3,
        ]
        let amounts = QuestionMatcher.amountPattern.allMatches(in: text.current).compactMap { match -> (Double, Range<Int>)? in
            guard let number = match.groups[1].flatMap({ Double($0) }) else { return nil }
            return (number * (match.groups.count > 2 ? factor[(match.groups[2] ?? "").lowercased()] ?? 1 : 1), match.range)
        }
        guard let largest = amounts.max(by: { $0.0 < $1.0 }) else { return nil }
        text.mask(largest.1)
        return largest.0
    }

    /// Leftmost-longest dictionary matches: metrics, dimensions and data values.
    private func extractWords(_ text: inout MaskedText, into found: inout Found) {
        let scalars = Array(text.current.unicodeScalars)
        var offsets: [Int] = []
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += String(scalar).utf8.count
        }
        offsets.append(offset)
        var index = 0
        // Where the last value ended, and its dimension: 直销渠道 is the value with its kind named.
        var lastValue: (end: Int, dimension: String)?
        var lastCustomer: Int?
        while index < scalars.count {
            if scalars[index] == " " {
                index += 1
                continue
            }
            var matched = 0
            for length in stride(from: min(longestWord, scalars.count - index), through: 1, by: -1) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[index..<index + length])
                let candidate = String(view)
                guard let readings = words[candidate] ?? endWord(candidate, scalars, index + length) ?? plural(candidate),
                    isWholeWord(scalars, index, length)
                else { continue }
                // 多少客户, 几个区域: a count, not a breakdown by that dimension.
                let before = String(String.UnicodeScalarView(scalars[max(0, index - 3)..<index]))
                let counted = ["多少", "几个", "几次", "几位", "几家", "多少次", "多少个", "多少位"].contains { before.hasSuffix($0) }
                if case .dimension(let id) = readings[0], counted, !contains(text.original, Array(lexicon.respectivelyWords)) {
                    found.counted.append(id)
                    text.mask(offsets[index]..<offsets[index + length])
                    matched = length
                    break
                }
                // 哪个团队协作评分最高: after a which-word, a dimension's name that begins a metric
                // phrase (团队 in 团队协作评分) is the dimension asked about when the rest of the
                // phrase names the same metric (协作评分).
                if case .metric(let metric) = readings[0], Self.whichWords.contains(where: before.hasSuffix),
                    (1..<length).contains(where: { split in
                        let head = String(String.UnicodeScalarView(scalars[index..<index + split]))
                        let rest = String(String.UnicodeScalarView(scalars[index + split..<index + length]))
                        guard case .dimension? = words[head]?.first else { return false }
                        return words[rest]?.first == .metric(metric)
                    })
                {
                    continue
                }
                // 的人均销售额: a longer word beginning inside this one (人均销售额) wins over it.
                if overlapsLongerWord(scalars, index, length, readings) { break }
                if splitsBetterShorter(scalars, index, length, readings) { continue }
                // 直销和渠道, 直销加渠道: a dimension's name that is also one of its values, joined to
                // another value by 和/与/、/加, is that value.
                let dimensionRead: String? = if case .dimension(let id) = readings[0] { id } else { nil }
                let after = String(String.UnicodeScalarView(scalars[(index + length)...]))
                // 直销和渠道 (a value before it) or 渠道和线上 (a value after it).
                let joined =
                    (before.last.map { Self.joiners.contains($0) } == true
                        && found.values.contains(where: { $0.dimension == dimensionRead }))
                    || (after.first.map { Self.joiners.contains($0) } == true
                        && (vocabulary.values(of: dimensionRead ?? "") ?? []).contains { $0 != candidate && after.contains($0) })
                let excluded = found.excluded.contains { $0.hasPrefix(candidate) }
                if case .dimension(let id) = readings[0], vocabulary.values(of: id)?.contains(candidate) == true,
                    joined || excluded
                {
                    record([.value(dimension: id, value: candidate)], word: candidate, into: &found)
                    text.mask(offsets[index]..<offsets[index + length])
                    matched = length
                    break
                }
                if case .dimension(let id) = readings[0], let lastValue, lastValue.dimension == id,
                    scalars[lastValue.end..<index].allSatisfy({ $0 == " " })
                {
                    text.mask(offsets[index]..<offsets[index + length])
                    matched = length
                    break
                }
                record(readings, word: candidate, into: &found)
                matched = runOn(scalars, index, length, readings)
                text.mask(offsets[index]..<offsets[index + matched])
                if case .value(let dimension, _) = readings[0] { lastValue = (index + matched, dimension) }
                // 客户 churn rate, customer retention rate: the customer before a metric qualifies it.
                if case .metric = readings[0], let lastCustomer, scalars[lastCustomer..<index].allSatisfy({ $0 == " " }) {
                    found.dimensions.removeAll { $0 == "customer" }
                }
                lastCustomer = readings[0] == .dimension("customer") ? index + matched : nil
                break
            }
            index += max(1, matched)
        }
    }

    /// An English plural of a metric word (conversion rates, scores): the metric.
    private func plural(_ candidate: String) -> [WordMeaning]? {
        guard candidate.count > 3, candidate.hasSuffix("s"), candidate.last?.isASCII == true,
            let readings = words[String(candidate.dropLast())], case .metric = readings[0]
        else { return nil }
        return readings
    }

    /// A word marked to stand only at the end (的销售$): found when only the words a question
    /// ends with follow (有哪些, 是谁, 呢).
    private func endWord(_ candidate: String, _ scalars: [Unicode.Scalar], _ end: Int) -> [WordMeaning]? {
        guard let readings = words[candidate + "$"] else { return nil }
        var rest = Substring(String(String.UnicodeScalarView(scalars[end...])))
        while true {
            rest = rest.drop { $0 == " " }
            // 的销售，需要重点帮扶的: the clause ends there.
            guard let next = rest.first, !"，,。；;：:？?！!".contains(next) else { return readings }
            guard let tail = lexicon.endingWords.first(where: { rest.hasPrefix($0) }) else { return nil }
            rest = rest.dropFirst(tail.count)
        }
    }

    /// Whether a word of another meaning, at least as long, begins inside `start..<start + length`
    /// and runs past it (按销售|额 is by revenue; 华东区|域 stays 华东).
    private func overlapsLongerWord(_ scalars: [Unicode.Scalar], _ start: Int, _ length: Int, _ readings: [WordMeaning])
        -> Bool
    {
        for inner in start + 1..<start + length {
            for size in stride(from: min(longestWord, scalars.count - inner), to: max(length - 1, start + length - inner), by: -1) {
                let candidate = String(String.UnicodeScalarView(scalars[inner..<inner + size]))
                if let other = words[candidate], other != readings, isWholeWord(scalars, inner, size) { return true }
            }
        }
        return false
    }

    /// 各渠道销售额: 渠道 + 销售额 leaves nothing over where 渠道销售 + 额 would. A word running
    /// on past this one, with a word before it, splits this one when it means something else
    /// (目标达成 + 达成率 are both attainment: no split).
    private func splitsBetterShorter(_ scalars: [Unicode.Scalar], _ start: Int, _ length: Int, _ readings: [WordMeaning])
        -> Bool
    {
        for inner in start + 1..<start + length {
            let head = String(String.UnicodeScalarView(scalars[start..<inner]))
            guard words[head] != nil else { continue }
            for size in stride(from: min(longestWord, scalars.count - inner), to: start + length - inner, by: -1) {
                let candidate = String(String.UnicodeScalarView(scalars[inner..<inner + size]))
                if let other = words[candidate], other != readings, isWholeWord(scalars, inner, size) { return true }
            }
        }
        return false
    }

    /// A word that runs on into a longer synonym of itself is taken whole: 哪个销售 + 销售员 is
    /// 哪个销售员, not rep and a stray 员. Returns the length taken from `start`.
    private func runOn(_ scalars: [Unicode.Scalar], _ start: Int, _ length: Int, _ readings: [WordMeaning]) -> Int {
        var end = start + length
        var inner = start + 1
        while inner < end {
            for size in stride(from: min(longestWord, scalars.count - inner), to: end - inner, by: -1) {
                let candidate = String(String.UnicodeScalarView(scalars[inner..<inner + size]))
                if words[candidate] == readings {
                    end = inner + size
                    break
                }
            }
            inner += 1
        }
        return end - start
    }

    /// ASCII words match only whole (rep is not in report); Chinese has no word boundaries.
    private func isWholeWord(_ scalars: [Unicode.Scalar], _ start: Int, _ length: Int) -> Bool {
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
        }
        if isWordCharacter(scalars[start]), start > 0, isWordCharacter(scalars[start - 1]) { return false }
        let end = start + length
        if isWordCharacter(scalars[end - 1]), end < scalars.count, isWordCharacter(scalars[end]) { return false }
        return true
    }

    private func record(_ readings: [WordMeaning], word: String, into found: inout Found) {
        if word == "需求" || word == "demand" { found.demand = true }
        if case .value(let dimension, let value) = readings[0] {
            if !found.values.contains(where: { $0 == (dimension, value) }) { found.values.append((dimension, value)) }
            return
        }
        let metrics = readings.compactMap { if case .metric(let id) = $0 { id } else { nil } }
        if !metrics.isEmpty {
            if !found.metrics.contains(metrics) { found.metrics.append(metrics) }
            return
        }
        if case .dimension(let id) = readings[0] {
            // customers who spent…: "who" after a noun refers back to it; it names no reps.
            if word == "who" && !found.dimensions.isEmpty { return }
            if ["谁", "who", "whose"].contains(word) {
                // 销冠是谁: the question word asks about reps another word named already.
                if !found.dimensions.contains(id) { found.questionWordDimensions.insert(id) }
            } else {
                found.questionWordDimensions.remove(id)
            }
            if !found.dimensions.contains(id) { found.dimensions.append(id) }
            // "top products": an English plural dimension asks for a list.
            if word.allSatisfy(\.isASCII) && word.hasSuffix("s") && word != "sales" { found.pluralDimension = true }
        }
    }

    /// Words a rule already acted on are understood, not left over: the matched intent's own
    /// words (最长, 打个分, 有哪些指标), the exclusion word (除了, except) and the words of the
    /// classes that shape a plan (增长, falling behind, 拆开).
    private func maskActedOn(_ text: inout MaskedText, intent: String?) {
        // Phrases first (need the most help), before the intent's words (most) break them up.
        text.mask(words: lexicon.shapingWords)
        for rule in lexicon.intentRules where rule.intent == intent {
            for match in rule.pattern.allMatches(in: text.original) { text.mask(wholeWords: match.range) }
        }
        for match in QuestionMatcher.exclusionPattern.allMatches(in: text.original) {
            let named = match.groups.count > 1 ? match.groups[1]?.utf8.count ?? 0 : 0
            text.mask(match.range.lowerBound..<match.range.upperBound - named)
        }
        for match in QuestionMatcher.postfixExclusionPattern.allMatches(in: text.original) {
            let named = match.groups.count > 1 ? match.groups[1]?.utf8.count ?? 0 : 0
            text.mask(match.range.lowerBound + named..<match.range.upperBound)
        }
    }

    /// What is left once periods, names and stop words are taken out.
    /// Two or three Chinese characters beginning with a common surname (张伟, 欧阳娜).
    private func looksLikeName(_ word: String) -> Bool {
        let characters = Array(word)
        guard (2...4).contains(characters.count), characters.allSatisfy({ !$0.isASCII && $0.isLetter }) else { return false }
        return lexicon.surnames.contains { word.hasPrefix($0) && (1...2).contains(characters.count - $0.count) }
    }

    private func leftovers(in text: MaskedText) -> [String] {
        var fragments: [String] = []
        let stopLength = lexicon.stopWords.map(\.count).max() ?? 1
        for run in text.current.split(separator: " ") {
            let characters = Array(run)
            if characters.allSatisfy({ $0.isASCII }) {
                let raw = String(run)
                let word = raw.trimmingCharacters(in: .punctuationCharacters)
                if !lexicon.stopWords.contains(raw) && !lexicon.stopWords.contains(word) && !word.allSatisfy(\.isNumber)
                    && !word.allSatisfy(\.isPunctuation)
                {
                    fragments.append(word)
                }
                continue
            }
            var buffer = ""
            var index = 0
            while index < characters.count {
                var skipped = 0
                for length in stride(from: min(stopLength, characters.count - index), through: 1, by: -1)
                where lexicon.stopWords.contains(String(characters[index..<index + length])) {
                    skipped = length
                    break
                }
                if skipped > 0 || characters[index].isPunctuation || characters[index].isNumber {
                    if !buffer.isEmpty { fragments.append(buffer) }
                    buffer = ""
                    index += max(1, skipped)
                } else {
                    buffer.append(characters[index])
                    index += 1
                }
            }
            if !buffer.isEmpty { fragments.append(buffer) }
        }
        return fragments
    }

    /// Finds names written with one character wrong (高思园 for 高思远) in the text not yet
    /// understood, longest first, and records every name the fragment could be.
    private func extractTypos(_ text: inout MaskedText, into found: inout Found, minimumLength: Int) {
        let scalars = Array(text.current.unicodeScalars)
        var offsets = [0]
        for scalar in scalars { offsets.append(offsets.last! + String(scalar).utf8.count) }
        var taken = [Bool](repeating: false, count: scalars.count)
        for length in stride(from: min(12, scalars.count), through: max(2, minimumLength - 1), by: -1) {
            var start = 0
            while start + length <= scalars.count {
                let range = start..<start + length
                guard !range.contains(where: { taken[$0] || scalars[$0] == " " || scalars[$0].isASCII }) else {
                    start += 1
                    continue
                }
                let fragment = Array(String(String.UnicodeScalarView(scalars[range])))
                // A typo keeps most of the name: at most one character of the fragment may be a
                // stop word (高思园 yes, 高的 no), and a fragment holding the whole name plus one
                // character is that name, found exactly later (小微客户复 is 小微客户 + 复购率).
                let stops = fragment.filter { lexicon.stopWords.contains(String($0)) }.count
                let candidates =
                    stops > 1 || fragment.count - stops < 2
                    ? []
                    : closeValues(to: fragment).filter { candidate in
                        // A name written out in full is found exactly later: its part is no typo
                        // (华东一 of 华东一组).
                        candidate.value.count >= minimumLength && !String(fragment).contains(candidate.value)
                            && !wrongIsStopWord(fragment, Array(candidate.value))
                    }
                if candidates.isEmpty || words[String(fragment)] != nil || insideExactName(scalars, range) {
                    start += 1
                    continue
                }
                found.fuzzy.append((String(fragment), candidates))
                text.mask(offsets[range.lowerBound]..<offsets[range.upperBound])
                for position in range { taken[position] = true }
                start += length
            }
        }
    }

    /// Whether the character a typo gets wrong is a word of its own (各 in 华东各组 is "each
    /// team of 华东", not a typo of 华东一组).
    private func wrongIsStopWord(_ fragment: [Character], _ name: [Character]) -> Bool {
        var head = 0
        while head < min(fragment.count, name.count) && fragment[head] == name[head] { head += 1 }
        guard head < fragment.count, fragment.count >= name.count else { return false }
        return lexicon.stopWords.contains(String(fragment[head]))
    }

    /// Whether the characters lie inside a name written out exactly (东一组 in 华东一组): no typo.
    private func insideExactName(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        for start in stride(from: range.lowerBound, through: max(0, range.upperBound - longestWord), by: -1) {
            for end in range.upperBound...min(scalars.count, start + longestWord) where end - start > range.count {
                let candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                if case .value? = words[candidate]?.first { return true }
            }
        }
        return false
    }

    /// Keys of the typo index: a two-character name by each character, longer names by each
    /// character pair (one wrong character leaves at least one pair intact).
    static func fuzzyKeys(_ characters: [Character]) -> Set<String> {
        if characters.count <= 2 { return Set(characters.map { String($0) }) }
        return Set(zip(characters, characters.dropFirst()).map { String([$0, $1]) })
    }

    /// Data values one edit away from a fragment.
    private func closeValues(to fragment: [Character]) -> [(dimension: String, value: String)] {
        var positions = Set<Int>()
        for key in QuestionMatcher.fuzzyKeys(fragment).union(
            fragment.count == 3 ? Set(fragment.map { String($0) }) : [])
        {
            positions.formUnion(fuzzyIndex[key] ?? [])
        }
        return positions.sorted().compactMap { position in
            let candidate = values[position]
            guard abs(candidate.value.count - fragment.count) <= 1, editDistance(fragment, Array(candidate.value)) == 1
            else { return nil }
            // Two characters with one wrong share only one: the first must be right (华栋 → 华东),
            // or any word would read as some name (冠军 → 曾军).
            if fragment.count <= 2 && fragment.first != candidate.value.first { return nil }
            // 类型客户 is no 中型客户 with its first character lost: a shorter typo keeps the first.
            if fragment.count < candidate.value.count && fragment.first != candidate.value.first { return nil }
            return (dimension: candidate.dimension, value: candidate.value)
        }
    }

    private func closeExamples(to text: String) -> [String] {
        let characters = Set(text)
        return lexicon.examples.map { example in (example, Set(example).intersection(characters).count) }
            .sorted { $0.1 > $1.1 }.prefix(3).map(\.0)
    }
}

/// The question's UTF-8 bytes, with the parts already understood blanked out (same length, so
/// byte offsets from earlier matches stay valid).
struct MaskedText {
    let original: String
    private var bytes: [UInt8]

    init(_ text: String) {
        original = text
        bytes = Array(text.utf8)
    }

    var current: String { String(decoding: bytes, as: UTF8.self) }

    mutating func mask(_ range: Range<Int>) {
        for index in range where index < bytes.count { bytes[index] = 0x20 }
    }

    /// Blanks a range widened to whole English words (\bexpect matched in "expected").
    mutating func mask(wholeWords range: Range<Int>) {
        let bytes = Array(original.utf8)
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower > 0, lower < bytes.count, Self.isWordByte(bytes[lower]), Self.isWordByte(bytes[lower - 1]) { lower -= 1 }
        while upper > 0, upper < bytes.count, Self.isWordByte(bytes[upper - 1]), Self.isWordByte(bytes[upper]) { upper += 1 }
        mask(lower..<upper)
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Blanks every occurrence of the words: Chinese anywhere, English as whole words.
    mutating func mask(words: [[UInt8]]) {
        let isWordByte = Self.isWordByte
        for word in words where !word.isEmpty && word.count <= bytes.count {
            let ascii = word.allSatisfy { $0 < 0x80 }
            var start = 0
            while start + word.count <= bytes.count {
                if bytes[start] == word[0] && bytes[start..<start + word.count].elementsEqual(word) {
                    let end = start + word.count
                    let whole = !ascii || ((start == 0 || !isWordByte(bytes[start - 1])) && (end == bytes.count || !isWordByte(bytes[end])))
                    if whole {
                        mask(start..<end)
                        start = end
                        continue
                    }
                }
                start += 1
            }
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// The words with the customers' names among them, made the first time a question needs them
/// and kept for the matcher's life (the REPL pays once).
final class DeferredWords: @unchecked Sendable {
    typealias Table = (table: [String: [QuestionMatcher.WordMeaning]], longest: Int)
    private let names: @Sendable () -> [String]
    /// The other words: a name that is one of them reads as it (values before synonyms).
    private let taken: [String: [QuestionMatcher.WordMeaning]]
    private let built = Mutex<Table?>(nil)

    init(_ names: @escaping @Sendable () -> [String], taken: [String: [QuestionMatcher.WordMeaning]]) {
        self.names = names
        self.taken = taken
    }

    func table() -> Table {
        built.withLock { built in
            if let built { return built }
            let made = make()
            built = made
            return made
        }
    }

    /// The other words with the customers' names added.
    private func make() -> Table {
        var table = taken
        let names = names()
        table.reserveCapacity(taken.count + names.count)
        var longest = 1
        for name in names {
            let key = Normalizer.spaced(name.lowercased())
            guard !key.isEmpty, taken[key] == nil else { continue }
            table[key, default: []].append(.value(dimension: "customer", value: name))
            longest = max(longest, key.unicodeScalars.count)
        }
        return (table, longest)
    }
}

/// What a word already means to the question matcher, for names that must not shadow it. The
/// metrics and dimensions it names are given by their names in both languages.
public enum ExistingMeaning: Equatable, Sendable {
    /// 去年, 上个月, this quarter: a time.
    case time
    /// 为什么, 预测, top: the kind of question.
    case questionKind
    /// 各区域, 毛利: a dimension or metric, by a synonym.
    case synonym(of: Localized)
    /// 华东, 线上: a value in the data (its dimension, the value).
    case value(dimension: Localized, value: String)

    public var description: Localized {
        switch self {
        case .time: Localized(zh: "表示时间的词", en: "a word for a time")
        case .questionKind: Localized(zh: "表示提问方式的词", en: "a word that says what a question asks")
        case .synonym(let target): Localized(zh: "“\(target.zh)”的同义词", en: "a word for “\(target.en)”")
        case .value(let dimension, let value):
            Localized(zh: "数据中的\(dimension.zh)“\(value)”", en: "the \(dimension.en) “\(value)” in the data")
        }
    }
}

extension QuestionMatcher {
    /// What `word` already means in questions: a name (an alias, a defined metric) that is one
    /// of these would change how the README's own questions are read.
    public func meaning(of word: String) -> ExistingMeaning? {
        let lowered = word.lowercased()
        if let targets = lexicon.metricWords[lowered] { return .synonym(of: metricNames(targets)) }
        if let target = lexicon.dimensionWords[lowered] { return .synonym(of: dimensionName(target)) }
        if let (dimension, value) = lexicon.valueWords[lowered] {
            return .value(dimension: dimensionName(dimension), value: value)
        }
        for dimension in vocabulary.dimensionsWithValues {
            if let values = vocabulary.values(of: dimension), values.contains(word) {
                return .value(dimension: dimensionName(dimension), value: word)
            }
        }
        // Read as a question of its own (各区域 is 各 + 区域): what it names, when it names
        // something and leaves no word over.
        guard let reading = try? read(word, asOf: Day(year: 2026, month: 1, day: 1)), reading.ignored.isEmpty else {
            return nil
        }
        let found = reading.found
        if !found.periods.isEmpty { return .time }
        if let dimension = found.dimensions.first { return .synonym(of: dimensionName(dimension)) }
        if let metric = found.metrics.first { return .synonym(of: metricNames(metric)) }
        if let value = found.values.first { return .value(dimension: dimensionName(value.dimension), value: value.value) }
        if reading.intent != nil { return .questionKind }
        return nil
    }
}

extension QuestionMatcher {
    /// A dimension by its names (the id where the vocabulary has none).
    fileprivate func dimensionName(_ id: String) -> Localized {
        let entry = vocabulary.dimensions.first { $0.id == id }
        return Localized(zh: entry?.zh ?? id, en: entry?.en ?? id)
    }

    /// Metrics by their names, joined with a slash.
    fileprivate func metricNames(_ ids: [String]) -> Localized {
        let entries = ids.map { id in vocabulary.metrics.first { $0.id == id } ?? .init(id: id, zh: id, en: id) }
        return Localized(zh: entries.map(\.zh).joined(separator: "/"), en: entries.map(\.en).joined(separator: "/"))
    }
}
