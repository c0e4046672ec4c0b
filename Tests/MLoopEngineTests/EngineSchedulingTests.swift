import Foundation
import MLoopCore
import MLoopStore
import Testing

/// The scheduler creates scheduled runs (catchup, pause) and follows changes to the DAGs folder.
@Suite(.serialized) struct EngineSchedulingTests {
    /// `@daily` from five days before today (UTC): five whole intervals have ended.
    static func daily(_ id: String, catchup: Bool, maxActiveRuns: Int = 2) -> String {
        """
        id: \(id)
        schedule: "@daily"
        start_date: \(day(-5))
        catchup: \(catchup)
        max_active_runs: \(maxActiveRuns)
        tasks:
          - {id: work, bash: sleep 0.4}
        """
    }

    static func day(_ offset: Int, from date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = calendar.startOfDay(for: date)
        let shifted = calendar.date(byAdding: .day, value: offset, to: start)!
        return Timestamp.format(shifted).prefix(10).description
    }

    @Test func catchupCreatesOneRunPerMissedIntervalAtMostMaxActiveRunsAtATime() async throws {
        try await withEngine(["caught.yaml": Self.daily("caught", catchup: true)]) { engine in
            let runs = try await Wait.until("five scheduled runs succeed", within: .seconds(30)) {
                () async throws -> [RunRecord]? in
                let runs = try await engine.queries.runs(of: "caught", limit: 100)
                return runs.count == 5 && runs.allSatisfy({ $0.state == .success }) ? runs : nil
            }
            let byDate = runs.sorted { $0.logicalDate < $1.logicalDate }
            #expect(
                byDate.map { Timestamp.format($0.logicalDate).prefix(10).description }
                    == (-5 ... -1).map { Self.day($0) })
            #expect(byDate.allSatisfy { $0.runType == .scheduled })
            for run in byDate {
                let interval = try #require(run.dataInterval)
                #expect(interval.start == run.logicalDate)
                #expect(interval.end.timeIntervalSince(interval.start) == 86_400)
            }
            // Never more than max_active_runs (2) unfinished at once, from creation to end.
            let lives = byDate.compactMap { run in run.endedAt.map { (start: run.createdAt, end: $0) } }
            #expect(lives.count == 5)
            #expect(Timeline.maxOverlap(lives) <= 2)
            #expect(Timeline.maxOverlap(Timeline.runIntervals(byDate)) == 2)
            // Nothing more is due until tomorrow.
            try await engine.schedulerPasses(2)
            #expect(try await engine.queries.runs(of: "caught", limit: 100).count == 5)
        }
    }

    @Test func withoutCatchupOnlyTheLatestIntervalRuns() async throws {
        try await withEngine(["latest.yaml": Self.daily("latest", catchup: false)]) { engine in
            let run = try await Wait.until("a scheduled run succeeds", within: .seconds(20)) {
                () async throws -> RunRecord? in
                try await engine.queries.runs(of: "latest", limit: 100).first { $0.state == .success }
            }
            #expect(Timestamp.format(run.logicalDate).hasPrefix(Self.day(-1)))
            try await engine.schedulerPasses(2)
            #expect(try await engine.queries.runs(of: "latest", limit: 100).count == 1)
        }
    }

    @Test func aPausedWorkflowGetsNoScheduledRunsUntilUnpaused() async throws {
        let engine = try await Engine.make(["paused.yaml": Self.daily("paused", catchup: true)])
        try await engine.workflows.setPaused("paused", true)
        await engine.startServices()
        do {
            try await engine.schedulerPasses(2)
            #expect(try await engine.queries.runs(of: "paused", limit: 100).isEmpty)
            try await engine.workflows.setPaused("paused", false)
            try await Wait.until("runs are created once unpaused", within: .seconds(10)) {
                try await !engine.queries.runs(of: "paused", limit: 100).isEmpty
            }
        } catch {
            await engine.stop()
            throw error
        }
        await engine.stop()
    }

    @Test func aChangedDAGFileIsPickedUpByTheRunningScheduler() async throws {
        let first = """
            id: evolving
            tasks:
              - {id: one, bash: echo one}
            """
        let second = """
            id: evolving
            tasks:
              - {id: one, bash: echo one}
              - {id: two, needs: one, bash: echo two}
            """
        try await withEngine(["evolving.yaml": first]) { engine in
            let before = try await engine.finished(try await engine.trigger("evolving"))
            #expect(before.taskInstances.map(\.taskID) == ["one"])
            let changed = ContinuousClock.now
            try engine.write("evolving.yaml", second)
            try await waitForWorkflow("evolving", engine, version: 2)
            // Picked up by the scheduler's own sync (every 0.5 s here), not by a restart; generous for a loaded machine.
            #expect(ContinuousClock.now - changed < .seconds(30))
            let after = try await engine.finished(try await engine.trigger("evolving"))
            #expect(after.run.versionNumber == 2)
            #expect(after.states == ["one": .success, "two": .success])
        }
    }
}
