import ArgumentParser
import Foundation
import Logging
import MLoopStore
import ServiceLifecycle

struct StandaloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standalone",
        abstract:
            "Scheduler and worker in one process, on the embedded PostgreSQL (or MLOOP_DATABASE_URL), until Ctrl-C.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var scheduling: SchedulerOptions
    @OptionGroup var working: WorkerOptions

    @Option(name: .customLong("api-host"), help: "Address the HTTP API binds to (env MLOOP_API_HOST).")
    var apiHost: String?

    @Option(name: .customLong("api-port"), help: "Port of the HTTP API; 0 picks a free one (env MLOOP_API_PORT).")
    var apiPort: Int?

    @Flag(name: .customLong("no-api"), help: "Do not serve the HTTP API.")
    var noAPI = false

    func run() async throws {
        let logger = try options.makeLogger(defaultLevel: .info)
        var api = APIOptions()
        api.host = apiHost
        api.port = apiPort
        try api.validate()
        let server = try api.configuration()
        try await DatabaseSession.with(options, logger: logger) { session in
            let dagSync = scheduling.dagSync(session, options, logger: logger)
            // A first pass before the banner, so it can say what the folder holds.
            _ = try await dagSync.sync.syncOnce()
            let workflows = try await WorkflowStore(pool: session.pool).workflows()
            let errors = try await WorkflowStore(pool: session.pool).importErrors()
            var services: [any Service] = [
                scheduling.scheduler(session, logger: logger), dagSync,
                working.worker(session, options, logger: logger),
            ]
            var apiLine = "off (--no-api)"
            if !noAPI {
                let signIn = try await AdminBootstrap(
                    users: UserStore(pool: session.pool), home: options.resolvedHome,
                    environment: ProcessInfo.processInfo.environment
                ).run()
                services.append(try api.server(session, logger: logger))
                apiLine = "http://\(server.host):\(server.port)/ — \(signIn)"
            }
            try await ServiceRunner.run(
                services,
                logger: logger,
                banner: """
                    MLoop standalone is running.
                      database:  \(session.location)
                      dags:      \(options.resolvedDAGsFolder) (\(workflows.count) workflows, \(errors.count) files with errors)
                      worker:    \(working.parallelism) slots
                      api:       \(apiLine)
                      try:       mloop dags list; mloop trigger hello_world --wait    (in another terminal, same folder)
                    Press Ctrl-C to stop.
                    """)
            logger.info("stopped; releasing the database")
        }
    }
}
