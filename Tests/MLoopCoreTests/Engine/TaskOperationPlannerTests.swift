import Foundation
import MLoopCore
import Testing

@Suite struct TaskOperationPlannerTests {
    static let chain = RunPlannerTests.chain

    static func snapshot(_ states: [TaskID: (TaskInstanceState, tries: Int)], run: RunState = .running) -> RunSnapshot {
        RunSnapshot(
            workflow: chain, runState: run,
            instances: states.mapValues { TaskInstanceSnapshot(state: $0.0, triesSoFar: $0.tries, maxTries: 1) })
    }

    @Test func clearingARunningTaskCancelsItsTryAndGrantsNewTries() throws {
        let plan = try TaskOperationPlanner.clear(
            "a", downstream: false, in: Self.snapshot(["a": (.running, 1), "b": (.pending, 0), "c": (.pending, 0)]))
        let change = try #require(plan.changes.first)
        #expect(plan.tasks == ["a"])
        #expect(change.from == .running && change.to == .pending && change.resets && change.maxTries == 2)
        #expect(change.openTry?.tryNumber == 1 && change.openTry?.to == .cancelled)
        #expect(change.openTry?.from == [.queued, .running])
        #expect(change.openTry?.error == "cleared by a user while running")
        #expect(plan.stopsRunningTries && plan.run == nil)
    }

    @Test func clearingWithDownstreamSkipsWhatCannotBeClearedAndReopensAFinishedRun() throws {
        let plan = try TaskOperationPlanner.clear(
            "a", downstream: true,
            in: Self.snapshot(["a": (.failed, 1), "b": (.upstreamFailed, 0), "c": (.pending, 0)], run: .failed))
        #expect(plan.tasks == ["a", "b"], "pending 'c' cannot be cleared and is left as it is")
        #expect(plan.changes.allSatisfy { $0.openTry == nil }, "finished instances have no open try")
        #expect(plan.run == RunChange(from: .failed, event: .cleared, to: .queued, reason: "tasks cleared by a user"))
        #expect(!plan.stopsRunningTries)
    }

    @Test func clearingAPendingTaskOrAnUnknownOneIsRefused() {
        let snapshot = Self.snapshot(["a": (.pending, 0)])
        #expect(throws: TaskOperationError.self) {
            try TaskOperationPlanner.clear("a", downstream: false, in: snapshot)
        }
        #expect(throws: TaskOperationError.unknownTask("zzz", workflow: "etl")) {
            try TaskOperationPlanner.clear("zzz", downstream: false, in: snapshot)
        }
    }

    @Test func markingAQueuedTaskEndsItsQueuedTryWithTheSameState() throws {
        let plan = try TaskOperationPlanner.mark("a", as: .success, in: Self.snapshot(["a": (.queued, 1)]))
        let change = try #require(plan.changes.first)
        #expect(change.event == .markedSuccess && change.to == .success && !change.resets && change.maxTries == nil)
        #expect(change.openTry?.to == .success && change.openTry?.error == "marked success by a user while queued")
        #expect(!plan.stopsRunningTries, "a queued try has no process to stop")
        #expect(throws: TaskOperationError.unsupportedMark(.skipped)) {
            try TaskOperationPlanner.mark("a", as: .skipped, in: Self.snapshot(["a": (.queued, 1)]))
        }
    }

    @Test func aRunTimesOutOnlyAfterItsLimitCountedFromItsStart() throws {
        var workflow = Self.chain
        workflow.runTimeout = .seconds(60)
        let started = RunPlannerTests.now
        var snapshot = Self.snapshot(["a": (.success, 1), "b": (.running, 1), "c": (.pending, 0)])
        snapshot.workflow = workflow
        #expect(RunTimeoutPlanner.plan(snapshot, startedAt: started, now: started + 60) == nil)
        #expect(RunTimeoutPlanner.plan(snapshot, startedAt: nil, now: started + 600) == nil, "not started yet")
        let plan = try #require(RunTimeoutPlanner.plan(snapshot, startedAt: started, now: started + 61))
        #expect(plan.tasks == ["b", "c"], "finished tasks keep their state")
        #expect(plan.changes.allSatisfy { $0.to == .failed })
        #expect(plan.changes.first { $0.task == "b" }?.openTry?.to == .failed)
        #expect(
            plan.run?.to == .failed && plan.run?.reason == "run timed out: still unfinished after run_timeout (60 s)")
    }

    @Test func aSettledRunIsPlannedFromItsProgressAlone() throws {
        #expect(RunPlanner.settled(RunProgressSummary(waiting: 1, active: 3)) == nil)
        #expect(RunPlanner.settled(RunProgressSummary(waiting: 0, active: 0)) == nil)
        let plan = try #require(RunPlanner.settled(RunProgressSummary(waiting: 0, active: 2, queued: ["b"])))
        #expect(plan.decisions.isEmpty && plan.waiting == ["b": .waitingForWorker])
        #expect(plan.run == RunDecision(event: nil, state: .running, reason: "2 tasks not finished yet"))
        // The full planner says the same of a settled run.
        let full = RunPlanner.plan(
            Self.snapshot(["a": (.success, 1), "b": (.queued, 1), "c": (.running, 1)]), now: RunPlannerTests.now)
        #expect(full.run == plan.run)
    }

    @Test func aQueuedRunStartsBelowMaxActiveRunsUnlessPaused() {
        var workflow = Self.chain
        workflow.maxActiveRuns = 2
        #expect(RunPlanner.starts(.queued, workflow: workflow, paused: false, runningRuns: 1))
        #expect(!RunPlanner.starts(.queued, workflow: workflow, paused: false, runningRuns: 2))
        #expect(!RunPlanner.starts(.queued, workflow: workflow, paused: true, runningRuns: 0))
        #expect(!RunPlanner.starts(.running, workflow: workflow, paused: false, runningRuns: 0))
    }
}

@Suite struct BranchChoiceTests {
    @Test func aBranchMayChooseOnlyDirectDownstreamTasks() {
        #expect(BranchChoice.problem(["b"], of: "a", downstream: ["b", "c"]) == nil)
        #expect(BranchChoice.problem([], of: "a", downstream: ["b"]) == nil)
        #expect(
            BranchChoice.problem(["b", "z"], of: "a", downstream: ["b", "c"])
                == "branch chose 'z', which is not a direct downstream task of 'a' (those are: b, c)")
    }
}
