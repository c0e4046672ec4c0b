import Foundation
import MLoopCore
import MLoopStore
import Testing

/// A try's reads of upstream XComs are recorded with its end, whatever the end, through both finishing paths.
@Suite(.serialized) struct EngineXComPullTests {
    static let pipeline = #"""
        id: pulls
        tasks:
          - id: produce
            bash: |
              echo 'MLOOP_XCOM::{"key": "rows", "value": 14}'
              echo 'MLOOP_XCOM::{"key": "cols", "value": 2}'
          - id: python_reader
            needs: produce
            python: |
              ti = context["ti"]
              print("rows", ti.xcom_pull(task_ids="produce", key="rows"), ti.xcom_pull(task_ids="produce", key="rows"))
              print("missing", ti.xcom_pull(task_ids="produce", key="missing", default="none"))
          - id: failing_reader
            needs: produce
            python: |
              print(context["ti"].xcom_pull(task_ids="produce", key="cols"))
              raise RuntimeError("read, then failed")
          - id: bash_reader
            needs: produce
            bash: |
              echo 'MLOOP_XCOM_PULL::{"task_id": "produce", "key": "rows"}'
              echo 'MLOOP_XCOM_PULL::{"task_id": "produce", "key": ""}'
              echo 'MLOOP_XCOM::{"key": "seen", "value": true}'
          - id: invalid_reader
            needs: produce
            bash: |
              echo 'MLOOP_XCOM_PULL::{"task_id": "produce", "key": 7}'
        """#

    @Test func recordsExactlyTheValuesEachTryRead() async throws {
        try await withEngine(["pulls.yaml": Self.pipeline]) { engine in
            let run = try await engine.trigger("pulls")
            let detail = try await engine.finished(run)
            #expect(
                detail.states == [
                    "produce": .success, "python_reader": .success, "failing_reader": .failed,
                    "bash_reader": .success, "invalid_reader": .success,
                ])
            func pulls(_ task: TaskID) async throws -> [XComPullRecord] {
                try await engine.queries.xcomPulls(of: run, task: task, tryNumber: 1)
            }
            let rows = XComPullRecord(fromTaskID: "produce", key: "rows", value: .int(14))
            // A success without XComs (the one-statement path): the key it read, not the missing one.
            #expect(try await pulls("python_reader") == [rows])
            #expect(try await engine.log(run, "python_reader", try: 1).contains("rows 14 14"))
            // A failure (the locked path): it did read its input.
            #expect(
                try await pulls("failing_reader") == [
                    XComPullRecord(fromTaskID: "produce", key: "cols", value: .int(2))
                ])
            // A bash task printing the protocol line, with XComs (the locked path's second statement).
            #expect(try await pulls("bash_reader") == [rows])
            // An invalid line is reported in the log and records nothing.
            #expect(try await pulls("invalid_reader") == [])
            let invalid = try await engine.log(run, "invalid_reader", try: 1)
            #expect(invalid.contains(#"[mloop] ignored invalid MLOOP_XCOM_PULL line: expected {"task_id""#))
            #expect(try await pulls("produce") == [])
            #expect(try await engine.queries.xcomPulls(of: run, task: "python_reader", tryNumber: 2) == [])
        }
    }
}
