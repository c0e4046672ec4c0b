import Foundation
import MLoopCore
import MLoopLoader
import MLoopScheduler
import MLoopStore
import MLoopTestSupport
import Testing

/// The DAG-folder sync is a service of its own: user code it runs (compiling Swift workflow files) never delays
/// the planning of any run.
@Suite(.serialized) struct EngineDAGSyncTests {
    static let chain =
        "id: quick_chain\ntasks:\n"
        + (0..<10).map { index in
            "  - {id: t\(index), bash: \"true\"" + (index > 0 ? ", needs: [t\(index - 1)]}" : "}")
        }.joined(separator: "\n")

    /// A `swiftc` that takes 20 s for anything but `--version`, and says when it started.
    static func slowCompiler(in folder: String) throws -> (path: String, started: String) {
        let path = folder + "/slow-swiftc"
        let started = folder + "/compile-started"
        let script = """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "Swift version 6.3 (a slow stand-in)"; exit 0; fi
            touch \(started)
            sleep 20
            echo "error: gave up" >&2
            exit 1
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return (path, started)
    }

    @Test func aSwiftFileCompilingForTwentySecondsDoesNotDelayHopsOfAnotherWorkflow() async throws {
        let engine = try await Engine.make(["quick_chain.yaml": Self.chain])
        let compiler = try Self.slowCompiler(in: engine.folder)
        let sync = DAGFolderSync(
            folder: DAGFolder(path: engine.dags), store: engine.workflows, logger: TestLogger.logger,
            swift: SwiftDeclarationRunner(
                configuration: .init(cacheDirectory: engine.folder + "/swift-dags", swiftc: compiler.path)))
        await engine.startServices(sync: sync)
        do {
            try engine.write("slow.swift", "import MLoopDSL\n\nemit {}\n")
            try await Wait.until("the slow compile starts", within: .seconds(20)) {
                FileManager.default.fileExists(atPath: compiler.started)
            }
            let compileStarted = Date()
            let run = try await engine.trigger("quick_chain")
            let detail = try await engine.finished(run, within: .seconds(60))
            #expect(detail.run.state == .success)
            let ended = try #require(detail.run.endedAt)
            #expect(ended.timeIntervalSince(compileStarted) < 15, "the run ended while the compile went on")
            for index in 1..<10 {
                let before = try #require(detail.lastTry("t\(index - 1)")?.endedAt)
                let after = try #require(detail.lastTry("t\(index)")?.startedAt)
                // A hop is a few milliseconds; a sync on the planning loop held it for the whole 20 s compile.
                #expect(after.timeIntervalSince(before) < 3, "hop t\(index - 1) → t\(index)")
            }
            await engine.stop()
        } catch {
            await engine.stop(keepFolder: true)
            throw error
        }
    }
}
