import Logging

/// Loggers for tests: warnings and errors go to stderr, the rest is dropped.
public enum TestLogger {
    public static func make(_ label: String = "mloop.test", level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }

    /// A shared `.warning` logger.
    public static let logger = make()
}
