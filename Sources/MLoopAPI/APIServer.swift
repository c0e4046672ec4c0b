import Foundation
import Hummingbird
import Logging
import MLoopPostgres
import NIOCore
import ServiceLifecycle

/// The HTTP API as a service: serves `/api/v1` until graceful shutdown, letting in-flight requests finish.
public struct APIServer: Service {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (reported to `onListening`).
        public var port: Int
        /// bcrypt cost of passwords set over the API.
        public var passwordHashCost: UInt8
        /// The web UI served at `/`; nil serves the API only.
        public var frontend: FrontendFiles?

        public init(
            host: String = "127.0.0.1", port: Int = 8000, passwordHashCost: UInt8 = 12, frontend: FrontendFiles? = nil
        ) {
            self.host = host
            self.port = port
            self.passwordHashCost = passwordHashCost
            self.frontend = frontend
        }
    }

    let pool: PostgresPool
    let configuration: Configuration
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    public init(
        pool: PostgresPool, configuration: Configuration, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.pool = pool
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let onListening = onListening
        let application = Application(
            router: APIRoutes(
                pool: pool, hasher: PasswordHasher(cost: configuration.passwordHashCost),
                frontend: configuration.frontend
            ).router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "mloop"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await application.run()
    }
}
