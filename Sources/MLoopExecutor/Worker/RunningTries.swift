import MLoopStore

/// The tries this worker is running, each with the task that supervises it, so a try the database says is no
/// longer ours (marked, or failed as stale) can be cancelled — which kills its process tree.
actor RunningTries {
    private var tasks: [TryRef: Task<Void, Never>] = [:]

    var count: Int { tasks.count }
    var refs: [TryRef] { Array(tasks.keys) }

    func add(_ ref: TryRef, _ task: Task<Void, Never>) { tasks[ref] = task }

    func remove(_ ref: TryRef) { tasks[ref] = nil }

    func cancel(_ ref: TryRef) { tasks[ref]?.cancel() }

    func cancelAll() { for task in tasks.values { task.cancel() } }

    /// Waits until every running try has ended.
    func waitForAll() async {
        while let (_, task) = tasks.first {
            await task.value
        }
    }
}
