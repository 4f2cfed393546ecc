import Foundation
import TestSupport
import Testing

/// `kpish coach`, its answers piped in on stdin.
@Suite struct CoachCommandLineTests {
    static func demo() throws -> String {
        let directory = Fixtures.temporaryDirectory()
        _ = try KpishProcess.run(
            ["demo", "--orders", "2000", "--seed", "3", "--as-of", "2026-11-22"], directory: directory)
        return directory
    }

    func coach(_ arguments: [String], _ input: String, in directory: String, lang: String = "zh") throws
        -> KpishProcess.Result
    {
        try KpishProcess.run(
            ["coach"] + arguments + ["--as-of", "2026-11-22", "--lang", lang], directory: directory, input: input)
    }

    @Test func smartOnStdinSavesTheTargetItNames() throws {
        let directory = try Self.demo()
        // grow revenue; revenue; team; 华东二组 by name; 2026-12; 750000; no split; save.
        let result = try coach(["smart"], "1\n\n3\n华东二组\n1\n750000\n2\n\n", in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("✔ 目标已保存"))
        #expect(result.stdout.contains("跟踪查询：attainment where team = 华东二组 in 2026-12"))
        let target = try KpishProcess.run(
            ["--as-of", "2026-12-31", "--format", "csv", "-c", "target where team = 华东二组 in 2026-12"],
            directory: directory)
        #expect(target.stdout.split(separator: "\n").last == "750000")
    }

    @Test func quitThenCoachContinues() throws {
        let directory = try Self.demo()
        let first = try coach(["smart"], "\n\n1\nquit\n", in: directory, lang: "en")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Progress saved (step 5)"))
        let second = try coach([], "\n\n\n620000\n2\n\n", in: directory, lang: "en")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("coach smart stopped at step 5 last time."))
        #expect(second.stdout.contains("✔ Target saved"))
        let target = try KpishProcess.run(
            ["--as-of", "2026-12-31", "--format", "csv", "-c", "target in 2026-12"], directory: directory)
        #expect(target.stdout.split(separator: "\n").last == "620000")
    }

    @Test func unknownFlowIsAUsageError() throws {
        let directory = Fixtures.temporaryDirectory()
        let result = try coach(["plan"], "", in: directory)
        #expect(result.status == 2)
        // The session's language (Chinese unless told), naming the flow not understood.
        #expect(result.stderr.contains("coach 只接受 smart、review、onboard、balance、reviews，不接受 'plan'"), "\(result.stderr)")
        #expect(!result.stderr.contains("coach takes"))
    }
}

@Suite struct ReviewListingCommandLineTests {
    @Test func showReviewsListsWhatCoachReviewSaved() throws {
        let directory = try CoachCommandLineTests.demo()
        let review = try KpishProcess.run(
            ["coach", "review", "--as-of", "2026-11-22", "--lang", "en"], directory: directory,
            input: "2\n\n\nfollow up weekly\n")
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("✔ Review #1 saved"))
        let shown = try KpishProcess.run(
            ["--as-of", "2026-11-22", "--format", "csv", "-c", "show reviews"], directory: directory)
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n")
        #expect(lines.first == "id,team,period,kind,summary,notes,created_at")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("1,") == true)
        #expect(lines.last?.contains(",2026-Q3,quarter,") == true)
        #expect(lines.last?.contains(",follow up weekly,") == true)
        let listed = try KpishProcess.run(["coach", "reviews", "--lang", "en"], directory: directory)
        #expect(listed.stdout.contains("follow up weekly"))
    }
}
