import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

@Suite struct CoachStoreTests {
    @Test func progressIsSavedReplacedAndCleared() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        #expect(try workspace.coachProgress(flow: "smart") == nil)
        try workspace.save(CoachProgress(flow: "smart", step: 2, answers: ["grow", "revenue"]))
        try workspace.save(CoachProgress(flow: "smart", step: 3, answers: ["grow", "revenue", "team"]))
        try workspace.save(CoachProgress(flow: "review", step: 1, answers: ["month"]))
        #expect(
            try workspace.coachProgress(flow: "smart")
                == CoachProgress(flow: "smart", step: 3, answers: ["grow", "revenue", "team"]))
        // Readable in any SQLite tool.
        let json = try workspace.database.read {
            try String.fetchOne($0, sql: "SELECT answers FROM coach_progress WHERE flow = 'smart'")
        }
        #expect(json == #"["grow","revenue","team"]"#)
        #expect(Set(try workspace.coachProgressFlows()) == ["smart", "review"])
        try workspace.clearCoachProgress(flow: "smart")
        #expect(try workspace.coachProgress(flow: "smart") == nil)
        #expect(try workspace.coachProgressFlows() == ["review"])
    }

    @Test func reviewsAreKeptInOrder() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        let first = try workspace.save(
            CoachReview(team: "华东一组", period: "2026-10", kind: "month", summary: "behind: 张伟", notes: "每周复盘"))
        let second = try workspace.save(
            CoachReview(team: "华南一组", period: "2026-Q3", kind: "quarter", summary: "behind: -", notes: ""))
        #expect(second == first + 1)
        let reviews = try workspace.coachReviews()
        #expect(reviews.map(\.team) == ["华东一组", "华南一组"])
        #expect(reviews[0].notes == "每周复盘")
        #expect(reviews[1].kind == "quarter")
        #expect(reviews[0].createdAt != nil)
        // The kind is checked by the table.
        #expect(throws: (any Error).self) {
            try workspace.save(CoachReview(team: "x", period: "2026-10", kind: "year", summary: "", notes: ""))
        }
    }
}
