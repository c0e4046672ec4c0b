import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// Finds executables once: `PATH` lookups, the Python interpreter and the Swift toolchain, cached for the runner's
/// life so a launch costs no search.
final class ToolResolver: Sendable {
    struct SwiftToolchain: Sendable {
        var swiftc: String
        /// `swiftc --version` output: part of every compiled task's cache key.
        var version: String
    }

    private let lookups = Mutex<[String: String]>([:])
    private let python = Mutex<String?>(nil)
    private let swift = Mutex<SwiftToolchain?>(nil)
    private let workerPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"

    /// `name` as is when it contains a slash, else its first executable match on `searchPath` (default: the
    /// worker's `PATH`).
    func executable(named name: String, searchPath: String? = nil) throws(TaskLaunchError) -> String {
        if name.contains("/") { return name }
        let path = searchPath ?? workerPath
        let cacheKey = path + "\0" + name
        if let found = lookups.withLock({ $0[cacheKey] }) { return found }
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = directory + "/" + name
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                lookups.withLock { $0[cacheKey] = candidate }
                return candidate
            }
        }
        throw TaskLaunchError("'\(name)' was not found on PATH (\(path))")
    }

    /// The configured interpreter, else `MLOOP_PYTHON`, else `python3` on `PATH` as its `sys.executable`
    /// (which skips version-manager shims such as pyenv's).
    func pythonExecutable(configured: String?) async throws(TaskLaunchError) -> String {
        if let configured { return try executable(named: configured) }
        if let known = python.withLock({ $0 }) { return known }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MLOOP_PYTHON"], !fromEnvironment.isEmpty {
            let resolved = try executable(named: fromEnvironment)
            python.withLock { $0 = resolved }
            return resolved
        }
        let launcher: String
        do {
            launcher = try executable(named: "python3")
        } catch {
            throw TaskLaunchError("python3 was not found on PATH; install Python 3 or set MLOOP_PYTHON")
        }
        let probe = await Self.output(of: launcher, ["-c", "import sys; print(sys.executable)"])
        let resolved = probe.flatMap { $0.isEmpty ? nil : $0 } ?? launcher
        python.withLock { $0 = resolved }
        return resolved
    }

    /// `swiftc` on `PATH` and its version text.
    func swiftToolchain() async throws(TaskLaunchError) -> SwiftToolchain {
        if let known = swift.withLock({ $0 }) { return known }
        let swiftc: String
        do {
            swiftc = try executable(named: "swiftc")
        } catch {
            throw TaskLaunchError("swiftc was not found on PATH; install a Swift toolchain to run swift tasks")
        }
        guard let version = await Self.output(of: swiftc, ["--version"]), !version.isEmpty else {
            throw TaskLaunchError("'\(swiftc) --version' failed; the Swift toolchain looks broken")
        }
        let toolchain = SwiftToolchain(swiftc: swiftc, version: version)
        swift.withLock { $0 = toolchain }
        return toolchain
    }

    /// The trimmed standard output of a short probe, or `nil` when it fails.
    private static func output(of executable: String, _ arguments: [String]) async -> String? {
        let result = try? await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), output: .string(limit: 1 << 16),
            error: .discarded)
        guard let result, result.terminationStatus.isSuccess else { return nil }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
