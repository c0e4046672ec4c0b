import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Create one run per schedule interval whose start lies in [--from, --to] (idempotent).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The workflow id.") var workflow: String
    @Option(help: "First interval start (date or instant).") var from: String
    @Option(help: "Last interval start (date or instant).") var to: String
    @Flag(name: .customLong("rerun-failed"), help: "Run the failed tasks of failed runs in the range again.")
    var rerunFailed = false

    @Flag(name: .customLong("dry-run"), help: "Print what would be created or cleared; change nothing.")
    var dryRun = false

    func run() async throws {
        let start = try CLIInput.date(from, option: "--from")
        let end = try CLIInput.date(to, option: "--to")
        let logger = try options.makeLogger(defaultLevel: .warning)
        let request = BackfillRequest(
            workflowID: WorkflowID(workflow), start: start, end: end, reprocessFailed: rerunFailed, dryRun: dryRun)
        let outcomes = try await DatabaseSession.with(options, logger: logger) { session in
            do {
                return try await RunOperations(pool: session.pool).backfill(request, now: Date())
            } catch let error as BackfillError {
                throw ValidationError(error.description)
            }
        }
        let created = outcomes.filter { $0.action == .created }.count
        let existing = outcomes.count - created
        let cleared = outcomes.map(\.clearedTasks.count).reduce(0, +)
        print(
            (dryRun ? "dry run: " : "") + "\(outcomes.count) intervals: \(created) runs "
                + (dryRun ? "would be created" : "created") + ", \(existing) already existed"
                + (rerunFailed ? ", \(cleared) failed tasks " + (dryRun ? "would be cleared" : "cleared") : ""))
    }
}
