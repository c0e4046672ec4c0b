import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Failed tries are retried per the task's policy, each try keeps its own log and exit code, and a timeout kills.
@Suite(.serialized) struct EngineRetryTests {
    @Test func failingTwiceThenSucceedingTakesThreeTriesEachWithItsOwnLogAndExitCode() async throws {
        let files = { (folder: String) in
            [
                "flaky.yaml": """
                id: flaky
                tasks:
                  - id: flaky
                    retries: 3
                    retry_delay: 500ms
                    bash: |
                      n=$(( $(cat \(folder)/count 2>/dev/null || echo 0) + 1 ))
                      echo $n > \(folder)/count
                      echo "this is try $n"
                      [ $n -ge 3 ] || exit $(( 10 + n ))
                  - {id: after, needs: flaky, bash: echo after}
                """
            ]
        }
        try await withEngine(files: files) { engine in
            let detail = try await engine.finished(try await engine.trigger("flaky"))
            #expect(detail.run.state == .success)
            #expect(detail.state("after") == .success)
            let tries = detail.tries("flaky")
            #expect(tries.map(\.tryNumber) == [1, 2, 3])
            #expect(tries.map(\.state.rawValue) == ["failed", "failed", "success"])
            #expect(tries.map(\.exitCode) == [11, 12, 0])
            #expect(tries.first?.error?.contains("exit code 11") == true, "\(tries.first?.error ?? "")")
            for number in 1...3 {
                let log = try await engine.log(detail.run.runID, "flaky", try: number)
                #expect(log.contains("this is try \(number)"), "\(log)")
                #expect(!log.contains("this is try \(number == 1 ? 2 : 1)"))
            }
            // Each retry waited its retry_delay after the failed try.
            for (failed, next) in zip(tries, tries.dropFirst()) {
                let gap = try #require(next.startedAt).timeIntervalSince(try #require(failed.endedAt))
                #expect(gap >= 0.5, "retry started \(gap) s after the failure")
            }
        }
    }

    @Test func exponentialBackoffMakesEachDelayLonger() async throws {
        let yaml = """
            id: backoff
            tasks:
              - id: fails
                retries: 2
                retry_delay: 1s
                retry_exponential_backoff: true
                bash: exit 3
            """
        try await withEngine(["backoff.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("backoff"), within: .seconds(30))
            #expect(detail.run.state == .failed)
            #expect(detail.state("fails") == .failed)
            let tries = detail.tries("fails")
            #expect(tries.map(\.exitCode) == [3, 3, 3])
            let gaps = try zip(tries, tries.dropFirst()).map { failed, next in
                try #require(next.startedAt).timeIntervalSince(try #require(failed.endedAt))
            }
            // retry_delay · 2^(n-2) plus jitter below it: [1, 2) s before try 2, [2, 4) s before try 3. A constant
            // delay would give 1 s twice.
            #expect(gaps.count == 2)
            #expect(gaps.first.map { $0 >= 1 } == true, "\(gaps)")
            #expect(gaps.last.map { $0 >= 2 } == true, "\(gaps)")
        }
    }

    @Test func timeoutKillsTheWholeTreeAndTheTryIsRetried() async throws {
        let files = { (folder: String) in
            [
                "slow.yaml": """
                id: slow
                tasks:
                  - id: slow
                    timeout: 1s
                    retries: 1
                    retry_delay: 100ms
                    bash: |
                      sleep 100 &
                      echo $! >> \(folder)/pids
                      wait
                """
            ]
        }
        try await withEngine(files: files) { engine in
            let detail = try await engine.finished(try await engine.trigger("slow"))
            #expect(detail.run.state == .failed)
            let tries = detail.tries("slow")
            #expect(tries.map(\.state.rawValue) == ["failed", "failed"])
            for record in tries {
                #expect(record.error?.contains("timed out") == true, "\(record.error ?? "no error")")
                let ran = try #require(record.endedAt).timeIntervalSince(try #require(record.startedAt))
                #expect(ran < 30, "a 1 s timeout ended the try after \(ran) s (the task sleeps 100 s)")
            }
            // The grandchild `sleep 100` of each try was killed with its tree.
            let children = try ProcessCheck.pids(in: engine.folder + "/pids")
            #expect(children.count == 2)
            try await Wait.until("the timed-out trees are gone", within: .seconds(5)) {
                children.allSatisfy { !ProcessCheck.isRunning($0) }
            }
        }
    }
}

/// Waits until the scheduler's sync has stored a workflow's version `version`.
func waitForWorkflow(_ id: String, _ engine: Engine, version: Int = 1) async throws {
    try await Wait.until("workflow \(id) v\(version) is stored", within: .seconds(10)) {
        try await engine.workflows.currentDefinition(of: WorkflowID(id))?.version == version
    }
}

enum ProcessCheck {
    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Whether `pid` is a process MLoop started for a task try (its environment names the try), not whatever
    /// reused the pid after the task ended.
    static func isTaskProcess(_ pid: Int32) -> Bool {
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return environment.split(separator: 0).contains { $0.starts(with: Array("MLOOP_TRY_NUMBER=".utf8)) }
    }

    /// The pids a task wrote to a file, one a line.
    static func pids(in file: String) throws -> [Int32] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
    }
}
