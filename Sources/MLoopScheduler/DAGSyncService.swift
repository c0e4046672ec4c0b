import Logging
import ServiceLifecycle

/// Keeps syncing the DAGs folder every `interval` until shutdown, so a changed file is picked up within seconds.
/// A pass that fails (e.g. the database is restarting) is logged and retried on the next tick.
public struct DAGSyncService: Service {
    public struct Configuration: Sendable {
        public var interval: Duration
        public init(interval: Duration = .seconds(2)) { self.interval = interval }
    }

    public var sync: DAGFolderSync
    public var configuration: Configuration

    public init(sync: DAGFolderSync, configuration: Configuration = .init()) {
        self.sync = sync
        self.configuration = configuration
    }

    public func run() async throws {
        var lastFolderProblem: String?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await sync.syncOnce()
                if report.folderProblem != lastFolderProblem, let problem = report.folderProblem {
                    sync.logger.warning("cannot read the DAGs folder", metadata: ["problem": "\(problem)"])
                }
                lastFolderProblem = report.folderProblem
            } catch {
                sync.logger.error("DAG folder sync failed; retrying", metadata: ["error": "\(error)"])
            }
            // Sleep, but wake at once on shutdown.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.interval) }
        }
    }
}
