import Foundation
import Logging
import MLoopAPI
import MLoopCore
import MLoopExecutor
import MLoopLoader
import MLoopPostgres
import MLoopScheduler
import MLoopStore
import MLoopTestSupport
import ServiceLifecycle
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The API server on a free loopback port, with a scheduler and a worker, in this process, on a fresh migrated
/// database and a scratch DAGs folder. Requests go over real HTTP.
final class APIHarness: Sendable {
    let pool: PostgresPool
    let folder: String
    let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    private init(pool: PostgresPool, folder: String, port: Int, group: ServiceGroup, running: Task<Void, Never>) {
        self.pool = pool
        self.folder = folder
        self.port = port
        self.group = group
        self.running = running
    }

    /// Starts everything; `dags` (file name → YAML) are written and synced first.
    static func start(dags: [String: String] = [:]) async throws -> APIHarness {
        let configuration = try await TestPostgres.makeDatabase()
        let logger = TestLogger.logger
        let pool = PostgresPool(configuration: configuration, maxConnections: 4, logger: logger)
        let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
        _ = try await pool.withConnection { connection in
            try await Migrator(migrations: migrations, logger: logger).migrate(connection)
        }
        let folder = "/tmp/mloop-api-tests/\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: folder + "/dags", withIntermediateDirectories: true)
        chmod("/tmp/mloop-api-tests", 0o777)
        chmod(folder, 0o777)
        for (name, text) in dags { try text.write(toFile: "\(folder)/dags/\(name)", atomically: true, encoding: .utf8) }
        let sync = DAGFolderSync(
            folder: DAGFolder(path: folder + "/dags"), store: WorkflowStore(pool: pool), logger: logger)
        _ = try await sync.syncOnce()

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let services: [any Service] = [
            SchedulerService(
                store: RunStore(pool: pool), sync: sync, listenerConfiguration: configuration,
                configuration: .init(
                    processID: "scheduler-test", hostname: "test", tick: .milliseconds(250),
                    dagSyncInterval: .milliseconds(500), heartbeatTimeout: .seconds(5)),
                logger: logger),
            WorkerService(
                store: RunStore(pool: pool),
                runner: TaskRunner(
                    configuration: TaskRunnerConfiguration(
                        workDirectory: folder + "/work", swiftCacheDirectory: folder + "/swift-cache",
                        killGracePeriod: .seconds(1)),
                    logger: logger),
                listenerConfiguration: configuration,
                configuration: .init(
                    workerID: "worker-test", hostname: "test", parallelism: 4, dagsFolder: folder + "/dags",
                    heartbeatInterval: .milliseconds(500), pollInterval: .milliseconds(500),
                    shutdownGracePeriod: .seconds(1)),
                logger: logger),
            APIServer(
                pool: pool,
                configuration: .init(
                    host: "127.0.0.1", port: 0, heartbeatInterval: .milliseconds(500), keepAliveInterval: .seconds(1)),
                logger: logger
            ) { port in
                portContinuation.yield(port)
            },
        ]
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        let running = Task {
            do { try await group.run() } catch { Issue.record("services failed: \(error)") }
        }
        var port = 0
        for await listening in ports {
            port = listening
            break
        }
        return APIHarness(pool: pool, folder: folder, port: port, group: group, running: running)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
        await pool.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Sends a request; `body` is sent as JSON text when given.
    func request(
        _ method: String, _ path: String, json body: String? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return HTTPResult(status: (response as! HTTPURLResponse).statusCode, body: data)
    }

    /// Opens a Server-Sent Events stream (GET) that collects messages as they arrive; close it when done.
    func stream(_ path: String, headers: [String: String] = [:]) throws -> EventStreamClient {
        try EventStreamClient(port: port, path: path, headers: headers)
    }
}

/// Runs a harness for `body` and always stops it.
func withAPI<T>(dags: [String: String] = [:], _ body: (APIHarness) async throws -> T) async throws -> T {
    let harness = try await APIHarness.start(dags: dags)
    do {
        let result = try await body(harness)
        await harness.stop()
        return result
    } catch {
        await harness.stop()
        throw error
    }
}

/// A response: status and JSON body.
struct HTTPResult {
    var status: Int
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

    var array: [[String: Any]] { ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]]) ?? [] }
}

/// Bounded polling.
func poll<T>(_ what: String, within limit: Duration, _ probe: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else {
            throw APITestTimeout(description: "timed out after \(limit) waiting until \(what)")
        }
        try await Task.sleep(for: .milliseconds(100))
    }
}

struct APITestTimeout: Error, CustomStringConvertible {
    var description: String
}
