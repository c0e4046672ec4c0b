import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct TriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger", abstract: "Start a manual run of a workflow and print its run id.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The workflow id.") var workflow: String
    @Option(help: "The run's conf, a JSON object (overrides params).") var conf: String?
    @Option(name: .customLong("logical-date"), help: "The run's logical date (default: now).") var logicalDate: String?
    @Option(help: "A note shown with the run.") var note: String?
    @Flag(help: "Wait for the run to finish; exit non-zero if it failed.") var wait = false

    func run() async throws {
        let conf = try CLIInput.conf(conf)
        let date = try logicalDate.map { try CLIInput.date($0, option: "--logical-date") } ?? Date()
        let logger = try options.makeLogger(defaultLevel: .warning)
        let state = try await DatabaseSession.with(options, logger: logger) { session in
            // The API's trigger: a second run at a logical date already taken is refused the same way.
            let run = try await RunOperations(pool: session.pool).triggerRun(
                NewRun(workflowID: WorkflowID(workflow), runType: .manual, logicalDate: date, conf: conf, note: note))
            print(run.runID)
            guard wait else { return RunState.queued }
            return try await RunWaiter.wait(for: run.runID, store: RunQueries(pool: session.pool))
        }
        if state == .failed { throw ExitCode.failure }
    }
}

/// Polls a run until it finishes, saying so once if nothing seems to pick it up.
enum RunWaiter {
    static func wait(for id: RunID, store: RunQueries) async throws -> RunState {
        let started = ContinuousClock.now
        var hinted = false
        while true {
            guard let state = try await store.runState(id) else { throw StoreError.notFound("run \(id) disappeared") }
            if state.isFinished {
                FileHandle.standardError.write(Data("run \(id) \(state.rawValue)\n".utf8))
                return state
            }
            if !hinted, state == .queued, ContinuousClock.now - started > .seconds(10) {
                hinted = true
                FileHandle.standardError.write(
                    Data(
                        "run \(id) is still queued: is `mloop standalone` (or a scheduler and a worker) running on this database?\n"
                            .utf8))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
