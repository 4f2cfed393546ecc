import Engine
import Foundation
import Model
import Render
import Store

/// What a meta-command did: carry on, or leave the loop.
public enum MetaResult: Equatable, Sendable {
    case ok(String)
    case error(String)
    case exit
}

/// One meta-command: its name, usage, one-line summary, and what it does. One table drives
/// dispatch, unique-prefix matching and `help` (sqlite3's shell works the same way).
struct MetaCommand: Sendable {
    let name: String
    let usage: String
    let summary: Localized
    let run: @Sendable (InputLoop, [String]) -> MetaResult
}

/// What a word names among the commands.
enum CommandLookup {
    case command(MetaCommand)
    /// A prefix of several: the user types more.
    case ambiguous([String])
}

extension InputLoop {
    static let commands: [MetaCommand] = [
        MetaCommand(
            name: "help", usage: "help [metrics|dimensions|periods|questions|COMMAND]",
            summary: Localized(zh: "帮助；help metrics 列出全部指标", en: "help; help metrics lists every metric"),
            run: { loop, arguments in .ok(loop.help(arguments.first)) }),
        MetaCommand(
            name: "examples", usage: "examples",
            summary: Localized(zh: "可以直接试的查询和问题", en: "queries and questions to try"),
            run: { loop, _ in .ok(loop.examples()) }),
        MetaCommand(
            name: "format", usage: "format table|csv|json|md",
            summary: Localized(zh: "答案的输出格式", en: "how answers are written"),
            run: { loop, arguments in
                guard let word = arguments.first, let format = OutputFormat(rawValue: word) else {
                    return loop.usage("format")
                }
                loop.format = format
                return .ok("format \(format.rawValue)")
            }),
        MetaCommand(
            name: "lang", usage: "lang zh|en",
            summary: Localized(zh: "界面语言", en: "the language kpish speaks"),
            run: { loop, arguments in
                guard let word = arguments.first, let lang = Lang(rawValue: word) else {
                    return loop.usage("lang")
                }
                loop.session.lang = lang
                return .ok("lang \(lang.rawValue)")
            }),
        MetaCommand(
            name: "timing", usage: "timing on|off",
            summary: Localized(zh: "显示每个答案用时", en: "show how long each answer took"),
            run: { loop, arguments in
                guard let word = arguments.first, ["on", "off"].contains(word) else {
                    return loop.usage("timing")
                }
                loop.timing = word == "on"
                return .ok("timing \(word)")
            }),
        MetaCommand(
            name: "as-of", usage: "as-of YYYY-MM-DD",
            summary: Localized(zh: "按某一天查看数据", en: "see the data as of a date"),
            run: { loop, arguments in
                guard let text = arguments.first, let day = Day(iso: text) else {
                    return loop.usage("as-of")
                }
                loop.session.asOf = day
                return .ok("as-of \(day.iso)")
            }),
        MetaCommand(
            name: "history", usage: "history",
            summary: Localized(zh: "本次会话输入过的语句（带编号，供 save 选用）", en: "what this session has entered, numbered for save"),
            run: { loop, _ in .ok(loop.historyListing()) }),
        MetaCommand(
            name: "save", usage: "save NAME [3-5 | 2,4,7-9 | last 3]",
            summary: Localized(
                zh: "把本次回答了的输入存为 NAME.kpi 脚本；可按 history 的编号或 last N 选取",
                en: "save this session's answered inputs as the script NAME.kpi; pick them by history's numbers or last N"),
            run: { loop, arguments in loop.save(arguments) }),
        MetaCommand(
            name: "run", usage: "run FILE [name=value…]",
            summary: Localized(
                zh: "运行脚本，每行一句查询或问题；name=value 给出脚本的参数",
                en: "run a script, a query or question a line; name=value gives the script's parameters"),
            run: { loop, arguments in loop.runScript(arguments) }),
        MetaCommand(
            name: "import",
            usage:
                "import FILE|FOLDER... [--dry-run] [--encoding utf8|gb18030|cp1252] [--table T] [--sheet S] [--stages \"A,B,C\"]",
            summary: Localized(
                zh: "导入销售数据（CSV/TSV/Excel，订单、商机、跟进、目标等）",
                en: "import sales data (CSV, TSV, Excel: orders, deals, activities, targets…)"),
            run: { loop, arguments in loop.importSalesFile(arguments) }),
        MetaCommand(
            name: "open", usage: "open DB",
            summary: Localized(zh: "打开另一个工作区", en: "open another workspace"),
            run: { loop, arguments in loop.open(arguments.first) }),
        MetaCommand(
            name: "coach", usage: "coach [smart|review|onboard|balance|reviews]",
            summary: Localized(
                zh: "教练：SMART 目标、回顾、导览、平衡考核；reviews 列出回顾",
                en: "coach: SMART targets, reviews, a tour, balanced KPIs; reviews lists the reviews"),
            run: { loop, arguments in loop.coach(arguments.first) }),
        MetaCommand(
            name: "quit", usage: "quit",
            summary: Localized(zh: "退出（或按 Ctrl-D）", en: "leave (or press Ctrl-D)"),
            run: { _, _ in .exit }),
    ]

    /// The command a word names: the whole name or a unique prefix; nil when it names none.
    static func command(named word: String) -> CommandLookup? {
        let lowered = word.lowercased()
        if lowered == "exit" || lowered == "q" { return .command(commands.last!) }
        if let exact = commands.first(where: { $0.name == lowered }) { return .command(exact) }
        let matches = commands.filter { $0.name.hasPrefix(lowered) }
        if matches.count == 1 { return .command(matches[0]) }
        return matches.isEmpty ? nil : .ambiguous(matches.map(\.name))
    }

    /// "usage: …" for a command whose arguments were wrong, from its line in the table.
    func usage(_ name: String) -> MetaResult {
        let line = Self.commands.first { $0.name == name }?.usage ?? name
        return .error(Localized(zh: "用法：", en: "usage: ")(session.lang) + line)
    }

    func help(_ topic: String?) -> String {
        let lang = session.lang
        switch topic?.lowercased() {
        case nil:
            let width = Self.commands.map { displayWidth($0.usage) }.max() ?? 0
            let lines = Self.commands.map { command in
                "  " + command.usage + String(repeating: " ", count: width - displayWidth(command.usage)) + "  "
                    + command.summary(lang)
            }
            return Localized(
                zh: "输入查询（revenue by region in last 3 months）或问题（哪个区域需求大），或以下命令：",
                en:
                    "Type a query (revenue by region in last 3 months), a question (which region has the biggest demand), or a command:"
            )(lang)
                + "\n" + lines.joined(separator: "\n") + "\n"
                + Localized(
                    zh: "help metrics | dimensions | periods | questions 查看更多",
                    en: "help metrics | dimensions | periods | questions for more")(lang)
        case "metrics"?:
            return Catalog.metrics.map { metric in
                "  \(metric.id)  \(metric.zh)  — \(metric.definition(lang))"
            }.joined(separator: "\n")
        case "dimensions"?:
            return Catalog.dimensions.map { "  \($0.id)  \($0.zh)  — \($0.definition(lang))" }.joined(separator: "\n")
        case "periods"?:
            return Localized(
                zh:
                    "期间：2026-10  2026-Q3  2026  2026-W05  2026-10-01..2026-10-15  this month|week|quarter|year  last month|week|quarter|year  last 3 months  last 30 days  ytd  first half  same period last year；预测：next 3 months  next quarter；对比：vs previous | vs last year | vs 2025-10",
                en:
                    "periods: 2026-10  2026-Q3  2026  2026-W05  2026-10-01..2026-10-15  this month|week|quarter|year  last month|week|quarter|year  last 3 months  last 30 days  ytd  first half  same period last year; forecasts: next 3 months  next quarter; comparisons: vs previous | vs last year | vs 2025-10"
            )(lang)
        case "questions"?:
            return Localized(
                zh: "用中文或英文提问，kpish 先说明如何理解（理解为：…）再回答。例如：下个月销售额预测、上季度华东区达成率、哪个销售员赢单率最低、为什么上个月销售额下降",
                en:
                    "Ask in Chinese or English; kpish first says how it understood the question (Understood as: …), then answers. For example: forecast revenue for next quarter, which rep has the lowest win rate, why did revenue drop last month"
            )(lang)
        case let word?:
            if case .command(let command)? = Self.command(named: word) {
                return command.usage + "\n  " + command.summary(lang)
            }
            return Localized(zh: "没有关于 “\(word)” 的帮助", en: "no help on “\(word)”")(lang)
        }
    }

    func examples() -> String {
        [
            "revenue by region in last 3 months", "top 3 region by revenue in last 3 months",
            "trend revenue by month in last 12 months", "revenue by region in 2026-10 vs last year",
            "funnel in last quarter by team", "上个月各区域销售额", "哪个区域需求大", "下个月销售额预测", "本季度华东区达成率",
            "哪个销售员赢单率最低", "which rep has the lowest win rate",
        ].map { "  " + $0 }.joined(separator: "\n")
    }

    /// `history`: every input numbered, answered ones plain, the rest marked.
    func historyListing() -> String {
        let lang = session.lang
        let width = String(entries.count).count
        return entries.enumerated().map { offset, entry in
            let number = String(repeating: " ", count: width - String(offset + 1).count) + String(offset + 1)
            let mark: String
            switch entry.kind {
            case .answered: mark = ""
            case .unanswered: mark = Localized(zh: "  （未回答）", en: "  (not answered)")(lang)
            case .command: mark = Localized(zh: "  （命令）", en: "  (command)")(lang)
            }
            return "\(number)  \(entry.text)\(mark)"
        }.joined(separator: "\n")
    }

    /// `save NAME [selection]`: the answered inputs, or those picked, as a script that reruns alone.
    func save(_ arguments: [String]) -> MetaResult {
        guard let name = arguments.first, !name.isEmpty,
            let selection = EntrySelection(Array(arguments.dropFirst()), count: entries.count)
        else {
            return usage("save")
        }
        let lines = selection.lines(of: entries)
        guard !lines.isEmpty else {
            return .error(
                Localized(
                    zh: "没有可保存的输入：所选的输入都没有回答（history 列出编号）",
                    en: "nothing to save: none of the inputs picked was answered (history lists the numbers)")(session.lang))
        }
        let path = name.hasSuffix(".kpi") ? name : name + ".kpi"
        let header = "# kpish script, saved \(session.asOf.iso)\n"
        do {
            try (header + lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return .error(Localized(zh: "无法写入 \(path)", en: "cannot write \(path)")(session.lang))
        }
        return .ok(
            Localized(zh: "已保存 \(lines.count) 条到 \(path)", en: "saved \(lines.count) inputs to \(path)")(session.lang))
    }

    /// `run FILE [name=value…]` (or `--param name=value`): the script with its parameters given.
    func runScript(_ arguments: [String]) -> MetaResult {
        guard let file = arguments.first else { return usage("run") }
        var parameters: [String: String] = [:]
        var rest = Array(arguments.dropFirst())[...]
        while let word = rest.popFirst() {
            let pair = word == "--param" ? rest.popFirst() : word
            guard let pair, let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return usage("run") }
            parameters[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let status = runFile(file, parameters: parameters, keepGoing: false)
        return status == 0 ? .ok("") : .error("")
    }

    /// `import FILE... [--dry-run] [--encoding E] [--table T] [--sheet S] [--stages "A,B"]` in the
    /// shell: the same import as `kpish import`.
    func importSalesFile(_ arguments: [String]) -> MetaResult {
        var options = ImportOptions()
        options.today = session.asOf
        var files: [String] = []
        var index = 0
        func value() -> String? {
            index += 1
            return index < arguments.count ? arguments[index] : nil
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--dry-run": options.dryRun = true
            case "--encoding":
                guard let encoding = value().flatMap(EncodingChoice.init(argument:)) else { return usage("import") }
                options.encoding = encoding
            case "--table":
                guard let table = value().flatMap(ImportTable.init(name:)) else { return usage("import") }
                options.table = table
            case "--sheet":
                guard let sheet = value() else { return usage("import") }
                options.sheet = sheet
            case "--stages":
                guard let stages = value().map(parseStages), !stages.isEmpty else { return usage("import") }
                options.stages = stages
            default:
                files.append(arguments[index])
            }
            index += 1
        }
        guard !files.isEmpty else { return usage("import") }
        let result = importFiles(files, workspacePath: session.workspace.path, options: options, lang: session.lang)
        session.workspaceChanged()
        return result.status == 0 ? .ok(result.output) : .error(result.error)
    }

    func open(_ path: String?) -> MetaResult {
        guard let path else { return usage("open") }
        do {
            let workspace = try Workspace.open(at: path)
            let next = Session(workspace: workspace, asOf: session.asOf, lang: session.lang)
            next.color = session.color
            next.width = session.width
            session = next
            return .ok(summaryReport(try workspace.summary(), path: path, lang: session.lang))
        } catch let failure as any LocalizedFailure {
            return .error(failure.message(session.lang))
        } catch {
            return .error("\(error)")
        }
    }
}
