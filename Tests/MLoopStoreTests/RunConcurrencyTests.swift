import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct RunConcurrencyTests {
    @Test func twoWorkersRacingOverAThousandQueuedTriesClaimEachExactlyOnce() async throws {
        let fixture = try await RunFixture(maxConnections: 6)
        let tasks = (0..<1_000).map { TaskID("t\($0)") }
        let run = try await fixture.startRun(RunFixture.workflow("wide", tasks: tasks, maxActiveTasks: 1_000))
        let plan = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(plan.queued.count == 1_000)
        let claims = try await withThrowingTaskGroup(of: [TryRef].self) { group in
            for worker in ["w1", "w2"] {
                for _ in 0..<2 {  // two concurrent claim loops per worker
                    group.addTask {
                        var mine: [TryRef] = []
                        while true {
                            let batch = try await fixture.queue.claimQueuedTries(
                                limit: 7, workerID: worker, hostname: "h", now: fixture.t0)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.ref)
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claims.count == 1_000)
        #expect(Set(claims).count == 1_000)
        #expect(
            try await fixture.count(
                """
                SELECT count(*)::int AS n FROM task_try WHERE state = 'running' AND worker_id IS NOT NULL AND try_number = 1
                """) == 1_000)
        #expect(
            try await fixture.count("SELECT count(*)::int AS n FROM task_instance WHERE state = 'running'") == 1_000)
        await fixture.close()
    }

    @Test func maxActiveTasksHoldsAcrossConcurrentPlansOfDifferentRuns() async throws {
        let fixture = try await RunFixture(maxConnections: 6)
        let workflow = RunFixture.workflow("capped", tasks: ["a", "b", "c"], maxActiveTasks: 4)
        try await fixture.store(workflow)
        var runIDs: [RunID] = []
        for day in 0..<5 { runIDs.append(try await fixture.manualRun("capped", at: fixture.t0 + Double(day))) }
        let ids = runIDs
        let queued = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in ids {
                group.addTask { try await fixture.scheduling.planRun(id, now: fixture.t0)?.queued.count ?? 0 }
            }
            return try await group.reduce(0, +)
        }
        #expect(queued == 4)
        #expect(
            try await fixture.count(
                """
                SELECT count(*)::int AS n FROM task_instance WHERE workflow_id = 'capped' AND state IN ('queued', 'running')
                """) == 4)
        await fixture.close()
    }

    @Test func maxActiveRunsKeepsLaterRunsQueuedUntilASlotFrees() async throws {
        let fixture = try await RunFixture()
        let workflow = RunFixture.workflow("one_at_a_time", tasks: ["a"], maxActiveRuns: 1)
        let first = try await fixture.startRun(workflow)
        let second = try await fixture.manualRun("one_at_a_time", at: fixture.t0 + 1)
        #expect(try await fixture.scheduling.planRun(first, now: fixture.t0)?.started == true)
        let held = try #require(try await fixture.scheduling.planRun(second, now: fixture.t0))
        #expect(!held.started && held.runState == .queued && held.queued.isEmpty)
        #expect(held.waiting["a"] == .runQueued(running: 1, limit: 1))
        #expect(held.waiting["a"]?.description == "run is queued: 1 run is running, max_active_runs is 1")
        let claimed = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(
            claimed[0].ref, .success(xcoms: [:], branch: nil, exitCode: 0), now: fixture.t0)
        #expect(try await fixture.scheduling.planRun(first, now: fixture.t0)?.runState == .success)
        let started = try #require(try await fixture.scheduling.planRun(second, now: fixture.t0))
        #expect(started.started && started.queued == ["a"])
        await fixture.close()
    }

    @Test func planRunReturnsNilWhileAnotherTransactionHoldsTheRun() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("held", tasks: ["a"]))
        try await fixture.pool.withTransaction { connection in
            try await connection.query("SELECT run_id FROM workflow_run WHERE run_id = \(run.rawValue) FOR UPDATE")
            #expect(try await fixture.scheduling.planRun(run, now: fixture.t0) == nil)
        }
        #expect(try await fixture.scheduling.planRun(run, now: fixture.t0)?.queued == ["a"])
        await fixture.close()
    }

    @Test func triesOfADeadWorkerAreFailedAndRetriedAfterTheHeartbeatTimeout() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("stale", tasks: ["a", "b"], retries: 1))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let claimed = try await fixture.claimAll(fixture.t0)
        let refs = claimed.map(\.ref)
        #expect(
            try await fixture.queue.refreshTryHeartbeats(workerID: "w1", tries: [refs[0]], now: fixture.t0 + 8).isEmpty)
        #expect(
            try await fixture.scheduling.failStaleTries(heartbeatTimeout: .seconds(10), now: fixture.t0 + 5).isEmpty)
        let failed = try await fixture.scheduling.failStaleTries(heartbeatTimeout: .seconds(10), now: fixture.t0 + 12)
        #expect(failed == [refs[1]])
        #expect(try await fixture.states(run) == ["a": .running, "b": .upForRetry])
        #expect(
            try await fixture.queue.refreshTryHeartbeats(workerID: "w1", tries: refs, now: fixture.t0 + 13) == [refs[1]]
        )
        // The dead worker's late report is ignored: the try was already failed.
        let late = try await fixture.queue.finishTry(
            refs[1], .success(xcoms: ["k": .int(1)], branch: nil, exitCode: 0),
            now: fixture.t0 + 14)
        #expect(!late)
        #expect(try await fixture.queries.xcoms(of: run, task: "b").isEmpty)
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries.first { $0.taskID == "b" }?.error?.contains("stopped heartbeating") == true)
        await fixture.close()
    }

    @Test func aRunPastItsRunTimeoutFailsWithItsUnfinishedTasks() async throws {
        let fixture = try await RunFixture()
        let workflow = RunFixture.workflow("slow", tasks: ["a", "b"], needs: ["b": ["a"]], runTimeout: .seconds(10))
        let run = try await fixture.startRun(workflow)
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        _ = try await fixture.claimAll(fixture.t0)
        let outcome = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0 + 11))
        #expect(outcome.runState == .failed && outcome.reason.contains("run_timeout"))
        #expect(try await fixture.states(run) == ["a": .failed, "b": .failed])
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries.map(\.state.rawValue) == ["failed"] && detail.run.note?.contains("timed out") == true)
        await fixture.close()
    }

    @Test func runsOfAPausedWorkflowStartNoTasks() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("paused", tasks: ["a"]))
        try await fixture.workflows.setPaused("paused", true)
        let outcome = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(outcome.queued.isEmpty && !outcome.started)
        #expect(try await fixture.operations.explain(run, now: fixture.t0)["a"] == "workflow 'paused' is paused")
        await fixture.close()
    }
}
