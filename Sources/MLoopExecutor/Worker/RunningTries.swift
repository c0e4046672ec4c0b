import MLoopStore

/// The tries this worker is running, each with the task that supervises it, so a try the database says is no
/// longer ours (marked, or failed as stale) can be cancelled — which kills its process tree.
actor RunningTries {
    private var tasks: [TryRef: Task<Void, Never>] = [:]
    /// Tries whose process has ended and whose end is being recorded: no longer heartbeated, since once the end is
    /// committed the database rightly says the try is not running, which must not read as "taken from us".
    private var recording: Set<TryRef> = []

    var count: Int { tasks.count }
    /// The tries still running, for the heartbeat.
    var refs: [TryRef] { tasks.keys.filter { !recording.contains($0) } }

    /// Whether `ref` still runs here (not ended, not being recorded).
    func isRunning(_ ref: TryRef) -> Bool { tasks[ref] != nil && !recording.contains(ref) }

    /// The try's process has ended; its end is being recorded.
    func recordingEnd(of ref: TryRef) { if tasks[ref] != nil { recording.insert(ref) } }

    /// Runs `body` for `ref`, forgets it, then calls `then`. The task is created inside the actor, so its removal
    /// (which hops back here) cannot come before its registration, however fast the try ends; and the slot is free
    /// before `then` runs.
    func start(
        _ ref: TryRef, _ body: @escaping @Sendable () async -> Void, then: @escaping @Sendable () -> Void
    ) {
        tasks[ref] = Task {
            await body()
            self.remove(ref)
            then()
        }
    }

    private func remove(_ ref: TryRef) {
        tasks[ref] = nil
        recording.remove(ref)
    }

    func cancel(_ ref: TryRef) { tasks[ref]?.cancel() }

    func cancelAll() { for task in tasks.values { task.cancel() } }

    /// Waits until every running try has ended.
    func waitForAll() async {
        while let (_, task) = tasks.first {
            await task.value
        }
    }
}
