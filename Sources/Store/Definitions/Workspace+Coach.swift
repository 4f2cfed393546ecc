import Foundation
import GRDB
import Model

extension Workspace {
    // MARK: - Coach progress

    /// The saved progress of a coach flow; nil when it has none.
    public func coachProgress(flow: String) throws -> CoachProgress? {
        try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT step, answers FROM coach_progress WHERE flow = ?", arguments: [flow])
            else { return nil }
            let json: String = row[1]
            let answers = try JSONDecoder().decode([String].self, from: Data(json.utf8))
            return CoachProgress(flow: flow, step: row[0], answers: answers)
        }
    }

    /// Every flow with saved progress, the most recently saved first.
    public func coachProgressFlows() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT flow FROM coach_progress ORDER BY updated_at DESC, flow")
        }
    }

    /// Saves where a flow stands, replacing what was saved for it.
    public func save(_ progress: CoachProgress) throws {
        let json = String(decoding: try JSONEncoder().encode(progress.answers), as: UTF8.self)
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO coach_progress(flow, step, answers, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(flow) DO UPDATE SET step = excluded.step, answers = excluded.answers,
                        updated_at = excluded.updated_at
                    """,
                arguments: [progress.flow, progress.step, json, Self.timestamp()])
        }
    }

    /// Forgets a flow's progress (it finished, or the manager started over).
    public func clearCoachProgress(flow: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM coach_progress WHERE flow = ?", arguments: [flow]) }
    }

    // MARK: - Reviews

    /// Saves a review; returns its id.
    @discardableResult
    public func save(_ review: CoachReview) throws -> Int {
        try database.write { db in try Self.insert(review, in: db) }
    }

    static func insert(_ review: CoachReview, in db: Database) throws -> Int {
        try db.execute(
            sql: """
                INSERT INTO coach_reviews(team, period, kind, summary, notes, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [review.team, review.period, review.kind, review.summary, review.notes, Self.timestamp()])
        return Int(db.lastInsertedRowID)
    }

    /// The saved reviews, in the order they were saved.
    public func coachReviews() throws -> [CoachReview] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, team, period, kind, summary, notes, created_at FROM coach_reviews ORDER BY id"
            ).map { row in
                CoachReview(
                    id: row[0], team: row[1], period: row[2], kind: row[3], summary: row[4], notes: row[5],
                    createdAt: row[6])
            }
        }
    }
}
