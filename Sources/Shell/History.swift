import CReadline
import Foundation

/// The REPL's input history, kept by GNU readline and saved to a file of mode 0600.
///
///     let history = LineHistory(file: home + "/.kpish_history")
///     history.add("revenue by region")   // skipped when it repeats the previous line
///     try history.save()
public final class LineHistory {
    public let file: String

    public init(file: String) {
        self.file = file
        using_history()
    }

    /// Loads the file's lines, if it exists.
    public func load() {
        clear_history()
        if FileManager.default.fileExists(atPath: file) { read_history(file) }
    }

    /// Adds a line unless it is blank or the same as the previous one.
    public func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != entries.last else { return }
        add_history(trimmed)
    }

    /// The lines, oldest first.
    public var entries: [String] {
        guard let list = history_list() else { return [] }
        var lines: [String] = []
        var index = 0
        while let entry = list[index] {
            lines.append(String(cString: entry.pointee.line))
            index += 1
        }
        return lines
    }

    /// Writes the history to its file and makes the file private to the user.
    public func save() throws {
        let code = write_history(file)
        guard code == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file]) }
        chmod(file, 0o600)
    }

    public func clear() { clear_history() }
}
