import MLoopCore
import Testing

@Suite struct WorkflowGraphTests {
    static func workflow(_ tasks: [(TaskID, [TaskID])]) -> WorkflowDefinition {
        WorkflowDefinition(
            id: "w", tasks: tasks.map { TaskDefinition(id: $0.0, action: .bash(script: "true"), needs: $0.1) })
    }

    @Test func ordersUpstreamFirstKeepingWrittenOrderForTies() {
        let graph = WorkflowGraph(Self.workflow([("d", ["b", "c"]), ("c", ["a"]), ("b", ["a"]), ("a", [])]))
        #expect(graph.order == ["a", "c", "b", "d"])
        #expect(graph.downstream["a"] == ["c", "b"])
        #expect(graph.leaves == ["d"])
    }

    @Test func findsEveryDescendant() {
        let graph = WorkflowGraph(Self.workflow([("a", []), ("b", ["a"]), ("c", ["b"]), ("x", [])]))
        #expect(graph.descendants(of: ["a"]) == ["b", "c"])
        #expect(graph.descendants(of: ["x"]).isEmpty)
    }

    @Test func keepsTasksOnACycleAtTheEndInsteadOfDroppingThem() {
        let graph = WorkflowGraph(Self.workflow([("a", ["b"]), ("b", ["a"]), ("c", [])]))
        #expect(graph.order == ["c", "a", "b"])
    }
}
