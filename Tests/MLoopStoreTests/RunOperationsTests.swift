import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct RunOperationsTests {
    /// A finished a→b run.
    func finishedChain(_ fixture: RunFixture) async throws -> RunID {
        let run = try await fixture.startRun(RunFixture.workflow("ops", tasks: ["a", "b"], needs: ["b": ["a"]]))
        for _ in 0..<2 {
            _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
            for claim in try await fixture.claimAll(fixture.t0) {
                let xcoms: [String: JSONValue] = ["from": .string(claim.ref.taskID.rawValue)]
                try await fixture.queue.finishTry(
                    claim.ref, .success(xcoms: xcoms, branch: nil, exitCode: 0), now: fixture.t0)
            }
        }
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        return run
    }

    @Test func clearingATaskWithItsDownstreamRerunsThemAsNewTries() async throws {
        let fixture = try await RunFixture()
        let run = try await finishedChain(fixture)
        #expect(try await fixture.runState(run) == .success)
        let cleared = try await fixture.operations.clearTask(run, "a", downstream: true, now: fixture.t0 + 100)
        #expect(cleared == ["a", "b"])
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.run.state == .queued && detail.run.endedAt == nil)
        #expect(detail.taskInstances.allSatisfy { $0.state == .pending && $0.maxTries == 2 && $0.tryNumber == 1 })
        #expect(try await fixture.queries.xcoms(of: run, task: nil).isEmpty)
        let replan = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0 + 100))
        #expect(replan.started && replan.queued == ["a"])
        #expect(try await fixture.claimAll(fixture.t0 + 100).map(\.ref.tryNumber) == [2])
        await #expect(throws: StoreError.self) {
            try await fixture.operations.clearTask(run, "b", downstream: false, now: fixture.t0 + 101)
        }
        await #expect(throws: StoreError.notFound("run \(run) of workflow 'ops' has no task 'zzz'")) {
            try await fixture.operations.clearTask(run, "zzz", downstream: false, now: fixture.t0)
        }
        await fixture.close()
    }

    @Test func markingAQueuedTaskSuccessLetsDownstreamRun() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("mark", tasks: ["a", "b"], needs: ["b": ["a"]]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        try await fixture.operations.markTask(run, "a", as: .success, now: fixture.t0)
        let detail = try #require(try await fixture.queries.run(run))
        #expect(
            detail.tries.map(\.state.rawValue) == ["success"]
                && detail.tries[0].error?.contains("marked success") == true)
        #expect(try await fixture.scheduling.planRun(run, now: fixture.t0)?.queued == ["b"])
        // A worker that claimed nothing cannot finish the marked try.
        #expect(
            try await !fixture.queue.finishTry(
                TryRef(runID: run, taskID: "a", tryNumber: 1),
                .failed(reason: "x", exitCode: 1), now: fixture.t0))
        await #expect(throws: StoreError.self) {
            try await fixture.operations.markTask(run, "b", as: .skipped, now: fixture.t0)
        }
        await fixture.close()
    }

    @Test func logsAreReadFromAnyByteOffsetAndChunksAreIdempotent() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("logs", tasks: ["a"]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let ref = try await fixture.claimAll(fixture.t0)[0].ref
        try await fixture.queue.appendLog(ref, chunkNumber: 0, byteOffset: 0, content: "hello ")
        try await fixture.queue.appendLog(ref, chunkNumber: 0, byteOffset: 0, content: "hello ")
        try await fixture.queue.appendLog(ref, chunkNumber: 1, byteOffset: 6, content: "wörld\n")
        let all = try await fixture.queries.log(ref, fromOffset: 0)
        #expect(all.content == "hello wörld\n" && all.nextOffset == 13)
        let tail = try await fixture.queries.log(ref, fromOffset: 3)
        #expect(tail.content == "lo wörld\n" && tail.nextOffset == 13)
        let nothing = try await fixture.queries.log(ref, fromOffset: 13)
        #expect(nothing.content.isEmpty && nothing.nextOffset == 13)
        try await fixture.queue.appendLog(ref, chunkNumber: 2, byteOffset: 13, content: "bye\u{0}")
        #expect(try await fixture.queries.log(ref, fromOffset: 13) == ("bye?", 17))
        #expect(try await fixture.queries.run(run)?.tries.first?.logBytes == 17)
        await fixture.close()
    }

    @Test func progressAndMetadataOfARunningTryAreShownWithTheRun() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("progress", tasks: ["a"]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let ref = try await fixture.claimAll(fixture.t0)[0].ref
        try await fixture.queue.recordProgress(ref, progress: .object(["epoch": .int(3)]), metadata: nil)
        try await fixture.queue.recordProgress(ref, progress: nil, metadata: .object(["loss": .double(0.5)]))
        let instance = try #require(try await fixture.queries.run(run)?.taskInstances.first)
        #expect(
            instance.progress == .object(["epoch": .int(3)]) && instance.metadata == .object(["loss": .double(0.5)]))
        await fixture.close()
    }

    @Test func explainSaysWhatEachWaitingTaskWaitsFor() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("why", tasks: ["a", "b"], needs: ["b": ["a"]]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let reasons = try await fixture.operations.explain(run, now: fixture.t0)
        #expect(reasons["a"] == "queued: waiting for a free worker slot")
        #expect(reasons["b"] == "waiting for upstream 'a' (queued)")
        await #expect(throws: StoreError.notFound("no run with id 999")) {
            try await fixture.operations.explain(RunID(999), now: fixture.t0)
        }
        await fixture.close()
    }

    @Test func schedulableWorkflowsAreActiveUnpausedAndScheduled() async throws {
        let fixture = try await RunFixture()
        var daily = RunFixture.workflow("daily", tasks: ["a"])
        daily.schedule = try Schedule(parsing: "@daily")
        var paused = RunFixture.workflow("paused_daily", tasks: ["a"])
        paused.schedule = try Schedule(parsing: "@daily")
        try await fixture.store(daily)
        try await fixture.store(paused)
        try await fixture.store(RunFixture.workflow("manual_only", tasks: ["a"]))
        try await fixture.workflows.setPaused("paused_daily", true)
        let schedulable = try await fixture.scheduling.schedulableWorkflows()
        #expect(schedulable.map(\.id) == ["daily"] && schedulable[0].definition == daily)
        try await fixture.registry.recordProcessAlive(
            processID: "s1", role: "scheduler", hostname: "h", pid: 42, now: fixture.t0)
        try await fixture.registry.recordProcessAlive(
            processID: "s1", role: "scheduler", hostname: "h", pid: 42, now: fixture.t0 + 5)
        #expect(
            try await fixture.count(
                """
                SELECT count(*)::int AS n FROM process_heartbeat WHERE heartbeat_at = \(fixture.t0 + 5)
                """) == 1)
        await fixture.close()
    }
}
