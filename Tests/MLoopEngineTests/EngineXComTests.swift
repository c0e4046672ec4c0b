import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Values pass between tasks of any language through XCom; progress and metadata reach the task instance.
@Suite(.serialized) struct EngineXComTests {
    static let pipeline = #"""
        id: xcom_pipeline
        params: {factor: 3}
        tasks:
          - id: produce
            bash: |
              echo 'MLOOP_XCOM::{"key": "rows", "value": 14}'
              echo "${MLOOP_PROTOCOL_PREFIX}XCOM::{\"key\": \"source\", \"value\": {\"name\": \"orders\", \"ds\": \"$MLOOP_DS\"}}"
          - id: transform
            needs: produce
            python: |
              print("Data preprocessing started")
              rows = context["ti"].xcom_pull(task_ids="produce", key="rows")
              source = context["ti"].xcom_pull(task_ids="produce", key="source")
              shape = (rows, 2)
              print(f"Data shape: {shape}")
              context["ti"].xcom_push(key="data_shape", value=str(shape))
              context["ti"].xcom_push(key="scaled", value=rows * context["params"]["factor"])
              context["ti"].xcom_push(key="same_ds", value=context["ds"] == source["ds"])
              print("Data preprocessing completed")
          - id: consume
            needs: transform
            bash: |
              scaled=$(python3 -c 'import json, os; print(json.load(open(os.environ["MLOOP_XCOM_INPUT"]))["transform"]["scaled"])')
              echo "scaled is $scaled"
              echo "MLOOP_XCOM::{\"key\": \"final\", \"value\": $((scaled + 1))}"
        """#

    @Test func valuesFlowFromBashThroughPythonToBash() async throws {
        try await withEngine(["xcom.yaml": Self.pipeline]) { engine in
            // The run's conf overrides the workflow's params.
            let run = try await engine.trigger("xcom_pipeline", conf: ["factor": .int(2)])
            let detail = try await engine.finished(run)
            #expect(detail.run.state == .success, "\(detail.tries.map(\.error))")
            let values = try await xcomValues(engine, run)
            #expect(values["produce"]?["rows"] == .int(14))
            #expect(values["transform"]?["data_shape"] == .string("(14, 2)"))
            #expect(values["transform"]?["scaled"] == .int(28))
            #expect(values["transform"]?["same_ds"] == .bool(true))
            #expect(values["consume"]?["final"] == .int(29))
            let log = try await engine.log(run, "transform", try: 1)
            #expect(log.contains("Data shape: (14, 2)"))
            #expect(try await engine.log(run, "consume", try: 1).contains("scaled is 28"))
        }
    }

    @Test func aFailedTryLeavesNoXCom() async throws {
        let yaml = """
            id: partial
            tasks:
              - id: pushy
                retries: 1
                retry_delay: 100ms
                bash: |
                  if [ "$MLOOP_TRY_NUMBER" = 1 ]; then
                    echo 'MLOOP_XCOM::{"key": "partial", "value": 1}'
                    exit 1
                  fi
                  echo 'MLOOP_XCOM::{"key": "complete", "value": 2}'
              - id: reader
                needs: pushy
                python: |
                  ti = context["ti"]
                  ti.xcom_push(key="seen", value=[ti.xcom_pull(task_ids="pushy", key="partial", default="none"),
                                                  ti.xcom_pull(task_ids="pushy", key="complete")])
              - id: doomed
                bash: |
                  echo 'MLOOP_XCOM::{"key": "lost", "value": 3}'
                  exit 1
            """
        try await withEngine(["partial.yaml": yaml]) { engine in
            let run = try await engine.trigger("partial")
            let detail = try await engine.finished(run)
            #expect(detail.run.state == .failed)
            #expect(detail.states == ["pushy": .success, "reader": .success, "doomed": .failed])
            let records = try await engine.queries.xcoms(of: run, task: nil)
            #expect(records.map { "\($0.taskID)/\($0.key)@\($0.tryNumber)" } == ["pushy/complete@2", "reader/seen@1"])
            #expect(records.last?.value == .array([.string("none"), .int(2)]))
        }
    }

    @Test func theShippedSeed004TrainerReportsProgressAndMetadataUnchanged() async throws {
        let dags = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("dags").path
        let yaml = try String(contentsOfFile: dags + "/trainer_progress.yaml", encoding: .utf8)
        let trainer = try String(contentsOfFile: dags + "/trainers/vtm_train.py", encoding: .utf8)
        try await withEngine(files: { folder in
            try? FileManager.default.createDirectory(
                atPath: folder + "/dags/trainers", withIntermediateDirectories: true)
            return ["trainer_progress.yaml": yaml, "trainers/vtm_train.py": trainer]
        }) { engine in
            let detail = try await engine.finished(try await engine.trigger("trainer_progress"))
            #expect(detail.run.state == .success)
            let train = try #require(detail.instance("train"))
            guard case .object(let progress)? = train.progress else {
                Issue.record("no progress: \(String(describing: train.progress))")
                return
            }
            #expect(progress["epoch"] == .int(5) && progress["total_epochs"] == .int(5))
            #expect(progress["device"] == .string("cpu"))
            if case .double(let accuracy)? = progress["val_accuracy"] { #expect(accuracy > 0.9) }
            guard case .object(let meta)? = train.metadata, case .string(let runID)? = meta["mlflow_run_id"] else {
                Issue.record("no mlflow_run_id: \(String(describing: train.metadata))")
                return
            }
            #expect(runID.hasPrefix("local-"))
            #expect(try await engine.log(detail.run.runID, "train", try: 1).contains("VTM_PROGRESS::{"))
        }
    }

    @Test func progressAndMetadataLinesLandOnTheTaskInstance() async throws {
        let yaml = #"""
            id: progress
            tasks:
              - id: train
                python: |
                  for epoch in range(1, 4):
                      context["ti"].progress(epoch=epoch, total_epochs=3, loss=1.0 / epoch)
                  context["ti"].meta(model="linear", rows=3)
              - id: load
                bash: |
                  echo 'MLOOP_PROGRESS::{"step": 1, "of": 10}'
                  echo 'MLOOP_PROGRESS::{"step": 7, "of": 10}'
                  echo 'MLOOP_META::{"stage": "load", "tables": ["a", "b"]}'
            """#
        try await withEngine(["progress.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("progress"))
            #expect(detail.run.state == .success)
            let train = try #require(detail.instance("train"))
            #expect(train.progress == .object(["epoch": .int(3), "total_epochs": .int(3), "loss": .double(1.0 / 3)]))
            #expect(train.metadata == .object(["model": .string("linear"), "rows": .int(3)]))
            let load = try #require(detail.instance("load"))
            #expect(load.progress == .object(["step": .int(7), "of": .int(10)]))
            #expect(
                load.metadata == .object(["stage": .string("load"), "tables": .array([.string("a"), .string("b")])]))
        }
    }

    private func xcomValues(_ engine: Engine, _ run: RunID) async throws -> [String: [String: JSONValue]] {
        var values: [String: [String: JSONValue]] = [:]
        for record in try await engine.queries.xcoms(of: run, task: nil) {
            values[record.taskID.rawValue, default: [:]][record.key] = record.value
        }
        return values
    }
}
