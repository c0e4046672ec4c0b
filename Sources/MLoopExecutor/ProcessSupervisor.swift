import Foundation
import Subprocess
import SystemPackage
import Synchronization

/// How one supervised process ended.
struct ProcessOutcome: Sendable {
    enum Stop: Sendable { case none, timeout, cancelled }

    /// `nil` when the process could not be started (see `launchFailure`) or its status was lost.
    var status: TerminationStatus?
    var stop: Stop = .none
    var launchFailure: String?
    var protocolState: ProtocolState?
}

/// Launches one process in a session of its own, streams its stdout and stderr into a `LogPipeline`, and stops
/// its whole tree on the deadline or when the calling task is cancelled.
struct ProcessSupervisor: Sendable {
    let killGracePeriod: Duration
    var sessionObserver: (any TaskSessionObserver)? = nil

    private enum Event: Sendable {
        case finished(ProtocolState?, TerminationStatus?)
        case deadline
        case cancelled
    }

    func run(
        _ spec: ProcessSpec, deadline: ContinuousClock.Instant?, pipeline: LogPipeline, protocolState: ProtocolState?
    ) async -> ProcessOutcome {
        var options = PlatformOptions()
        options.createSession = true
        // Only the leader, which swift-subprocess signals through its pidfd: a group signal is `kill(-pid)`, which
        // after the leader is reaped may reach whatever reused the number. `ProcessTree` stops the rest of the tree.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: killGracePeriod)
        ]
        let configuration = Configuration(
            executable: .path(FilePath(spec.executable)), arguments: Arguments(spec.arguments),
            environment: .custom(InheritedEnvironment.block(overriding: spec.environment)),
            workingDirectory: FilePath(spec.workingDirectory),
            platformOptions: options)
        do {
            let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) {
                execution in
                await supervise(execution, deadline: deadline, pipeline: pipeline, protocolState: protocolState)
            }
            var outcome = result.closureResult
            outcome.status = result.terminationStatus
            return outcome
        } catch let error as SubprocessError {
            return ProcessOutcome(launchFailure: Self.describe(error, spec), protocolState: protocolState)
        } catch {
            return ProcessOutcome(launchFailure: "cannot start \(spec.executable): \(error)")
        }
    }

    private func supervise(
        _ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, deadline: ContinuousClock.Instant?,
        pipeline: LogPipeline, protocolState: ProtocolState?
    ) async -> ProcessOutcome {
        let pid = execution.processIdentifier.value
        let pidfd = execution.processIdentifier.processDescriptor
        let standardOutput = execution.standardOutput
        let standardError = execution.standardError
        let outcome = await watch(leader: pid, deadline: deadline, protocolState: protocolState) {
            async let errors: ProtocolState? = Self.read(
                standardError, OutputReader(stream: .stderr, pipeline: pipeline, protocolState: nil), pipeline)
            let state = await Self.read(
                standardOutput, OutputReader(stream: .stdout, pipeline: pipeline, protocolState: protocolState),
                pipeline)
            _ = await errors
            // Output can end before exit (a task that closed its stdout); the tree is only swept after exit.
            await ProcessExit.wait(pidfd: pidfd, pid: pid)
            return (state, nil)
        }
        // The leader has exited but is not reaped yet, so its group id cannot have been reused:
        // whatever it left running in its group goes now.
        _ = kill(-pid, SIGKILL)
        return outcome
    }

    /// Waits for `finished` (the output read to its end and the leader's exit, with its status when known), and
    /// stops the leader's tree on the deadline or when the calling task is cancelled.
    /// `parent` is the process that spawned the leader and reaps it (this one, or the Python fork server).
    func watch(
        leader pid: pid_t, parent: pid_t? = getpid(), deadline: ContinuousClock.Instant?, protocolState: ProtocolState?,
        finished: @escaping @Sendable () async -> (ProtocolState?, TerminationStatus?)
    ) async -> ProcessOutcome {
        // Both launch paths come through here: the orphan guard learns every session while it runs.
        sessionObserver?.sessionStarted(pid)
        defer { sessionObserver?.sessionEnded(pid) }
        let tree = ProcessTree(leader: pid, parent: parent)
        let grace = killGracePeriod
        guard let deadline else {
            // No timeout: no timer to arm and cancel for every try, only a hook for cancellation. A stop it starts
            // is awaited before returning, while the leader is still unreaped (its number cannot be reused).
            let cancellation = Mutex<(finished: Bool, stopping: Task<Void, Never>?)>((false, nil))
            let (state, status) = await withTaskCancellationHandler {
                let result = await finished()
                cancellation.withLock { $0.finished = true }
                return result
            } onCancel: {
                cancellation.withLock { cancellation in
                    guard !cancellation.finished, cancellation.stopping == nil else { return }
                    cancellation.stopping = Task { await tree.terminate(grace: grace) }
                }
            }
            let stopping = cancellation.withLock { $0.stopping }
            await stopping?.value
            return ProcessOutcome(status: status, stop: stopping == nil ? .none : .cancelled, protocolState: state)
        }
        return await withTaskGroup(of: Event.self) { group in
            group.addTask {
                let (state, status) = await finished()
                return .finished(state, status)
            }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline)
                    return .deadline
                } catch {
                    return .cancelled
                }
            }
            var outcome = ProcessOutcome(protocolState: protocolState)
            var finished = false
            while let event = await group.next() {
                switch event {
                case .finished(let state, let status):
                    finished = true
                    outcome.protocolState = state
                    outcome.status = status
                    group.cancelAll()
                case .deadline:
                    outcome.stop = .timeout
                    await Self.uncancelled { await tree.terminate(grace: grace) }
                case .cancelled where !finished:
                    outcome.stop = .cancelled
                    await Self.uncancelled { await tree.terminate(grace: grace) }
                case .cancelled:
                    break
                }
            }
            return outcome
        }
    }

    static func read(_ sequence: SubprocessOutputSequence, _ reader: OutputReader, _ pipeline: LogPipeline)
        async -> ProtocolState?
    {
        var reader = reader
        do {
            for try await buffer in sequence {
                let full = buffer.withUnsafeBytes { reader.consume($0) }
                if full { await pipeline.flush() }
            }
        } catch {
            pipeline.appendSystem("reading the task's \(reader.stream.rawValue) failed: \(error)")
        }
        reader.finish()
        return reader.protocolState
    }

    /// Runs `body` to completion even when the calling task is cancelled.
    private static func uncancelled(_ body: @escaping @Sendable () async -> Void) async {
        await Task { await body() }.value
    }

    private static func describe(_ error: SubprocessError, _ spec: ProcessSpec) -> String {
        if let underlying = error.underlyingError {
            return "cannot start \(spec.executable): \(underlying)"
        }
        return "cannot start \(spec.executable): \(error.description)"
    }
}
