/// What a branching task may choose: only its direct downstream tasks (the others are skipped by the planner).
public enum BranchChoice {
    /// Why `chosen`, the choice of `task`, is not a legal branch among its direct `downstream` tasks; nil when it is.
    /// A try whose choice is illegal fails.
    public static func problem(_ chosen: [TaskID], of task: TaskID, downstream: [TaskID]) -> String? {
        guard let stray = chosen.first(where: { !downstream.contains($0) }) else { return nil }
        return "branch chose '\(stray)', which is not a direct downstream task of '\(task)' "
            + "(those are: \(downstream.map(\.rawValue).joined(separator: ", ")))"
    }
}
