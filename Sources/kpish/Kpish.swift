import Analysis
import ArgumentParser
import Coach
import Engine
import Foundation
import Model
import Render
import Shell
import Store

/// Options every kpish command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "工作区文件 / workspace file (default: $KPISH_DB, else ./kpish.db)")
    var db: String?

    @Option(
        name: .customLong("as-of"),
        help: "按此日期查看数据 YYYY-MM-DD / see the data as of this date (default: $KPISH_AS_OF, else today)")
    var asOf: String?

    @Option(name: .long, help: "界面语言 / language: zh | en (default: $KPISH_LANG, else the locale)")
    var lang: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var language: Lang { Lang.resolve(flag: lang, environment: environment) }

    var workspacePath: String { Workspace.location(flag: db, environment: environment) }

    func validate() throws {
        if let lang, Lang(rawValue: lang.lowercased()) == nil {
            throw ValidationError("--lang 只接受 zh 或 en，不接受 '\(lang)' / --lang takes zh or en, not '\(lang)'")
        }
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of 需要 YYYY-MM-DD 格式的日期，'\(asOf)' 不是 / --as-of takes a date as YYYY-MM-DD, not '\(asOf)'")
        }
    }

    /// `--as-of`, else `$KPISH_AS_OF`, else today's local date.
    func resolvedAsOf() throws -> Day {
        if let asOf { return Day(iso: asOf)! }
        if let text = environment["KPISH_AS_OF"], !text.isEmpty {
            guard let day = Day(iso: text) else {
                throw ValidationError(
                    "$KPISH_AS_OF 不是 YYYY-MM-DD 日期 / $KPISH_AS_OF is not a YYYY-MM-DD date: '\(text)'")
            }
            return day
        }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}

struct Kpish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpish",
        abstract:
            "销售经理的终端助手：用 KPI 查询语言或中英文提问，得到表格、图表和建议。\nA terminal assistant for sales managers: ask in the KPI query language or in plain Chinese or English.",
        discussion: """
            不带子命令时打开交互式会话；-c 回答一句，-f 运行脚本。/ Without a subcommand kpish opens the interactive shell; -c answers one line, -f runs a script.
            kpish report SCRIPT -o FILE.html [--param k=v]：运行脚本，写成 HTML 报告 / run a script into an HTML report.
            退出码 / exit status: 0 成功 answered, 1 输入有误 the input was wrong, 2 用法错误 usage error.
            """,
        version: KpishVersion.current,
        subcommands: [Demo.self, Explain.self, Import.self, CoachCommand.self])

    @OptionGroup var common: CommonOptions

    @Option(name: .customShort("c"), help: "回答一句查询或问题后退出 / answer one query or question, then exit")
    var command: String?

    @Option(name: .customShort("f"), help: "运行脚本文件，每行一句 / run a script file, a statement a line")
    var file: String?

    @Option(
        name: .customLong("param"), help: "脚本参数 name=value，替换 $name / a script parameter name=value, replacing $name")
    var parameters: [String] = []

    @Flag(name: .customLong("keep-going"), help: "脚本出错时继续 / carry on after an error in a script")
    var keepGoing = false

    @Option(help: "输出格式 / output format: table | csv | json | md | xlsx (default: from -o's extension, else table)")
    var format: String?

    @Option(name: [.customShort("o"), .long], help: "写入文件而不是屏幕 / write to this file instead of the screen (.csv, .xlsx, .md, .json)")
    var output: String?

    @Flag(help: "CSV 以 BOM 开头，便于 Excel 识别 UTF-8（-o 写 .csv 时默认）/ start CSV with a byte-order mark for Excel (the default when -o names a .csv)")
    var bom = false

    @Option(help: "CSV 表头 / CSV header: ids | zh | en (default: ids)")
    var headers: String = "ids"

    @Flag(help: "只用 ASCII 字符画表格和图表 / draw tables and charts in plain ASCII")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "不用颜色（也遵从 NO_COLOR）/ no colour (NO_COLOR is honoured too)")
    var noColor = false

    func validate() throws {
        if command != nil && file != nil {
            throw ValidationError("-c 与 -f 只能选一个 / give -c or -f, not both")
        }
        for parameter in parameters where !parameter.contains("=") {
            throw ValidationError("--param 需要 name=value，而不是 '\(parameter)' / --param takes name=value, not '\(parameter)'")
        }
        if OutputFormat(rawValue: resolvedFormat) == nil {
            throw ValidationError(
                "--format 只接受 table、csv、json、md、xlsx，不接受 '\(resolvedFormat)' / --format takes table, csv, json, md or xlsx, not '\(resolvedFormat)'")
        }
        if resolvedFormat == "xlsx" && output == nil {
            throw ValidationError("xlsx 需要 -o 文件名 / xlsx is written to a file: give -o FILE.xlsx")
        }
        if CSVOptions.Headers(rawValue: headers) == nil {
            throw ValidationError("--headers 只接受 ids、zh、en，不接受 '\(headers)' / --headers takes ids, zh or en, not '\(headers)'")
        }
    }

    /// --format, else what -o's extension says, else a table.
    var resolvedFormat: String {
        if let format { return format.lowercased() }
        switch output.map({ URL(fileURLWithPath: $0).pathExtension.lowercased() }) {
        case "csv"?: return "csv"
        case "xlsx"?: return "xlsx"
        case "json"?: return "json"
        case "md"?: return "md"
        default: return "table"
        }
    }

    func run() throws {
        let workspace = try Workspace.open(at: common.workspacePath)
        let session = Session(workspace: workspace, asOf: try common.resolvedAsOf(), lang: common.language)
        session.color = output == nil && Terminal.wantsColor(flag: noColor, environment: common.environment)
        session.width = Terminal.width(environment: common.environment)
        session.ascii = ascii || !Terminal.isUTF8(environment: common.environment)
        let outputFormat = OutputFormat(rawValue: resolvedFormat)!
        session.csv = CSVOptions(bom: bom || (output != nil && outputFormat == .csv), headers: CSVOptions.Headers(rawValue: headers)!)
        if let output {
            session.keepsAnswers = true
            try writeFile(output, format: outputFormat, session: session)
        } else if let command {
            session.stream = Streams.part
            // Kept, not freed on return: the exit below frees it faster (a list of 64k customers'
            // rows took milliseconds to tear down).
            session.keepsAnswers = true
            emit(try session.answer(command, format: outputFormat))
            // Answered and written: tearing down the session (a million-row workspace's columns
            // and indexes) would only delay the exit.
            Foundation.exit(0)
        } else if let file {
            let loop = InputLoop(
                session: session, format: outputFormat, write: Streams.answer, writeError: Streams.error)
            let status = loop.runFile(file, parameters: scriptParameters(parameters), keepGoing: keepGoing)
            if status != 0 { throw ExitCode(status) }
        } else {
            let home = common.environment["HOME"] ?? NSHomeDirectory()
            runShell(session: session, format: outputFormat, historyFile: home + "/.kpish_history")
        }
    }
}

extension Kpish {
    /// `-c` or `-f` answered into a file: a workbook of every answer, or the text of each.
    func writeFile(_ path: String, format: OutputFormat, session: Session) throws {
        var texts: [String] = []
        var status: Int32 = 0
        if let command {
            let result = try session.answer(command, format: format)
            if !result.error.isEmpty { Streams.error(result.error) }
            texts.append(result.output)
            status = result.status
        } else if let file {
            let loop = InputLoop(
                session: session, format: format, write: { texts.append($0) },
                writeError: Streams.error)
            status = loop.runFile(file, parameters: scriptParameters(parameters), keepGoing: keepGoing)
        } else {
            throw ValidationError("-o 需要 -c 或 -f / -o writes the answers of -c or -f")
        }
        // Nothing is written when nothing was answered.
        if status == 0 || !session.answered.isEmpty {
            let bytes: [UInt8] =
                format == .xlsx
                ? xlsxWorkbook(session.answered, lang: session.lang)
                : Array((texts.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n").utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        if status != 0 { throw ExitCode(status) }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpish report",
        abstract:
            "运行脚本，写成一页可发送的 HTML 报告（表格、图表、建议）/ Run a script and write one self-contained HTML page (tables, charts, advice).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "脚本文件 / the query script")
    var script: String

    @Option(name: [.customShort("o"), .long], help: "报告文件 / the report file (.html)")
    var output: String

    @Option(name: .customLong("param"), help: "脚本参数 name=value / a script parameter name=value")
    var parameters: [String] = []

    func run() throws {
        let session = Session(
            workspace: try Workspace.open(at: common.workspacePath), asOf: try common.resolvedAsOf(), lang: common.language)
        session.keepsAnswers = true
        let loop = InputLoop(
            session: session, format: .table, write: { _ in },
            writeError: Streams.error)
        let status = loop.runFile(script, parameters: scriptParameters(parameters), keepGoing: false)
        guard status == 0 else { throw ExitCode(status) }
        // The report's title: the script's first comment, else its file name.
        let text = (try? String(contentsOfFile: script, encoding: .utf8)) ?? ""
        // (# Monthly report for one region.   kpish -f … : the words before the usage).
        let heading =
            text.split(separator: "\n").first { $0.hasPrefix("#") }
            .map { String($0.drop { $0 == "#" || $0 == " " }) }
            .map { $0.components(separatedBy: "   ").first!.trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
        let page = htmlReport(session.answered, title: heading, asOf: session.asOf, lang: session.lang)
        try Data(page.utf8).write(to: URL(fileURLWithPath: output))
        print(Localized(zh: "已写入 \(output)（\(session.answered.count) 个回答）", en: "wrote \(output) (\(session.answered.count) answers)")(session.lang))
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "在工作区生成演示公司（36 个月历史）/ Create the demo company in the workspace (36 months of history).")

    @OptionGroup var common: CommonOptions

    @Option(help: "订单行数 / order lines to generate")
    var orders: Int = DemoOptions.defaultOrderLines

    @Option(help: "随机种子：相同种子与日期生成相同数据 / random seed: the same seed and as-of give the same data")
    var seed: UInt64 = 1

    @Flag(help: "替换工作区中已有的数据 / replace the data already in the workspace")
    var replace = false

    func validate() throws {
        guard orders >= 100 && orders <= 50_000_000 else {
            throw ValidationError("--orders 应在 100 到 50000000 之间 / --orders must be between 100 and 50000000")
        }
    }

    func run() throws {
        let workspace = try Workspace.open(at: common.workspacePath)
        var options = DemoOptions(orderLines: orders, seed: seed, asOf: try common.resolvedAsOf(), replace: replace)
        let bar = ProgressBar(lang: common.language)
        options.progress = { progress in
            let phase =
                progress.phase == .generating
                ? Localized(zh: "生成演示公司", en: "generating") : Localized(zh: "写入工作区", en: "writing")
            bar.update(phase, fraction: progress.fraction)
        }
        do {
            // The bar goes before anything else is printed, and on a failure too.
            defer { bar.finish() }
            try workspace.generateDemo(options)
        }
        // Loading the engine once writes the column snapshot, so the first question is fast.
        _ = try MetricEngine(workspace: workspace)
        print(summaryReport(try workspace.summary(), path: workspace.path, lang: common.language))
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "显示一句查询或问题会变成的计划，不执行 / Show the plan a query or question becomes, without running it.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "以 JSON 输出计划 / print the plan as JSON")
    var json = false

    @Argument(help: "查询或问题 / the query or question")
    var text: [String]

    func run() throws {
        let session = Session(
            workspace: try Workspace.open(at: common.workspacePath), asOf: try common.resolvedAsOf(),
            lang: common.language)
        emit(try explain(text.joined(separator: " "), session: session, json: json))
    }
}

struct CoachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract:
            "教练：一步步设 SMART 目标、做回顾、导览、平衡考核 / Coach: guided SMART targets, reviews, a tour, balanced KPIs.",
        discussion: """
            每一步有编号选项和方括号中的默认值；回车用默认值；back 返回、quit 保存并退出、help 说明。回答也可从标准输入按行给出。
            Every step has numbered choices and a default in brackets; Enter takes it; back, quit and help work at every step. Answers may come on stdin, one per line.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "smart | review | onboard | balance | reviews（列出回顾 / list the saved reviews）")
    var flow: String?

    func validate() throws {
        if let flow, !(Coach.flows + ["reviews"]).contains(flow.lowercased()) {
            throw ValidationError(
                "coach 只接受 smart、review、onboard、balance、reviews，不接受 '\(flow)' / coach takes smart, review, onboard, balance or reviews, not '\(flow)'"
            )
        }
    }

    func run() throws {
        let workspace = try Workspace.open(at: common.workspacePath)
        let analyst = Analyst(engine: try MetricEngine(store: workspace), scorecards: workspace)
        let coach = Coach(
            analyst: analyst, store: workspace, asOf: try common.resolvedAsOf(), lang: common.language, io: TerminalIO())
        if flow?.lowercased() == "reviews" {
            print(try coach.reviews())
        } else {
            _ = try coach.run(flow?.lowercased())
        }
    }
}

/// The coach over stdin and stdout: prompts without a newline, one answer per line.
final class TerminalIO: CoachIO {
    func ask(_ prompt: String) -> String? {
        print(prompt, terminator: "")
        fflush(nil)  // every stream: the prompt has no newline to flush it
        let line = readLine()
        // Answers piped in are not echoed by a terminal: end the prompt's line.
        if isatty(STDIN_FILENO) == 0 { print(line ?? "") }
        return line
    }

    func say(_ text: String) { print(text) }
}

/// Writes a command's output and error text and exits with its status when it is not 0.
func emit(_ result: CommandOutput) {
    if !result.output.isEmpty { Streams.answer(result.output) }
    if !result.error.isEmpty { Streams.error(result.error) }
    if result.status != 0 { exit(result.status) }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "导入销售数据（CSV/TSV/Excel）/ Import sales data: orders, opportunities, activities, surveys, reviews, targets, reps, customers, products.",
        discussion: """
            从表头识别文件是哪张表（订单、商机、跟进记录、满意度调查、互评、销售目标、销售员、客户、产品），--table 可覆盖；\
            可一次导入多个文件或一个文件夹，Excel 工作簿（.xlsx/.xlsm）的每个工作表各自识别（--sheet 只导入一个）。\
            自动识别编码（UTF-8、GB18030/GBK、Windows-1252）、中英文表头、标题行、合计行和日期格式；去掉文件内的重复行，\
            跳过工作区已有的行，无法导入的行写入 FILE.rejects.csv（含行号和原因）。全部在一个事务内完成：出错或 Ctrl-C 时工作区保持原样。
            The headers say which table a file holds (orders, opportunities, activities, surveys, reviews, targets, \
            reps, customers, products); --table overrides. Several files or a folder in one command; each sheet of an \
            Excel workbook (.xlsx, .xlsm) goes to its own table (--sheet picks one). Detects the encoding, Chinese and \
            English headers, title rows, 合计 rows and date forms; drops duplicate rows, skips rows already in the \
            workspace, and writes rows it cannot import to FILE.rejects.csv with their line and reason. One \
            transaction: on an error or Ctrl-C the workspace is left as it was.
            字段 / fields:
            \(ImportTable.allCases.map { "  \($0.rawValue): \($0.fieldIDs.joined(separator: ", "))" }.joined(separator: "\n"))
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "CSV、TSV 或 Excel 文件，或文件夹 / CSV, TSV or Excel files, or folders")
    var files: [String]

    @Option(help: "导入到哪张表（默认按表头识别）/ the table to import into (default: the one the headers say)")
    var table: String?

    @Option(help: "只导入工作簿中的这个工作表 / import only this sheet of a workbook")
    var sheet: String?

    @Option(
        help: ArgumentHelp(
            "自己的商机阶段顺序（不含赢单/输单）/ your pipeline's open stages in order (won and lost close them)",
            valueName: "A,B,C"))
    var stages: String?

    @Option(
        help: ArgumentHelp(
            "指定列的字段，可重复；FIELD 为 ignore 时不导入该列，#N 表示第 N 列 / map a column to a field (repeatable); ignore drops the column, #N names the N-th column",
            valueName: "COLUMN=FIELD"))
    var map: [String] = []

    @Option(help: "文件编码 / the file's encoding: auto | utf8 | gb18030 | cp1252")
    var encoding: String = EncodingChoice.auto.rawValue

    @Option(
        name: .customLong("date-order"),
        help: "A/B/YYYY 形式日期的日月顺序 / the order of A/B/YYYY dates: auto | mdy | dmy")
    var dateOrder: String = "auto"

    @Option(help: "被拒绝的行写到哪里 / where rejected rows go (default: FILE.rejects.csv beside the file)")
    var rejects: String?

    @Flag(
        name: .customLong("dry-run"),
        help: "只显示识别的表、映射、编码和前 5 行，不写入数据 / show the table, mapping, encoding and five parsed rows; write no rows")
    var dryRun = false

    func validate() throws {
        if let table, ImportTable(name: table) == nil {
            let names = ImportTable.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--table 只接受 \(names)，不接受 '\(table)' / --table takes \(names), not '\(table)'")
        }
        if let stages, parseStages(stages).isEmpty {
            throw ValidationError("--stages 需要至少一个阶段名 / --stages needs at least one stage name")
        }
        guard EncodingChoice(argument: encoding) != nil else {
            throw ValidationError(
                "--encoding 只接受 auto、utf8、gb18030、cp1252，不接受 '\(encoding)' / --encoding takes auto, utf8, gb18030 or cp1252, not '\(encoding)'"
            )
        }
        guard ["auto", "mdy", "dmy"].contains(dateOrder.lowercased()) else {
            throw ValidationError(
                "--date-order 只接受 auto、mdy、dmy，不接受 '\(dateOrder)' / --date-order takes auto, mdy or dmy, not '\(dateOrder)'")
        }
        do {
            _ = try parseMapping(map)
        } catch let failure as MappingError {
            throw ValidationError(failure.message.zh + " / " + failure.message.en)
        }
    }

    func run() throws {
        var options = ImportOptions()
        options.table = table.flatMap(ImportTable.init(name:))
        (options.mapping, options.fieldMapping) = try parseMapping(map)
        options.encoding = EncodingChoice(argument: encoding)!
        options.dateOrder = DateOrder(rawValue: dateOrder.lowercased())
        options.rejectsPath = rejects
        options.dryRun = dryRun
        options.today = try common.resolvedAsOf()
        options.sheet = sheet
        options.stages = stages.map(parseStages)
        emit(importFiles(files, workspacePath: common.workspacePath, options: options, lang: common.language))
    }
}

/// `--param name=value` options as a script's parameters.
func scriptParameters(_ options: [String]) -> [String: String] {
    var values: [String: String] = [:]
    for option in options {
        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
        values[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return values
}

enum KpishVersion {
    static let current = "0.1.0"
}

@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var lang = Lang.resolve(flag: nil, environment: ProcessInfo.processInfo.environment)
        if let index = arguments.firstIndex(of: "--lang"), index + 1 < arguments.count,
            let flag = Lang(rawValue: arguments[index + 1].lowercased())
        {
            lang = flag
        }
        do {
            // `report` is a command of its own: its -o names the report, not an answer's file.
            var command =
                arguments.first == "report"
                ? try Report.parseAsRoot(Array(arguments.dropFirst())) : try Kpish.parseAsRoot(arguments)
            try command.run()
        } catch let failure as any LocalizedFailure {
            printError("kpish: " + failure.message(lang))
            exit(1)
        } catch let code as ExitCode {
            // A script that stopped at an error has said why already.
            exit(code.rawValue)
        } catch {
            if let failure = WorkspaceError.storage(error) {
                printError("kpish: " + failure.message(lang))
                exit(1)
            }
            // Help and --version are clean exits; anything else from parsing is a usage error (2).
            let root: any ParsableCommand.Type = arguments.first == "report" ? Report.self : Kpish.self
            let code = root.exitCode(for: error)
            if code == .success {
                print(root.fullMessage(for: error))
                exit(0)
            }
            printError(usageMessage(root.fullMessage(for: error), lang: lang))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// ArgumentParser's usage errors are English; a Chinese session gets the error line in
    /// Chinese as well (the usage line below it is the options themselves). kpish's own checks
    /// already say both.
    static func usageMessage(_ message: String, lang: Lang) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("Error: ") else { return message }
        let said = String(first.dropFirst("Error: ".count))
        let chineseScalar = { (scalar: Unicode.Scalar) in (0x4E00...0x9FFF).contains(scalar.value) }
        // kpish's own checks say "中文 / English": the session's half.
        if let split = said.range(of: " / "), said[..<split.lowerBound].unicodeScalars.contains(where: chineseScalar) {
            lines[0] = lang == .zh ? "错误：" + said[..<split.lowerBound] : "Error: " + said[split.upperBound...]
            return lines.joined(separator: "\n")
        }
        guard lang == .zh, !said.unicodeScalars.contains(where: chineseScalar) else { return message }
        let quoted = said.split(separator: "'", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { "'\($0.element)'" }
        let chinese: String? =
            if said.hasPrefix("Unknown option"), quoted.count == 1 {
                "未知的选项 \(quoted[0])"
            } else if said.hasPrefix("Unexpected argument"), !quoted.isEmpty {
                "多余的参数 \(quoted.joined(separator: "、"))"
            } else if said.hasPrefix("Missing value for"), quoted.count == 1 {
                "选项 \(quoted[0]) 缺少取值"
            } else if said.hasPrefix("Missing expected argument"), quoted.count == 1 {
                "缺少参数 \(quoted[0])"
            } else if said.hasPrefix("The value"), quoted.count == 2 {
                "\(quoted[0]) 不是 \(quoted[1]) 的有效取值"
            } else {
                nil
            }
        guard let chinese else { return message }
        lines[0] = "错误：\(chinese) / Error: \(said)"
        return lines.map { $0.hasPrefix("  See '") ? "  详见 kpish --help / " + $0.trimmingCharacters(in: .whitespaces) : $0 }
            .joined(separator: "\n")
    }

    static func printError(_ text: String) { Streams.error(text) }
}
