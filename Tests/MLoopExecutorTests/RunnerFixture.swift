import Foundation
import Logging
import MLoopCore
import MLoopExecutor

/// A runner with its own temporary work, DAGs and Swift cache directories, removed when the fixture goes.
final class RunnerFixture: Sendable {
    let root: String
    let configuration: TaskRunnerConfiguration
    let runner: TaskRunner

    var dagsFolder: String { root + "/dags" }

    init(
        maxLogBytes: Int = TaskRunnerConfiguration.defaultMaxLogBytes,
        maxXComBytes: Int = TaskRunnerConfiguration.defaultMaxXComBytes,
        killGracePeriod: Duration = .milliseconds(300),
        usesPythonForkServer: Bool = true
    ) {
        root = NSTemporaryDirectory() + "mloop-executor-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root + "/dags", withIntermediateDirectories: true)
        configuration = TaskRunnerConfiguration(
            workDirectory: root + "/work", swiftCacheDirectory: root + "/swift-cache",
            usesPythonForkServer: usesPythonForkServer,
            killGracePeriod: killGracePeriod, maxXComBytes: maxXComBytes, maxLogBytes: maxLogBytes)
        var logger = Logger(label: "MLoopExecutorTests")
        logger.logLevel = .warning
        runner = TaskRunner(configuration: configuration, logger: logger)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// 2026-11-23T23:31:02Z: the logical date every test launch uses.
    static let logicalDate = Date(timeIntervalSince1970: 1_795_476_662)

    func launch(_ action: TaskAction, task: TaskID = "t") -> TaskLaunch {
        TaskLaunch(
            workflowID: "wf", runID: 42, taskID: task, action: action, logicalDate: Self.logicalDate,
            dagsFolder: dagsFolder)
    }

    func run(_ launch: TaskLaunch) async -> (TaskTryResult, RecordingOutputHandler) {
        let handler = RecordingOutputHandler()
        let result = await runner.run(launch, output: handler)
        return (result, handler)
    }

    func run(_ action: TaskAction, task: TaskID = "t") async -> (TaskTryResult, RecordingOutputHandler) {
        await run(launch(action, task: task))
    }

    func writeDAGFile(_ relativePath: String, _ text: String) throws {
        let path = dagsFolder + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The pids a task printed as `<label> <pid>` lines.
    static func pids(labelled label: String, in handler: RecordingOutputHandler) -> [pid_t] {
        handler.taskOutput().compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0] == label[...] else { return nil }
            return pid_t(parts[1])
        }
    }

    /// Whether `pid` stops running within `limit`: a SIGKILL is delivered asynchronously, and on a loaded machine
    /// the killed process may take a moment to be scheduled and die.
    static func isGone(_ pid: pid_t, within limit: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while isRunning(pid) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Whether `pid` still runs (a zombie waiting for init does not count) and is still a task's process: with
    /// pid_max at 32768 and many tests spawning, a dead task's pid can soon belong to something else.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return false }
        let state = text[text.index(after: close)...].split(separator: " ").first
        guard state != "Z" && state != "X" else { return false }
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return environment.split(separator: 0).contains { $0.starts(with: Array("MLOOP_TRY_NUMBER=".utf8)) }
    }
}
