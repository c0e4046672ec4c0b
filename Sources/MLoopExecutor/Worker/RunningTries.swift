import MLoopStore

/// The tries this worker is running, each with the task that supervises it, so a try the database says is no
/// longer ours (marked, or failed as stale) can be cancelled — which kills its process tree.
actor RunningTries {
    private var tasks: [TryRef: Task<Void, Never>] = [:]

    var count: Int { tasks.count }
    var refs: [TryRef] { Array(tasks.keys) }

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

    private func remove(_ ref: TryRef) { tasks[ref] = nil }

    func cancel(_ ref: TryRef) { tasks[ref]?.cancel() }

    func cancelAll() { for task in tasks.values { task.cancel() } }

    /// Waits until every running try has ended.
    func waitForAll() async {
        while let (_, task) = tasks.first {
            await task.value
        }
    }
}
