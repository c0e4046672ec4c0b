import Foundation
import Hummingbird
import Logging
import MLoopPostgres
import MLoopStore
import NIOCore
import ServiceLifecycle

/// The HTTP API as a service: serves `/api/v1` until graceful shutdown, letting in-flight requests finish. It keeps
/// one LISTEN connection for the live streams (ended at shutdown so they do not hold it up) and records an `api`
/// heartbeat.
public struct APIServer: Service {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (reported to `onListening`).
        public var port: Int
        /// bcrypt cost of passwords set over the API.
        public var passwordHashCost: UInt8
        /// The web UI served at `/`; nil serves the API only.
        public var frontend: FrontendFiles?
        /// Identifies this process in `process_heartbeat`.
        public var processID: String
        public var hostname: String
        public var heartbeatInterval: Duration
        /// How often an idle event stream sends a `: keep-alive` comment.
        public var keepAliveInterval: Duration

        public init(
            host: String = "127.0.0.1", port: Int = 8000, passwordHashCost: UInt8 = 12, frontend: FrontendFiles? = nil,
            processID: String? = nil, hostname: String? = nil, heartbeatInterval: Duration = .seconds(10),
            keepAliveInterval: Duration = .seconds(15)
        ) {
            let machine = hostname ?? ProcessInfo.processInfo.hostName
            self.host = host
            self.port = port
            self.passwordHashCost = passwordHashCost
            self.frontend = frontend
            self.processID = processID ?? "api-\(machine)-\(getpid())"
            self.hostname = machine
            self.heartbeatInterval = heartbeatInterval
            self.keepAliveInterval = keepAliveInterval
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
        let live = LiveServices(
            listenerConfiguration: pool.configuration, registry: ProcessRegistry(pool: pool),
            hubConfiguration: .init(keepAliveInterval: configuration.keepAliveInterval), logger: logger,
            clock: { Date() })
        let application = Application(
            router: APIRoutes(
                pool: pool, hasher: PasswordHasher(cost: configuration.passwordHashCost),
                frontend: configuration.frontend, live: live
            ).router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "mloop"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let hub = live.hub
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await hub.run() }
            group.addTask { await beat() }
            try await withGracefulShutdownHandler {
                try await application.run()
            } onGracefulShutdown: {
                // Open streams would otherwise keep the server waiting for "in-flight" requests forever.
                Task { await hub.shutdown() }
            }
            await hub.shutdown()
            group.cancelAll()
            try await group.waitForAll()
        }
        try? await ProcessRegistry(pool: pool).markStopped(processID: configuration.processID, now: Date())
    }

    private func beat() async {
        let store = ProcessRegistry(pool: pool)
        while !Task.isCancelled {
            do {
                try await store.recordProcessAlive(
                    processID: configuration.processID, role: "api", hostname: configuration.hostname, pid: getpid(),
                    now: Date())
            } catch {
                logger.warning("API heartbeat failed", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: configuration.heartbeatInterval) } catch { return }
        }
    }
}
