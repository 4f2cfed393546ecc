import CReadline
import Foundation

/// Lines from a pipe or file: no prompt, no editing.
public struct PlainReader: LineReader {
    public init() {}
    public mutating func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    public mutating func takeInterrupt() -> Bool { false }
}

// Readline calls back through C function pointers, which capture nothing: the completer and the
// matches in flight live here. Only the REPL's one thread touches them.
nonisolated(unsafe) private var activeCompleter: ((String, String) -> [String])?
nonisolated(unsafe) private var pendingMatches: [String] = []
nonisolated(unsafe) private var nextMatch = 0
nonisolated(unsafe) private var interruptPending: sig_atomic_t = 0

/// Lines from a terminal through GNU readline: editing, Ctrl-R history search, tab completion,
/// history kept in a file of mode 0600, Ctrl-C drops the line being typed, Ctrl-D ends.
public struct ReadlineReader: LineReader {
    private let history: LineHistory

    public init(historyFile: String, completer: @escaping (_ word: String, _ before: String) -> [String]) {
        setlocale(LC_ALL, "")
        history = LineHistory(file: historyFile)
        history.load()
        activeCompleter = completer
        kpish_readline_configure { text, start, _ in
            kpish_readline_no_filename_completion()
            let word = text.map { String(cString: $0) } ?? ""
            let line = kpish_readline_line_buffer().map { String(cString: $0) } ?? ""
            let before = String(decoding: Array(line.utf8).prefix(Int(start)), as: UTF8.self)
            pendingMatches = activeCompleter?(word, before) ?? []
            return rl_completion_matches(text) { _, state in
                if state == 0 { nextMatch = 0 }
                guard nextMatch < pendingMatches.count else { return nil }
                defer { nextMatch += 1 }
                return strdup(pendingMatches[nextMatch])
            }
        }
        // Ctrl-C: drop the line being typed and start a fresh prompt; the loop drops any
        // statement begun on earlier lines. It arrives as SIGINT or, when readline has the
        // terminal's signal keys off, as the character 0x03: both are handled.
        kpish_readline_bind_ctrl_c()
        // A parent may have left SIGINT blocked (the mask is inherited across exec).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGINT) { _ in
            interruptPending = 1
            write(STDOUT_FILENO, "^C\n", 3)
            rl_replace_line("", 0)
            rl_on_new_line()
            rl_redisplay()
        }
    }

    public mutating func readLine(prompt: String) -> String? {
        guard let pointer = readline(prompt) else {
            print("")
            return nil
        }
        defer { free(pointer) }
        let line = String(cString: pointer)
        history.add(line)
        try? history.save()
        return line
    }

    public mutating func takeInterrupt() -> Bool {
        defer { interruptPending = 0 }
        return interruptPending != 0
    }
}
