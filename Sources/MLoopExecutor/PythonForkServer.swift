import Foundation
import Logging
import Subprocess
import Synchronization
import SystemPackage

/// A long-lived Python process per runner that forks each python try from an interpreter which has already
/// started, imported its site packages and loaded the shim: a try then costs a `fork`, not an interpreter start.
///
/// Started on the first python try, started again on the next try after it died, stopped when the runner goes
/// (its control socket closes and it exits). While it cannot start, tries launch their own interpreter.
final class PythonForkServer: Sendable {
    private enum State {
        case idle
        case starting(Task<ForkServerConnection?, Never>)
        case running(ForkServerConnection)
        /// A start failed: tries launch their own interpreter until then.
        case unavailable(until: ContinuousClock.Instant)
    }

    private enum Next {
        case use(ForkServerConnection)
        case wait(Task<ForkServerConnection?, Never>)
        case fallBack
    }

    private let state = Mutex(State.idle)
    private let logger: Logger

    static let startTimeout: Duration = .seconds(20)
    static let retryDelay: Duration = .seconds(30)

    init(logger: Logger) {
        self.logger = logger
    }

    deinit {
        if case .running(let connection) = state.withLock({ $0 }) { connection.stop() }
    }

    /// A running server for `python`, started if needed; `nil` when none can run now.
    func connection(python: String) async -> ForkServerConnection? {
        let logger = logger
        let next: Next = state.withLock { state in
            switch state {
            case .running(let connection) where connection.isOpen:
                return .use(connection)
            case .starting(let task):
                return .wait(task)
            case .unavailable(let until) where ContinuousClock.now < until:
                return .fallBack
            default:
                let task = Task { await Self.start(python: python, logger: logger) }
                state = .starting(task)
                return .wait(task)
            }
        }
        switch next {
        case .use(let connection):
            return connection
        case .fallBack:
            return nil
        case .wait(let task):
            let connection = await task.value
            state.withLock { state in
                guard case .starting(let current) = state, current == task else { return }
                state = connection.map { .running($0) } ?? .unavailable(until: .now.advanced(by: Self.retryDelay))
            }
            return connection
        }
    }

    /// The running server's pid, if one runs.
    var serverPID: pid_t? {
        guard case .running(let connection) = state.withLock({ $0 }), connection.isOpen else { return nil }
        return connection.serverPID
    }

    /// Starts a server and waits for its `ready` line.
    private static func start(python: String, logger: Logger) async -> ForkServerConnection? {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            logger.warning("cannot create the Python fork server's socket: \(String(cString: strerror(errno)))")
            return nil
        }
        let connection = ForkServerConnection(fd: fds[0])
        let serverEnd = fds[1]
        Task.detached { await run(python: python, socket: serverEnd, connection: connection, logger: logger) }
        let ready = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await connection.waitUntilReady() }
            group.addTask {
                // On timeout the socket closes, which also ends the wait above.
                if (try? await Task.sleep(for: startTimeout)) != nil { connection.stop() }
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard ready else {
            logger.warning("the Python fork server did not start; python tasks start their own interpreter")
            connection.stop()
            return nil
        }
        logger.debug("Python fork server ready", metadata: ["pid": "\(connection.serverPID ?? 0)"])
        return connection
    }

    /// Runs the server process until it exits (when its control socket closes, or it is killed).
    private static func run(python: String, socket: Int32, connection: ForkServerConnection, logger: Logger) async {
        var options = PlatformOptions()
        // Its own session: a terminal's Ctrl-C to the worker's group must not reach it.
        options.createSession = true
        let configuration = Configuration(
            executable: .path(FilePath(python)),
            arguments: ["-u", "-c", ForkServerScript.source, PythonShim.definitions],
            environment: .inherit, workingDirectory: FilePath("/"), platformOptions: options)
        do {
            let result = try await Subprocess.run(
                configuration,
                input: .fileDescriptor(FileDescriptor(rawValue: socket), closeAfterSpawningProcess: true),
                output: .discarded, error: .fileDescriptor(.standardError, closeAfterSpawningProcess: false))
            logger.debug("Python fork server ended", metadata: ["status": "\(result.terminationStatus)"])
        } catch {
            logger.warning("cannot start the Python fork server \(python): \(error)")
        }
        connection.stop()
    }
}
