import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and SIGTERM for short commands: run the registered clean-ups (releasing the embedded PostgreSQL), then
/// exit. Long-running commands use ServiceLifecycle's graceful shutdown instead and never call this.
enum ShutdownSignals {
    private static let cleanups = Mutex<[@Sendable () async -> Void]>([])
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    static func onSignal(_ cleanup: @escaping @Sendable () async -> Void) {
        cleanups.withLock { $0.append(cleanup) }
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    let pending = cleanups.withLock { list in defer { list.removeAll() }; return list }
                    Task {
                        for cleanup in pending { await cleanup() }
                        exit(128 + signalNumber)
                    }
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Gives SIGINT and SIGTERM back to their default handling (before ServiceLifecycle installs its own).
    static func restoreDefaults() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources.removeAll()
        }
        cleanups.withLock { $0.removeAll() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
