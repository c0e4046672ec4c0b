import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Options every command that touches the database or the DAGs folder shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL URL or conninfo (env MLOOP_DATABASE_URL). Unset: the embedded private PostgreSQL.")
    var databaseURL: String?

    @Option(name: .customLong("home"), help: "MLoop's state folder for the embedded PostgreSQL (env MLOOP_HOME).")
    var home: String?

    @Option(name: .customLong("dags"), help: "The DAGs folder (env MLOOP_DAGS_FOLDER, default ./dags).")
    var dags: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (env MLOOP_LOG_LEVEL).")
    var logLevel: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedDatabaseURL: String? {
        let value = databaseURL ?? environment["MLOOP_DATABASE_URL"]
        return value?.isEmpty == true ? nil : value
    }

    var resolvedHome: String { absolute(home ?? environment["MLOOP_HOME"] ?? ".mloop") }

    var resolvedDAGsFolder: String { absolute(dags ?? environment["MLOOP_DAGS_FOLDER"] ?? "dags") }

    func makeLogger(label: String = "mloop", defaultLevel: Logger.Level) throws -> Logger {
        let text = logLevel ?? environment["MLOOP_LOG_LEVEL"]
        var level = defaultLevel
        if let text {
            guard let parsed = Logger.Level(rawValue: text.lowercased()) else {
                throw ValidationError("unknown log level '\(text)': use trace, debug, info, notice, warning or error")
            }
            level = parsed
        }
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// LoggingSystem.bootstrap may run only once per process.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(level: Logger.Level) {
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
