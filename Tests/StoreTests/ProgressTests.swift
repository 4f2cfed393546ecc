import Foundation
import Model
import Store
import TestSupport
import Testing

/// Issue 17 item 10: long work tells how far it has come, through the writing too (the bar was
/// stuck at 0% while an import wrote its rows), in order, ending at the whole.
@Suite struct ProgressTests {
    final class Events<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [T] = []
        func append(_ event: T) { lock.withLock { list.append(event) } }
        var all: [T] { lock.withLock { list } }
    }

    @Test func anImportReportsItsWritingAsItGoes() throws {
        let directory = Fixtures.temporaryDirectory()
        try SalesCSV.write(rows: 60_000, to: directory + "/orders.csv")
        let events = Events<ImportProgress>()
        var options = ImportOptions()
        options.rejectsPath = directory + "/rejects.csv"
        options.progress = { events.append($0) }
        let workspace = try Workspace.open(at: directory + "/w.db")
        let report = try workspace.importRows(from: SalesFile.read(directory + "/orders.csv", options: options), options: options)
        let writing = events.all.filter { $0.phase == .writing }
        #expect(writing.first?.done == 0 && writing.last?.done == report.imported)
        #expect(writing.filter { $0.done > 0 && $0.done < report.imported }.count >= 3, "\(writing.map(\.done))")
        #expect(zip(writing, writing.dropFirst()).allSatisfy { $0.done <= $1.done && $0.total == $1.total })
    }

    @Test func aDemoReportsBothPhasesInOrder() throws {
        let events = Events<DemoProgress>()
        var options = DemoOptions(orderLines: 80_000, seed: 3, asOf: Fixtures.asOf)
        options.progress = { events.append($0) }
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(options)
        let all = events.all
        let generating = all.filter { $0.phase == .generating }.map(\.fraction)
        let writing = all.filter { $0.phase == .writing }.map(\.fraction)
        #expect(generating.count > 5 && writing.count > 3, "\(all)")
        #expect(all.lastIndex { $0.phase == .generating }! < all.firstIndex { $0.phase == .writing }!)
        for fractions in [generating, writing] {
            #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 } && fractions.allSatisfy { (0...1).contains($0) })
        }
        #expect(writing.last == 1)
    }
}
