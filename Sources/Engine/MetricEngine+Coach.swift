import Model
import Store

// What the coach (guided flows) reads and writes beside answers: members of a dimension, targets
// it sets, where a flow stands and the reviews it saved.
extension MetricEngine {
    /// The data's members of a dimension (`team` → ["华东一组", …]), in the columns' order.
    public func members(of dimension: String) -> [String] {
        guard let attribute = Attribute(rawValue: dimension) else { return [] }
        return columns.members(attribute)
    }

    /// Sets a target for a scope (`company`, `region`, `team`, `rep`) and re-reads the targets,
    /// replacing one set for the same metric, scope and period.
    public func setTarget(metric: String, scope: String, member: String?, period: Period, value: Double) throws {
        let level = TargetScope(rawValue: scope) ?? .company
        try workspace.setTarget(metric: metric, scope: level, scopeValue: member, period: period, value: value)
        try reloadState()
    }

    /// The saved progress of a coach flow; nil when it has none.
    public func coachProgress(flow: String) throws -> CoachProgress? { try workspace.coachProgress(flow: flow) }

    /// Flows with saved progress, the most recent first.
    public func coachProgressFlows() throws -> [String] { try workspace.coachProgressFlows() }

    /// Saves where a flow stands.
    public func save(_ progress: CoachProgress) throws { try workspace.save(progress) }

    /// Forgets a flow's progress.
    public func clearCoachProgress(flow: String) throws { try workspace.clearCoachProgress(flow: flow) }

    /// Saves a review; returns its id.
    @discardableResult
    public func save(_ review: CoachReview) throws -> Int { try workspace.save(review) }

    /// The saved reviews, oldest first.
    public func coachReviews() throws -> [CoachReview] { try workspace.coachReviews() }

    /// `show reviews`: the reviews the coach saved, oldest first.
    func reviewListing(_ plan: Plan) throws -> Answer {
        let rows = try coachReviews().map { review -> [Cell] in
            [
                review.id.map { .number(Double($0)) } ?? .null, .text(review.team), .text(review.period),
                .text(review.kind), .text(review.summary), .text(review.notes),
                review.createdAt.map(Cell.text) ?? .null,
            ]
        }
        return Answer(
            plan: plan, title: Localized(zh: "教练回顾", en: "Coach reviews"),
            columns: ["id", "team", "period", "kind", "summary", "notes", "created_at"], rows: rows)
    }
}
