import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Two schedulers and three workers together behave exactly like one of each.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ProcessConcurrencyTests {
    /// start → 66 tasks → join1 → 66 tasks → join2 → 66 tasks → end: 202 short tasks with fan-outs and joins.
    static func layered(_ id: String, width: Int) -> String {
        var text = "id: \(id)\nmax_active_tasks: 64\ntasks:\n  - {id: start, bash: \"true\"}\n"
        var previous = "start"
        for layer in ["a", "b", "c"] {
            let names = (1...width).map { "\(layer)\($0)" }
            for name in names { text += "  - {id: \(name), needs: \(previous), bash: \"true\"}\n" }
            let join = layer == "c" ? "end" : "join_\(layer)"
            text += "  - {id: \(join), needs: [\(names.joined(separator: ", "))], bash: \"true\"}\n"
            previous = join
        }
        return text
    }

    @Test func twoSchedulersAndThreeWorkersRunEveryTaskExactlyOnce() async throws {
        try await withProcesses(["layered.yaml": Self.layered("layered", width: 66)]) { cluster in
            try await cluster.startScheduler("scheduler-1")
            try await cluster.startScheduler("scheduler-2")
            for index in 1...3 { try await cluster.startWorker("worker-\(index)", parallelism: 4) }
            try await cluster.waitForWorkflow("layered")
            let run = try await cluster.trigger("layered")
            let detail = try await cluster.finished(run, within: .seconds(50))
            #expect(detail.run.state == .success)
            #expect(detail.taskInstances.count == 202)
            #expect(detail.taskInstances.allSatisfy { $0.state == .success && $0.tryNumber == 1 })
            #expect(detail.tries.count == 202, "every task instance ran exactly one try")
            #expect(detail.tries.allSatisfy { $0.state == .success && $0.tryNumber == 1 && $0.startedAt != nil })
            #expect(detail.triesNeverOverlap() == [])
            // The work was shared: more than one worker ran tries.
            #expect(Set(detail.tries.compactMap(\.workerID)).count > 1)
            // Joins ran after every task they need.
            let ends = Dictionary(uniqueKeysWithValues: detail.tries.map { ($0.taskID.rawValue, $0.endedAt!) })
            let starts = Dictionary(uniqueKeysWithValues: detail.tries.map { ($0.taskID.rawValue, $0.startedAt!) })
            for (layer, join) in [("a", "join_a"), ("b", "join_b"), ("c", "end")] {
                let lastEnd = (1...66).compactMap { ends["\(layer)\($0)"] }.max()!
                #expect(starts[join]! >= lastEnd, "\(join) started before its upstream tasks ended")
            }
        }
    }
}
