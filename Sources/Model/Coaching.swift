/// Where a coach dialogue stands: the flow, the step it is at and the answers given so far.
/// Stored in the workspace when the manager quits, so that running the flow again resumes.
///
///     CoachProgress(flow: "smart", step: 3, answers: ["1", "revenue", "team"])
public struct CoachProgress: Codable, Equatable, Sendable {
    public var flow: String
    public var step: Int
    public var answers: [String]

    public init(flow: String, step: Int, answers: [String]) {
        self.flow = flow
        self.step = step
        self.answers = answers
    }
}

/// A review the coach ran with a manager: the team, the period, what it found and the notes.
///
///     CoachReview(team: "华东一组", period: "2026-10", kind: "month", summary: "…", notes: "跟进张伟")
public struct CoachReview: Codable, Equatable, Sendable {
    public var id: Int?
    public var team: String
    public var period: String
    /// `month` or `quarter`.
    public var kind: String
    /// Reps behind, their process gaps and the suggested adjustments, as text.
    public var summary: String
    public var notes: String
    public var createdAt: String?

    public init(
        id: Int? = nil, team: String, period: String, kind: String, summary: String, notes: String,
        createdAt: String? = nil
    ) {
        self.id = id
        self.team = team
        self.period = period
        self.kind = kind
        self.summary = summary
        self.notes = notes
        self.createdAt = createdAt
    }
}
