import Foundation
import Subprocess
import SystemPackage

/// Executables of this package as the build left them, for tests that run them as a user would.
public enum BuiltExecutable {
    /// `.build/<triple>/debug/<name>`: found beside (or above) the running test bundle, else in the checkout's
    /// `.build/debug`.
    public static func path(_ name: String = "mloop") -> String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        // Tests/MLoopTestSupport/BuiltExecutable.swift → the checkout's top level.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/" + name).path
    }
}

extension BuiltExecutable {
    /// How a run to completion ended.
    public struct Outcome: Sendable {
        public var status: TerminationStatus
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == .exited(0) }
    }

    /// Runs the built `mloop` to completion with `environment` on top of this process's, capturing its output.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    ) async throws -> Outcome {
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(path())), arguments: Arguments(arguments), environment: .inherit.updating(keyed),
            workingDirectory: directory.map { FilePath($0) },
            output: .string(limit: 4 << 20), error: .string(limit: 4 << 20))
        return Outcome(status: result.terminationStatus, stdout: result.standardOutput, stderr: result.standardError)
    }
}
