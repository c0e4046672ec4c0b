import Foundation
import Logging
import MLoopCore

/// Runs one try of a task as a supervised subprocess tree: prepares its environment and scratch directory, streams
/// its output to a `TaskOutputHandler`, parses the output protocol and enforces the timeout.
public struct TaskRunner: Sendable {
    let configuration: TaskRunnerConfiguration
    let logger: Logger
    let tools = ToolResolver()
    let supervisor: ProcessSupervisor
    let sharedFiles: SharedFiles
    /// `nil` when python tries each start their own interpreter.
    let pythonForkServer: PythonForkServer?
    let logFlushes = LogFlushTicker(interval: LogPipeline.flushInterval)
    let scratchDirectories: ScratchDirectories

    public init(configuration: TaskRunnerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        supervisor = ProcessSupervisor(
            killGracePeriod: configuration.killGracePeriod, sessionObserver: configuration.sessionObserver)
        sharedFiles = SharedFiles(workDirectory: configuration.workDirectory)
        scratchDirectories = ScratchDirectories(parent: configuration.workDirectory)
        let forks =
            configuration.usesPythonForkServer
            ?? (ProcessInfo.processInfo.environment["MLOOP_PYTHON_FORKSERVER"] != "0")
        pythonForkServer = forks ? PythonForkServer(logger: logger) : nil
    }

    /// The pid of the runner's Python fork server while one runs.
    public var pythonForkServerPID: Int32? { pythonForkServer?.serverPID }

    /// Runs the try to its end. Never throws: a try that cannot start is a failed outcome with the reason.
    /// Cancelling the calling task stops the whole process tree (SIGTERM, then SIGKILL after the grace period).
    public func run(_ launch: TaskLaunch, output: some TaskOutputHandler) async -> TaskTryResult {
        let started = ContinuousClock.now
        let deadline = launch.timeout.map { started.advanced(by: $0) }
        let pipeline = LogPipeline(handler: output, maxLogBytes: configuration.maxLogBytes, ticker: logFlushes)
        pipeline.appendSystem(
            "try \(launch.tryNumber) of \(launch.maxTries) of task '\(launch.taskID)' on host \(Host.name): "
                + Self.describe(launch.action))
        var logger = logger
        logger[metadataKey: "workflow_id"] = "\(launch.workflowID)"
        logger[metadataKey: "run_id"] = "\(launch.runID)"
        logger[metadataKey: "task_id"] = "\(launch.taskID)"
        logger[metadataKey: "try"] = "\(launch.tryNumber)"
        let (result, closing) = await execute(launch, pipeline: pipeline, deadline: deadline)
        var finished = result
        finished.duration = ContinuousClock.now - started
        pipeline.appendSystem(closing.line(after: finished.duration, droppedBytes: pipeline.droppedBytes))
        await pipeline.close()
        logger.debug("try finished", metadata: ["outcome": "\(finished.outcome)"])
        return finished
    }

    /// The try's result and the closing log line's opening words.
    private func execute(_ launch: TaskLaunch, pipeline: LogPipeline, deadline: ContinuousClock.Instant?) async
        -> (TaskTryResult, Closing)
    {
        if Task.isCancelled {
            return Self.failure("cancelled before it started")
        }
        let scratch: ScratchDirectory
        do {
            scratch = try scratchDirectories.take()
        } catch {
            return Self.failure(error.description)
        }
        defer { scratchDirectories.giveBack(scratch) }
        let prepared: Prepared
        do {
            prepared = try await prepare(launch, scratch: scratch, pipeline: pipeline, deadline: deadline)
        } catch {
            return Self.failure(error.description)
        }
        switch prepared {
        case .compileFailed(let reason, let stop):
            var (result, status) = Self.failure(reason)
            result.usedCachedBuild = false
            if stop != .none { (result, status) = interpret(ProcessOutcome(stop: stop), launch: launch) }
            return (result, status)
        case .ready(let spec, let usedCachedBuild):
            let outcome = await start(spec, deadline: deadline, pipeline: pipeline)
            var (result, status) = interpret(outcome, launch: launch)
            result.usedCachedBuild = usedCachedBuild
            return (result, status)
        }
    }

    /// A python try goes to the fork server when one runs and the task sets no `PYTHON*` variable (those shape the
    /// interpreter's start, which the server has already done); everything else is launched as its own process.
    private func start(_ spec: ProcessSpec, deadline: ContinuousClock.Instant?, pipeline: LogPipeline) async
        -> ProcessOutcome
    {
        let protocolState = ProtocolState(maxXComBytes: configuration.maxXComBytes, aliases: spec.outputProtocol)
        if let code = spec.python, let server = pythonForkServer,
            !spec.environment.keys.contains(where: { $0.hasPrefix("PYTHON") }),
            let connection = await server.connection(python: spec.executable),
            let outcome = await supervisor.runForked(
                code, spec: spec, connection: connection, deadline: deadline, pipeline: pipeline,
                protocolState: protocolState)
        {
            return outcome
        }
        return await supervisor.run(spec, deadline: deadline, pipeline: pipeline, protocolState: protocolState)
    }

    static func failure(_ reason: String) -> (TaskTryResult, Closing) {
        (TaskTryResult(outcome: .failed(reason: reason)), Closing(head: "failed", tail: reason))
    }

    static func describe(_ action: TaskAction) -> String {
        switch action {
        case .bash: "bash script"
        case .command(let arguments): "command \(arguments.first ?? "")"
        case .python(.inline): "python inline code"
        case .python(.file(let path)): "python file \(path)"
        case .swift(.inline): "swift inline code"
        case .swift(.file(let path)): "swift file \(path)"
        }
    }
}

/// The machine's host name, read once.
enum Host {
    static let name: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
