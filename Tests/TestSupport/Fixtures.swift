import Foundation
import GRDB
import Model
import Store

/// Shared fixtures: temporary files and one demo company per test process.
public enum Fixtures {
    /// The as-of date the issues' examples use: a Sunday.
    public static let asOf = Day(year: 2026, month: 11, day: 22)

    /// A fresh directory under the system's temporary directory.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "kpish-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A path for a workspace file that does not exist yet.
    public static func newWorkspacePath() -> String { temporaryDirectory() + "/kpish.db" }

    /// The default demo company (50,000 order lines, seed 1, as of 2026-11-22), generated once
    /// per test process and shared read-only by every test.
    public static let demo: Workspace = {
        let workspace = try! Workspace.open(at: newWorkspacePath())
        try! workspace.generateDemo(DemoOptions(seed: 1, asOf: asOf))
        return workspace
    }()

    /// Every row of every table, in id order, as text: equal dumps mean equal contents.
    public static func dump(_ workspace: Workspace) throws -> [String: [String]] {
        try workspace.database.read { db in
            var tables: [String: [String]] = [:]
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name")
            for name in names {
                tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM \(name) ORDER BY rowid").map(\.description)
            }
            return tables
        }
    }
}

/// Runs the built `kpish` executable.
public enum KpishProcess {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `kpish` binary next to the test bundle (SwiftPM builds it for the tests that depend on it).
    public static var executable: String {
        if let path = ProcessInfo.processInfo.environment["KPISH_BIN"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("kpish").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        // swift test's products directory, from this file's location in the package.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/kpish").path
    }

    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil, input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KPISH_DB"] = nil
        env["KPISH_AS_OF"] = nil
        env["KPISH_LANG"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
