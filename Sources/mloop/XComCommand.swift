import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct XComCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcom", abstract: "Values tasks pushed.", subcommands: [Get.self])

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
                try await RunStore(pool: session.pool).xcoms(of: id, task: TaskID(task))
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
}
