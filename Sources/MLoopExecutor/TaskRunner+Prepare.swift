import Foundation
import MLoopCore

/// A try ready to launch, or a Swift task whose compile failed.
enum Prepared: Sendable {
    case ready(ProcessSpec, usedCachedBuild: Bool?)
    case compileFailed(reason: String, stop: ProcessOutcome.Stop)
}

extension TaskRunner {
    /// Resolves the executable, writes the script or code and the XCom input, and builds the environment.
    func prepare(
        _ launch: TaskLaunch, scratch: ScratchDirectory, pipeline: LogPipeline, deadline: ContinuousClock.Instant?
    ) async throws(TaskLaunchError) -> Prepared {
        let xcomInput =
            launch.upstreamXComs.isEmpty
            ? try sharedFiles.ensureEmptyXComInput()
            : try scratch.write(TaskEnvironment.json(launch.upstreamXComs), to: "xcom-input.json")
        let environment = TaskEnvironment.variables(for: launch, xcomInputPath: xcomInput)
        func spec(_ executable: String, _ arguments: [String]) -> ProcessSpec {
            ProcessSpec(
                executable: executable, arguments: arguments, environment: environment,
                workingDirectory: scratch.path, outputProtocol: launch.outputProtocol)
        }
        switch launch.action {
        case .bash(let script):
            let bash = try tools.executable(named: "bash")
            return .ready(spec(bash, [try scratch.write(script, to: "script.sh")]), usedCachedBuild: nil)
        case .command(let arguments):
            guard let name = arguments.first, !name.isEmpty else {
                throw TaskLaunchError("the command task has an empty argv")
            }
            let executable = try tools.executable(named: name, searchPath: launch.env["PATH"])
            return .ready(spec(executable, Array(arguments.dropFirst())), usedCachedBuild: nil)
        case .python(let source):
            let python = try await tools.pythonExecutable(configured: configuration.pythonExecutable)
            let (path, kind): (String, String) =
                switch source {
                case .inline(let code): (try scratch.write(code, to: "task.py"), "inline")
                case .file(let file): (try existingFile(file, kind: "python", in: launch), "file")
                }
            var launch = spec(python, ["-u", "-c", PythonShim.source, path, kind])
            launch.python = PythonCode(path: path, kind: kind)
            return .ready(launch, usedCachedBuild: nil)
        case .swift(let source):
            let toolchain = try await tools.swiftToolchain()
            let code: String =
                switch source {
                case .inline(let code): code
                case .file(let file): try read(try existingFile(file, kind: "swift", in: launch))
                }
            let compiler = SwiftTaskCompiler(cacheDirectory: configuration.swiftCacheDirectory, supervisor: supervisor)
            let build = await compiler.build(
                source: code, toolchain: toolchain, scratch: scratch, pipeline: pipeline, deadline: deadline)
            switch build {
            case .ready(let executable, let cached): return .ready(spec(executable, []), usedCachedBuild: cached)
            case .failed(let reason, let stop): return .compileFailed(reason: reason, stop: stop)
            }
        }
    }

    /// The absolute path of a task's code file, which must exist.
    private func existingFile(_ file: String, kind: String, in launch: TaskLaunch) throws(TaskLaunchError) -> String {
        let path = file.hasPrefix("/") ? file : launch.dagsFolder + "/" + file
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw TaskLaunchError("\(kind) file '\(file)' does not exist (looked for \(path))")
        }
        return path
    }

    private func read(_ path: String) throws(TaskLaunchError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaskLaunchError("cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
