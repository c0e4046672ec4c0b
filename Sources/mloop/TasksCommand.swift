import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Operate on a run's task instances.", subcommands: [Clear.self, Mark.self])

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a task again as a new try (and its downstream tasks with --downstream).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The run id.") var run: String
        @Argument(help: "The task id.") var task: String
        @Flag(help: "Also clear every task downstream of it.") var downstream = false

        func run() async throws {
            let id = try CLIInput.runID(run)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let cleared = try await DatabaseSession.with(options, logger: logger) { session in
                try await RunOperations(pool: session.pool).clearTask(
                    id, TaskID(task), downstream: downstream, now: Date())
            }
            print("cleared " + cleared.map(\.rawValue).joined(separator: ", "))
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a task instance's state to success or failed.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The run id.") var run: String
        @Argument(help: "The task id.") var task: String
        @Argument(help: "success or failed.") var state: String

        func run() async throws {
            let id = try CLIInput.runID(run)
            guard let target = TaskInstanceState(rawValue: state), target == .success || target == .failed else {
                throw ValidationError("a task can be marked 'success' or 'failed', not '\(state)'")
            }
            let logger = try options.makeLogger(defaultLevel: .warning)
            try await DatabaseSession.with(options, logger: logger) { session in
                try await RunOperations(pool: session.pool).markTask(id, TaskID(task), as: target, now: Date())
            }
            print("\(task) of run \(id) marked \(state)")
        }
    }
}
