import Foundation
import MLoopTestSupport
import Subprocess
import Synchronization
import SystemPackage

/// The built `mloop` executable, run to completion as a user would.
enum MLoopBinary {
    typealias Outcome = BuiltExecutable.Outcome

    /// `.build/debug/mloop`, next to the test bundle.
    static var path: String { BuiltExecutable.path() }

    static func run(_ arguments: [String], environment: [String: String]) async throws -> Outcome {
        try await BuiltExecutable.run(arguments, environment: environment)
    }
}

/// A long-running `mloop` process (scheduler, worker) whose output goes to a file; killed by its pid.
final class BackgroundProcess: Sendable {
    let name: String
    let pid: Int32
    let logFile: String
    private let ended: Task<TerminationStatus?, Never>
    /// Set once the process was reaped: its pid may then belong to anyone (a PostgreSQL backend of the shared test
    /// cluster, say — SIGKILLing one makes the postmaster reset every connection of every test), so no more signals.
    private let reaped: ReapedFlag

    private init(
        name: String, pid: Int32, logFile: String, ended: Task<TerminationStatus?, Never>, reaped: ReapedFlag
    ) {
        self.name = name
        self.pid = pid
        self.logFile = logFile
        self.ended = ended
        self.reaped = reaped
    }

    /// Signals the process unless it was already reaped.
    private func signal(_ number: Int32) {
        if !reaped.value.load(ordering: .acquiring) { kill(pid, number) }
    }

    static func start(
        _ name: String, _ arguments: [String], environment: [String: String], logFile: String
    ) async throws -> BackgroundProcess {
        let output = try FileDescriptor.open(
            FilePath(logFile), .writeOnly, options: [.create, .truncate, .append], permissions: [.ownerReadWrite])
        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let reaped = ReapedFlag()
        let ended = Task { () -> TerminationStatus? in
            defer { reaped.value.store(true, ordering: .releasing) }
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(MLoopBinary.path)), arguments: Arguments(arguments),
                    environment: .inherit.updating(environment.keyed), input: .none,
                    output: .fileDescriptor(output, closeAfterSpawningProcess: true), error: .combinedWithOutput
                ) { execution in
                    continuation.yield(execution.processIdentifier.value)
                    continuation.finish()
                }
                return result.terminationStatus
            } catch {
                continuation.finish()
                return nil
            }
        }
        var iterator = pids.makeAsyncIterator()
        guard let pid = await iterator.next() else {
            throw StartFailed(description: "could not start mloop \(arguments.joined(separator: " "))")
        }
        return BackgroundProcess(name: name, pid: pid, logFile: logFile, ended: ended, reaped: reaped)
    }

    final class ReapedFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    struct StartFailed: Error, CustomStringConvertible { var description: String }

    /// SIGKILL, as a crash would; waits until the process is gone.
    func crash() async {
        signal(SIGKILL)
        _ = await ended.value
    }

    /// SIGTERM (graceful shutdown), SIGKILL after `grace`; waits until the process is gone.
    func stop(grace: Duration = .seconds(5)) async {
        signal(SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while ProcessCheck.isRunning(pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        signal(SIGKILL)
        _ = await ended.value
    }

    var isRunning: Bool { ProcessCheck.isRunning(pid) }

    /// The process's output so far, for failure messages.
    var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
}

extension Dictionary where Key == String, Value == String {
    fileprivate var keyed: [Environment.Key: String] {
        var result: [Environment.Key: String] = [:]
        for (key, value) in self { result[Environment.Key(stringLiteral: key)] = value }
        return result
    }
}
