import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct ProcessRegistryStatsTests {
    @Test func statsCountUnfinishedWorkOfAnyAgeAndFinishedWorkOnlyInTheWindow() async throws {
        let fixture = try await RunFixture()
        try await fixture.store(RunFixture.workflow("etl", tasks: ["a", "b"]))
        // Created in id order, as the engine does: an old unfinished run, an old finished one, then two recent ones.
        let oldQueued = try await fixture.manualRun("etl", at: fixture.t0)
        let oldDone = try await fixture.manualRun("etl", at: fixture.t0.addingTimeInterval(1))
        let recentQueued = try await fixture.manualRun("etl", at: fixture.t0.addingTimeInterval(2))
        let recentDone = try await fixture.manualRun("etl", at: fixture.t0.addingTimeInterval(3))
        for run in [oldQueued, oldDone] {
            try await fixture.pool.query(
                "UPDATE workflow_run SET created_at = now() - interval '3 days' WHERE run_id = \(run.rawValue)")
        }
        for run in [oldDone, recentDone] {
            try await fixture.pool.query("UPDATE workflow_run SET state = 'success' WHERE run_id = \(run.rawValue)")
            try await fixture.pool.query("UPDATE task_instance SET state = 'success' WHERE run_id = \(run.rawValue)")
        }

        let stats = try await fixture.registry.stats(windowHours: 24)
        #expect(stats.windowHours == 24)
        #expect(stats.workflows == 1)
        #expect(stats.runs == ["queued": 2, "running": 0, "success": 1, "failed": 0], "\(stats.runs)")
        #expect(stats.taskInstances["pending"] == 4, "\(stats.taskInstances)")
        #expect(stats.taskInstances["success"] == 2, "\(stats.taskInstances)")
        let wider = try await fixture.registry.stats(windowHours: 24 * 7)
        #expect(wider.runs["success"] == 2 && wider.taskInstances["success"] == 4, "\(wider)")
        await fixture.close()
    }
}
