import MLoopCore

extension TaskRunner {
    /// Maps how the process ended to the try's outcome and the closing log line's opening words.
    func interpret(_ outcome: ProcessOutcome, launch: TaskLaunch) -> (TaskTryResult, Closing) {
        var result = TaskTryResult(outcome: .success)
        if let state = outcome.protocolState {
            result.xcoms = state.xcoms
            result.pulls = state.pulls
            result.branch = state.branch
        }
        if let failure = outcome.launchFailure {
            result.outcome = .failed(reason: failure)
            return (result, Closing(head: "failed", tail: failure))
        }
        let ending = TerminationText.describe(outcome.status)
        switch outcome.status {
        case .exited(let code): result.exitCode = code
        case .signaled(let signal): result.signal = signal
        case nil: break
        }
        switch outcome.stop {
        case .timeout:
            let reason = "timed out after \(TerminationText.setting(launch.timeout ?? .zero))"
            result.timedOut = true
            result.outcome = .failed(reason: reason)
            let limit = TerminationText.setting(launch.timeout ?? .zero)
            return (
                result,
                Closing(head: "timed out", tail: "the limit is \(limit); the process tree was stopped (\(ending))")
            )
        case .cancelled:
            let reason = "cancelled: the worker stopped the try"
            result.outcome = .failed(reason: reason)
            return (result, Closing(head: "cancelled (\(ending))", tail: "the worker stopped the try"))
        case .none:
            break
        }
        if let failure = outcome.protocolState?.failure {
            result.outcome = .failed(reason: failure)
            return (result, Closing(head: ending, tail: "failed: \(failure)"))
        }
        switch outcome.status {
        case .exited(0): result.outcome = .success
        case .exited(TaskTryResult.skipExitCode): result.outcome = .skipped
        default: result.outcome = .failed(reason: ending)
        }
        return (result, Closing(head: ending, tail: result.outcome == .skipped ? "skipped" : nil))
    }
}

/// The try's last log line: `exit code 0 after 1.23 s`, `timed out after 10.02 s; the limit is 10s; …`.
struct Closing: Sendable {
    var head: String
    var tail: String?

    func line(after duration: Duration, droppedBytes: Int) -> String {
        var text = "\(head) after \(TerminationText.seconds(duration)) s"
        if let tail { text += "; " + tail }
        if droppedBytes > 0 { text += "; \(ByteCount.describe(droppedBytes)) of output was not stored" }
        return text
    }
}
