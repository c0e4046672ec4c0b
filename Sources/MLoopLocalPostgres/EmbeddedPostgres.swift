import Foundation
import Logging

/// The embedded default's bookkeeping around one cluster shared by several mloop processes on this machine.
///
/// Each client registers a file under `<home>/clients` (named `<pid>-<token>`), guarded by `flock` on
/// `<home>/postgres.lock`; `release()` removes it and stops the server only when no other live client remains
/// (files of dead pids are pruned).
public actor EmbeddedPostgres {
    private let home: String
    private let cluster: LocalPostgresCluster
    private let logger: Logger
    private let clientFile: String
    private var registered = false

    /// The cluster lives in `<home>/postgres`.
    public init(home: String, logger: Logger) {
        self.home = home
        self.logger = logger
        // Only the server's user (and root) may connect over the socket: the embedded server trusts local
        // connections, so nothing else on the machine — a declaring program run as `nobody` included — gets in.
        cluster = LocalPostgresCluster(
            .init(dataDirectory: home + "/postgres", serverSettings: ["unix_socket_permissions": "0700"]),
            logger: logger)
        clientFile = "\(home)/clients/\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Registers this client and starts (or reuses) the shared server. `prepare` runs while the lock is still held,
    /// so first-use set-up on the server (creating MLoop's database) never races another mloop process starting at
    /// the same moment.
    public func start(
        prepare: (@Sendable (LocalPostgresServer) async throws(LocalPostgresError) -> Void)? = nil
    ) async throws(LocalPostgresError) -> LocalPostgresServer {
        let lock = try await FileLock.acquire(path: home + "/postgres.lock")
        defer { lock.release() }
        do {
            try FileManager.default.createDirectory(atPath: home + "/clients", withIntermediateDirectories: true)
        } catch {
            throw LocalPostgresError(.fileSystem, "cannot create \(home)/clients: \(error.localizedDescription)")
        }
        pruneDeadClients()
        guard FileManager.default.createFile(atPath: clientFile, contents: Data("\(getpid())\n".utf8)) else {
            throw LocalPostgresError(.fileSystem, "cannot register in \(clientFile): \(errnoText())")
        }
        registered = true
        do {
            let server = try await cluster.start()
            if let prepare { try await prepare(server) }
            return server
        } catch {
            try? FileManager.default.removeItem(atPath: clientFile)
            registered = false
            throw error
        }
    }

    /// Unregisters this client; stops the server when it was the last live one.
    public func release() async {
        guard registered else { return }
        do {
            let lock = try await FileLock.acquire(path: home + "/postgres.lock")
            defer { lock.release() }
            try? FileManager.default.removeItem(atPath: clientFile)
            registered = false
            let remaining = pruneDeadClients()
            if remaining == 0 {
                try await cluster.stop()
            } else {
                logger.debug("PostgreSQL left running for other clients", metadata: ["clients": "\(remaining)"])
            }
        } catch {
            logger.warning("could not release the embedded PostgreSQL: \(error)")
        }
    }

    /// Stops the cluster and removes its files, wherever it lives (see `LocalPostgresCluster.destroy`). Refuses while
    /// another mloop process uses it. Returns the paths removed.
    public func destroy() async throws(LocalPostgresError) -> [String] {
        let lock = try await FileLock.acquire(path: home + "/postgres.lock")
        defer { lock.release() }
        let live = pruneDeadClients()
        guard live == 0 else {
            throw LocalPostgresError(
                .inUse,
                "\(live) mloop process\(live == 1 ? " still uses" : "es still use") the embedded PostgreSQL in "
                    + "\(home); stop \(live == 1 ? "it" : "them") first")
        }
        var removed = try await cluster.destroy()
        if FileManager.default.fileExists(atPath: home + "/clients") {
            try? FileManager.default.removeItem(atPath: home + "/clients")
        }
        removed.sort()
        return removed
    }

    /// Removes registrations of processes that no longer exist; returns how many live ones remain.
    @discardableResult
    private func pruneDeadClients() -> Int {
        let directory = home + "/clients"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var live = 0
        for name in names {
            let pid = name.split(separator: "-").first.flatMap { Int32($0) } ?? 0
            if ProcessProbe.isAlive(pid) {
                live += 1
            } else {
                try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
            }
        }
        return live
    }
}
