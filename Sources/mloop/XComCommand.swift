import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct XComCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcom", abstract: "Values tasks pushed, and the upstream values a try pulled.",
        subcommands: [Get.self, Pulls.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print XComs of a run's task as JSON (one key: just its value).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The run id.") var run: String
        @Argument(help: "The task id.") var task: String
        @Argument(help: "A key (default: every key of the task).") var key: String?

        func run() async throws {
            let id = try CLIInput.runID(run)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let records = try await DatabaseSession.with(options, logger: logger) { session in
                try await RunQueries(pool: session.pool).xcoms(of: id, task: TaskID(task))
            }
            if let key {
                guard let record = records.first(where: { $0.key == key }) else {
                    let keys = records.map(\.key)
                    throw StoreError.notFound(
                        "task '\(task)' of run \(id) pushed no XCom '\(key)'"
                            + (keys.isEmpty ? "" : "; it pushed: " + keys.joined(separator: ", ")))
                }
                return print(try JSONOutput.encode(record.value))
            }
            print(try JSONOutput.encode(Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.value) })))
        }
    }

    struct Pulls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The upstream XComs a try of a run's task read, with the values their keys hold now.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The run id.") var run: String
        @Argument(help: "The task id.") var task: String
        @Option(name: .customLong("try"), help: "The try (default: the latest).") var tryNumber: Int?
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() async throws {
            let id = try CLIInput.runID(run)
            let task = TaskID(task)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let (shown, pulls) = try await DatabaseSession.with(options, logger: logger) { session in
                let store = RunQueries(pool: session.pool)
                guard let detail = try await store.run(id) else { throw StoreError.notFound("no run with id \(id)") }
                let instance = try detail.instance(task)
                let shown = tryNumber ?? instance.tryNumber
                return (shown, try await store.xcomPulls(of: id, task: task, tryNumber: shown))
            }
            if json { return print(try JSONOutput.encode(pulls)) }
            if pulls.isEmpty { return print("Try \(shown) of task '\(task)' in run \(id) pulled no XCom.") }
            let rows = try pulls.map { pull in
                [pull.fromTaskID.rawValue, pull.key, try pull.value.map(JSONOutput.compact) ?? "(gone)"]
            }
            print(TextTable.render([["FROM TASK", "KEY", "VALUE NOW"]] + rows))
        }
    }
}
