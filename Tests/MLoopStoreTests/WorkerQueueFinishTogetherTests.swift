import Foundation
import MLoopCore
import MLoopPostgres
import MLoopTestSupport
import Testing

@testable import MLoopStore

@Suite struct WorkerQueueFinishTogetherTests {
    private static let success = TryOutcome.success(xcoms: [:], branch: nil, exitCode: 0)

    @Test func endedTriesHandTheirSlotsToQueuedOnesInOneStatement() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("wide", tasks: ["a", "b", "c", "d", "e"]))
        _ = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        let first = try await fixture.queue.claimQueuedTries(limit: 2, workerID: "w1", hostname: "h", now: fixture.t0)
        #expect(first.count == 2)
        let ends = first.map { TryEnd(ref: $0.ref, outcome: Self.success, finalLog: nil) }
        let (recorded, claimed) = try await fixture.queue.finishTriesTogether(
            ends, claimingFor: Claimant(workerID: "w1", hostname: "h"), now: fixture.t0)
        #expect(recorded == [true, true])
        #expect(claimed.count == 2, "as many claimed as ended")
        #expect(Set(claimed.map(\.ref.taskID)).isDisjoint(with: first.map(\.ref.taskID)))
        let running = "SELECT count(*)::int AS n FROM task_try WHERE state = 'running' AND worker_id = 'w1'"
        #expect(try await fixture.count(SQL(unsafeRaw: running)) == 2, "never more running than the slots")
        #expect(try await fixture.count("SELECT count(*)::int AS n FROM task_instance WHERE state = 'success'") == 2)
        // The last ends claim only what is left; without a claimant nothing is claimed.
        let rest = try await fixture.queue.claimQueuedTries(limit: 10, workerID: "w1", hostname: "h", now: fixture.t0)
        #expect(rest.count == 1)
        let (again, none) = try await fixture.queue.finishTriesTogether(
            (claimed + rest).map { TryEnd(ref: $0.ref, outcome: .skipped(exitCode: 99), finalLog: nil) },
            claimingFor: nil, now: fixture.t0)
        #expect(again == [true, true, true] && none.isEmpty)
        await fixture.close()
    }

    @Test func anEndNoLongerCurrentIsNotRecordedButItsLogIs() async throws {
        let fixture = try await RunFixture()
        let run = try await fixture.startRun(RunFixture.workflow("one", tasks: ["a"]))
        _ = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        let claimed = try await fixture.claimAll(fixture.t0)
        try await fixture.operations.markTask(run, "a", as: .failed, now: fixture.t0)
        let log = LogChunk(chunkNumber: 0, byteOffset: 0, content: "closing line\n")
        let (recorded, _) = try await fixture.queue.finishTriesTogether(
            [TryEnd(ref: claimed[0].ref, outcome: Self.success, finalLog: log)],
            claimingFor: Claimant(workerID: "w1", hostname: "h"), now: fixture.t0)
        #expect(recorded == [false])
        #expect(try await fixture.states(run)["a"] == .failed)
        #expect(try await fixture.count("SELECT count(*)::int AS n FROM task_log_chunk") == 1)
        await fixture.close()
    }

    @Test func theWakeUpSaysHowManyTriesOfTheRunEnded() async throws {
        let fixture = try await RunFixture()
        let listener = try await PostgresConnection.connect(fixture.pool.configuration, logger: TestLogger.logger)
        let notifications = listener.notifications
        try await listener.listen(StoreChannel.scheduler)
        let run = try await fixture.startRun(RunFixture.workflow("wide", tasks: ["a", "b", "c"]))
        _ = try #require(try await fixture.scheduling.planRun(run, now: fixture.t0))
        let claimed = try await fixture.claimAll(fixture.t0)
        _ = try await fixture.queue.finishTriesTogether(
            claimed.map { TryEnd(ref: $0.ref, outcome: Self.success, finalLog: nil) }, now: fixture.t0)
        // A hang guard only: the wake-up is delivered at commit.
        let wakeUps = await withTaskGroup(of: [SchedulerWakeUp].self) { group in
            group.addTask {
                var seen: [SchedulerWakeUp] = []
                for await notification in notifications {
                    seen.append(SchedulerWakeUp(payload: notification.payload))
                    if seen.contains(.ended(run, count: 3)) { break }
                }
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return []
            }
            let first = await group.next() ?? []
            group.cancelAll()
            return first
        }
        #expect(wakeUps.last == .ended(run, count: 3), "one wake-up for the three ends: \(wakeUps)")
        #expect(!wakeUps.contains { if case .ended = $0 { $0 != .ended(run, count: 3) } else { false } })
        await listener.close()
        await fixture.close()
    }
}
