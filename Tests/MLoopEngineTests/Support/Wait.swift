import Foundation

/// Bounded polling: every test wait has a limit and says what it waited for when the limit passes.
enum Wait {
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var limit: Duration
        var description: String { "timed out after \(limit) waiting until \(what)" }
    }

    /// Polls `probe` until it returns a value, at most for `limit`.
    static func until<T>(
        _ what: String, within limit: Duration, every interval: Duration = .milliseconds(100),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what, limit: limit) }
            try await Task.sleep(for: interval)
        }
    }

    /// Polls `condition` until it holds, at most for `limit`.
    static func until(
        _ what: String, within limit: Duration, every interval: Duration = .milliseconds(100),
        _ condition: () async throws -> Bool
    ) async throws {
        _ = try await until(what, within: limit, every: interval) { () async throws -> Bool? in
            try await condition() ? true : nil
        }
    }
}

/// Scratch folders under /tmp that the `postgres` user can traverse, removed by nobody but the OS: tests keep
/// them small.
enum EngineFolder {
    static let root = "/tmp/mloop-engine-tests"

    static func make(_ name: String) throws -> String {
        let path = "\(root)/\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(root, 0o777)
        chmod(path, 0o777)
        return path
    }
}
