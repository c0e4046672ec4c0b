import Testing

@testable import MLoopScheduler
@testable import MLoopStore

@Suite struct SettledRunsTests {
    private func settled(_ run: RunID, active: Int) -> RunPlanOutcome {
        RunPlanOutcome(
            runID: run, workflowID: "w", runState: .running, started: false, applied: [], stale: [], queued: [],
            reason: "", waiting: [:], settledActive: active)
    }

    @Test func endsCountDownASettledRunUntilItsLastTriesEnd() {
        var runs = SettledRuns()
        let run = RunID(7)
        var plans: [Bool] = []
        plans.append(runs.needsPlan(run, .ended(1)))
        runs.record(run, settled(run, active: 5))
        plans.append(runs.needsPlan(run, .ended(2)))
        plans.append(runs.needsPlan(run, .ended(2)))
        plans.append(runs.needsPlan(run, .ended(1)))
        plans.append(runs.needsPlan(run, .ended(1)))
        // Never planned: plan. Settled with 5 to end: 2, then 4 ended, no plan; the fifth: plan, and again until a
        // plan finds it settled.
        #expect(plans == [true, false, false, true, true])
    }

    @Test func anythingButEndsForcesAPlan() {
        var runs = SettledRuns()
        let run = RunID(7)
        runs.record(run, settled(run, active: 100))
        let forced = runs.needsPlan(run, .plan)
        let afterwards = runs.needsPlan(run, .ended(1))
        #expect(forced, "a clear, a mark, a failure: plan")
        #expect(afterwards, "the count is gone with it")
    }

    @Test func aRunThatWasNotFoundSettledIsAlwaysPlanned() {
        var runs = SettledRuns()
        let run = RunID(7)
        var plans: [Bool] = []
        runs.record(run, nil)
        plans.append(runs.needsPlan(run, .ended(1)))
        var notSettled = settled(run, active: 3)
        notSettled.settledActive = nil
        runs.record(run, notSettled)
        plans.append(runs.needsPlan(run, .ended(1)))
        runs.record(run, settled(run, active: 3))
        runs.forgetAll()
        plans.append(runs.needsPlan(run, .ended(1)))
        #expect(plans == [true, true, true], "not planned, not settled, forgotten after a full pass")
    }

    @Test func wakeUpsOfOneRunMergeCountsAndAPlanWins() {
        #expect(WakeUps.RunWake.ended(2).merged(with: .ended(3)) == .ended(5))
        #expect(WakeUps.RunWake.ended(2).merged(with: .plan) == .plan)
        #expect(WakeUps.RunWake.plan.merged(with: .ended(1)) == .plan)
    }

    @Test(arguments: [
        ("42", SchedulerWakeUp.run(RunID(42))), ("42:3", .ended(RunID(42), count: 3)), ("42:0", .everything),
        ("x", .everything), ("42:3:1", .everything), ("", .everything),
    ])
    func payloadsNameWhatToPlan(payload: String, expected: SchedulerWakeUp) {
        #expect(SchedulerWakeUp(payload: payload) == expected)
    }
}
