import Foundation
import MLoopCore
import Testing

@Suite struct RunPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z

    static func workflow(
        _ tasks: [(id: TaskID, needs: [TaskID], rule: TriggerRule)], maxActiveTasks: Int = 16
    ) -> WorkflowDefinition {
        WorkflowDefinition(
            id: "etl", maxActiveTasks: maxActiveTasks,
            tasks: tasks.map {
                TaskDefinition(id: $0.id, action: .bash(script: "true"), needs: $0.needs, triggerRule: $0.rule)
            })
    }

    static func snapshot(
        _ workflow: WorkflowDefinition, _ states: [TaskID: TaskInstanceState], active: Int = 0
    ) -> RunSnapshot {
        RunSnapshot(
            workflow: workflow, instances: states.mapValues { TaskInstanceSnapshot(state: $0, maxTries: 1) },
            activeTasksInWorkflow: active)
    }

    /// Each decided task's resulting state.
    static func outcomes(_ plan: RunPlan) -> [TaskID: TaskInstanceState] {
        Dictionary(uniqueKeysWithValues: plan.decisions.map { ($0.task, $0.to) })
    }

    static let chain = workflow([("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", ["b"], .allSuccess)])

    @Test func queuesTheRootOfAFreshChainAndExplainsTheRest() {
        let plan = RunPlanner.plan(Self.snapshot(Self.chain, [:]), now: Self.now)
        #expect(Self.outcomes(plan) == ["a": .queued])
        #expect(plan.decision(for: "a")?.events == [.dependenciesMet, .queued])
        #expect(plan.waiting["b"]?.description == "waiting for upstream 'a' (queued)")
        #expect(plan.waiting["c"]?.description == "waiting for upstream 'b' (pending)")
        #expect(plan.run == RunDecision(event: nil, state: .running, reason: "3 tasks not finished yet"))
    }

    @Test func runsTheJoinOfADiamondOnlyOnceBothSidesSucceeded() {
        let diamond = Self.workflow([
            ("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", ["a"], .allSuccess),
            ("d", ["b", "c"], .allSuccess),
        ])
        let halfway = RunPlanner.plan(
            Self.snapshot(diamond, ["a": .success, "b": .success, "c": .running]), now: Self.now)
        #expect(halfway.decisions.isEmpty)
        #expect(halfway.waiting["d"]?.description == "waiting for upstream 'c' (running)")
        let done = RunPlanner.plan(
            Self.snapshot(diamond, ["a": .success, "b": .success, "c": .success]), now: Self.now)
        #expect(Self.outcomes(done) == ["d": .queued])
    }

    @Test func aQueuedRunSaysWhetherMaxActiveRunsHoldsItOrTheSchedulerWillStartIt() {
        var snapshot = Self.snapshot(Self.chain, [:])
        snapshot.runState = .queued
        snapshot.runningRunsInWorkflow = 0
        let free = RunPlanner.plan(snapshot, now: Self.now)
        #expect(free.decisions.isEmpty)
        #expect(free.waiting["a"]?.description == "run is queued: the scheduler starts it at its next pass")
        snapshot.runningRunsInWorkflow = 2
        snapshot.workflow.maxActiveRuns = 2
        let full = RunPlanner.plan(snapshot, now: Self.now)
        #expect(full.waiting["a"]?.description == "run is queued: 2 runs are running, max_active_runs is 2")
    }

    @Test func fanOutQueuesOnlyUpToMaxActiveTasks() {
        let fanOut = Self.workflow(
            [("root", [], .allSuccess)] + (1...5).map { (TaskID("b\($0)"), ["root"], .allSuccess) },
            maxActiveTasks: 3)
        let plan = RunPlanner.plan(Self.snapshot(fanOut, ["root": .success], active: 1), now: Self.now)
        #expect(
            Self.outcomes(plan) == ["b1": .queued, "b2": .queued, "b3": .scheduled, "b4": .scheduled, "b5": .scheduled])
        #expect(plan.waiting["b4"]?.description == "max_active_tasks (3) reached for workflow 'etl'")
        #expect(plan.waiting["b1"]?.description == "queued: waiting for a free worker slot")
    }

    @Test func queuesTasksScheduledEarlierOnceASlotFrees() {
        let fanOut = Self.workflow([("a", [], .allSuccess), ("b", [], .allSuccess)], maxActiveTasks: 1)
        let full = RunPlanner.plan(Self.snapshot(fanOut, ["a": .scheduled, "b": .scheduled], active: 1), now: Self.now)
        #expect(full.decisions.isEmpty)
        let free = RunPlanner.plan(Self.snapshot(fanOut, ["a": .scheduled, "b": .scheduled]), now: Self.now)
        #expect(Self.outcomes(free) == ["a": .queued])
        #expect(free.decision(for: "a")?.events == [.queued])
    }

    @Test func marksDownstreamUpstreamFailedWhenParentFailsThroughSeveralRulesInOnePass() {
        let graph = Self.workflow([
            ("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", ["b"], .noneFailed),
            ("d", ["c"], .noneFailedMinOneSuccess), ("cleanup", ["d"], .allDone), ("alert", ["b"], .oneFailed),
            ("report", ["d"], .oneSuccess),
        ])
        let plan = RunPlanner.plan(Self.snapshot(graph, ["a": .failed]), now: Self.now)
        #expect(
            Self.outcomes(plan) == [
                "b": .upstreamFailed, "c": .upstreamFailed, "d": .upstreamFailed, "cleanup": .queued,
                "alert": .queued, "report": .upstreamFailed,
            ])
        #expect(plan.decision(for: "b")?.reason == "upstream 'a' is failed (trigger rule 'all_success')")
        #expect(plan.run.event == nil)
    }

    @Test func failsTheRunInOnePassWhenAFailureReachesEveryLeaf() {
        let plan = RunPlanner.plan(Self.snapshot(Self.chain, ["a": .failed]), now: Self.now)
        #expect(Self.outcomes(plan) == ["b": .upstreamFailed, "c": .upstreamFailed])
        #expect(plan.run == RunDecision(event: .failed, state: .failed, reason: "leaf task 'c' is upstream_failed"))
    }

    @Test func succeedsWhenEveryTaskFinishedAndNoLeafFailedEvenIfAMiddleTaskFailed() {
        // Airflow's documented pitfall: an all_done leaf makes the run succeed after a failure upstream.
        let graph = Self.workflow([("a", [], .allSuccess), ("cleanup", ["a"], .allDone)])
        let plan = RunPlanner.plan(Self.snapshot(graph, ["a": .failed, "cleanup": .success]), now: Self.now)
        #expect(plan.run.event == .succeeded)
        #expect(plan.run.state == .success)
    }

    @Test func succeedsWhenSkipsPropagateToTheLeaves() {
        let plan = RunPlanner.plan(Self.snapshot(Self.chain, ["a": .skipped]), now: Self.now)
        #expect(Self.outcomes(plan) == ["b": .skipped, "c": .skipped])
        #expect(
            plan.run
                == RunDecision(
                    event: .succeeded, state: .success, reason: "every task finished and no leaf task failed"))
    }

    @Test func skipsTheBranchesNotChosenAndWhatFollowsThem() {
        let graph = Self.workflow([
            ("choose", [], .allSuccess), ("left", ["choose"], .allSuccess), ("right", ["choose"], .allSuccess),
            ("right_child", ["right"], .allSuccess), ("join", ["left", "right_child"], .noneFailedMinOneSuccess),
        ])
        var snapshot = Self.snapshot(graph, [:])
        snapshot.instances["choose"] = TaskInstanceSnapshot(state: .success, triesSoFar: 1, branchChoice: ["left"])
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(Self.outcomes(plan) == ["left": .queued, "right": .skipped, "right_child": .skipped])
        #expect(plan.decision(for: "right")?.reason == "branch 'choose' chose 'left'")
        #expect(plan.waiting["join"]?.description == "waiting for upstream 'left' (queued)")
    }

    @Test func keepsADirectDownstreamOfABranchThatIsAlsoDownstreamOfTheChosenTask() {
        // Airflow's SkipMixin.skip_all_except: `join` follows `left`, so choosing `left` keeps `join`.
        let graph = Self.workflow([
            ("choose", [], .allSuccess), ("left", ["choose"], .allSuccess),
            ("join", ["choose", "left"], .allSuccess), ("other", ["choose"], .allSuccess),
        ])
        var snapshot = Self.snapshot(graph, [:])
        snapshot.instances["choose"] = TaskInstanceSnapshot(state: .success, triesSoFar: 1, branchChoice: ["left"])
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(Self.outcomes(plan) == ["left": .queued, "other": .skipped])
        #expect(plan.waiting["join"] != nil)
    }

    @Test func waitsForARetryThatIsNotDueYet() {
        var snapshot = Self.snapshot(Self.chain, [:])
        snapshot.instances["a"] = TaskInstanceSnapshot(
            state: .upForRetry, triesSoFar: 2, maxTries: 4, nextTryAt: Self.now.addingTimeInterval(300))
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(plan.decisions.isEmpty)
        #expect(plan.waiting["a"]?.description == "retry 2 of 3 due at 2024-01-01T00:05:00Z")
        #expect(RunPlanner.explain("a", in: snapshot, now: Self.now) == "retry 2 of 3 due at 2024-01-01T00:05:00Z")
    }

    @Test func queuesARetryThatIsDue() {
        var snapshot = Self.snapshot(Self.chain, [:])
        snapshot.instances["a"] = TaskInstanceSnapshot(
            state: .upForRetry, triesSoFar: 1, maxTries: 2, nextTryAt: Self.now)
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(plan.decision(for: "a")?.events == [.retryDue, .queued])
        #expect(plan.decision(for: "a")?.reason == "retry 1 of 1 due since 2024-01-01T00:00:00Z; queued")
        #expect(Self.outcomes(plan) == ["a": .queued])
    }

    @Test func failsADeadlockedRunWhoseUpstreamWasRemoved() {
        let plan = RunPlanner.plan(Self.snapshot(Self.chain, ["a": .removed]), now: Self.now)
        #expect(plan.decisions.isEmpty)
        #expect(plan.run.event == .failed)
        #expect(
            plan.run.reason
                == "no task can make progress: 'b' (trigger rule 'all_success' cannot be met: upstream 'a' is "
                + "removed); 'c' (waiting for upstream 'b' (pending))")
    }

    @Test func plansNothingForAPausedWorkflow() {
        var snapshot = Self.snapshot(Self.chain, ["a": .success])
        snapshot.workflowPaused = true
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(plan.decisions.isEmpty)
        #expect(plan.run == RunDecision(event: nil, state: .running, reason: "workflow 'etl' is paused"))
        #expect(RunPlanner.explain("b", in: snapshot, now: Self.now) == "workflow 'etl' is paused")
    }

    @Test func plansNothingForAQueuedRun() {
        var snapshot = Self.snapshot(Self.chain, [:])
        snapshot.runState = .queued
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(plan.decisions.isEmpty)
        #expect(plan.waiting.count == 3)
        #expect(plan.run.event == nil)
    }

    @Test func marksInstancesOfTasksNoLongerInTheWorkflowRemoved() {
        let snapshot = Self.snapshot(Self.chain, ["a": .running, "old": .pending, "older": .running])
        let plan = RunPlanner.plan(snapshot, now: Self.now)
        #expect(Self.outcomes(plan) == ["old": .removed])
    }

    @Test func explainsRunningFinishedAndAboutToChangeTasks() {
        let snapshot = Self.snapshot(Self.chain, ["a": .running, "b": .pending])
        #expect(RunPlanner.explain("a", in: snapshot, now: Self.now) == "running")
        #expect(RunPlanner.explain("b", in: snapshot, now: Self.now) == "waiting for upstream 'a' (running)")
        let failed = Self.snapshot(Self.chain, ["a": .failed])
        #expect(RunPlanner.explain("a", in: failed, now: Self.now) == "finished: failed")
        #expect(
            RunPlanner.explain("b", in: failed, now: Self.now)
                == "about to be upstream_failed: upstream 'a' is failed (trigger rule 'all_success')")
        #expect(RunPlanner.explain("zzz", in: failed, now: Self.now) == "workflow 'etl' has no task 'zzz'")
    }
}
