import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Bad input through the CLI and from tasks: clear messages, non-zero exits, nothing corrupted.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ProcessBadInputTests {
    static let minutely = """
        id: minutely
        schedule: "* * * * *"
        start_date: 2030-01-01
        tasks:
          - {id: t, bash: "true"}
        """

    // Invalid protocol lines of every kind, binary output (a NUL, invalid UTF-8), then one valid XCom.
    static let noisy = #"""
        id: noisy
        tasks:
          - id: noisy
            bash: |
              echo 'MLOOP_XCOM::not json at all'
              echo 'MLOOP_XCOM::{"value": 1}'
              echo 'MLOOP_XCOM::{"key": "", "value": 1}'
              echo 'MLOOP_XCOM::[1, 2]'
              echo 'MLOOP_PROGRESS::[1, 2]'
              echo 'MLOOP_META::"text"'
              echo 'MLOOP_BRANCH::{"task": 1}'
              echo 'MLOOP_NONSENSE::{"a": 1}'
              printf 'binary: \x00\x01\xff\xfe\xc3\x28 end\n'
              head -c 3000 /dev/urandom
              echo
              echo 'MLOOP_XCOM::{"key": "ok", "value": {"n": 1}}'
              echo "still here" >&2
          - {id: after, needs: noisy, bash: echo after ran}
        """#

    @Test func badCommandLinesFailWithClearMessagesAndCreateNothing() async throws {
        let files = ["minutely.yaml": Self.minutely, "noisy.yaml": Self.noisy]
        try await withProcesses(files) { cluster in
            let sync = try await cluster.mloop("dags", "sync")
            #expect(sync.succeeded, "\(sync.stdout)\(sync.stderr)")

            try await expectFailure(cluster, ["trigger", "nope"], saying: "no workflow with id 'nope'")
            try await expectFailure(
                cluster, ["trigger", "minutely", "--conf", "{bad"], saying: "--conf is not valid JSON")
            try await expectFailure(
                cluster, ["trigger", "minutely", "--conf", "[1]"], saying: "--conf must be a JSON object")
            try await expectFailure(
                cluster, ["trigger", "minutely", "--logical-date", "2024-02-30"],
                saying: "--logical-date '2024-02-30' is not a date")
            try await expectFailure(
                cluster, ["backfill", "minutely", "--from", "2024-02-01", "--to", "2024-01-01"],
                saying: "the range is reversed")
            let started = ContinuousClock.now
            try await expectFailure(
                cluster, ["backfill", "minutely", "--from", "1925-01-01", "--to", "2024-12-31"],
                saying: "more than 10000 intervals")
            #expect(ContinuousClock.now - started < .seconds(10), "refusing a huge range must not enumerate it")
            try await expectFailure(
                cluster, ["backfill", "nope", "--from", "2024-01-01", "--to", "2024-01-02"],
                saying: "no workflow with id 'nope'")
            // Nothing was created by any of them.
            #expect(try await cluster.queries.runs(of: "minutely", limit: 10).isEmpty)

            let trigger = try await cluster.mloop("trigger", "noisy")
            #expect(trigger.succeeded, "\(trigger.stderr)")
            let run = trigger.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try await expectFailure(cluster, ["logs", run, "nope"], saying: "run \(run) has no task 'nope'")
            try await expectFailure(cluster, ["logs", "abc", "noisy"], saying: "'abc' is not a run id")
            try await expectFailure(cluster, ["logs", "999999", "noisy"], saying: "no run with id 999999")
            try await expectFailure(cluster, ["tasks", "mark", run, "noisy", "bogus"], saying: "not 'bogus'")
            try await expectFailure(cluster, ["tasks", "mark", run, "nope", "success"], saying: "no task 'nope'")
            try await expectFailure(cluster, ["tasks", "clear", run, "nope"], saying: "no task 'nope'")
        }
    }

    @Test func invalidProtocolLinesAndBinaryOutputNeitherFailTheRunNorCorruptIt() async throws {
        try await withProcesses(["noisy.yaml": Self.noisy]) { cluster in
            try await cluster.startScheduler("scheduler")
            try await cluster.startWorker("worker", parallelism: 2)
            try await cluster.waitForWorkflow("noisy")
            let trigger = try await cluster.mloop("trigger", "noisy", "--wait")
            #expect(trigger.succeeded, "\(trigger.stdout)\(trigger.stderr)")
            let run = RunID(Int64(trigger.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
            let detail = try await cluster.finished(run, within: .seconds(20))
            #expect(detail.run.state == .success)
            #expect(detail.states == ["noisy": .success, "after": .success])

            let log = try await cluster.mloop("logs", "\(run.rawValue)", "noisy")
            #expect(log.succeeded, "\(log.stderr)")
            for tag in ["XCOM", "PROGRESS", "META", "BRANCH"] {
                #expect(log.stdout.contains("ignored invalid MLOOP_\(tag) line"), "no note for \(tag):\n\(log.stdout)")
            }
            #expect(log.stdout.contains("MLOOP_NONSENSE::{\"a\": 1}"), "an unknown tag is ordinary output")
            #expect(log.stdout.contains("binary: "))
            #expect(log.stdout.contains(" end"))
            #expect(log.stdout.contains("still here"))
            // The log is stored whole, down to the closing line written after the garbage.
            #expect(log.stdout.contains("exit code 0 after"), "\(log.stdout.suffix(500))")
            let xcoms = try await cluster.queries.xcoms(of: run, task: nil)
            #expect(xcoms.map(\.key) == ["ok"])
            #expect(xcoms.first?.value == .object(["n": .int(1)]))
            let xcom = try await cluster.mloop("xcom", "get", "\(run.rawValue)", "noisy", "ok")
            #expect(xcom.succeeded && xcom.stdout.contains("\"n\""), "\(xcom.stdout)\(xcom.stderr)")
            #expect(detail.instance("noisy")?.progress == nil)
            #expect(detail.instance("noisy")?.metadata == nil)
            #expect(detail.instance("noisy")?.branchChoice == nil)
            let after = try await cluster.mloop("logs", "\(run.rawValue)", "after")
            #expect(after.stdout.contains("after ran"))
        }
    }

    private func expectFailure(
        _ cluster: ProcessCluster, _ arguments: [String], saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let outcome = try await MLoopBinary.run(arguments, environment: cluster.environment)
        #expect(
            !outcome.succeeded, "mloop \(arguments.joined(separator: " ")) succeeded", sourceLocation: sourceLocation)
        #expect(
            outcome.stderr.contains(message),
            "mloop \(arguments.joined(separator: " ")): expected '\(message)' in: \(outcome.stderr)",
            sourceLocation: sourceLocation)
        // One clear line, not a stack trace.
        let lines = outcome.stderr.split(separator: "\n").filter { !$0.contains("Usage:") && !$0.contains("--help") }
        #expect(lines.count <= 3, "\(outcome.stderr)", sourceLocation: sourceLocation)
    }
}
