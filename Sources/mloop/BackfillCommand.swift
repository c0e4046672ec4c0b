import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Create one run per schedule interval whose start lies in [--from, --to] (idempotent).")

    static let maximumIntervals = 10_000

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The workflow id.") var workflow: String
    @Option(help: "First interval start (date or instant).") var from: String
    @Option(help: "Last interval start (date or instant).") var to: String
    @Flag(name: .customLong("rerun-failed"), help: "Run the failed tasks of failed runs in the range again.")
    var rerunFailed = false

    func run() async throws {
        let start = try CLIInput.date(from, option: "--from")
        let end = try CLIInput.date(to, option: "--to")
        guard start <= end else {
            throw ValidationError("--from \(from) is after --to \(to): the range is reversed")
        }
        let logger = try options.makeLogger(defaultLevel: .warning)
        try await DatabaseSession.with(options, logger: logger) { session in
            let id = WorkflowID(workflow)
            guard let (_, definition) = try await WorkflowStore(pool: session.pool).currentDefinition(of: id) else {
                throw StoreError.notFound("no workflow with id '\(workflow)' (see mloop dags list)")
            }
            guard case .cron = definition.schedule, let zone = TimeZone(identifier: definition.timezone) else {
                throw ValidationError(
                    "\(workflow) has no cron schedule, so it has no intervals to backfill; trigger it instead")
            }
            let intervals = definition.schedule.intervals(
                from: start, to: end, timeZone: zone, limit: Self.maximumIntervals + 1)
            guard intervals.count <= Self.maximumIntervals else {
                throw ValidationError(
                    "the range holds more than \(Self.maximumIntervals) intervals of '\(definition.schedule.text ?? "")'; "
                        + "backfill a smaller range at a time")
            }
            let store = RunStore(pool: session.pool)
            var created = 0
            var existing = 0
            var rerun = 0
            for interval in intervals {
                let (run, isNew) = try await store.createRun(
                    NewRun(workflowID: id, runType: .backfill, logicalDate: interval.start, dataInterval: interval))
                if isNew {
                    created += 1
                    continue
                }
                existing += 1
                if rerunFailed, run.state == .failed, let detail = try await store.run(run.runID) {
                    // Clearing a failed task with its downstream also resets the upstream_failed ones after it.
                    for instance in detail.taskInstances where instance.state == .failed {
                        rerun += try await store.clearTask(run.runID, instance.taskID, downstream: true, now: Date())
                            .count
                    }
                }
            }
            print(
                "\(intervals.count) intervals: \(created) runs created, \(existing) already existed"
                    + (rerunFailed ? ", \(rerun) failed tasks cleared" : ""))
        }
    }
}
