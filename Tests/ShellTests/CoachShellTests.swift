import Foundation
import Model
import Render
import Shell
import Store
import TestSupport
import Testing

/// `coach` in the shell: the dialogue reads the loop's own lines, then the loop carries on.
@Suite struct CoachShellTests {
    final class Output: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    static func workspace() throws -> Workspace {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: 2000, seed: 4, asOf: Fixtures.asOf))
        return workspace
    }

    func run(_ lines: [String], on workspace: Workspace, lang: Lang = .zh) -> Output {
        let output = Output()
        let loop = InputLoop(
            session: Session(workspace: workspace, asOf: Fixtures.asOf, lang: lang), format: .csv,
            write: { output.out.append($0) }, writeError: { output.err.append($0) })
        var reader = ScriptedReader(lines: lines)
        loop.run(&reader, interactive: false)
        return output
    }

    @Test func coachSmartReadsTheLoopsLinesThenTheLoopGoesOn() throws {
        let workspace = try Self.workspace()
        let output = run(
            ["coach smart", "1", "", "3", "华东二组", "1", "750000", "2", "", "format json"], on: workspace)
        #expect(output.err.isEmpty, "\(output.err)")
        #expect(output.out.contains { $0.hasPrefix("✔ 目标已保存") })
        #expect(output.out.last == "format json")
        let targets = try Fixtures.dump(workspace)["targets"] ?? []
        #expect(
            targets.filter {
                $0.contains(#"scope_value:"华东二组""#) && $0.contains(#"period_start:"2026-12-01""#)
                    && $0.contains("value:750000.0")
            }.count == 1)
    }

    @Test func quitInCoachThenCoachContinuesAndReviewsAreListed() throws {
        let workspace = try Self.workspace()
        let first = run(["coach review", "", "quit", "lang en"], on: workspace)
        #expect(first.out.contains { $0.contains("已保存进度（第 2 步）") })
        #expect(first.out.last == "lang en")
        let second = run(["coach", "", "", "", "", "weekly one-to-ones", "coach reviews"], on: workspace, lang: .en)
        #expect(second.err.isEmpty, "\(second.err)")
        #expect(second.out.contains { $0.contains("coach review stopped at step 2 last time.") })
        #expect(second.out.last?.contains("weekly one-to-ones") == true)
    }

    @Test func anUnknownFlowIsAnError() throws {
        let output = run(["coach plans"], on: try Self.workspace(), lang: .en)
        #expect(output.err == ["there is no flow “plans”; use smart, review, onboard or balance."])
    }
}
