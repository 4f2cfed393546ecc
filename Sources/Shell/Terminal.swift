import Foundation
import Model
import Render

/// Facts about where kpish is writing.
public enum Terminal {
    /// Whether standard input and output are both a terminal (the REPL shows prompts).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, never under NO_COLOR (no-color.org) or --no-color.
    public static func wantsColor(flag noColor: Bool, environment: [String: String]) -> Bool {
        !noColor && environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
    }

    /// The width answers fit in: COLUMNS when set, else the terminal's, else 80.
    public static func width(environment: [String: String]) -> Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return width ?? 80
    }

    /// Whether the locale writes UTF-8 (LC_ALL, else LC_CTYPE, else LANG); with none set, it is
    /// taken to (most terminals are), and a locale such as C or zh_CN.GB18030 gets ASCII drawings.
    public static func isUTF8(environment: [String: String]) -> Bool {
        guard let locale = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap({ environment[$0] }).first(where: { !$0.isEmpty })
        else { return true }
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }

    /// The terminal's width in cells, when writing to one.
    public static var width: Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0
        else { return nil }
        return Int(size.ws_col)
    }
}

/// Writing answers and errors. Standard output is flushed after every answer and before every
/// error, so that when both streams go to one pipe (`kpish -f x.kps > all.txt 2>&1`) an error
/// lands between answers, never inside a CSV row.
public enum Streams {
    /// One answer (or line of text), with a line break, then flushed.
    public static func answer(_ text: String) {
        print(text)
        fflush(nil)  // every output stream (standard output is a shared C global)
    }

    /// Part of an answer, as it is made (a long CSV); `answer` or `error` flushes it.
    public static func part(_ text: String) { print(text, terminator: "") }

    /// An error, with a line break, after whatever answers came before it.
    public static func error(_ text: String) {
        fflush(nil)  // every output stream (standard output is a shared C global)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The REPL: greets, then reads statements until Ctrl-D or `quit`.
public func runShell(session: Session, format: OutputFormat, historyFile: String) {
    let interactive = Terminal.isInteractive
    let loop = InputLoop(
        session: session, format: format, write: Streams.answer, writeError: Streams.error)
    if interactive {
        // The columns load while the banner shows and the person types the first question.
        session.warmUp()
        let lang = session.lang
        if (try? session.workspace.summary().isEmpty) == true {
            print(
                Localized(
                    zh:
                        "欢迎使用 kpish！这个工作区还没有数据。\n  demo 数据：在命令行运行 kpish demo --db \(session.workspace.path)\n  导入文件：kpish import FILE --db \(session.workspace.path)\n输入 help 查看帮助。",
                    en:
                        "Welcome to kpish! This workspace has no data yet.\n  demo data: run kpish demo --db \(session.workspace.path)\n  your file: kpish import FILE --db \(session.workspace.path)\nType help for help."
                )(lang))
        } else {
            print(
                Localized(
                    zh: "kpish — 工作区 \(session.workspace.path)，数据截至 \(session.asOf.iso)。输入查询或问题，help 查看帮助，Ctrl-D 退出。",
                    en:
                        "kpish — workspace \(session.workspace.path), data as of \(session.asOf.iso). Type a query or a question, help for help, Ctrl-D to leave."
                )(lang))
        }
        if session.workspace.isReadOnly {
            print(
                Localized(
                    zh: "（只读打开：文件或其目录没有写权限，可以查询，不能设目标、定义或导入。）",
                    en: "(Opened read-only: the file or its folder is not writable. Queries work; targets, definitions and imports do not.)"
                )(lang))
        }
        var reader = ReadlineReader(historyFile: historyFile) { word, before in
            let vocabulary = (try? session.vocabulary()) ?? Vocabulary(metrics: [], dimensions: [])
            return completions(
                for: word, before: before, vocabulary: vocabulary, commands: InputLoop.commands.map(\.name))
        }
        loop.run(&reader, interactive: true)
    } else {
        var reader = PlainReader()
        loop.run(&reader, interactive: false)
    }
}
