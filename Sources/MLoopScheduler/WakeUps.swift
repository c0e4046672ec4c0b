import MLoopStore

/// Coalesces wake-ups for a service loop: many NOTIFYs that arrive while the loop is busy become one pass.
/// A wake-up either names runs to look at (a try finished in run 42) or asks for a full pass.
actor WakeUps {
    struct Batch: Sendable {
        var everything: Bool
        var runs: Set<RunID>
    }

    private var pending = Batch(everything: false, runs: [])
    private var waiter: CheckedContinuation<Void, Never>?

    func wake(run: RunID) {
        pending.runs.insert(run)
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
        defer { pending = Batch(everything: false, runs: []) }
        return pending
    }

    private func resumeWaiter() {
        waiter?.resume()
        waiter = nil
    }
}
