import ArgumentParser
import Logging

struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Sync the DAGs folder, create scheduled runs, queue ready tasks. Run any number of them.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var scheduling: SchedulerOptions

    func run() async throws {
        let logger = try options.makeLogger(defaultLevel: .info)
        try await DatabaseSession.with(options, logger: logger) { session in
            try await ServiceRunner.run(
                [scheduling.scheduler(session, logger: logger), scheduling.dagSync(session, options, logger: logger)],
                logger: logger,
                banner: "MLoop scheduler on \(session.location), DAGs folder \(options.resolvedDAGsFolder)")
        }
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Claim queued tasks and run them as subprocesses. Run any number of them.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var working: WorkerOptions

    func run() async throws {
        let logger = try options.makeLogger(defaultLevel: .info)
        try await DatabaseSession.with(options, logger: logger) { session in
            try await ServiceRunner.run(
                [working.worker(session, options, logger: logger)], logger: logger,
                banner: "MLoop worker on \(session.location) with \(working.parallelism) slots")
        }
    }
}
