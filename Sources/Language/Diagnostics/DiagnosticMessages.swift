import Model

extension Diagnostic {
    /// The diagnostic for people: where (line and column counted in display cells, a CJK
    /// character being two), the source line with a caret under the span, what was wrong, and
    /// "did you mean". `file` prefixes the location as `FILE:LINE:COL` for scripts.
    ///
    ///     error (line 1, column 1): unknown metric “revenu”
    ///       revenu by region
    ///       ^^^^^^
    ///     help: did you mean “revenue”?
    public func rendered(source: String, lang: Lang, file: String? = nil, firstLine: Int = 1) -> String {
        let (line, column, lineText, caretWidth) = location(in: source)
        let lineNumber = line + firstLine - 1
        var text: String
        if let file {
            text = "\(file):\(lineNumber):\(column): " + Localized(zh: "错误：", en: "error: ")(lang) + message(lang)
        } else {
            text =
                Localized(
                    zh: "错误（第 \(lineNumber) 行，第 \(column) 列）：", en: "error (line \(lineNumber), column \(column)): ")(
                    lang)
                + message(lang)
        }
        // No excerpt without a source (a line refused whole, as too long).
        if !source.isEmpty {
            text +=
                "\n  " + lineText + "\n  " + String(repeating: " ", count: column - 1)
                + String(repeating: "^", count: max(1, caretWidth))
        }
        if !suggestions.isEmpty {
            let names = suggestions.map { "“\($0)”" }.joined(separator: lang == .zh ? "、" : ", ")
            text += "\n" + Localized(zh: "提示：您是不是要输入 \(names)？", en: "help: did you mean \(names)?")(lang)
        } else if let hint = hint(lang) {
            text += "\n" + Localized(zh: "提示：", en: "help: ")(lang) + hint
        }
        return text
    }

    /// Line (1-based), column in display cells (1-based), the line's text and the span's width.
    public func location(in source: String) -> (line: Int, column: Int, text: String, width: Int) {
        let bytes = Array(source.utf8)
        let start = min(span.lowerBound, bytes.count)
        let end = min(max(span.upperBound, start), bytes.count)
        let lineStart = bytes[..<start].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[..<start].filter { $0 == 0x0A }.count + 1
        let before = String(decoding: bytes[lineStart..<start], as: UTF8.self)
        let spanText = String(decoding: bytes[start..<min(end, lineEnd)], as: UTF8.self)
        let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        return (line, displayWidth(before) + 1, String(lineText.filter { $0 != "\r" }), displayWidth(spanText))
    }

    /// The message alone, without location.
    public func message(_ lang: Lang) -> String {
        let zh = lang == .zh
        func quote(_ text: String) -> String { "“\(text)”" }
        switch reason {
        case .unexpected(let expected, let found):
            let wanted = expected.map { $0.described(lang) }.joined(separator: zh ? "、" : ", ")
            let got = found.map(quote) ?? (zh ? "语句结束" : "the end of the query")
            return zh ? "此处应为 \(wanted)，实际为 \(got)" : "expected \(wanted), found \(got)"
        case .unknownMetric(let name):
            return zh ? "未知的指标 \(quote(name))" : "unknown metric \(quote(name))"
        case .unknownDimension(let name):
            return zh ? "未知的维度 \(quote(name))" : "unknown dimension \(quote(name))"
        case .unknownName(let name):
            return zh
                ? "未知的名称 \(quote(name))：既不是指标也不是维度" : "unknown name \(quote(name)): neither a metric nor a dimension"
        case .unknownValue(let dimension, let value):
            return zh ? "维度 \(dimension) 中没有 \(quote(value))" : "no \(dimension) named \(quote(value))"
        case .unknownPlan(let name):
            return zh ? "没有名为 \(quote(name)) 的考核方案" : "no scorecard plan named \(quote(name))"
        case .orderNotSelected(let name, let selected):
            let shown = selected.joined(separator: zh ? "、" : ", ")
            return zh
                ? "只能按查询中出现的指标或维度排序（\(shown)），\(quote(name)) 不在其中"
                : "order by takes a metric or dimension the query shows (\(shown)); \(quote(name)) is not one of them"
        case .unterminatedString:
            return zh ? "字符串缺少结束引号" : "the string has no closing quote"
        case .invalidPeriod(let text):
            return zh ? "\(quote(text)) 不是有效的期间" : "\(quote(text)) is not a valid period here"
        case .numberTooLarge(let text, let maximum):
            return zh
                ? "数字 \(quote(text)) 太大：这里最多 \(maximum)"
                : "\(quote(text)) is too large here: at most \(maximum)"
        case .countOfNothing(let text):
            return zh ? "数量至少为 1，\(quote(text)) 会什么也不剩" : "a count is at least 1: \(quote(text)) leaves nothing"
        case .notAPositiveFigure(let text):
            return zh ? "目标必须是正数，\(quote(text)) 不是" : "a target is a positive figure, not \(quote(text))"
        case .periodAfterAsOf(let label, let asOf):
            return zh
                ? "期间 \(quote(label)) 在查看日期 \(asOf.iso) 之后，没有数据"
                : "the period \(quote(label)) starts after the as-of date \(asOf.iso): there is no data yet"
        case .rangeBackwards(let text):
            return zh ? "日期范围 \(quote(text)) 的结束早于开始" : "the range \(quote(text)) ends before it starts"
        case .duplicateClause(let clause):
            return zh ? "子句 \(quote(clause)) 出现了两次" : "the clause \(quote(clause)) appears twice"
        case .clauseNotAllowed(let clause, let statement):
            return zh
                ? "\(quote(statement)) 语句不接受 \(quote(clause))" : "\(quote(statement)) does not take \(quote(clause))"
        case .timeDimensionFilter(let name):
            return zh
                ? "不能按时间维度 \(quote(name)) 过滤；请用 in 指定期间"
                : "cannot filter on the time dimension \(quote(name)); name the period with in"
        case .comparisonOnDimension(let dimension, let op):
            return zh
                ? "维度 \(quote(dimension)) 不能用 \(op) 比较大小，只能用 =、!=、in、not in"
                : "the dimension \(quote(dimension)) cannot be compared with \(op); use =, !=, in or not in"
        case .textForMetric(let metric):
            return zh ? "指标 \(quote(metric)) 只能与数字比较" : "the metric \(quote(metric)) compares with numbers only"
        case .nameTaken(let name):
            return zh
                ? "名称 \(quote(name)) 已被占用（指标、维度或关键字）"
                : "the name \(quote(name)) is taken (a metric, dimension or keyword)"
        case .selfReference(let name):
            return zh ? "指标 \(quote(name)) 不能引用自身" : "the metric \(quote(name)) cannot refer to itself"
        case .missingPeriod(let statement):
            return zh ? "\(quote(statement)) 需要用 in 指定期间" : "\(quote(statement)) needs a period: add in PERIOD"
        case .scopeNotAllowed(let name):
            return zh
                ? "目标只能设给公司、区域、团队或销售员，不能设给 \(quote(name))"
                : "targets are set for the company, a region, a team or a rep, not a \(quote(name))"
        case .emptyInput:
            return zh ? "没有输入内容" : "the input is empty"
        case .lineTooLong(let bytes, let maximum):
            return zh
                ? "这一行太长（\(bytes) 字节）：一句查询或问题最多 \(maximum) 字节"
                : "the line is too long (\(bytes) bytes): a query or question takes at most \(maximum)"
        }
    }

    private func hint(_ lang: Lang) -> String? {
        switch reason {
        case .invalidPeriod:
            return Localized(
                zh:
                    "期间可写作 2026-10、2026-Q3、2026、2026-W05、2026-10-01..2026-10-15、last 3 months、this month、ytd；预测用 next 3 months（最多 60 个月）；年份在 1900–2200 之间",
                en:
                    "periods look like 2026-10, 2026-Q3, 2026, 2026-W05, 2026-10-01..2026-10-15, last 3 months, this month, ytd; forecasts take next 3 months (60 at most); years lie in 1900–2200"
            )(lang)
        case .emptyInput:
            return Localized(
                zh: "例如：revenue by region in last 3 months", en: "for example: revenue by region in last 3 months")(
                    lang)
        default:
            return nil
        }
    }
}

extension Diagnostic.Expectation {
    func described(_ lang: Lang) -> String {
        let zh = lang == .zh
        switch self {
        case .keyword(let word): return "“\(word)”"
        case .symbol(let symbol): return "“\(symbol)”"
        case .metric: return zh ? "指标名称" : "a metric name"
        case .dimension: return zh ? "维度名称" : "a dimension name"
        case .value: return zh ? "取值" : "a value"
        case .number: return zh ? "数字" : "a number"
        case .period: return zh ? "期间（如 2026-10、last 3 months）" : "a period (2026-10, last 3 months, …)"
        case .name: return zh ? "名称" : "a name"
        case .endOfInput: return zh ? "语句结束" : "the end of the query"
        }
    }
}
