import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "Runs of workflows: list them, show one with its tasks.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest runs of a workflow.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Option(help: "How many runs.") var limit = 25
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let runs = try await DatabaseSession.with(options, logger: logger) { session in
                try await RunQueries(pool: session.pool).runs(of: WorkflowID(workflow), limit: limit)
            }
            if json { return print(try JSONOutput.encode(runs)) }
            if runs.isEmpty { return print("No runs of \(workflow) yet. Start one with: mloop trigger \(workflow)") }
            print(
                TextTable.render(
                    [["RUN", "TYPE", "STATE", "LOGICAL DATE", "STARTED", "DURATION"]]
                        + runs.map { run in
                            [
                                String(run.runID.rawValue), run.runType.rawValue, run.state.rawValue,
                                Timestamp.format(run.logicalDate), run.startedAt.map(Timestamp.milliseconds) ?? "-",
                                TextTable.duration(from: run.startedAt, to: run.endedAt),
                            ]
                        }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A run with its task instances: state, try, times, progress, and why waiting ones wait.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The run id.") var run: String
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() async throws {
            let id = try CLIInput.runID(run)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let (detail, reasons) = try await DatabaseSession.with(options, logger: logger) { session in
                guard let detail = try await RunQueries(pool: session.pool).run(id) else {
                    throw StoreError.notFound("no run with id \(id)")
                }
                return (detail, try await RunOperations(pool: session.pool).explain(id, now: Date()))
            }
            if json {
                return print(try JSONOutput.encode(RunShowDocument(detail: detail, reasons: reasons)))
            }
            let run = detail.run
            print("run \(run.runID) of \(run.workflowID) (v\(run.versionNumber)): \(run.state.rawValue)")
            print(
                "  type \(run.runType.rawValue), logical date \(Timestamp.format(run.logicalDate))"
                    + (run.dataInterval.map { ", interval \($0)" } ?? ""))
            if !run.conf.isEmpty { print("  conf \(try JSONOutput.compact(run.conf))") }
            if let note = run.note { print("  note: \(note)") }
            print("")
            print(
                TextTable.render(
                    [["TASK", "STATE", "TRY", "STARTED", "DURATION", "DETAIL"]]
                        + detail.taskInstances.map { instance in
                            [
                                instance.taskID.rawValue, instance.state.rawValue,
                                "\(instance.tryNumber)/\(instance.maxTries)",
                                instance.startedAt.map(Timestamp.milliseconds) ?? "-",
                                TextTable.duration(from: instance.startedAt, to: instance.endedAt),
                                Self.detail(instance, reason: reasons[instance.taskID]),
                            ]
                        }))
        }
    }
}

extension RunsCommand.Show {
    /// Progress for a task that ran or runs; otherwise why it waits.
    static func detail(_ instance: TaskInstanceRecord, reason: String?) -> String {
        if instance.state == .running || instance.state.isFinished {
            return (try? instance.progress.map(JSONOutput.compact)) ?? ""
        }
        return reason ?? ""
    }
}

/// `runs show --json`'s document: the run, its task instances and tries, and why waiting tasks wait.
struct RunShowDocument: Encodable {
    var detail: RunDetail
    var reasons: [TaskID: String]

    func encode(to encoder: any Encoder) throws {
        try detail.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(
            Dictionary(uniqueKeysWithValues: reasons.map { ($0.key.rawValue, $0.value) }), forKey: .waitingReasons)
    }

    enum Keys: String, CodingKey { case waitingReasons = "waiting_reasons" }
}
