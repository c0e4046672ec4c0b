import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct RunLifecycleTests {
    @Test func scheduledRunsAreIdempotentPerLogicalDateAndManualRunsAreNot() async throws {
        let fixture = try await RunFixture()
        try await fixture.store(RunFixture.workflow("daily", tasks: ["a", "b"], retries: 2))
        let interval = DataInterval(start: fixture.t0, end: fixture.t0.addingTimeInterval(86_400))
        let request = NewRun(workflowID: "daily", runType: .scheduled, logicalDate: fixture.t0, dataInterval: interval)
        let first = try await fixture.scheduling.createRun(request)
        let second = try await fixture.scheduling.createRun(request)
        #expect(first.created && !second.created)
        #expect(first.run.runID == second.run.runID)
        #expect(first.run.state == .queued && first.run.dataInterval == interval && first.run.versionNumber == 1)
        #expect(try await fixture.scheduling.lastScheduledInterval(of: "daily") == interval)
        let manual1 = try await fixture.manualRun("daily")
        let manual2 = try await fixture.manualRun("daily")
        #expect(manual1 != manual2)
        let detail = try #require(try await fixture.queries.run(first.run.runID))
        #expect(detail.taskInstances.map(\.taskID) == ["a", "b"])
        #expect(detail.taskInstances.allSatisfy { $0.state == .pending && $0.maxTries == 3 && $0.tryNumber == 0 })
        #expect(try await fixture.scheduling.unfinishedRunIDs(limit: 10) == [first.run.runID, manual1, manual2])
        await fixture.close()
    }

    @Test func createRunNamesAnUnknownWorkflowAndRefusesAnInactiveOne() async throws {
        let fixture = try await RunFixture()
        await #expect(throws: StoreError.notFound("no workflow with id 'ghost'")) {
            try await fixture.manualRun("ghost")
        }
        try await fixture.store(RunFixture.workflow("gone", tasks: ["a"]))
        _ = try await fixture.workflows.forgetFile(path: "gone.yaml")
        await #expect(throws: StoreError.self) { try await fixture.manualRun("gone") }
        await fixture.close()
    }

    @Test func queuesRootsThenDownstreamAfterSuccessUntilTheRunSucceeds() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("chain", tasks: ["a", "b"], needs: ["b": ["a"]]))
        let first = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(first.started && first.queued == ["a"] && first.runState == .running)
        #expect(try await fixture.count("SELECT count(*)::int AS n FROM task_try WHERE state = 'queued'") == 1)
        let claimedA = try await fixture.claimAll(fixture.t0)
        #expect(claimedA.map(\.ref) == [TryRef(runID: run, taskID: "a", tryNumber: 1)])
        #expect(claimedA[0].downstream == ["b"])
        #expect(
            try await fixture.queue.finishTry(
                claimedA[0].ref, .success(xcoms: [:], branch: nil, exitCode: 0), now: fixture.t0))
        let second = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(second.queued == ["b"] && !second.started)
        let claimedB = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(
            claimedB[0].ref, .success(xcoms: [:], branch: nil, exitCode: 0), now: fixture.t0)
        let last = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(last.runState == .success)
        #expect(try await fixture.scheduling.unfinishedRunIDs(limit: 10).isEmpty)
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries.map(\.state.rawValue) == ["success", "success"])
        #expect(detail.tries.allSatisfy { $0.workerID == "w1" && $0.exitCode == 0 })
        await fixture.close()
    }

    @Test func aFailureMarksTheDownstreamChainUpstreamFailedAndFailsTheRun() async throws {
        let fixture = try await RunFixture()
        let workflow = RunFixture.workflow("fails", tasks: ["a", "b", "c"], needs: ["b": ["a"], "c": ["b"]])
        let run = try await fixture.startRun(workflow)
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let claimed = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(claimed[0].ref, .failed(reason: "exit 3", exitCode: 3), now: fixture.t0)
        let outcome = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(outcome.runState == .failed)
        #expect(try await fixture.states(run) == ["a": .failed, "b": .upstreamFailed, "c": .upstreamFailed])
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.run.note?.contains("leaf task 'c' is upstream_failed") == true)
        #expect(detail.tries[0].error == "exit 3" && detail.tries[0].exitCode == 3)
        await fixture.close()
    }

    @Test func aFailedTryIsRetriedAsANewTryOnceItsDelayHasPassed() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("retry", tasks: ["a"], retries: 1))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let first = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(first[0].ref, .failed(reason: "boom", exitCode: 1), now: fixture.t0)
        let instance = try #require(try await fixture.queries.run(run)?.taskInstances.first)
        #expect(instance.state == .upForRetry && instance.nextTryAt == fixture.t0.addingTimeInterval(60))
        let early = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0.addingTimeInterval(30)))
        #expect(early.queued.isEmpty)
        #expect(early.waiting["a"] == .retryNotDue(retry: 1, of: 1, at: fixture.t0.addingTimeInterval(60)))
        let due = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0.addingTimeInterval(61)))
        #expect(due.queued == ["a"])
        let second = try await fixture.claimAll(fixture.t0.addingTimeInterval(62))
        #expect(second.map(\.ref.tryNumber) == [2])
        let tries = try #require(try await fixture.queries.run(run)).tries
        #expect(tries.map(\.tryNumber) == [1, 2] && tries.map(\.state.rawValue) == ["failed", "running"])
        try await fixture.queue.finishTry(second[0].ref, .failed(reason: "again", exitCode: 1), now: fixture.t0)
        #expect(try await fixture.states(run) == ["a": .failed])
        await fixture.close()
    }

    @Test func xcomsAreStoredOnlyWithASuccessfulTryAndReachDownstreamClaims() async throws {
        let fixture = try await RunFixture()
        let workflow = RunFixture.workflow("xcom", tasks: ["a", "b"], needs: ["b": ["a"]], retries: 1)
        let run = try await fixture.startRun(workflow)
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let first = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(first[0].ref, .failed(reason: "boom", exitCode: 1), now: fixture.t0)
        #expect(try await fixture.queries.xcoms(of: run, task: nil).isEmpty)
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0.addingTimeInterval(120))
        let second = try await fixture.claimAll(fixture.t0)
        let pushed: [String: JSONValue] = ["count": .int(2), "model": .object(["path": .string("/m")])]
        try await fixture.queue.finishTry(
            second[0].ref, .success(xcoms: pushed, branch: nil, exitCode: 0), now: fixture.t0)
        let stored = try await fixture.queries.xcoms(of: run, task: "a")
        #expect(stored.map(\.key) == ["count", "model"] && stored.allSatisfy { $0.tryNumber == 2 })
        #expect(stored[0].value == .int(2))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0.addingTimeInterval(120))
        let downstream = try await fixture.claimAll(fixture.t0)
        #expect(downstream[0].ref.taskID == "b" && downstream[0].xcoms.count == 2)
        await fixture.close()
    }

    @Test func aBranchChoiceSkipsTheTasksNotChosen() async throws {
        let fixture = try await RunFixture()
        let workflow = RunFixture.workflow(
            "branch", tasks: ["pick", "left", "right"],
            needs: ["left": ["pick"], "right": ["pick"]])
        let run = try await fixture.startRun(workflow)
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let pick = try await fixture.claimAll(fixture.t0)
        try await fixture.queue.finishTry(
            pick[0].ref, .success(xcoms: [:], branch: ["left"], exitCode: 0), now: fixture.t0)
        let outcome = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        #expect(outcome.queued == ["left"])
        #expect(try await fixture.states(run) == ["pick": .success, "left": .queued, "right": .skipped])
        await fixture.close()
    }
}

@Suite struct ClaimTimeTests {
    @Test func aTryNeverStartsBeforeItWasQueued() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("stale_claim", tasks: ["a"]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0 + 10)
        // A claim whose clock was read before the try was queued (it waited for a connection meanwhile).
        let claimed = try await fixture.claimAll(fixture.t0)
        #expect(claimed.count == 1)
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries[0].startedAt == detail.tries[0].queuedAt)
        #expect(detail.tries[0].heartbeatAt == detail.tries[0].queuedAt)
        #expect(detail.taskInstances[0].startedAt == fixture.t0 + 10)
    }
}
