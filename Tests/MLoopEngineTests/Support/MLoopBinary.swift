import Foundation
import Subprocess
import MLoopTestSupport
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

    private init(name: String, pid: Int32, logFile: String, ended: Task<TerminationStatus?, Never>) {
        self.name = name
        self.pid = pid
        self.logFile = logFile
        self.ended = ended
    }

    static func start(
        _ name: String, _ arguments: [String], environment: [String: String], logFile: String
    ) async throws -> BackgroundProcess {
        let output = try FileDescriptor.open(
            FilePath(logFile), .writeOnly, options: [.create, .truncate, .append], permissions: [.ownerReadWrite])
        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let ended = Task { () -> TerminationStatus? in
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
        return BackgroundProcess(name: name, pid: pid, logFile: logFile, ended: ended)
    }

    struct StartFailed: Error, CustomStringConvertible { var description: String }

    /// SIGKILL, as a crash would; waits until the process is gone.
    func crash() async {
        kill(pid, SIGKILL)
        _ = await ended.value
    }

    /// SIGTERM (graceful shutdown), SIGKILL after `grace`; waits until the process is gone.
    func stop(grace: Duration = .seconds(5)) async {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while ProcessCheck.isRunning(pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
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
