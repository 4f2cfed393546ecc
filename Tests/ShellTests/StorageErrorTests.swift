import Foundation
import GRDB
import Model
import Shell
import Store
import TestSupport
import Testing

/// Issue 17, item 14 (part): a --db that is no file — a device, a folder, a link to nothing —
/// is refused in words, in both languages, and left untouched (/dev/null used to grow a
/// /dev/null-journal for root).
@Suite struct StorageErrorTests {
    @Test func aDbThatIsNoFileIsRefusedUntouched() throws {
        #expect(throws: WorkspaceError.notAWorkspace(path: "/dev/null", reason: .notAFile)) {
            try Workspace.open(at: "/dev/null")
        }
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-journal"))
        let directory = Fixtures.temporaryDirectory()
        let link = directory + "/kpish.db"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory + "/gone.db")
        #expect(throws: WorkspaceError.notAWorkspace(path: link, reason: .danglingLink)) { try Workspace.open(at: link) }
        let message = WorkspaceError.notAWorkspace(path: link, reason: .danglingLink).message
        #expect(message.zh.contains("指向不存在文件的链接") && message.en.contains("a link to a file that does not exist"))
    }
}
