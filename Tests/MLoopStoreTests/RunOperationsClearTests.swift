import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

/// Clearing tasks with open tries: the try is closed under the same guard as every other transition, so a task
/// instance never has two live tries and no try row is left open.
@Suite struct RunOperationsClearTests {
    static let openTries: SQL = """
        SELECT count(*)::int AS n FROM task_try y JOIN task_instance t USING (run_id, task_id)
        WHERE y.state IN ('queued', 'running') AND (y.try_number <> t.try_number OR t.state NOT IN ('queued', 'running'))
        """

    @Test func clearingAQueuedTaskCancelsItsQueuedTry() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("clear_queued", tasks: ["a"]))
        #expect(try await fixture.scheduling.planRun(run, now: fixture.t0)?.queued == ["a"])
        #expect(try await fixture.operations.clearTask(run, "a", downstream: false, now: fixture.t0 + 1) == ["a"])
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries.map(\.state) == [.cancelled])
        #expect(detail.tries[0].error == "cleared by a user while queued" && detail.tries[0].endedAt != nil)
        #expect(try await fixture.claimAll(fixture.t0 + 1).isEmpty, "the cancelled try is never claimed")
        #expect(try await fixture.scheduling.planRun(run, now: fixture.t0 + 2)?.queued == ["a"])
        #expect(try await fixture.claimAll(fixture.t0 + 2).map(\.ref.tryNumber) == [2])
        #expect(try await fixture.count(Self.openTries) == 0)
        await fixture.close()
    }

    @Test func clearingARunningTaskCancelsItsTryAndItsWorkerLosesIt() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("clear_running", tasks: ["a"]))
        _ = try await fixture.scheduling.planRun(run, now: fixture.t0)
        let ref = try #require(try await fixture.claimAll(fixture.t0).first).ref
        #expect(try await fixture.operations.clearTask(run, "a", downstream: false, now: fixture.t0 + 1) == ["a"])
        let detail = try #require(try await fixture.queries.run(run))
        #expect(detail.tries.map(\.state) == [.cancelled])
        #expect(detail.taskInstances[0].state == .pending && detail.taskInstances[0].maxTries == 2)
        // The worker's next heartbeat reports the try as no longer its own: it stops the process.
        #expect(
            try await fixture.queue.refreshTryHeartbeats(workerID: "w1", tries: [ref], now: fixture.t0 + 2) == [ref])
        // Its late end is not recorded.
        #expect(
            try await !fixture.queue.finishTry(ref, .success(xcoms: [:], branch: nil, exitCode: 0), now: fixture.t0 + 3)
        )
        #expect(try await fixture.queries.run(run)?.tries.map(\.state) == [.cancelled])
        #expect(try await fixture.count(Self.openTries) == 0)
        await fixture.close()
    }

    @Test func clearRacingClaimsNeverLeavesTwoLiveTriesOrAnOpenTry() async throws {
        let fixture = try await RunFixture(maxConnections: 6)
        let run = try await fixture.startRun(RunFixture.workflow("clear_race", tasks: ["a"]))
        var now = fixture.t0
        for iteration in 0..<300 {
            now += 1
            _ = try await fixture.scheduling.planRun(run, now: now)
            let at = now
            async let claimed = fixture.claimAll(at)
            async let cleared: [TaskID]? = try? fixture.operations.clearTask(run, "a", downstream: false, now: at)
            let (claims, _) = try await (claimed, cleared)
            let live = try await fixture.count(
                """
                SELECT count(*)::int AS n FROM task_try
                WHERE run_id = \(run.rawValue) AND state IN ('queued', 'running')
                """)
            #expect(live <= 1, "iteration \(iteration): \(live) live tries of one task instance")
            #expect(try await fixture.count(Self.openTries) == 0, "iteration \(iteration): a try left open")
            // A claimed try that lost the race to the clear is refused at its heartbeat, as its worker would see.
            for claim in claims {
                let lost = try await fixture.queue.refreshTryHeartbeats(workerID: "w1", tries: [claim.ref], now: at)
                let state = try await fixture.queries.run(run)?.tries.first { $0.tryNumber == claim.ref.tryNumber }?
                    .state
                #expect(
                    lost.isEmpty == (state == .running), "iteration \(iteration): try \(claim.ref) is \(state as Any)")
            }
            if try await fixture.states(run)["a"] == .running {
                _ = try await fixture.operations.clearTask(run, "a", downstream: false, now: at)
            }
        }
        await fixture.close()
    }
}
