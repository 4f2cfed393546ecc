import Model

/// Why a workspace could not be opened or changed. Messages are composed at the edge.
public enum WorkspaceError: LocalizedFailure, Equatable {
    /// The file exists but is not a kpish workspace (another program's file or database).
    case notAWorkspace(path: String, reason: Reason)
    /// The file was written by a newer kpish whose schema this build does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file could not be created or opened.
    case cannotOpen(path: String, detail: String)
    /// `demo` would overwrite data that is already there.
    case notEmpty(path: String)

    public enum Reason: Equatable, Sendable {
        case notSQLite
        case foreignDatabase
    }

    public var message: Localized {
        switch self {
        case .notAWorkspace(let path, .notSQLite):
            return Localized(
                zh: "\(path) 不是 kpish 工作区（不是 SQLite 数据库文件）；文件未作任何改动。",
                en: "\(path) is not a kpish workspace (not an SQLite database); the file was left untouched.")
        case .notAWorkspace(let path, .foreignDatabase):
            return Localized(
                zh: "\(path) 是其他程序的 SQLite 数据库，不是 kpish 工作区；文件未作任何改动。",
                en: "\(path) is another program's SQLite database, not a kpish workspace; the file was left untouched.")
        case .newerSchema(let path, let found, let supported):
            return Localized(
                zh: "\(path) 由更新版本的 kpish 创建（结构版本 \(found)，本程序支持到 \(supported)）；请升级 kpish。文件未作任何改动。",
                en:
                    "\(path) was written by a newer kpish (schema version \(found); this build knows up to \(supported)); upgrade kpish. The file was left untouched."
            )
        case .cannotOpen(let path, let detail):
            return Localized(
                zh: "无法打开工作区 \(path)：\(detail)",
                en: "cannot open the workspace \(path): \(detail)")
        case .notEmpty(let path):
            return Localized(
                zh: "工作区 \(path) 已有数据；用 --replace 替换为演示公司，或用 --db 指定新文件。",
                en:
                    "the workspace \(path) already holds data; use --replace to replace it with the demo company, or --db for a new file."
            )
        }
    }
}
