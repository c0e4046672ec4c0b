/// The task graph of a workflow: upstream and downstream edges, a stable topological order, leaves.
public struct WorkflowGraph: Hashable, Sendable {
    /// Every task, upstream before downstream; ties keep the order the tasks are written in.
    public let order: [TaskID]
    /// Direct upstream tasks of each task, in the order written (`needs`).
    public let upstream: [TaskID: [TaskID]]
    /// Direct downstream tasks of each task, in `order`.
    public let downstream: [TaskID: [TaskID]]

    public init(_ workflow: WorkflowDefinition) {
        var upstream: [TaskID: [TaskID]] = [:]
        var downstream: [TaskID: [TaskID]] = [:]
        for task in workflow.tasks {
            upstream[task.id] = task.needs
            downstream[task.id, default: []] = downstream[task.id] ?? []
            for need in task.needs { downstream[need, default: []].append(task.id) }
        }
        self.upstream = upstream
        order = Self.topologicalOrder(workflow.tasks.map(\.id), upstream: upstream)
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.downstream = downstream.mapValues { ids in
            ids.sorted { position[$0, default: 0] < position[$1, default: 0] }
        }
    }

    /// Tasks with no downstream task: the ones that decide whether a run failed.
    public var leaves: [TaskID] { order.filter { downstream[$0, default: []].isEmpty } }

    /// Every task downstream of `tasks`, directly or not, the tasks themselves excluded.
    public func descendants(of tasks: some Sequence<TaskID>) -> Set<TaskID> {
        var seen: Set<TaskID> = []
        var stack = Array(tasks)
        while let task = stack.popLast() {
            for next in downstream[task, default: []] where seen.insert(next).inserted { stack.append(next) }
        }
        return seen
    }

    // Kahn's algorithm, always taking the earliest-written ready task. Tasks on a cycle (which validation
    // rejects) come last in written order rather than being dropped.
    private static func topologicalOrder(_ tasks: [TaskID], upstream: [TaskID: [TaskID]]) -> [TaskID] {
        let known = Set(tasks)
        var remaining = tasks
        var placed: Set<TaskID> = []
        var order: [TaskID] = []
        while let index = remaining.firstIndex(where: { task in
            upstream[task, default: []].allSatisfy { placed.contains($0) || !known.contains($0) }
        }) {
            let task = remaining.remove(at: index)
            placed.insert(task)
            order.append(task)
        }
        return order + remaining
    }
}
