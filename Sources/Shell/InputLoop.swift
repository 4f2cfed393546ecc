import Coach
import Foundation
import Language
import Model
import Render
import Store

/// A source of lines: the terminal (through readline), a pipe, or a script.
public protocol LineReader {
    /// The next line, nil at the end; `interrupted` reports Ctrl-C since the last line.
    mutating func readLine(prompt: String) -> String?
    /// Whether Ctrl-C was pressed since the last call (the half-typed statement is dropped).
    mutating func takeInterrupt() -> Bool
}

/// The one input loop behind the REPL, `kpish -f FILE` and `run FILE`: statements continue over
/// lines until complete, meta-commands work on an empty buffer, answers go to `write`, errors to
/// `writeError`.
public final class InputLoop {
    public var session: Session
    public var format: OutputFormat
    public var timing = false
    /// Every input of the session, numbered for `history` and `save FILE 3-5`.
    var entries: [Entry] = []
    let write: (String) -> Void
    let writeError: (String) -> Void
    /// Where `coach` reads its answers while `run` reads lines: the same reader.
    var coachIO: CoachIO?
    /// Whether ties are asked back (on a terminal).
    var asksBack = false

    public init(
        session: Session, format: OutputFormat, write: @escaping (String) -> Void,
        writeError: @escaping (String) -> Void
    ) {
        self.session = session
        self.format = format
        self.write = write
        self.writeError = writeError
    }

    /// Reads until the end (Ctrl-D) or `quit`. Prompts only when `interactive`.
    public func run<Reader: LineReader>(_ reader: inout Reader, interactive: Bool) {
        // The coach's dialogues read from the same reader, so it lives in a box both share.
        let box = ReaderBox(reader)
        defer { reader = box.reader }
        let previousIO = coachIO
        coachIO = ReaderIO(box: box, interactive: interactive, write: write)
        defer { coachIO = previousIO }
        // On a terminal, a question whose readings tie is asked back before it is answered.
        asksBack = interactive
        session.keepsContext = true
        defer { asksBack = false }
        var buffer = ""
        while true {
            let prompt = interactive ? (buffer.isEmpty ? "kpish> " : "   ...> ") : ""
            guard let line = box.reader.readLine(prompt: prompt) else {
                if !buffer.isEmpty { _ = execute(buffer, location: nil) }
                return
            }
            if box.reader.takeInterrupt() { buffer = "" }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if buffer.isEmpty {
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if let result = meta(trimmed) {
                    switch result {
                    case .exit: return
                    case .ok(let text): if !text.isEmpty { write(text) }
                    case .error(let text): if !text.isEmpty { writeError(text) }
                    }
                    continue
                }
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            guard isComplete(buffer) else { continue }
            _ = execute(buffer, location: nil)
            buffer = ""
        }
    }

    /// A meta-command when the line's first word names one (and is not the language's own word).
    func meta(_ line: String) -> MetaResult? {
        let words = line.split(separator: " ").map(String.init)
        guard let first = words.first, !languageKeywords.contains(first.lowercased()) else { return nil }
        switch Self.command(named: first) {
        case nil: return nil
        case .command(let command)?:
            entries.append(Entry(text: line, kind: .command))
            return command.run(self, Array(words.dropFirst()))
        case .ambiguous(let names)?:
            return .error(
                Localized(
                    zh: "“\(first)” 可以是 \(names.joined(separator: "、"))，请多输入几个字母",
                    en: "“\(first)” could be \(names.joined(separator: ", ")); type more of it")(session.lang))
        }
    }

    /// Answers one statement; a script passes where it stands for FILE:LINE:COL messages.
    func execute(_ statement: String, location: (file: String, line: Int)?) -> Bool {
        var asked = statement
        if asksBack, let io = coachIO {
            switch askBack(statement, io) {
            case nil: break
            case .reading(let query)?: asked = query
            case .rephrase?:
                entries.append(Entry(text: statement, kind: .unanswered))
                return false
            case .newQuestion(let line)?:
                entries.append(Entry(text: statement, kind: .unanswered))
                return execute(line, location: location)
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result: CommandOutput
        do {
            result = try session.answer(asked, format: format, file: location?.file, firstLine: location?.line ?? 1)
        } catch let failure as any LocalizedFailure {
            result = CommandOutput(error: failure.message(session.lang), status: 1)
        } catch {
            result = CommandOutput(
                error: WorkspaceError.storage(error)?.message(session.lang) ?? "\(error)", status: 1)
        }
        if !result.output.isEmpty { write(result.output) }
        if !result.error.isEmpty { writeError(result.error) }
        if timing {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            write(Localized(zh: "用时 ", en: "time ")(session.lang) + String(format: "%.1f ms", milliseconds))
        }
        // A reading chosen from those asked back is kept as its query: a script cannot ask back.
        entries.append(
            result.status == 0
                ? Entry(text: statement, kind: .answered(saved: asked, standalone: session.lastStandalone))
                : Entry(text: statement, kind: .unanswered))
        return result.status == 0
    }

    /// What the person answered when a question was asked back.
    enum AskBackChoice: Equatable {
        /// One of the readings, as its query.
        case reading(String)
        /// None of these: nothing is answered.
        case rephrase
        /// A line that is not a choice: a question of its own.
        case newQuestion(String)
    }

    /// When a question was only partly understood (words left over) or its readings tie
    /// (卖得最好: by revenue or by quantity?), lists the readings numbered, with "none of these",
    /// and reads the choice; Enter takes the first. Nil when the question needs no confirmation.
    private func askBack(_ statement: String, _ io: CoachIO) -> AskBackChoice? {
        guard case .success(let recognized)? = try? session.recognize(statement),
            let understanding = recognized.understanding, understanding.needsConfirmation
        else { return nil }
        let readings = [recognized.plan] + understanding.alternatives
        let lang = session.lang
        var lines: [String] = []
        if understanding.ignored.isEmpty {
            lines.append(Localized(zh: "“\(statement)” 有几种理解：", en: "“\(statement)” can be read more than one way:")(lang))
        } else {
            let words = understanding.ignored.map { "“\($0)”" }.joined(separator: lang == .zh ? "、" : ", ")
            lines.append(
                Localized(
                    zh: "\(words) 没有理解。是想问：", en: "\(words) not understood. Did you mean:")(lang))
        }
        for (index, plan) in readings.enumerated() { lines.append("  \(index + 1)) \(plan.canonical ?? "")") }
        lines.append(
            "  \(readings.count + 1)) " + Localized(zh: "都不是——换个说法", en: "none of these — rephrase")(lang))
        io.say(lines.joined(separator: "\n"))
        let answer =
            io.ask(Localized(zh: "选择 [1]：", en: "choose [1]: ")(lang))?.trimmingCharacters(in: .whitespaces) ?? ""
        if answer.isEmpty { return .reading(recognized.plan.canonical ?? statement) }
        guard let number = Int(answer) else { return .newQuestion(answer) }
        if number == readings.count + 1 {
            io.say(Localized(zh: "好的，请换个说法再问。", en: "All right: ask it another way.")(lang))
            return .rephrase
        }
        guard readings.indices.contains(number - 1) else { return .newQuestion(answer) }
        return .reading(readings[number - 1].canonical ?? statement)
    }

    /// Runs a script: one statement or question a line, `#` comments, `$name` parameters,
    /// statements over several lines. Stops at the first error (exit status 1) unless `keepGoing`.
    public func runFile(_ file: String, parameters: [String: String], keepGoing: Bool) -> Int32 {
        // A script keeps the context within itself: a follow-up line continues the line before.
        session.keepsContext = true
        guard let data = FileManager.default.contents(atPath: file) else {
            writeError(Localized(zh: "无法读取脚本 \(file)", en: "cannot read the script \(file)")(session.lang))
            return 1
        }
        // Where a script is not text, say where: a NUL byte (a binary file), or bytes that are
        // not UTF-8.
        let bytes = [UInt8](data)
        if let offset = bytes.firstIndex(of: 0) ?? firstInvalidUTF8(in: bytes) {
            let line = bytes[..<offset].filter { $0 == 0x0A }.count + 1
            let column = offset - (bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            let what =
                bytes[offset] == 0
                ? Localized(zh: "含有 NUL 字节，不是文本文件", en: "holds a NUL byte: it is not a text file")
                : Localized(zh: "不是 UTF-8 文本，请另存为 UTF-8", en: "is not UTF-8 text: save it as UTF-8")
            writeError("\(file):\(line):\(column): " + Localized(zh: "脚本", en: "the script ")(session.lang) + what(session.lang))
            return 1
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var status: Int32 = 0
        var buffer = ""
        var startLine = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingTrailingCR()
        }
        // `# param month = last month`: a parameter the script names, with its default.
        let parameters = Self.declaredParameters(lines).merging(parameters) { _, given in given }
        for (index, raw) in lines.enumerated() {
            var line = raw
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") { line = String(line[..<hash]) }
            for (name, value) in parameters.sorted(by: { $0.key.count > $1.key.count }) {
                line = line.replacingOccurrences(of: "$" + name, with: value)
            }
            if let missing = Self.parameterPattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let range = Range(missing.range(at: 1), in: line)
            {
                let name = String(line[range])
                let column = line.distance(from: line.startIndex, to: range.lowerBound)
                let example = name.contains("month") ? String(session.asOf.firstOfMonth(adding: -1).iso.prefix(7)) : "…"
                writeError(
                    "\(file):\(index + 1):\(column):"
                        + Localized(
                            zh: " 缺少参数 \(name)（--param \(name)=\(example)，或在脚本中写 # param \(name) = 默认值）",
                            en: " missing parameter \(name) (--param \(name)=\(example), or # param \(name) = DEFAULT in the script)")(session.lang))
                status = 1
                if !keepGoing { return 1 }
                buffer = ""
                continue
            }
            if buffer.isEmpty {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                startLine = index + 1
                if let result = meta(line.trimmingCharacters(in: .whitespaces)) {
                    switch result {
                    case .exit: return status
                    case .ok(let output): if !output.isEmpty { write(output) }
                    case .error(let message):
                        if !message.isEmpty { writeError("\(file):\(index + 1):1: " + message) }
                        status = 1
                        if !keepGoing { return 1 }
                    }
                    continue
                }
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            guard (isComplete(buffer) && !Self.continues(lines, after: index)) || index == lines.count - 1 else { continue }
            if !execute(buffer, location: (file, startLine)) {
                status = 1
                if !keepGoing { return 1 }
            }
            buffer = ""
        }
        return status
    }
}

extension InputLoop {
    /// `$name` left in a line once the parameters are put in.
    static let parameterPattern = try! NSRegularExpression(pattern: #"\$([A-Za-z_][A-Za-z0-9_]*)"#)

    /// The script's `# param NAME = DEFAULT` lines.
    static func declaredParameters(_ lines: [String]) -> [String: String] {
        var defaults: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"^\s*#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$"#)
        for line in lines {
            guard let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let name = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line)
            else { continue }
            defaults[String(line[name])] = String(line[value])
        }
        return defaults
    }

    /// Clauses that never begin a statement: a script line starting with one (`   order by
    /// revenue desc`) goes on with the statement above it.
    static let continuingClauses = ["order ", "limit ", "where ", "and ", "vs ", "by "]

    /// Whether the next line with words on it continues the statement that ends at `index`.
    static func continues(_ lines: [String], after index: Int) -> Bool {
        guard let next = lines[(index + 1)...].lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: {
            !$0.isEmpty && !$0.hasPrefix("#")
        })
        else { return false }
        return continuingClauses.contains { next.lowercased().hasPrefix($0) }
    }
}

extension String {
    fileprivate func trimmingTrailingCR() -> String { hasSuffix("\r") ? String(dropLast()) : self }
}

/// A reader shared by the input loop and the coach's dialogues.
final class ReaderBox<Reader: LineReader> {
    var reader: Reader
    init(_ reader: Reader) { self.reader = reader }
}

/// The coach's questions asked on the loop's reader, its text written where answers go.
final class ReaderIO<Reader: LineReader>: CoachIO {
    let box: ReaderBox<Reader>
    let interactive: Bool
    let write: (String) -> Void

    init(box: ReaderBox<Reader>, interactive: Bool, write: @escaping (String) -> Void) {
        self.box = box
        self.interactive = interactive
        self.write = write
    }

    func ask(_ prompt: String) -> String? {
        // A reader without a terminal shows no prompt: write it, so a transcript reads whole.
        if !interactive { write(prompt) }
        return box.reader.readLine(prompt: prompt)
    }

    func say(_ text: String) { write(text) }
}

extension InputLoop {
    /// `coach [FLOW|reviews]`: a guided dialogue on this session's workspace, its answers read
    /// from the loop's own input.
    func coach(_ argument: String?) -> MetaResult {
        let lang = session.lang
        guard let io = coachIO else {
            return .error(Localized(zh: "coach 只能在 shell 中使用。", en: "coach runs in the shell.")(lang))
        }
        let flow = argument?.lowercased()
        if let flow, !(Coach.flows + ["reviews"]).contains(flow) {
            return .error(CoachError.unknownFlow(flow).message(lang))
        }
        do {
            let coach = Coach(analyst: try session.analyst(), store: session.workspace, asOf: session.asOf, lang: lang, io: io)
            if flow == "reviews" { return .ok(try coach.reviews()) }
            _ = try coach.run(flow)
            // Targets and plans may have changed.
            session.workspaceChanged()
            return .ok("")
        } catch let failure as any LocalizedFailure {
            return .error(failure.message(lang))
        } catch {
            return .error("\(error)")
        }
    }
}
