import GRDB
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
    /// SQLite could not read or write the workspace: said as what happened and what to do.
    case storage(Storage)

    public enum Storage: Equatable, Sendable {
        case readOnly
        case diskFull
        case busy
        case damaged
        case inputOutput
        case other(String)
    }

    /// SQLite's own error in words a user can act on; nil for an error that is not SQLite's.
    /// (Its text — "attempt to write a readonly database - while executing DELETE FROM targets"
    /// — never reaches a user alone.)
    public static func storage(_ error: any Error) -> WorkspaceError? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_READONLY, .SQLITE_PERM: return .storage(.readOnly)
        case .SQLITE_FULL: return .storage(.diskFull)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .storage(.busy)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .storage(.damaged)
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: return .storage(.inputOutput)
        default: return .storage(.other(error.message ?? "\(error.resultCode)"))
        }
    }

    public enum Reason: Equatable, Sendable {
        case notSQLite
        case foreignDatabase
        /// A folder, a device (/dev/null), a FIFO: no file to keep a workspace in.
        case notAFile
        /// A symbolic link whose target does not exist (creating the file said "File exists").
        case danglingLink
    }

    public var message: Localized {
        switch self {
        case .notAWorkspace(let path, .notSQLite):
            return Localized(
                zh: "\(path) 不是 kpish 工作区（不是 SQLite 数据库文件）；文件未作任何改动。",
                en: "\(path) is not a kpish workspace (not an SQLite database); the file was left untouched.")
        case .notAWorkspace(let path, .notAFile):
            return Localized(
                zh: "\(path) 不是普通文件（是目录、设备或管道），不能作为工作区；请用 --db 指定一个文件。",
                en: "\(path) is not a regular file (a folder, a device or a pipe) and cannot hold a workspace; name a file with --db.")
        case .notAWorkspace(let path, .danglingLink):
            return Localized(
                zh: "\(path) 是一个指向不存在文件的链接；请修复链接，或用 --db 指定别的文件。",
                en: "\(path) is a link to a file that does not exist: fix the link, or name another file with --db.")
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
        case .storage(.readOnly):
            return Localized(
                zh: "工作区是只读的（文件或目录没有写权限），没有写入任何内容；请检查权限，或用 --db 指定可写的文件。",
                en: "the workspace is read-only (no write permission on the file or its folder): nothing was written. Check the permissions, or use --db for a writable file.")
        case .storage(.diskFull):
            return Localized(
                zh: "磁盘已满，这次写入已撤销，工作区保持原样；请腾出空间后重试。",
                en: "the disk is full: this write was rolled back and the workspace is as it was. Free some space and try again.")
        case .storage(.busy):
            return Localized(
                zh: "工作区正忙：另一个 kpish 正在写入（已等待 10 秒）；请稍后重试。",
                en: "the workspace is busy: another kpish is writing (waited 10 s). Try again in a moment.")
        case .storage(.damaged):
            return Localized(
                zh: "工作区文件已损坏，无法读取；请从备份恢复，或用 --db 指定新文件后重新导入。",
                en: "the workspace file is damaged and cannot be read: restore it from a backup, or use --db for a new file and import again.")
        case .storage(.inputOutput):
            return Localized(
                zh: "读写工作区文件时出错（输入输出错误）；请检查 --db 指向的是本地磁盘上的普通文件。",
                en: "reading or writing the workspace failed (an input/output error): check that --db names a regular file on a local disk.")
        case .storage(.other(let detail)):
            return Localized(
                zh: "无法读写工作区（SQLite：\(detail)）。", en: "the workspace could not be read or written (SQLite: \(detail)).")
        case .notEmpty(let path):
            return Localized(
                zh: "工作区 \(path) 已有数据；用 --replace 替换为演示公司，或用 --db 指定新文件。",
                en:
                    "the workspace \(path) already holds data; use --replace to replace it with the demo company, or --db for a new file."
            )
        }
    }
}
