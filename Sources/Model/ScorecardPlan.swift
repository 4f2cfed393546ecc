/// A weighted KPI plan for scorecards: which metrics count and how much, and for a rep how much
/// the team's score weighs beside the rep's own. Stored in the workspace by name.
///
///     ScorecardPlan(name: "新人方案", items: [.init(metric: "attainment", weight: 0.4),
///                                            .init(metric: "demos", weight: 0.6)],
///                   individualWeight: 0.8, teamWeight: 0.2)
public struct ScorecardPlan: Codable, Equatable, Sendable {
    public struct Item: Codable, Equatable, Hashable, Sendable {
        public var metric: String
        /// A share of the score (the plan's weights are used relative to their sum).
        public var weight: Double

        public init(metric: String, weight: Double) {
            self.metric = metric
            self.weight = weight
        }
    }

    public var name: String
    public var items: [Item]
    /// A rep's score = individualWeight × the rep's own + teamWeight × the rep's team's.
    public var individualWeight: Double
    public var teamWeight: Double

    public init(name: String, items: [Item], individualWeight: Double = 1, teamWeight: Double = 0) {
        self.name = name
        self.items = items
        self.individualWeight = individualWeight
        self.teamWeight = teamWeight
    }
}
