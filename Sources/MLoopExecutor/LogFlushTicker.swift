import Synchronization

/// Flushes the log pipelines that hold pending lines, every `interval`, with one timer for all of a runner's tries.
/// A timer per try cost more than a short try's own work (arming and cancelling it wakes dispatch threads); one tick
/// for every pipeline that has something waiting keeps "lines reach the database within the interval" for a
/// fraction of that. The ticking task runs only while some pipeline waits, so an idle worker has no timer at all.
final class LogFlushTicker: Sendable {
    private struct State {
        var waiting: [ObjectIdentifier: LogPipeline] = [:]
        var ticking = false
    }

    let interval: Duration
    private let state = Mutex(State())

    init(interval: Duration) {
        self.interval = interval
    }

    /// `pipeline` has pending lines: flush it at the next tick.
    func flushSoon(_ pipeline: LogPipeline) {
        let start = state.withLock { state in
            state.waiting[ObjectIdentifier(pipeline)] = pipeline
            if state.ticking { return false }
            state.ticking = true
            return true
        }
        if start {
            // Unstructured on purpose: it outlives any one try and stops by itself when nothing waits.
            Task { await self.tick() }
        }
    }

    /// `pipeline` is closed: it flushes itself.
    func forget(_ pipeline: LogPipeline) {
        _ = state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(pipeline)) }
    }

    private func tick() async {
        while true {
            try? await Task.sleep(for: interval)
            let due: [LogPipeline]? = state.withLock { state in
                if state.waiting.isEmpty {
                    state.ticking = false
                    return nil
                }
                defer { state.waiting = [:] }
                return Array(state.waiting.values)
            }
            guard let due else { return }
            for pipeline in due { pipeline.flushPending() }
        }
    }
}
