import Foundation
import MLoopCore
import MLoopExecutor
import Testing

@Suite("PythonForkServer", .serialized)
struct PythonForkServerTests {
    /// Prints what an earlier task could have leaked, then leaks all of it: an imported module of its own, a standard
    /// library module the server does not load, a builtin, an environment variable, a `random` draw.
    static let leakingTask = """
        import builtins, os, random, sys
        leaked = [name for name in ("mloop_probe", "xml.dom.minidom") if name in sys.modules]
        if hasattr(builtins, "mloop_leak"):
            leaked.append("builtins.mloop_leak")
        if "MLOOP_LEAK" in os.environ:
            leaked.append("MLOOP_LEAK")
        print("leaked", ",".join(leaked) or "nothing")
        print("parent", os.getppid())
        print("draw", random.random())
        sys.path.insert(0, os.environ["MLOOP_DAGS_FOLDER"])
        import mloop_probe, xml.dom.minidom
        builtins.mloop_leak = True
        os.environ["MLOOP_LEAK"] = "1"
        """

    @Test func fiftySequentialTasksAreEachIsolated() async throws {
        let fixture = RunnerFixture()
        try fixture.writeDAGFile("mloop_probe.py", "VALUE = 1\n")
        var servers: Set<pid_t> = []
        var draws: Set<String> = []
        for index in 0..<50 {
            let (result, handler) = await fixture.run(.python(.inline(Self.leakingTask)), task: TaskID("t\(index)"))
            #expect(result.outcome == .success)
            let output = handler.taskOutput()
            #expect(output.first == "leaked nothing", "task \(index) saw \(output)")
            servers.formUnion(RunnerFixture.pids(labelled: "parent", in: handler))
            draws.formUnion(output.filter { $0.hasPrefix("draw ") })
        }
        // Every task was forked by one and the same server, and none shares the server's random state.
        #expect(servers.count == 1)
        #expect(servers.first == fixture.runner.pythonForkServerPID)
        #expect(servers.first != getpid())
        #expect(draws.count == 50)
    }

    @Test func serverKilledMidTaskIsRestartedAndTheNextTaskRuns() async throws {
        let fixture = RunnerFixture()
        let killer = """
            import os, signal, time
            print("parent", os.getppid(), flush=True)
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(0.2)
            print("survived")
            """
        let (killed, killedLog) = await fixture.run(.python(.inline(killer)))
        let first = RunnerFixture.pids(labelled: "parent", in: killedLog)
        #expect(first.count == 1 && first.first != getpid())
        #expect(killedLog.taskOutput().last == "survived")
        #expect(
            killed.outcome == .failed(reason: "the Python fork server stopped before reporting how the task ended"))

        let (next, nextLog) = await fixture.run(.python(.inline("import os\nprint('parent', os.getppid())")))
        #expect(next.outcome == .success)
        let second = RunnerFixture.pids(labelled: "parent", in: nextLog)
        #expect(second.count == 1)
        #expect(second.first != first.first && second.first != getpid())
        #expect(second.first == fixture.runner.pythonForkServerPID)
    }

    @Test func timeoutKillsAForkedTasksWholeTree() async throws {
        let fixture = RunnerFixture(killGracePeriod: .milliseconds(500))
        // The server's own start (on the first python try) is not what this test times.
        #expect(await fixture.run(.python(.inline("pass"))).0.outcome == .success)
        var launch = fixture.launch(
            .python(
                .inline(
                    """
                    import os, subprocess, time
                    print("parent", os.getppid(), flush=True)
                    child = subprocess.Popen(["sleep", "1000"])
                    print("child", child.pid, flush=True)
                    stubborn = subprocess.Popen(
                        ["bash", "-c", 'trap "" TERM; echo "stubborn $$"; while :; do sleep 0.05; done'])
                    time.sleep(1000)
                    """)))
        launch.timeout = .seconds(3)
        let (result, handler) = await fixture.run(launch)
        #expect(result.outcome == .failed(reason: "timed out after 3s"))
        #expect(result.timedOut)
        #expect(RunnerFixture.pids(labelled: "parent", in: handler).first == fixture.runner.pythonForkServerPID)
        let pids =
            RunnerFixture.pids(labelled: "child", in: handler)
            + RunnerFixture.pids(labelled: "stubborn", in: handler)
        #expect(pids.count == 2, "\(handler.texts())")
        for pid in pids { #expect(await RunnerFixture.isGone(pid), "pid \(pid) survived the timeout") }
    }

    @Test func environmentAndWorkingDirectoryArePerTask() async throws {
        let fixture = RunnerFixture()
        let code = """
            import os
            print("cwd", os.getcwd())
            print("env", os.environ.get("MLOOP_TEST_COLOUR"), os.environ.get("MLOOP_TEST_SET_BY_TASK"), \
            os.environ["MLOOP_TASK_ID"])
            os.environ["MLOOP_TEST_SET_BY_TASK"] = "yes"
            os.chdir("/")
            """
        var directories: [String] = []
        for (task, colour) in [("red_task", "red"), ("blue_task", "blue"), ("plain_task", nil)] {
            var launch = fixture.launch(.python(.inline(code)), task: TaskID(task))
            if let colour { launch.env["MLOOP_TEST_COLOUR"] = colour }
            let (result, handler) = await fixture.run(launch)
            #expect(result.outcome == .success)
            let output = handler.taskOutput()
            #expect(output.last == "env \(colour ?? "None") None \(task)")
            directories.append(String(output.first?.dropFirst("cwd ".count) ?? ""))
        }
        // Each starts in a scratch directory (an empty one may be reused), not where the previous one chdir'd to.
        for directory in directories { #expect(directory.hasPrefix(fixture.root + "/work/")) }
    }

    @Test func exitCodesAtexitAndThreadsBehaveAsInAFreshInterpreter() async {
        let fixture = RunnerFixture()
        let code = """
            import atexit, sys, threading, time
            atexit.register(lambda: print("atexit ran"))
            threading.Thread(target=lambda: (time.sleep(0.1), print("thread finished"))).start()
            sys.exit(3)
            """
        let (result, handler) = await fixture.run(.python(.inline(code)))
        #expect(result.outcome == .failed(reason: "exit code 3"))
        #expect(handler.taskOutput() == ["thread finished", "atexit ran"])
        let (message, messageLog) = await fixture.run(.python(.inline("import sys\nsys.exit('bad input')")))
        #expect(message.outcome == .failed(reason: "exit code 1"))
        #expect(messageLog.taskOutput(.stderr) == ["bad input"])
    }

    @Test func taskSettingPythonVariablesStartsItsOwnInterpreter() async throws {
        let fixture = RunnerFixture()
        try fixture.writeDAGFile("lib/shared_helper.py", "NAME = 'helper'\n")
        var launch = fixture.launch(
            .python(.inline("import os, shared_helper\nprint('parent', os.getppid())\nprint(shared_helper.NAME)")))
        launch.env["PYTHONPATH"] = fixture.dagsFolder + "/lib"
        let (result, handler) = await fixture.run(launch)
        #expect(result.outcome == .success)
        #expect(handler.taskOutput().last == "helper")
        #expect(RunnerFixture.pids(labelled: "parent", in: handler) == [getpid()])
    }

    @Test func disabledServerLaunchesAnInterpreterPerTask() async {
        let fixture = RunnerFixture(usesPythonForkServer: false)
        let (result, handler) = await fixture.run(.python(.inline("import os\nprint('parent', os.getppid())")))
        #expect(result.outcome == .success)
        #expect(RunnerFixture.pids(labelled: "parent", in: handler) == [getpid()])
        #expect(fixture.runner.pythonForkServerPID == nil)
    }
}
