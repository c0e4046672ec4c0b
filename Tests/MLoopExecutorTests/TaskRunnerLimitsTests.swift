import Foundation
import MLoopCore
import MLoopExecutor
import Testing

@Suite("TaskRunner limits")
struct TaskRunnerLimitsTests {
    @Test func logCapStoresOneTruncationLineAndKeepsReading() async throws {
        let fixture = RunnerFixture(maxLogBytes: 10_000)
        // About 30 KB of output: three times the cap, then a protocol line that must still count.
        let script = """
            for i in $(seq 1 300); do printf "line %03d %0096d\\n" "$i" 0; done
            echo 'MLOOP_XCOM::{"key": "after_cap", "value": true}'
            """
        let (result, handler) = await fixture.run(.bash(script: script))
        #expect(result.outcome == .success)
        #expect(result.xcoms["after_cap"] == .bool(true))
        let output = handler.taskOutput()
        #expect(output.count < 300)
        #expect(output.map { $0.utf8.count }.reduce(0, +) <= 10_000)
        let truncations = handler.texts().filter { $0.hasPrefix("[mloop] log truncated") }
        #expect(truncations.count == 1)
        let last = try #require(handler.texts().last)
        #expect(last.contains("of output was not stored"))
    }

    @Test func veryLongLinesAreSplitOnCharacterBoundaries() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.python(.inline("print('é' * 100000)\nprint('short')")))
        #expect(result.outcome == .success)
        let output = handler.taskOutput()
        #expect(output.count == 5, "200,000 bytes make four pieces of at most 64 KiB, then 'short'")
        #expect(output.allSatisfy { $0.utf8.count <= 64 * 1024 })
        #expect(output.dropLast().map(\.count).reduce(0, +) == 100_000)
        #expect(!output.contains { $0.contains("\u{FFFD}") })
        #expect(output.last == "short")
    }

    @Test func timeoutKillsTheWholeTreeIncludingATermIgnoringGrandchild() async throws {
        let fixture = RunnerFixture(killGracePeriod: .milliseconds(500))
        var launch = fixture.launch(
            .bash(
                script: """
                    sleep 1000 &
                    echo "child $!"
                    bash -c 'trap "" TERM; echo "stubborn $$"; while :; do sleep 0.05; done' &
                    sleep 1000
                    """))
        launch.timeout = .seconds(1)
        let started = ContinuousClock.now
        let (result, handler) = await fixture.run(launch)
        let elapsed = ContinuousClock.now - started
        #expect(result.outcome == .failed(reason: "timed out after 1s"))
        #expect(result.timedOut)
        // Killed by the timeout, not by the task ending (it sleeps far longer); the upper bound only guards a hang.
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(60))
        let pids =
            RunnerFixture.pids(labelled: "child", in: handler)
            + RunnerFixture.pids(labelled: "stubborn", in: handler)
        #expect(pids.count == 2)
        for pid in pids { #expect(await RunnerFixture.isGone(pid), "pid \(pid) survived the timeout") }
        #expect(handler.texts().last?.contains("the limit is 1s; the process tree was stopped") == true)
    }

    @Test func cancellingTheCallerKillsTheTree() async throws {
        let fixture = RunnerFixture(killGracePeriod: .milliseconds(300))
        let handler = RecordingOutputHandler()
        let launch = fixture.launch(
            .bash(
                script: """
                    sleep 1000 &
                    echo "child $!"
                    bash -c 'trap "" TERM; echo "stubborn $$"; while :; do sleep 0.05; done' &
                    echo ready
                    wait
                    """))
        let runner = fixture.runner
        let running = Task { await runner.run(launch, output: handler) }
        #expect(await handler.waitForLine(containing: "ready"))
        running.cancel()
        let result = await running.value
        guard case .failed(let reason) = result.outcome else {
            Issue.record("expected a failure, got \(result.outcome)")
            return
        }
        #expect(reason.contains("cancelled"))
        let pids =
            RunnerFixture.pids(labelled: "child", in: handler)
            + RunnerFixture.pids(labelled: "stubborn", in: handler)
        #expect(pids.count == 2)
        for pid in pids { #expect(await RunnerFixture.isGone(pid), "pid \(pid) survived cancellation") }
    }

    @Test func outputIsDeliveredWhileTheTaskRuns() async throws {
        // The task cannot finish until the test has seen its first line: no timing assumption, only ordering.
        let fixture = RunnerFixture()
        let handler = RecordingOutputHandler()
        let gate = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: gate) }
        let script = "echo early\nfor i in $(seq 600); do [ -e '\(gate)' ] && break; sleep 0.05; done\necho late"
        let launch = fixture.launch(.bash(script: script))
        let runner = fixture.runner
        let running = Task { await runner.run(launch, output: handler) }
        let sawEarly = await handler.waitForLine(containing: "early", timeout: .seconds(30))
        #expect(sawEarly)
        #expect(!handler.texts().contains("late"))
        FileManager.default.createFile(atPath: gate, contents: nil)
        _ = await running.value
        #expect(handler.taskOutput() == ["early", "late"])
    }
}
