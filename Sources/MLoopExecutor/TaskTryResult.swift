import MLoopCore

/// How one try ended and what it produced.
public struct TaskTryResult: Sendable {
    public enum Outcome: Sendable, Hashable {
        case success
        /// The task exited with `TaskTryResult.skipExitCode`.
        case skipped
        /// One line a user can act on: `exit code 3`, `killed by signal 9`, `timed out after 10s`.
        case failed(reason: String)
    }

    /// The exit code that means "skipped".
    public static let skipExitCode: Int32 = 99

    public var outcome: Outcome
    /// `nil` when the task was killed by a signal or never started.
    public var exitCode: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    /// XComs pushed by this try; the caller applies them only on success.
    public var xcoms: [String: JSONValue]
    /// The distinct upstream XComs this try read (whatever its outcome), in first-read order.
    public var pulls: [XComPull]
    /// The downstream tasks the task chose to run, if it chose.
    public var branch: [TaskID]?
    public var duration: Duration
    /// For a Swift task: whether the compiled program came from the cache (no compile in this try).
    public var usedCachedBuild: Bool?

    public init(
        outcome: Outcome,
        exitCode: Int32? = nil,
        signal: Int32? = nil,
        timedOut: Bool = false,
        xcoms: [String: JSONValue] = [:],
        pulls: [XComPull] = [],
        branch: [TaskID]? = nil,
        duration: Duration = .zero,
        usedCachedBuild: Bool? = nil
    ) {
        self.outcome = outcome
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.xcoms = xcoms
        self.pulls = pulls
        self.branch = branch
        self.duration = duration
        self.usedCachedBuild = usedCachedBuild
    }
}
