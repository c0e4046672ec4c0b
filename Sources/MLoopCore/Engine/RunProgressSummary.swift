/// How far a run is, counted over its unfinished task instances only: what the scheduler's cheap checks read
/// instead of a whole snapshot (a 1,000-task fan-out is looked at after each of its tries ends).
public struct RunProgressSummary: Hashable, Sendable {
    /// Instances pending, scheduled or up for retry.
    public var waiting: Int
    /// Instances queued or running.
    public var active: Int
    /// The queued ones (empty when the caller did not ask for them).
    public var queued: [TaskID]

    public init(waiting: Int, active: Int, queued: [TaskID] = []) {
        self.waiting = waiting
        self.active = active
        self.queued = queued
    }
}
