import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

/// Operators' actions on a live engine: clear, mark, and the run-level timeout.
@Suite(.serialized) struct EngineOperationTests {
    /// A task that starts `sleep 100` in the background, records its pid in `pids`, and waits for it.
    static func sleeper(_ id: String, pids: String) -> String {
        """
          - id: \(id)
            bash: |
              sleep 100 &
              echo $! >> \(pids)
              wait
        """
    }

    @Test func clearWithDownstreamRunsTheTasksAgainAsNewTries() async throws {
        let yaml = """
            id: clearable
            tasks:
              - {id: a, bash: "echo a try $MLOOP_TRY_NUMBER"}
              - {id: b, needs: a, bash: "echo b try $MLOOP_TRY_NUMBER"}
              - {id: c, needs: b, bash: "echo c try $MLOOP_TRY_NUMBER"}
            """
        try await withEngine(["clearable.yaml": yaml]) { engine in
            let run = try await engine.trigger("clearable")
            #expect(try await engine.finished(run).run.state == .success)

            let cleared = try await engine.operations.clearTask(run, "a", downstream: true, now: Date())
            #expect(cleared == ["a", "b", "c"])
            let again = try await engine.finished(run)
            #expect(again.run.state == .success)
            #expect(again.taskInstances.map(\.tryNumber) == [2, 2, 2])
            #expect(
                again.tries.map(\.state.rawValue) == ["success", "success", "success", "success", "success", "success"])
            #expect(try await engine.log(run, "c", try: 2).contains("c try 2"))
            try expectOrder(again, "a", before: "b")
            try expectOrder(again, "b", before: "c")

            // Without --downstream only the task itself runs again.
            #expect(try await engine.operations.clearTask(run, "b", downstream: false, now: Date()) == ["b"])
            let third = try await engine.finished(run)
            #expect(third.taskInstances.map(\.tryNumber) == [2, 3, 2])
        }
    }

    @Test func markingARunningTaskSuccessUnblocksDownstreamAndStopsIt() async throws {
        try await withEngine(files: { folder in
            [
                "marked.yaml": "id: marked\ntasks:\n" + Self.sleeper("stuck", pids: folder + "/pids")
                    + "\n  - {id: next, needs: stuck, bash: echo next ran}"
            ]
        }) { engine in
            let run = try await engine.trigger("marked")
            try await Wait.until("stuck is running", within: .seconds(10)) {
                FileManager.default.fileExists(atPath: engine.folder + "/pids")
            }
            try await engine.operations.markTask(run, "stuck", as: .success, now: Date())
            let detail = try await engine.finished(run, within: .seconds(15))
            #expect(detail.run.state == .success)
            #expect(detail.states == ["stuck": .success, "next": .success])
            #expect(detail.lastTry("stuck")?.error?.contains("marked success") == true)
            #expect(try await engine.log(run, "next", try: 1).contains("next ran"))
            let pids = try ProcessCheck.pids(in: engine.folder + "/pids")
            try await Wait.until("the marked task's process tree is killed", within: .seconds(10)) {
                pids.allSatisfy { !ProcessCheck.isRunning($0) }
            }
        }
    }

    @Test func clearingARunningTaskStopsItsProcessAndRunsItAgain() async throws {
        try await withEngine(files: { folder in
            let pids = folder + "/pids"
            return [
                "restart.yaml": """
                id: restart
                tasks:
                  - id: slow
                    bash: |
                      if [ "$MLOOP_TRY_NUMBER" = 1 ]; then sleep 100 & echo $! >> \(pids); wait; fi
                      echo "try $MLOOP_TRY_NUMBER done"
                """
            ]
        }) { engine in
            let run = try await engine.trigger("restart")
            try await Wait.until("slow is running", within: .seconds(10)) {
                FileManager.default.fileExists(atPath: engine.folder + "/pids")
            }
            #expect(try await engine.operations.clearTask(run, "slow", downstream: false, now: Date()) == ["slow"])
            let pids = try ProcessCheck.pids(in: engine.folder + "/pids")
            try await Wait.until("the cleared try's process tree is killed", within: .seconds(10)) {
                pids.allSatisfy { !ProcessCheck.isRunning($0) }
            }
            let detail = try await engine.finished(run, within: .seconds(15))
            #expect(detail.run.state == .success)
            #expect(detail.tries.map(\.state) == [.cancelled, .success])
            #expect(try await engine.log(run, "slow", try: 2).contains("try 2 done"))
        }
    }

    @Test func runTimeoutFailsTheRunAndKillsItsTasks() async throws {
        try await withEngine(files: { folder in
            [
                "timed.yaml": "id: timed\nrun_timeout: 2s\ntasks:\n" + Self.sleeper("forever", pids: folder + "/pids")
                    + "\n  - {id: never, needs: forever, bash: \"true\"}"
            ]
        }) { engine in
            let run = try await engine.trigger("timed")
            let detail = try await engine.finished(run, within: .seconds(15))
            #expect(detail.run.state == .failed)
            #expect(detail.run.note?.contains("run timed out") == true, "\(detail.run.note ?? "no note")")
            #expect(detail.states["forever"] == .failed)
            #expect(detail.states["never"]?.isFinished == true)
            #expect(detail.tries("never").isEmpty)
            let elapsed = try #require(detail.run.endedAt).timeIntervalSince(try #require(detail.run.startedAt))
            #expect(elapsed >= 2 && elapsed < 30, "a 2 s run_timeout failed the run after \(elapsed) s")
            let pids = try ProcessCheck.pids(in: engine.folder + "/pids")
            try await Wait.until("the timed-out run's task is killed", within: .seconds(10)) {
                pids.allSatisfy { !ProcessCheck.isRunning($0) }
            }
        }
    }

    private func expectOrder(_ detail: RunDetail, _ upstream: String, before downstream: String) throws {
        let ended = try #require(detail.lastTry(upstream)?.endedAt)
        let started = try #require(detail.lastTry(downstream)?.startedAt)
        #expect(started >= ended)
    }
}

/// A worker shutting down records what happened to the tries it had to stop.
@Suite(.serialized) struct WorkerShutdownTests {
    @Test func triesStoppedAtShutdownAreRecordedFailedAtOnce() async throws {
        let engine = try await Engine.make(parallelism: 2) { folder in
            ["stopping.yaml": "id: stopping\ntasks:\n" + EngineOperationTests.sleeper("busy", pids: folder + "/pids")]
        }
        await engine.startServices()
        let run: RunID
        do {
            run = try await engine.trigger("stopping")
            try await Wait.until("busy is running", within: .seconds(10)) {
                FileManager.default.fileExists(atPath: engine.folder + "/pids")
            }
        } catch {
            await engine.stop()
            throw error
        }
        // Graceful shutdown: the try gets the 1 s grace period, then its tree is killed.
        await engine.stop(keepFolder: true)
        defer { try? FileManager.default.removeItem(atPath: engine.folder) }
        let pool = PostgresPool(configuration: engine.configuration, maxConnections: 1, logger: TestLogger.logger)
        let store = RunQueries(pool: pool)
        let detail = try #require(try await store.run(run))
        let log = try await store.log(TryRef(runID: run, taskID: "busy", tryNumber: 1), fromOffset: 0).content
        await pool.close()
        let stopped = try #require(detail.lastTry("busy"))
        #expect(stopped.state == .failed, "the stopped try is still '\(stopped.state)'")
        #expect(stopped.error?.contains("the worker stopped the try") == true, "\(stopped.error ?? "no error")")
        #expect(detail.state("busy") == .failed)
        // The closing log line, written after the tree was stopped, was stored too.
        #expect(log.contains("the worker stopped the try"), "\(log)")
        let pids = try ProcessCheck.pids(in: engine.folder + "/pids")
        #expect(pids.allSatisfy { !ProcessCheck.isRunning($0) })
    }
}
