import Foundation
import MLoopCore
import MLoopExecutor
import Testing

@Suite("TaskRunner output protocol")
struct TaskRunnerProtocolTests {
    @Test func bashPushesXComsThroughStdout() async {
        let fixture = RunnerFixture()
        let script = """
            echo 'MLOOP_XCOM::{"key": "rows", "value": 1200}'
            echo 'MLOOP_XCOM::{"key": "summary", "value": {"files": ["a.csv", "b.csv"], "ratio": 0.25, "ok": true}}'
            echo 'MLOOP_XCOM::{"key": "rows", "value": 1300}'
            """
        let (result, handler) = await fixture.run(.bash(script: script))
        #expect(result.outcome == .success)
        #expect(result.xcoms["rows"] == .int(1300), "a later push of the same key wins")
        #expect(
            result.xcoms["summary"]
                == .object([
                    "files": .array([.string("a.csv"), .string("b.csv")]), "ratio": .double(0.25), "ok": .bool(true),
                ]))
        #expect(handler.taskOutput().count == 3, "protocol lines stay in the log")
    }

    @Test(arguments: [true, false]) func pythonContextPushesAndPullsLikeSeed002(forkServer: Bool) async throws {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let preprocessing = """
            print("Data preprocessing started")
            data = {"col1": [1, 2, 3], "col2": [4, 5, 6]}
            shape = (len(data["col1"]), len(data))
            print(f"Data shape: {shape}")
            context["ti"].xcom_push(key="data_shape", value=shape)
            context["ti"].xcom_push(key="data_shape_text", value=str(shape))
            context["ti"].xcom_push(key="tags", value={"b", "a"})
            print("Data preprocessing completed")
            """
        let (first, firstLog) = await fixture.run(.python(.inline(preprocessing)), task: "data_preprocessing")
        #expect(first.outcome == .success)
        #expect(first.xcoms["data_shape"] == .array([.int(3), .int(2)]), "a tuple is pushed as a list")
        #expect(first.xcoms["data_shape_text"] == .string("(3, 2)"))
        #expect(first.xcoms["tags"] == .array([.string("a"), .string("b")]))
        #expect(firstLog.taskOutput().first == "Data preprocessing started")

        let training = """
            data_shape = context["ti"].xcom_pull(task_ids="data_preprocessing", key="data_shape")
            print(f"Data shape from preprocessing: {data_shape}")
            both = context["ti"].xcom_pull(task_ids=["data_preprocessing", "other"], key="data_shape_text")
            print("both:", both)
            print("missing:", context["ti"].xcom_pull(task_ids="data_preprocessing"))
            print("params:", context["params"]["lr"], "ds:", context["ds"], context["ds_nodash"])
            print("ids:", context["run_id"], context["task_id"], context["try_number"], context["conf"])
            print("date:", context["logical_date"].isoformat(), context["data_interval_end"].year)
            coef = 2.0 * data_shape[0] / 3
            context["ti"].xcom_push(key="model_coef", value=float(coef))
            """
        var launch = fixture.launch(.python(.inline(training)), task: "model_training")
        launch.upstreamXComs = ["data_preprocessing": first.xcoms, "other": ["data_shape_text": .string("(9, 9)")]]
        launch.params = ["lr": .double(0.01)]
        launch.conf = ["k": .string("v")]
        let (second, secondLog) = await fixture.run(launch)
        #expect(second.outcome == .success)
        #expect(
            secondLog.taskOutput() == [
                #"MLOOP_XCOM_PULL::{"task_id":"data_preprocessing","key":"data_shape"}"#,
                "Data shape from preprocessing: [3, 2]",
                #"MLOOP_XCOM_PULL::{"task_id":"data_preprocessing","key":"data_shape_text"}"#,
                #"MLOOP_XCOM_PULL::{"task_id":"other","key":"data_shape_text"}"#,
                "both: ['(3, 2)', '(9, 9)']",
                "missing: None",
                "params: 0.01 ds: 2026-11-23 20261123",
                "ids: 42 model_training 1 {'k': 'v'}",
                "date: 2026-11-23T23:31:02+00:00 2026",
                #"MLOOP_XCOM::{"key":"model_coef","value":2.0}"#,
            ])
        #expect(
            second.pulls == [
                XComPull(fromTaskID: "data_preprocessing", key: "data_shape"),
                XComPull(fromTaskID: "data_preprocessing", key: "data_shape_text"),
                XComPull(fromTaskID: "other", key: "data_shape_text"),
            ], "the missing return_value is no pull")
        // MLoopCore's JSONValue decodes `2.0` as `.int(2)`; either is the number 2.
        #expect([.double(2.0), .int(2)].contains(second.xcoms["model_coef"]))
    }

    @Test(arguments: [true, false]) func pythonRecordsEachValueItReadOnce(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let code = """
            ti = context["ti"]
            ti.xcom_push(key="own", value=1)
            print(ti.xcom_pull(task_ids="extract", key="rows"), ti.xcom_pull(task_ids="extract", key="rows"))
            print(ti.xcom_pull(task_ids="extract", key="absent", default="none"), ti.xcom_pull(task_ids="nobody"))
            print(ti.xcom_pull(key="cols"), ti.xcom_pull(task_ids="t", key="own"))
            raise RuntimeError("after reading")
            """
        var launch = fixture.launch(.python(.inline(code)))
        launch.upstreamXComs = ["extract": ["rows": .int(7), "cols": .int(2)]]
        let (result, handler) = await fixture.run(launch)
        #expect(result.outcome == .failed(reason: "exit code 1"))
        #expect(
            result.pulls == [
                XComPull(fromTaskID: "extract", key: "rows"), XComPull(fromTaskID: "extract", key: "cols"),
            ],
            "a failed try keeps what it read; absent keys and its own pushes are no pulls")
        #expect(handler.taskOutput().contains("7 7"))
        #expect(handler.taskOutput().contains("none None"))
    }

    @Test func bashRecordsPullLinesAndCapsThem() async {
        let fixture = RunnerFixture()
        let script = #"""
            echo 'MLOOP_XCOM_PULL::{"task_id": "extract", "key": "rows"}'
            echo 'MLOOP_XCOM_PULL::{"task_id": "extract", "key": "rows"}'
            echo 'MLOOP_XCOM_PULL::{"task_id": "extract"}'
            for i in $(seq 1 1005); do echo "MLOOP_XCOM_PULL::{\"task_id\": \"many\", \"key\": \"k$i\"}"; done
            """#
        let (result, handler) = await fixture.run(.bash(script: script))
        #expect(result.outcome == .success)
        #expect(result.pulls.count == 1000)
        #expect(result.pulls.first == XComPull(fromTaskID: "extract", key: "rows"))
        #expect(result.pulls.last == XComPull(fromTaskID: "many", key: "k999"))
        let texts = handler.texts()
        #expect(
            texts.contains(
                #"[mloop] ignored invalid MLOOP_XCOM_PULL line: expected {"task_id": "…", "key": "…"} (non-empty strings)"#
            ))
        #expect(
            texts.filter { $0 == "[mloop] more than 1000 distinct XCom pulls; only the first 1000 are recorded" }.count
                == 1)
        #expect(
            texts.contains(#"MLOOP_XCOM_PULL::{"task_id": "extract", "key": "rows"}"#), "pull lines stay in the log")
    }

    @Test func progressAndMetadataReachTheHandler() async {
        let fixture = RunnerFixture()
        let script = """
            echo 'MLOOP_PROGRESS::{"epoch": 1, "total_epochs": 10, "loss": 0.9}'
            echo 'MLOOP_META::{"model": "resnet"}'
            echo 'MLOOP_PROGRESS::{"epoch": 2, "total_epochs": 10, "loss": 0.4}'
            """
        let (result, handler) = await fixture.run(.bash(script: script))
        #expect(result.outcome == .success)
        #expect(
            handler.progressUpdates.last
                == .object(["epoch": .int(2), "total_epochs": .int(10), "loss": .double(0.4)]))
        #expect(handler.metadataUpdates == [.object(["model": .string("resnet")])])

        let (python, pythonHandler) = await fixture.run(
            .python(.inline("context['ti'].progress(epoch=3, total_epochs=10)\ncontext['ti'].meta({'gpu': False})")))
        #expect(python.outcome == .success)
        #expect(pythonHandler.progressUpdates.last == .object(["epoch": .int(3), "total_epochs": .int(10)]))
        #expect(pythonHandler.metadataUpdates.last == .object(["gpu": .bool(false)]))
    }

    // Seed 004's trainer convention, its example lines verbatim: `VTM_RUN_META::` and `VTM_PROGRESS::` with
    // flush=True.
    static let seed004Trainer = """
        import json
        run_id = "8f1c2a"
        print("VTM_RUN_META::" + json.dumps({"mlflow_run_id": run_id}), flush=True)
        epochs = 3
        for epoch in range(1, epochs + 1):
            val_acc = 0.5 + epoch / 10
            print(
                "VTM_PROGRESS::" + json.dumps(
                    {"epoch": epoch, "total_epochs": epochs, "val_accuracy": val_acc, "device": "cuda:0"}
                ),
                flush=True,
            )
        print("VTM_PROGRESS::not json", flush=True)
        """

    @Test(arguments: [true, false]) func aTrainersOwnProgressAndMetaLinesCountWhenDeclared(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        var launch = fixture.launch(.python(.inline(Self.seed004Trainer)))
        launch.outputProtocol = OutputProtocol(progress: "VTM_PROGRESS", meta: "VTM_RUN_META")
        let (result, handler) = await fixture.run(launch)
        #expect(result.outcome == .success)
        #expect(handler.metadataUpdates == [.object(["mlflow_run_id": .string("8f1c2a")])])
        #expect(
            handler.progressUpdates.last
                == .object([
                    "epoch": .int(3), "total_epochs": .int(3), "val_accuracy": .double(0.8),
                    "device": .string("cuda:0"),
                ]))
        #expect(handler.texts().contains { $0.contains("ignored invalid VTM_PROGRESS line: expected a JSON object") })
        #expect(handler.texts().contains { $0.hasPrefix("VTM_PROGRESS::{") }, "the lines stay in the log")

        let (_, undeclared) = await fixture.run(.python(.inline(Self.seed004Trainer)))
        #expect(undeclared.progressUpdates.isEmpty && undeclared.metadataUpdates.isEmpty, "only when declared")
    }

    @Test func taskChoosesItsBranch() async {
        let fixture = RunnerFixture()
        let (bash, _) = await fixture.run(.bash(script: #"echo 'MLOOP_BRANCH::["train", "report"]'"#))
        #expect(bash.branch == ["train", "report"])
        let (single, _) = await fixture.run(.bash(script: #"echo 'MLOOP_BRANCH::"notify"'"#))
        #expect(single.branch == ["notify"])
        let (python, _) = await fixture.run(.python(.inline("context['ti'].branch(['a', 'b'])")))
        #expect(python.branch == ["a", "b"])
        let (none, _) = await fixture.run(.bash(script: "true"))
        #expect(none.branch == nil)
    }

    @Test func invalidProtocolLinesAndBinaryOutputAreLoggedNotFatal() async throws {
        let fixture = RunnerFixture()
        let script = #"""
            echo 'MLOOP_XCOM::{not json'
            echo 'MLOOP_XCOM::{"value": 1}'
            echo 'MLOOP_PROGRESS::[1, 2]'
            echo 'MLOOP_BRANCH::42'
            printf 'bin\x00ary \xff\xfe end\n'
            head -c 3000 /dev/urandom
            echo
            echo 'MLOOP_XCOM::{"key": "still", "value": "works"}'
            """#
        let (result, handler) = await fixture.run(.bash(script: script))
        #expect(result.outcome == .success)
        #expect(result.xcoms == ["still": .string("works")])
        let texts = handler.texts()
        #expect(texts.contains("[mloop] ignored invalid MLOOP_XCOM line: the text after 'MLOOP_XCOM::' is not JSON"))
        #expect(texts.contains(#"[mloop] ignored invalid MLOOP_XCOM line: missing "key" (a non-empty string)"#))
        #expect(texts.contains("[mloop] ignored invalid MLOOP_PROGRESS line: expected a JSON object"))
        #expect(texts.contains("[mloop] ignored invalid MLOOP_BRANCH line: expected a task id or a list of task ids"))
        #expect(texts.contains("binary \u{FFFD}\u{FFFD} end"))
        #expect(!handler.lines.contains { $0.text.contains("\0") || $0.formatted.contains("\0") })
        #expect(handler.progressUpdates.isEmpty)
    }

    @Test func xcomOverTheLimitFailsTheTry() async {
        let fixture = RunnerFixture(maxXComBytes: 1000)
        let (result, handler) = await fixture.run(
            .python(.inline("context['ti'].xcom_push(key='big', value='x' * 3000)\nprint('done')")))
        #expect(result.outcome == .failed(reason: "XCom 'big' is 2.9 KiB; the limit is 1000 bytes"))
        #expect(result.exitCode == 0)
        #expect(result.xcoms["big"] == nil)
        #expect(handler.texts().contains("[mloop] XCom 'big' is 2.9 KiB; the limit is 1000 bytes"))
    }
}
