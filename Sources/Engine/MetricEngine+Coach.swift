import Model
import Store

// What the coach (guided flows) reads and writes through the engine: members of a dimension and
// the targets it sets. Where a flow stands and its reviews are kept in a `CoachStore`.
extension MetricEngine {
    /// The data's members of a dimension (`team` → ["华东一组", …]), in the columns' order.
    public func members(of dimension: String) -> [String] {
        guard let attribute = Attribute(rawValue: dimension) else { return [] }
        return columns.members(attribute)
    }

    /// Sets several targets in one transaction (a team's and its reps' shares), each replacing
    /// one set for the same metric, scope and period, then re-reads them.
    public func setTargets(_ settings: [TargetSetting]) throws {
        try store.setTargets(settings)
        try reloadState()
    }

    /// Re-reads definitions, aliases and targets after a write made elsewhere (a coach review
    /// saved with the targets it set).
    public func userStateChanged() throws { try reloadState() }

    /// `show reviews`: the reviews the coach saved, oldest first.
    func reviewListing(_ plan: Plan) throws -> Answer {
        let rows = try store.coachReviews().map { review -> [Cell] in
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
