import Foundation
import Subprocess

/// A python try's code: the file the shim runs and whether it is inline code or a DAGs-folder file.
struct PythonCode: Sendable {
    var path: String
    /// `inline` or `file`, as the shim reads it.
    var kind: String
}

extension ProcessSupervisor {
    /// Runs a python try as a child forked by the fork server, supervised like any other process: its own session,
    /// output streamed, the tree stopped on the deadline or cancellation. `nil` when the server did not fork it,
    /// so the caller launches an interpreter instead.
    func runForked(
        _ code: PythonCode, spec: ProcessSpec, connection: ForkServerConnection, deadline: ContinuousClock.Instant?,
        pipeline: LogPipeline, protocolState: ProtocolState?
    ) async -> ProcessOutcome? {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard Pipe2.make(&output) else { return nil }
        guard Pipe2.make(&errors) else {
            for fd in output { close(fd) }
            return nil
        }
        let start = await connection.fork(
            path: code.path, kind: code.kind, environment: spec.environment, directory: spec.workingDirectory,
            standardOutput: output[1], standardError: errors[1])
        // The child holds its own copies now; ours must go so the reads end when the child's do.
        close(output[1])
        close(errors[1])
        let standardOutput = PipeReader(fd: output[0])
        let standardError = PipeReader(fd: errors[0])
        guard case .started(let pid) = start else { return nil }
        var outcome = await watch(
            leader: pid, parent: connection.serverPID, deadline: deadline, protocolState: protocolState
        ) {
            async let errorState: ProtocolState? = Self.read(
                standardError, OutputReader(stream: .stderr, pipeline: pipeline, protocolState: nil), pipeline)
            let state = await Self.read(
                standardOutput, OutputReader(stream: .stdout, pipeline: pipeline, protocolState: protocolState),
                pipeline)
            _ = await errorState
            // The server reaps the child, sweeps its process group, then reports the status.
            let status = await connection.exitStatus(of: pid)
            return (state, status.map(Self.terminationStatus))
        }
        if outcome.status == nil && outcome.stop == .none {
            outcome.launchFailure = "the Python fork server stopped before reporting how the task ended"
        }
        return outcome
    }

    /// A raw `waitpid` status as swift-subprocess reports it.
    static func terminationStatus(_ raw: Int32) -> TerminationStatus {
        raw & 0x7f == 0 ? .exited((raw >> 8) & 0xff) : .signaled(raw & 0x7f)
    }

    private static func read(_ pipe: PipeReader, _ reader: OutputReader, _ pipeline: LogPipeline) async
        -> ProtocolState?
    {
        var reader = reader
        do {
            while let chunk = try await pipe.next() {
                let full = chunk.withUnsafeBytes { reader.consume($0) }
                if full { await pipeline.flush() }
            }
        } catch {
            pipeline.appendSystem("reading the task's \(reader.stream.rawValue) failed: \(error)")
        }
        reader.finish()
        return reader.protocolState
    }
}

/// `pipe2(fds, O_CLOEXEC)`, which Glibc's Swift overlay hides (it needs `_GNU_SOURCE`): both ends close-on-exec from
/// the start, so no process spawned concurrently inherits them and holds a try's output open.
enum Pipe2 {
    private typealias Function = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let function: Function? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Function.self) }

    static func make(_ fds: inout [Int32]) -> Bool {
        guard let function else { return false }
        return fds.withUnsafeMutableBufferPointer { function($0.baseAddress!, O_CLOEXEC) } == 0
    }
}
