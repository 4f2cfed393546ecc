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

    /// A small demo company of a test's own, for tests that write to it.
    public static func demoWorkspace(orderLines: Int, seed: UInt64) throws -> Workspace {
        let workspace = try Workspace.open(at: newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: orderLines, seed: seed, asOf: asOf))
        return workspace
    }

    /// The default demo company (50,000 order lines, seed 1, as of 2026-11-22), generated once
    /// per test process and shared read-only by every test.
    public static let demo: Workspace = {
        let workspace = try! Workspace.open(at: newWorkspacePath())
        try! workspace.generateDemo(DemoOptions(seed: 1, asOf: asOf))
        return workspace
    }()

    /// One number from SQL over a workspace file, on a read-only connection of the test's own
    /// (the SQL oracle for the binary's answers).
    public static func sqlDouble(_ path: String, _ sql: String) throws -> Double {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            try Double.fetchOne(db, sql: sql) ?? 0
        }
    }

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
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil, input: String? = nil,
        mergingStreams: Bool = false, launcher: [String] = []
    ) throws -> Result {
        let process = Process()
        // Through a launcher (setpriv …) when one is given: it runs the binary with the arguments.
        process.executableURL = URL(fileURLWithPath: launcher.first ?? executable)
        process.arguments = launcher.isEmpty ? arguments : launcher.dropFirst() + [executable] + arguments
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
        // Merged: both streams into one pipe, as `2>&1` does; `stdout` then holds both.
        process.standardError = mergingStreams ? out : err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = mergingStreams ? Data() : err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The real sales files the tests read, kept in the repository (Tests/Fixtures/real/, whose
/// SOURCES.md says what each is) so that a clone tests alone.
public enum RealData {
    public static let directory: String = repository + "/Tests/Fixtures/real"

    /// The path of a real file; a missing one is named in the failure of the test that reads it.
    public static func path(_ name: String) -> String { directory + "/" + name }

    /// The fixtures made for the import tests (Tests/Fixtures/), by name.
    public static func fixture(_ name: String) -> String { repository + "/Tests/Fixtures/" + name }

    /// The repository's root (for corpus/ and grammar/).
    public static let repository: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// Order-line CSV files of any size, for the import's kill test and benchmark: Chinese headers,
/// ISO dates, a quoted field with a comma now and then, every row distinct.
///
///     try SalesCSV.write(rows: 1_000_000, to: path)
public enum SalesCSV {
    public static let header = "订单编号,订单日期,客户名称,销售员,区域,渠道,产品名称,类别,数量,单价,销售额\n"
    static let regions = ["华东", "华南", "华北", "华中", "西南", "西北", "东北"]
    static let channels = ["直销", "渠道", "线上"]

    /// Writes `rows` data rows; the same `rows` and `seed` always give the same bytes.
    public static func write(rows: Int, to path: String, seed: UInt64 = 1) throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var text = Array(header.utf8)
        text.reserveCapacity(rows * 110)
        // Three years of days, in order, as exports list them.
        let start = Day(year: 2023, month: 1, day: 1)
        for row in 0..<rows {
            let product = next(60)
            let quantity = 1 + next(20)
            let cents = 1_000 + product * 4_321 % 500_000
            let day = start + row * 1_095 / max(rows, 1)
            let line =
                "SO\(100_000_000 + row / 2),\(day.iso),"
                + (next(50) == 0 ? "\"客户\(next(20_000))有限公司, 分公司\"" : "客户\(next(20_000))有限公司") + ","
                + "销售\(next(300)),\(regions[next(7)]),\(channels[next(3)]),产品\(product),品类\(product % 6),"
                + "\(quantity),\(cents / 100).\(pad(cents % 100)),\(quantity * cents / 100).\(pad(quantity * cents % 100))\n"
            text.append(contentsOf: line.utf8)
        }
        try Data(text).write(to: URL(fileURLWithPath: path))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Python's own reading of a file, for an independent expectation: runs `script` with
/// `arguments` and decodes what it prints as JSON.
///
///     let figures: Figures = try Python.json(script, arguments: [RealData.path("crm")])
public enum Python {
    public struct Failed: Error, CustomStringConvertible {
        public let status: Int32
        public let stderr: String
        public var description: String { "python3 exited \(status): \(stderr)" }
    }

    public static func json<T: Decodable>(_ script: String, arguments: [String] = [], as type: T.Type = T.self) throws
        -> T
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, stderr: String(decoding: message, as: UTF8.self))
        }
        return try JSONDecoder().decode(T.self, from: data)
    }
}
