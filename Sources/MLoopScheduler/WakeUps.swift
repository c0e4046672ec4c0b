import MLoopStore

/// Coalesces wake-ups for a service loop: many NOTIFYs that arrive while the loop is busy become one pass.
/// A wake-up either names runs to look at (a try finished in run 42) or asks for a full pass.
actor WakeUps {
    /// Why a run is to be looked at.
    enum RunWake: Sendable, Hashable {
        /// Something changed: plan it.
        case plan
        /// Only this many of its tries ended with a success or a skip (`SchedulerWakeUp.ended`).
        case ended(Int)

        /// Both wake-ups in one: counts add up; anything else needs a plan.
        func merged(with other: RunWake) -> RunWake {
            if case .ended(let a) = self, case .ended(let b) = other { return .ended(a + b) }
            return .plan
        }
    }

    struct Batch: Sendable {
        var everything: Bool
        var runs: [RunID: RunWake]
    }

    private var pending = Batch(everything: false, runs: [:])
    private var waiter: CheckedContinuation<Void, Never>?

    func wake(run: RunID, _ wake: RunWake = .plan) {
        pending.runs[run] = pending.runs[run].map { $0.merged(with: wake) } ?? wake
        resumeWaiter()
    }

    func wakeEverything() {
        pending.everything = true
        resumeWaiter()
    }

    /// Waits until something is pending (or the task is cancelled), then takes it all.
    func next() async -> Batch {
        if pending.runs.isEmpty && !pending.everything {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled { continuation.resume() } else { waiter = continuation }
                }
            } onCancel: {
                Task { await self.resumeWaiter() }
            }
        }
        defer { pending = Batch(everything: false, runs: [:]) }
        return pending
    }

    private func resumeWaiter() {
        waiter?.resume()
        waiter = nil
    }
}
