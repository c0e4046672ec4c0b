import Foundation
import Logging
import MLoopStore
import ServiceLifecycle

/// Keeps the store in line with the DAGs folder, as its own service beside the scheduler: a Swift workflow file is
/// compiled and its declaring program run here (user code, sandboxed), so a slow compile or a program running until
/// its limit never delays the planning of any run. Records its own heartbeat (role `dag_sync`). Several may run
/// against one database: the store serialises writers per file.
public struct DAGSyncService: Service {
    public struct Configuration: Sendable {
        /// Identifies this process in `process_heartbeat`.
        public var processID: String
        public var hostname: String
        /// Pause between the end of one pass over the folder and the start of the next.
        public var interval: Duration

        public init(processID: String, hostname: String, interval: Duration = .seconds(2)) {
            self.processID = processID
            self.hostname = hostname
            self.interval = interval
        }
    }

    public let sync: DAGFolderSync
    public let registry: ProcessRegistry
    public let configuration: Configuration
    public let logger: Logger
    let now: @Sendable () -> Date

    public init(
        sync: DAGFolderSync, registry: ProcessRegistry, configuration: Configuration, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.sync = sync
        self.registry = registry
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await registry.recordProcessAlive(
                    processID: configuration.processID, role: "dag_sync", hostname: configuration.hostname,
                    pid: getpid(), now: now())
                // A shutdown stops a pass mid-compile (its child process is ended) rather than waiting minutes for it.
                _ = try await cancelWhenGracefulShutdown { try await sync.syncOnce() }
            } catch  where Task.isShuttingDownGracefully || Task.isCancelled {
                return
            } catch {
                logger.error("DAG folder sync failed; will retry", metadata: ["error": "\(error)"])
            }
            await cancelWhenGracefulShutdown { try? await Task.sleep(for: configuration.interval) }
        }
    }
}
