import ArgumentParser
import Foundation
import Logging
import MLoopAPI
import MLoopStore

/// Where the HTTP API listens, shared by `api` and `standalone`.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("host"), help: "Address the HTTP API binds to (env MLOOP_API_HOST).")
    var host: String?

    @Option(name: .customLong("port"), help: "Port of the HTTP API; 0 picks a free one (env MLOOP_API_PORT).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func configuration() throws -> APIServer.Configuration {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["MLOOP_API_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        var port = self.port ?? 8000
        if self.port == nil, let text = environment["MLOOP_API_PORT"], !text.isEmpty {
            guard let value = Int(text), (0...65535).contains(value) else {
                throw ValidationError("MLOOP_API_PORT must be a port number between 0 and 65535, not '\(text)'")
            }
            port = value
        }
        return APIServer.Configuration(host: host, port: port)
    }

    func server(_ session: DatabaseSession, logger: Logger) throws -> APIServer {
        var configuration = try configuration()
        let folder = FrontendDirectory.locate()
        do {
            configuration.frontend = try FrontendFiles(folder: folder)
        } catch {
            logger.warning("serving the API without the web UI: \(error)")
        }
        let host = configuration.host
        return APIServer(pool: session.pool, configuration: configuration, logger: logger) { port in
            logger.info("HTTP API listening on http://\(host):\(port)/api/v1/ (web UI at /)")
        }
    }
}

struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the HTTP API (/api/v1) until Ctrl-C. Every endpoint but health needs a user's credentials.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var api: APIOptions

    func run() async throws {
        let logger = try options.makeLogger(defaultLevel: .info)
        let server = try api.configuration()
        try await DatabaseSession.with(options, logger: logger) { session in
            let bootstrap = AdminBootstrap(
                users: UserStore(pool: session.pool), home: options.resolvedHome,
                environment: ProcessInfo.processInfo.environment)
            if let message = try await bootstrap.runFromEnvironmentOnly() { logger.notice("\(message)") }
            try await ServiceRunner.run(
                [try api.server(session, logger: logger)], logger: logger,
                banner: "MLoop API on http://\(server.host):\(server.port)/api/v1/, database \(session.location)")
        }
    }
}
