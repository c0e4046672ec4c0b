import Foundation
import Subprocess
import MLoopTestSupport
import SystemPackage

/// Runs the built `mloop` binary as a user would.
enum MLoopProcess {
    typealias Outcome = BuiltExecutable.Outcome

    /// `.build/debug/mloop`, next to the test bundle.
    static var binary: String { BuiltExecutable.path() }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil)
        async throws -> Outcome
    {
        try await BuiltExecutable.run(arguments, environment: environment, in: directory)
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
