import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM for the whole life of the process. The signals are never left at their default action, so
/// there is no window in which Ctrl-C kills mloop without releasing the embedded PostgreSQL. What a signal does is
/// swapped as the command moves on: first "release and exit", then "shut the services down gracefully".
enum ShutdownSignals {
    private static let state = Mutex(State())

    private struct State {
        var cleanups: [@Sendable () async -> Void] = []
        var onSignal: (@Sendable (Int32) async -> Void)?
        var sources: [any DispatchSourceSignal] = []
    }

    /// Adds a clean-up that runs, before exiting, when a signal arrives while no services run.
    static func onSignal(_ cleanup: @escaping @Sendable () async -> Void) {
        installIfNeeded()
        state.withLock { $0.cleanups.append(cleanup) }
    }

    /// From now on a signal calls `handler` (e.g. the service group's graceful shutdown) instead of exiting.
    static func handOver(to handler: @escaping @Sendable (Int32) async -> Void) {
        installIfNeeded()
        state.withLock { $0.onSignal = handler }
    }

    private static func installIfNeeded() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { Task { await handle(signalNumber) } }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private static func handle(_ signalNumber: Int32) async {
        let (handler, cleanups) = state.withLock { state in
            defer { state.cleanups.removeAll() }
            return (state.onSignal, state.cleanups)
        }
        if let handler {
            await handler(signalNumber)
            return
        }
        for cleanup in cleanups { await cleanup() }
        exit(128 + signalNumber)
    }
}
