import Foundation

/// How often a task is tried and how long it waits between tries: Airflow's retry arithmetic
/// (`TaskInstance.next_retry_datetime`).
public struct RetryPolicy: Hashable, Sendable {
    /// Tries after the first one.
    public var retries: Int
    /// The wait before each retry, or the base of the exponential backoff.
    public var retryDelay: Duration
    public var exponentialBackoff: Bool
    /// Cap on an exponentially backed-off delay.
    public var maxRetryDelay: Duration?

    /// Airflow's hard cap on an exponentially backed-off delay: 24 hours.
    public static let hardMaximumDelay: Duration = .seconds(24 * 60 * 60)

    public init(retries: Int, retryDelay: Duration, exponentialBackoff: Bool = false, maxRetryDelay: Duration? = nil) {
        self.retries = retries
        self.retryDelay = retryDelay
        self.exponentialBackoff = exponentialBackoff
        self.maxRetryDelay = maxRetryDelay
    }

    /// The policy a task definition declares.
    public init(_ task: TaskDefinition) {
        self.init(
            retries: task.retries, retryDelay: task.retryDelay, exponentialBackoff: task.retryExponentialBackoff,
            maxRetryDelay: task.maxRetryDelay)
    }

    /// Tries allowed for a fresh instance: `retries + 1`.
    public var maxTries: Int { max(retries, 0) + 1 }

    /// Whether another try may begin after `triesSoFar` tries, given `maxTries` allowed.
    public static func hasTriesLeft(triesSoFar: Int, maxTries: Int) -> Bool { triesSoFar < maxTries }

    /// Whether another try may begin after `triesSoFar` tries under this policy's `maxTries`.
    public func hasTriesLeft(triesSoFar: Int) -> Bool { Self.hasTriesLeft(triesSoFar: triesSoFar, maxTries: maxTries) }

    /// The `max_tries` a cleared instance gets: its tries so far plus a full set of new ones (as Airflow's clear).
    public func maxTriesAfterClear(triesSoFar: Int) -> Int { triesSoFar + maxTries }

    /// The wait before try `n` (2 for the first retry); zero before the first try.
    ///
    /// Without backoff it is `retryDelay`. With backoff it is Airflow's formula: `retryDelay · 2^(n-2)` (so
    /// `retryDelay` before the first retry, doubling after), rounded up to whole seconds and at least one second,
    /// then capped at 24 hours and at `maxRetryDelay`. As in Airflow, `maxRetryDelay` applies only to backoff.
    ///
    /// - Parameter jitterKey: when given (say `"workflow#task#logical_date"`), adds Airflow's deterministic
    ///   jitter: the backed-off delay `d` becomes `d + h mod d` seconds, where `h` is the first 8 bytes of
    ///   SHA-256 of `"<jitterKey>#<n>"` (Airflow hashes with SHA-1), so it lies in `[d, 2d)` and is the same
    ///   every time for the same key and try. Ignored without backoff.
    public func delay(beforeTry n: Int, jitterKey: String? = nil) -> Duration {
        guard n >= 2 else { return .zero }
        guard exponentialBackoff else { return retryDelay }
        let base = retryDelay.seconds
        let hardCap = Self.hardMaximumDelay.seconds
        // Computed in floating point and capped before any conversion: 2^(n-2) overflows integers quickly.
        let scaled = (base * pow(2, Double(min(n - 2, 64)))).rounded(.up)
        let minimum = Int64(max(1, min(scaled, hardCap)))
        var seconds = minimum
        if let jitterKey { seconds = minimum + Int64(Self.hash("\(jitterKey)#\(n)") % UInt64(minimum)) }
        var delay = Duration.seconds(min(seconds, Int64(hardCap)))
        if let maxRetryDelay { delay = min(delay, maxRetryDelay) }
        return delay
    }

    /// When the try after `afterTry` is due, the try having failed at `failedAt`.
    public func nextTryAt(failedAt: Date, afterTry: Int, jitterKey: String? = nil) -> Date {
        failedAt.addingTimeInterval(delay(beforeTry: afterTry + 1, jitterKey: jitterKey).seconds)
    }

    private static func hash(_ text: String) -> UInt64 {
        SHA256.digest(of: Array(text.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
