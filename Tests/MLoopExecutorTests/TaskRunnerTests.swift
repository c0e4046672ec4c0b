import Foundation
import MLoopCore
import MLoopExecutor
import Testing

@Suite("TaskRunner")
struct TaskRunnerTests {
    @Test func bashScriptOutputArrivesInOrderWithTimestamps() async throws {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.bash(script: "echo one\necho oops >&2\necho two\necho three"))
        #expect(result.outcome == .success)
        #expect(result.exitCode == 0)
        #expect(handler.taskOutput() == ["one", "two", "three"])
        #expect(handler.taskOutput(.stderr) == ["oops"])
        let first = try #require(handler.lines.first)
        #expect(first.text.hasPrefix("[mloop] try 1 of 1 of task 't' on host "))
        #expect(first.text.hasSuffix(": bash script"))
        #expect(try #require(handler.lines.last).text.contains(#/^\[mloop\] exit code 0 after \d+\.\d\d s$/#))
        for line in handler.lines {
            #expect(line.formatted.contains(#/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /#))
        }
        let oops = try #require(handler.lines.first { $0.text == "oops" })
        #expect(oops.formatted.hasSuffix("Z [stderr] oops"))
        let one = try #require(handler.lines.first { $0.text == "one" })
        #expect(one.formatted.hasSuffix("Z one"))
    }

    @Test func commandRunsWithoutAShell() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.command(arguments: ["printf", "%s|%s\n", "a  b", "$HOME"]))
        #expect(result.outcome == .success)
        #expect(handler.taskOutput() == ["a  b|$HOME"])
    }

    @Test func commandNotOnPathFailsClearly() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.command(arguments: ["no-such-program-mloop"]))
        guard case .failed(let reason) = result.outcome else {
            Issue.record("expected a failure, got \(result.outcome)")
            return
        }
        #expect(reason.contains("'no-such-program-mloop' was not found on PATH"))
        #expect(handler.texts().last?.contains("no-such-program-mloop") == true)
    }

    @Test(arguments: [true, false]) func pythonInlineCodeRuns(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let (result, handler) = await fixture.run(.python(.inline("for i in range(3):\n    print('line', i)")))
        #expect(result.outcome == .success)
        #expect(handler.taskOutput() == ["line 0", "line 1", "line 2"])
    }

    @Test func taskSeesItsDocumentedEnvironment() async throws {
        let fixture = RunnerFixture()
        var launch = fixture.launch(
            .bash(
                script: """
                    echo "ids=$MLOOP_WORKFLOW_ID/$MLOOP_RUN_ID/$MLOOP_TASK_ID/$MLOOP_TRY_NUMBER/$MLOOP_MAX_TRIES"
                    echo "date=$MLOOP_LOGICAL_DATE $MLOOP_DS $MLOOP_DS_NODASH"
                    echo "interval=$MLOOP_DATA_INTERVAL_START $MLOOP_DATA_INTERVAL_END"
                    echo "params=$MLOOP_PARAMS"
                    echo "conf=$MLOOP_CONF"
                    echo "prefix=$MLOOP_PROTOCOL_PREFIX"
                    echo "own=$GREETING"
                    echo "xcom=$(cat "$MLOOP_XCOM_INPUT")"
                    echo "cwd=$(pwd)"
                    """))
        launch.tryNumber = 2
        launch.maxTries = 3
        launch.dataIntervalStart = RunnerFixture.logicalDate.addingTimeInterval(-86_400)
        launch.dataIntervalEnd = RunnerFixture.logicalDate
        launch.params = ["lr": .double(0.5), "epochs": .int(3)]
        launch.conf = ["mode": .string("full")]
        launch.env = ["GREETING": "hello", "MLOOP_TASK_ID": "cannot override"]
        launch.upstreamXComs = ["up": ["n": .int(1)]]
        let (result, handler) = await fixture.run(launch)
        #expect(result.outcome == .success)
        let output = handler.taskOutput()
        #expect(output.contains("ids=wf/42/t/2/3"))
        #expect(output.contains("date=2026-11-23T23:31:02.000Z 2026-11-23 20261123"))
        #expect(output.contains("interval=2026-11-22T23:31:02.000Z 2026-11-23T23:31:02.000Z"))
        #expect(output.contains(#"params={"epochs":3,"lr":0.5}"#))
        #expect(output.contains(#"conf={"mode":"full"}"#))
        #expect(output.contains("prefix=MLOOP_"))
        #expect(output.contains("own=hello"))
        #expect(output.contains(#"xcom={"up":{"n":1}}"#))
        let cwd = try #require(output.first { $0.hasPrefix("cwd=") }).dropFirst(4)
        #expect(cwd.hasPrefix(fixture.configuration.workDirectory + "/"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: String(cwd))) ?? []
        #expect(left.isEmpty, "nothing of the try stays in its scratch directory: \(left)")
        #expect(handler.lines.first?.text.contains("try 2 of 3") == true)
    }

    @Test func everyTryStartsInAnEmptyScratchDirectory() async throws {
        let fixture = RunnerFixture()
        let script =
            "echo \"found=[$(ls -A | grep -vx script.sh | tr '\\n' ' ')]\"; echo \"cwd=$PWD\"; touch left-behind; mkdir -p a/b"
        var directories: [String] = []
        for _ in 1...3 {
            let (result, handler) = await fixture.run(.bash(script: script))
            #expect(result.outcome == .success)
            let output = handler.taskOutput()
            #expect(output.contains("found=[]"), "a try sees nothing an earlier try left: \(output)")
            directories.append(String(try #require(output.first { $0.hasPrefix("cwd=") }).dropFirst(4)))
        }
        for directory in directories {
            #expect(!FileManager.default.fileExists(atPath: directory), "a directory a task left files in is removed")
        }
        // A try that leaves nothing behind hands its directory to the next one.
        let (first, firstHandler) = await fixture.run(.bash(script: "echo \"cwd=$PWD\""))
        let (second, secondHandler) = await fixture.run(
            .bash(script: "echo \"found=[$(ls -A | grep -vx script.sh)]\"; echo \"cwd=$PWD\""))
        #expect(first.outcome == .success && second.outcome == .success)
        #expect(secondHandler.taskOutput().contains("found=[]"))
        let cwd = { (handler: RecordingOutputHandler) in handler.taskOutput().last { $0.hasPrefix("cwd=") } }
        #expect(cwd(firstHandler) == cwd(secondHandler))
    }

    @Test(arguments: [true, false]) func exitCode99MeansSkipped(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let (bash, _) = await fixture.run(.bash(script: "echo skipping\nexit 99"))
        #expect(bash.outcome == .skipped)
        #expect(bash.exitCode == 99)
        let (python, handler) = await fixture.run(.python(.inline("raise SkipTask('nothing to do today')")))
        #expect(python.outcome == .skipped)
        #expect(handler.texts(.stderr).contains("[mloop] task skipped: nothing to do today"))
        let (viaContext, _) = await fixture.run(.python(.inline("context['ti'].skip()")))
        #expect(viaContext.outcome == .skipped)
    }

    @Test func nonZeroExitFailsWithTheCode() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.bash(script: "echo about to fail\nexit 3"))
        #expect(result.outcome == .failed(reason: "exit code 3"))
        #expect(result.exitCode == 3)
        #expect(handler.texts().last?.hasPrefix("[mloop] exit code 3 after ") == true)
    }

    @Test func killedBySignalIsReported() async {
        let fixture = RunnerFixture()
        let (result, _) = await fixture.run(.bash(script: "kill -KILL $$"))
        #expect(result.outcome == .failed(reason: "killed by signal 9 (SIGKILL)"))
        #expect(result.signal == 9)
        #expect(result.exitCode == nil)
    }

    @Test(arguments: [true, false]) func pythonTracebackGoesToTheLog(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let (result, handler) = await fixture.run(.python(.inline("print('before')\nx = 1 / 0\n")))
        #expect(result.outcome == .failed(reason: "exit code 1"))
        let errors = handler.taskOutput(.stderr)
        #expect(errors.first == "Traceback (most recent call last):")
        #expect(errors.contains { $0.contains("task.py\", line 2") })
        #expect(errors.last == "ZeroDivisionError: division by zero")
        #expect(!errors.contains { $0.contains("<string>") }, "the shim's own frames are hidden")
    }

    @Test(arguments: [true, false]) func aMissingPythonModuleSaysWhichPackageToInstall(forkServer: Bool) async {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        let (result, handler) = await fixture.run(.python(.inline("import mloop_absent_module.sub\n")))
        #expect(result.outcome == .failed(reason: "exit code 1"))
        let errors = handler.taskOutput(.stderr)
        #expect(errors.contains("ModuleNotFoundError: No module named 'mloop_absent_module'"), "\(errors)")
        let hint = handler.texts(.stderr).last { $0.hasPrefix("[mloop] ") } ?? ""
        #expect(hint.contains("the Python module 'mloop_absent_module' is not installed"), "\(hint)")
        #expect(hint.contains("pip install mloop_absent_module") && hint.contains("python3-mloop-absent-module"))
    }

    @Test func aMissingModuleWhosePackageHasAnotherNameNamesThePackage() async {
        // What `from sklearn.linear_model import LinearRegression` raises where scikit-learn is not installed.
        let code = "raise ModuleNotFoundError(\"No module named 'sklearn'\", name='sklearn')\n"
        let (_, handler) = await RunnerFixture().run(.python(.inline(code)))
        let hint = handler.texts(.stderr).last { $0.hasPrefix("[mloop] ") } ?? ""
        #expect(
            hint.contains("pip install scikit-learn") && hint.contains("apt-get install python3-sklearn"), "\(hint)")
    }

    @Test func missingPythonFileFailsClearly() async {
        let fixture = RunnerFixture()
        let (result, _) = await fixture.run(.python(.file("etl/missing.py")))
        #expect(
            result.outcome
                == .failed(
                    reason:
                        "python file 'etl/missing.py' does not exist (looked for \(fixture.dagsFolder)/etl/missing.py)"
                ))
    }

    @Test(arguments: [true, false]) func pythonFileRunsWithItsFolderOnTheImportPath(forkServer: Bool) async throws {
        let fixture = RunnerFixture(usesPythonForkServer: forkServer)
        try fixture.writeDAGFile("etl/helper.py", "def double(x):\n    return 2 * x\n")
        try fixture.writeDAGFile(
            "etl/job.py", "from helper import double\nprint('doubled', double(21), context['task_id'])\n")
        let (result, handler) = await fixture.run(.python(.file("etl/job.py")))
        #expect(result.outcome == .success)
        #expect(handler.taskOutput() == ["doubled 42 t"])
    }

    @Test func backgroundProcessesLeftBehindAreKilledWhenTheTaskExits() async throws {
        let fixture = RunnerFixture()
        let started = ContinuousClock.now
        let (result, handler) = await fixture.run(.bash(script: "sleep 1000 &\necho \"child $!\"\necho done"))
        #expect(result.outcome == .success)
        // Not waiting for the 1,000 s sleep; the margin absorbs a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(120))
        let child = try #require(RunnerFixture.pids(labelled: "child", in: handler).first)
        #expect(await RunnerFixture.isGone(child))
    }

    @Test func taskThatClosesItsOutputIsWaitedForNotKilled() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.bash(script: "echo bye\nexec >&- 2>&-\nsleep 0.3\nexit 4"))
        #expect(result.outcome == .failed(reason: "exit code 4"))
        #expect(handler.taskOutput() == ["bye"])
    }
}
