import Foundation
import Subprocess
import SystemPackage

/// Runs the built `mloop` binary as a user would.
enum MLoopProcess {
    struct Outcome {
        var status: TerminationStatus
        var stdout: String
        var stderr: String
        var succeeded: Bool { status == .exited(0) }
    }

    /// `.build/debug/mloop`, next to the test bundle.
    static var binary: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("mloop").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/mloop").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil)
        async throws -> Outcome
    {
        let result = try await Subprocess.run(
            .path(FilePath(binary)), arguments: Arguments(arguments),
            environment: .inherit.updating(environment.mapKeys()),
            workingDirectory: directory.map { FilePath($0) },
            output: .string(limit: 4 << 20), error: .string(limit: 4 << 20))
        return Outcome(
            status: result.terminationStatus, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// A folder under /tmp that the `postgres` user can traverse (the embedded server runs as it under root).
    static func makeFolder(_ name: String) throws -> String {
        let path = "/tmp/mloop-cli-tests/\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod("/tmp/mloop-cli-tests", 0o755)
        chmod(path, 0o755)
        return path
    }
}

extension Dictionary where Key == String, Value == String {
    fileprivate func mapKeys() -> [Environment.Key: String] {
        var result: [Environment.Key: String] = [:]
        for (key, value) in self { result[Environment.Key(stringLiteral: key)] = value }
        return result
    }
}
