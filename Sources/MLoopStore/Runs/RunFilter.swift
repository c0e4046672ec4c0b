import Foundation
import MLoopCore

/// Which runs a listing returns and where its page starts; every field nil or empty means no restriction.
public struct RunFilter: Sendable, Hashable {
    /// Newest first by id (every run), or by logical date then id (one workflow's runs).
    public enum Order: Sendable, Hashable {
        case newestID
        case newestLogicalDate
    }

    /// Where the previous page ended: the last run's (logical date, id); the date is ignored for `.newestID`.
    public struct Cursor: Sendable, Hashable {
        public var logicalDate: Date
        public var runID: RunID

        public init(logicalDate: Date, runID: RunID) {
            self.logicalDate = logicalDate
            self.runID = runID
        }
    }

    public var workflowID: WorkflowID?
    public var states: [RunState]
    public var runTypes: [RunType]
    public var logicalDateFrom: Date?
    public var logicalDateTo: Date?
    public var order: Order

    public init(
        workflowID: WorkflowID? = nil, states: [RunState] = [], runTypes: [RunType] = [], logicalDateFrom: Date? = nil,
        logicalDateTo: Date? = nil, order: Order = .newestID
    ) {
        self.workflowID = workflowID
        self.states = states
        self.runTypes = runTypes
        self.logicalDateFrom = logicalDateFrom
        self.logicalDateTo = logicalDateTo
        self.order = order
    }
}
