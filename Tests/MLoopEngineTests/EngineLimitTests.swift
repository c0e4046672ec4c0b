import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Per-workflow limits hold even when the worker has slots to spare.
@Suite(.serialized) struct EngineLimitTests {
    @Test func maxActiveTasksCapsRunningTasksOfTheWorkflow() async throws {
        let tasks = (1...6).map { "  - {id: t\($0), bash: sleep 0.5}" }.joined(separator: "\n")
        let yaml = "id: capped\nmax_active_tasks: 2\ntasks:\n" + tasks
        try await withEngine(["capped.yaml": yaml], parallelism: 8) { engine in
            let sampler = Sampler.activeTasks(engine.pool, workflow: "capped")
            let detail = try await engine.finished(try await engine.trigger("capped"))
            #expect(await sampler.stop() == 2)
            #expect(detail.run.state == .success)
            // Two at a time: six half-second tasks take at least three rounds.
            let elapsed = try #require(detail.run.endedAt).timeIntervalSince(try #require(detail.run.startedAt))
            #expect(elapsed >= 1.5, "\(elapsed) s")
        }
    }

    @Test func maxActiveTasksCountsTasksOfEveryRun() async throws {
        let yaml = """
            id: shared_cap
            max_active_tasks: 3
            tasks:
              - {id: a, bash: sleep 0.5}
              - {id: b, bash: sleep 0.5}
            """
        try await withEngine(["shared_cap.yaml": yaml], parallelism: 8) { engine in
            let sampler = Sampler.activeTasks(engine.pool, workflow: "shared_cap")
            let ids = [try await engine.trigger("shared_cap"), try await engine.trigger("shared_cap")]
            var details: [RunDetail] = []
            for id in ids { details.append(try await engine.finished(id)) }
            #expect(await sampler.stop() == 3)
            #expect(details.allSatisfy { $0.run.state == .success })
        }
    }

    @Test func workerRunsNoMoreTriesThanItsSlots() async throws {
        let tasks = (1...5).map { "  - {id: t\($0), bash: sleep 0.5}" }.joined(separator: "\n")
        try await withEngine(["slots.yaml": "id: slots\ntasks:\n" + tasks], parallelism: 2) { engine in
            let sampler = Sampler.runningTasks(engine.pool)
            let detail = try await engine.finished(try await engine.trigger("slots"))
            #expect(await sampler.stop() == 2)
            #expect(detail.run.state == .success)
        }
    }

    @Test func maxActiveRunsRunsOneRunAtATime() async throws {
        let yaml = """
            id: one_at_a_time
            max_active_runs: 1
            tasks:
              - {id: first, bash: sleep 0.3}
              - {id: second, needs: first, bash: sleep 0.2}
            """
        try await withEngine(["one.yaml": yaml]) { engine in
            let sampler = Sampler.runningRuns(engine.pool, workflow: "one_at_a_time")
            var ids: [RunID] = []
            for _ in 0..<3 { ids.append(try await engine.trigger("one_at_a_time")) }
            var details: [RunDetail] = []
            for id in ids { details.append(try await engine.finished(id)) }
            #expect(await sampler.stop() == 1)
            #expect(details.allSatisfy { $0.run.state == .success })
            #expect(Timeline.maxOverlap(Timeline.runIntervals(details.map(\.run))) == 1)
            // Runs started in the order they were created.
            let starts = details.compactMap(\.run.startedAt)
            #expect(starts.count == 3 && starts == starts.sorted())
        }
    }
}
