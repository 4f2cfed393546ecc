import Foundation
import Model

/// FILE.rejects.csv: each rejected row with its line, column and reason, then its fields as the
/// file has them. UTF-8 with a byte-order mark, so that Excel shows Chinese text correctly.
enum RejectsFile {
    /// Writes the file and returns its path; nil when there is nothing to write (a stale file
    /// at the default path is removed) or it could not be written.
    static func write(_ file: SalesFile, options: ImportOptions, workspacePath: String) -> String? {
        write(
            path: file.path, sheet: nil, headers: file.headers, rejections: file.rejections, options: options,
            workspacePath: workspacePath)
    }

    /// The rejects of a file, or of a workbook's sheet (`crm.xlsx` sheet 商机 → `crm.商机.rejects.csv`).
    static func write(
        path: String, sheet: String?, headers: [String], rejections: [Rejection], options: ImportOptions,
        workspacePath: String
    ) -> String? {
        let candidates =
            options.rejectsPath.map { [$0] } ?? defaultPaths(path, sheet: sheet, workspacePath: workspacePath)
        guard !rejections.isEmpty else {
            if options.rejectsPath == nil, let path = candidates.first {
                try? FileManager.default.removeItem(atPath: path)
            }
            return nil
        }
        let lang = options.lang
        var text = "\u{FEFF}"
        let header = [lang == .zh ? "行" : "line", lang == .zh ? "列" : "column", lang == .zh ? "原因" : "reason"]
        text += (header + headers).map(csvField).joined(separator: ",") + "\r\n"
        for rejection in rejections {
            let cells = [
                String(rejection.line), rejection.column.map(String.init) ?? "", rejection.reason.message(lang),
            ]
            text += (cells + rejection.fields).map(csvField).joined(separator: ",") + "\r\n"
        }
        for path in candidates where writePrivately(Array(text.utf8), to: path) { return path }
        return nil
    }

    /// Writes the file readable by its owner only, whatever the umask: it holds whole sales rows,
    /// like the workspace (0600). A file there before is truncated and given that mode too.
    private static func writePrivately(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { return false }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// Beside the file (`sales.csv` → `sales.rejects.csv`), else beside the workspace when the
    /// file's folder is read-only.
    static func defaultPaths(_ path: String, sheet: String? = nil, workspacePath: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        for suffix in [".csv", ".tsv", ".txt", ".xlsx", ".xlsm"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if let sheet { name += "." + sheet.replacingAll("/", with: "_") }
        name += ".rejects.csv"
        let besideWorkspace = URL(fileURLWithPath: workspacePath).deletingLastPathComponent().appendingPathComponent(
            name)
        return [url.deletingLastPathComponent().appendingPathComponent(name).path, besideWorkspace.path]
    }

    private static func csvField(_ value: String) -> String {
        let needsQuotes =
            value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
