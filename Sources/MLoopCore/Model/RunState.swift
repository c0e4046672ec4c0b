/// The state of one run of a workflow. Raw values are persisted and served: frozen.
public enum RunState: String, CaseIterable, Codable, Sendable {
    case queued
    case running
    case success
    case failed

    public var isFinished: Bool { self == .success || self == .failed }
}

/// Why a run exists. Raw values are persisted: frozen.
public enum RunType: String, CaseIterable, Codable, Sendable {
    case scheduled
    case manual
    case backfill
}
