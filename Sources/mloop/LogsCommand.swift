import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a task try's log (stdout and stderr with timestamps); --follow while it runs.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The run id.") var run: String
    @Argument(help: "The task id.") var task: String
    @Option(name: .customLong("try"), help: "The try number (default: the latest).") var tryNumber: Int?
    @Flag(help: "Keep printing new lines until the try ends.") var follow = false

    func run() async throws {
        let id = try CLIInput.runID(run)
        let logger = try options.makeLogger(defaultLevel: .warning)
        try await DatabaseSession.with(options, logger: logger) { session in
            let store = RunQueries(pool: session.pool)
            guard let detail = try await store.run(id) else { throw StoreError.notFound("no run with id \(id)") }
            let instance = try detail.instance(TaskID(task))
            let number = tryNumber ?? instance.tryNumber
            guard number >= 1, detail.tries.contains(where: { $0.taskID == instance.taskID && $0.tryNumber == number })
            else {
                throw StoreError.notFound(
                    instance.tryNumber == 0
                        ? "task '\(task)' of run \(id) has not started yet (\(instance.state.rawValue))"
                        : "task '\(task)' of run \(id) has tries 1 to \(instance.tryNumber), not \(number)")
            }
            let ref = TryRef(runID: id, taskID: instance.taskID, tryNumber: number)
            var offset: Int64 = 0
            while true {
                let (content, next) = try await store.log(ref, fromOffset: offset)
                if !content.isEmpty { FileHandle.standardOutput.write(Data(content.utf8)) }
                let moved = next != offset
                offset = next
                if moved { continue }
                guard follow else { return }
                let current = try await store.run(id)?.tries.first { $0.taskID == ref.taskID && $0.tryNumber == number }
                if let state = current?.state, state.isFinished {
                    // One last read: chunks written just before the try ended.
                    let (rest, _) = try await store.log(ref, fromOffset: offset)
                    if !rest.isEmpty { FileHandle.standardOutput.write(Data(rest.utf8)) }
                    return
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
