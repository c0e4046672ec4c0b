import Foundation
import MLoopCore
import Synchronization

/// The MLoopCore and MLoopDSL modules `*.swift` workflow files are compiled against, built once per toolchain and
/// source version from the sources embedded in this binary, and kept in the cache directory.
final class DSLLibrary: Sendable {
    struct Built: Sendable {
        var swiftc: String
        /// Names the toolchain and the embedded sources: part of every compiled program's cache key.
        var key: String
        var linkArguments: [String]
        /// Where libMLoopCore.so and libMLoopDSL.so are.
        var libraryDirectory: String
        /// What a declaring program is started through (see `sandbox()`).
        var sandbox: [String]
        /// The sandbox runs the program as `nobody`: it must then be started from a copy `nobody` can read.
        var sandboxDropsPrivileges: Bool
    }

    struct BuildError: Error {
        var message: String
    }

    private let configuration: SwiftDeclarationRunner.Configuration
    private let built = Mutex<Built?>(nil)

    init(configuration: SwiftDeclarationRunner.Configuration) {
        self.configuration = configuration
    }

    func build() async -> Result<Built, BuildError> {
        if let known = built.withLock({ $0 }) { return .success(known) }
        guard let swiftc = configuration.swiftc ?? Self.onPath("swiftc") else {
            return .failure(
                BuildError(
                    message: "swiftc was not found on PATH; install a Swift toolchain to load *.swift workflow files"))
        }
        guard
            case .exited(let status, let version, _) = await BoundedRun.run(
                swiftc, ["--version"], environment: .inherit, workingDirectory: "/", timeout: .seconds(60)),
            status.isSuccess
        else { return .failure(BuildError(message: "'\(swiftc) --version' failed; the Swift toolchain looks broken")) }
        let sources = (EmbeddedDSLSources.MLoopCore + EmbeddedDSLSources.MLoopDSL).map { $0.path + "\u{0}" + $0.text }
        let key = SHA256.hex(of: Array(([version] + sources).joined(separator: "\u{0}").utf8))
        let directory = configuration.cacheDirectory + "/dsl-" + key.prefix(16)
        var result = Built(
            swiftc: swiftc, key: key,
            linkArguments: [
                "-swift-version", "6", "-I", directory, "-L", directory, "-lMLoopDSL", "-lMLoopCore",
                "-Xlinker", "-rpath", "-Xlinker", directory,
            ], libraryDirectory: directory, sandbox: [], sandboxDropsPrivileges: false)
        (result.sandbox, result.sandboxDropsPrivileges) = await Self.sandbox()
        if !FileManager.default.fileExists(atPath: directory + "/libMLoopDSL.so") {
            if let error = await compile(into: directory, swiftc: swiftc) { return .failure(error) }
        }
        built.withLock { $0 = result }
        return .success(result)
    }

    /// Builds both modules in a scratch folder and renames it into place, so a half-built library is never used.
    private func compile(into directory: String, swiftc: String) async -> BuildError? {
        let scratch = directory + ".tmp-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            for (module, files) in [
                ("MLoopCore", EmbeddedDSLSources.MLoopCore), ("MLoopDSL", EmbeddedDSLSources.MLoopDSL),
            ] {
                try FileManager.default.createDirectory(
                    atPath: scratch + "/src/" + module, withIntermediateDirectories: true)
                for (path, text) in files {
                    let target = scratch + "/src/" + module + "/" + path.replacingOccurrences(of: "/", with: "_")
                    try (text + "\n").write(toFile: target, atomically: false, encoding: .utf8)
                }
            }
        } catch {
            return BuildError(message: "cannot prepare the DSL library in \(scratch): \(error)")
        }
        for (module, links) in [("MLoopCore", [String]()), ("MLoopDSL", ["-lMLoopCore"])] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch + "/src/" + module)) ?? []
            let arguments =
                [
                    "-swift-version", "6", "-parse-as-library", "-module-name", module, "-I", scratch, "-L", scratch,
                    "-emit-module", "-emit-module-path", scratch + "/\(module).swiftmodule", "-emit-library",
                    "-o", scratch + "/lib\(module).so",
                ] + links + files.sorted().map { scratch + "/src/" + module + "/" + $0 }
            let outcome = await BoundedRun.run(
                swiftc, arguments, environment: .inherit, workingDirectory: scratch,
                timeout: configuration.compileTimeout)
            guard case .exited(let status, let output, let errors) = outcome, status.isSuccess else {
                let detail: String
                if case .exited(_, let output, let errors) = outcome {
                    detail = CompilerDiagnostics.lastLines(errors + output, count: 5)
                } else {
                    detail = "\(outcome)"
                }
                return BuildError(message: "cannot build the DSL library (\(module)): \(detail)")
            }
            _ = (output, errors)
        }
        try? FileManager.default.removeItem(atPath: scratch + "/src")
        if rename(scratch, directory) != 0, !FileManager.default.fileExists(atPath: directory + "/libMLoopDSL.so") {
            return BuildError(message: "cannot move the DSL library into \(directory)")
        }
        return nil
    }

    /// How declaring programs are confined. As root: a network namespace of their own (`unshare -n`: no server is
    /// reachable over TCP) and the unprivileged `nobody` user (`setpriv`), which cannot open MLoop's files or the
    /// embedded PostgreSQL's socket (mode 0700). Otherwise `unshare -rn` where user namespaces are allowed (no
    /// network, same user), else nothing.
    static func sandbox() async -> (command: [String], dropsPrivileges: Bool) {
        if geteuid() == 0, let unshare = onPath("unshare"), let setpriv = onPath("setpriv") {
            let command = [
                unshare, "-n", setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs", "--",
            ]
            let probe = await BoundedRun.run(
                command[0], Array(command.dropFirst()) + ["/bin/true"], environment: .inherit, workingDirectory: "/",
                timeout: .seconds(10))
            if case .exited(let status, _, _) = probe, status.isSuccess { return (command, true) }
        }
        return (await networkSandbox(), false)
    }

    /// `unshare -rn` when it works here (root, or unprivileged user namespaces enabled), else no sandbox.
    static func networkSandbox() async -> [String] {
        guard let unshare = onPath("unshare") else { return [] }
        let probe = await BoundedRun.run(
            unshare, ["-rn", "/bin/true"], environment: .inherit, workingDirectory: "/", timeout: .seconds(10))
        guard case .exited(let status, _, _) = probe, status.isSuccess else { return [] }
        return [unshare, "-rn"]
    }

    /// The first executable named `name` on `PATH`.
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
