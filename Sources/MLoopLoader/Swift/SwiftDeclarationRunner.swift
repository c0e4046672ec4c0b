import Foundation
import MLoopCore
import Subprocess

/// Turns a `*.swift` workflow file into its definitions: compiles it against the DSL (built once per toolchain
/// from the embedded MLoopCore and MLoopDSL sources), runs the program with a time limit, a scrubbed environment
/// and (where `unshare -rn` works) no network, and reads the workflows it prints. Compiled programs are cached by
/// the file's content, its path and the library's key, so an unchanged file is never compiled twice.
public struct SwiftDeclarationRunner: Sendable {
    public struct Configuration: Sendable {
        /// Where the library and compiled programs are kept.
        public var cacheDirectory: String
        public var compileTimeout: Duration
        /// A declaring program still running after this long is killed.
        public var runTimeout: Duration
        /// `swiftc`; nil to look it up on `PATH`.
        public var swiftc: String?

        public init(
            cacheDirectory: String = NSTemporaryDirectory() + "mloop-swift-dags-\(getuid())",
            compileTimeout: Duration = .seconds(300), runTimeout: Duration = .seconds(10), swiftc: String? = nil
        ) {
            self.cacheDirectory = cacheDirectory
            self.compileTimeout = compileTimeout
            self.runTimeout = runTimeout
            self.swiftc = swiftc
        }
    }

    public var configuration: Configuration
    private let library: DSLLibrary

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        library = DSLLibrary(configuration: configuration)
    }

    /// The workflows `text` (the file at `file`, relative to the DAGs folder) declares, or every problem: compile
    /// errors at their file:line, a crash or a hang of the program, or each workflow's validation issues.
    public func load(_ text: String, file: String) async -> Result<[WorkflowDefinition], ValidationFailure> {
        func failed(_ message: String) -> Result<[WorkflowDefinition], ValidationFailure> {
            .failure(ValidationFailure([ValidationIssue(message, file: file)]))
        }
        let built: DSLLibrary.Built
        switch await library.build() {
        case .success(let value): built = value
        case .failure(let error): return failed(error.message)
        }
        let program: String
        switch await compile(text, file: file, library: built) {
        case .success(let path): program = path
        case .failure(let failure): return .failure(failure)
        }
        return await run(program, file: file, library: built)
    }

    private func compile(_ text: String, file: String, library: DSLLibrary.Built) async
        -> Result<String, ValidationFailure>
    {
        let key = SHA256.hex(of: Array((library.key + "\u{0}" + file + "\u{0}" + text).utf8))
        let program = configuration.cacheDirectory + "/programs/" + key
        if FileManager.default.isExecutableFile(atPath: program) { return .success(program) }
        let work = configuration.cacheDirectory + "/work-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: configuration.cacheDirectory + "/programs", withIntermediateDirectories: true)
            // Diagnostics and #filePath name the file as the DAGs folder does, at its own line numbers.
            let main = "#sourceLocation(file: \"\(file)\", line: 1)\n" + text + "\n"
            try main.write(toFile: work + "/main.swift", atomically: false, encoding: .utf8)
        } catch {
            return .failure(ValidationFailure([ValidationIssue("cannot prepare the build: \(error)", file: file)]))
        }
        let arguments = library.linkArguments + [work + "/main.swift", "-o", work + "/program"]
        let outcome = await BoundedRun.run(
            library.swiftc, arguments, environment: .inherit, workingDirectory: work,
            timeout: configuration.compileTimeout)
        switch outcome {
        case .exited(let status, _, let errors) where status.isSuccess:
            _ = errors
            // rename(2) is atomic: a concurrent sync sees the whole program or none.
            guard rename(work + "/program", program) == 0 else {
                return .failure(ValidationFailure([ValidationIssue("cannot cache the program", file: file)]))
            }
            return .success(program)
        case .exited(_, let output, let errors):
            return .failure(CompilerDiagnostics.failure(errors + output, file: file))
        case .timedOut:
            return .failure(
                ValidationFailure([
                    ValidationIssue(
                        "compiling took longer than \(configuration.compileTimeout) and was stopped", file: file)
                ]))
        case .failedToStart(let reason):
            return .failure(ValidationFailure([ValidationIssue("cannot run swiftc: \(reason)", file: file)]))
        }
    }

    private func run(_ program: String, file: String, library: DSLLibrary.Built) async
        -> Result<[WorkflowDefinition], ValidationFailure>
    {
        func failed(_ message: String) -> Result<[WorkflowDefinition], ValidationFailure> {
            .failure(ValidationFailure([ValidationIssue(message, file: file)]))
        }
        // Only what a program needs to start: no database URL, credentials or other MLoop settings; and, where the
        // system allows it, no network either (see DSLLibrary.networkSandbox).
        var libraryPath = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] ?? ""
        var executable = program
        var workingDirectory = NSTemporaryDirectory()
        var copy: String?
        if library.sandboxDropsPrivileges {
            // `nobody` may not reach the cache (e.g. under /root): run a private, readable copy of the program and
            // its two libraries.
            guard let folder = Self.readableCopy(of: program, libraries: library.libraryDirectory) else {
                return failed("cannot prepare a sandbox folder for the declaring program in /tmp")
            }
            copy = folder
            executable = folder + "/program"
            workingDirectory = folder
            libraryPath = folder + (libraryPath.isEmpty ? "" : ":" + libraryPath)
        }
        defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
        let environment = Environment.custom(["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": libraryPath])
        let command = library.sandbox + [executable]
        let outcome = await BoundedRun.run(
            command[0], Array(command.dropFirst()), environment: environment,
            workingDirectory: workingDirectory, timeout: configuration.runTimeout)
        switch outcome {
        case .timedOut:
            return failed("the declaring program did not finish within \(configuration.runTimeout) and was killed")
        case .failedToStart(let reason):
            return failed("cannot run the declaring program: \(reason)")
        case .exited(let status, let output, let errors):
            guard status.isSuccess else {
                let detail = CompilerDiagnostics.lastLines(errors, count: 5)
                return failed("the declaring program \(describe(status))\(detail.isEmpty ? "" : ": " + detail)")
            }
            return DeclarationOutputReader.read(output, file: file)
        }
    }

    /// A new folder under /tmp, readable by everyone, holding the program and the DSL libraries.
    private static func readableCopy(of program: String, libraries: String) -> String? {
        var template = Array("/tmp/mloop-declare-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { return nil }
        let folder = String(cString: created)
        let files = [
            (program, folder + "/program"),
            (libraries + "/libMLoopCore.so", folder + "/libMLoopCore.so"),
            (libraries + "/libMLoopDSL.so", folder + "/libMLoopDSL.so"),
        ]
        do {
            for (source, target) in files { try FileManager.default.copyItem(atPath: source, toPath: target) }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        chmod(folder, 0o755)
        for (_, target) in files { chmod(target, 0o755) }
        return folder
    }

    private func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "crashed (killed by signal \(signal))"
        }
    }
}

extension SwiftDeclarationRunner {
    /// The MLoopCore and MLoopDSL sources this binary builds the DSL library from, by module.
    public static var embeddedSources: [(module: String, files: [(path: String, text: String)])] {
        [("MLoopCore", EmbeddedDSLSources.MLoopCore), ("MLoopDSL", EmbeddedDSLSources.MLoopDSL)]
    }
}
