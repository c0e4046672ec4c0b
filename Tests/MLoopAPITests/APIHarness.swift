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
    /// An admin every request authenticates as unless told otherwise, and its password and API token.
    let username = "tester"
    let password = "tester-password"
    let token: String
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    /// Cheap bcrypt for test users (the server verifies any cost).
    static let hasher = PasswordHasher(cost: 4)

    private init(
        pool: PostgresPool, folder: String, port: Int, token: String, group: ServiceGroup, running: Task<Void, Never>
    ) {
        self.pool = pool
        self.folder = folder
        self.port = port
        self.token = token
        self.group = group
        self.running = running
    }

    /// How a request authenticates.
    enum Credentials {
        /// The harness admin's token.
        case harnessToken
        case none
        case bearer(String)
        case basic(String, String)
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
        let users = UserStore(pool: pool)
        _ = try await users.createUser(
            username: "tester", passwordHash: await hasher.hash("tester-password"), isAdmin: true)
        let token = try await users.createToken(for: "tester", name: "harness").token
        let sync = DAGFolderSync(
            folder: DAGFolder(path: folder + "/dags"), store: WorkflowStore(pool: pool), logger: logger)
        _ = try await sync.syncOnce()

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let services: [any Service] = [
            SchedulerService(
                store: SchedulingStore(pool: pool), registry: ProcessRegistry(pool: pool),
                listenerConfiguration: configuration,
                configuration: .init(
                    processID: "scheduler-test", hostname: "test", tick: .milliseconds(250),
                    heartbeatTimeout: .seconds(5)),
                logger: logger),
            DAGSyncService(
                sync: sync, registry: ProcessRegistry(pool: pool),
                configuration: .init(processID: "dag_sync-test", hostname: "test", interval: .milliseconds(500)),
                logger: logger),
            WorkerService(
                store: WorkerQueue(pool: pool), registry: ProcessRegistry(pool: pool),
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
                    host: "127.0.0.1", port: 0, passwordHashCost: 4, heartbeatInterval: .milliseconds(500),
                    keepAliveInterval: .seconds(1)),
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
        return APIHarness(pool: pool, folder: folder, port: port, token: token, group: group, running: running)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
        await pool.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Sends a request; `body` is sent as JSON text when given. It authenticates with the harness admin's token
    /// unless `credentials` (or an `Authorization` in `headers`) says otherwise.
    func request(
        _ method: String, _ path: String, json body: String? = nil, headers: [String: String] = [:],
        credentials: Credentials = .harnessToken
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let authorization = Self.authorization(credentials, token: token) {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPResult(status: http.statusCode, body: data, headers: fields)
    }

    static func authorization(_ credentials: Credentials, token: String) -> String? {
        switch credentials {
        case .harnessToken: "Bearer \(token)"
        case .none: nil
        case .bearer(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
    }

    /// Opens a Server-Sent Events stream (GET) that collects messages as they arrive; close it when done. It
    /// authenticates like `request`.
    func stream(
        _ path: String, headers: [String: String] = [:], credentials: Credentials = .harnessToken
    ) throws -> EventStreamClient {
        var headers = headers
        if let authorization = Self.authorization(credentials, token: token) {
            headers["Authorization"] = authorization
        }
        return try EventStreamClient(port: port, path: path, headers: headers)
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
    /// Lowercased names.
    var headers: [String: String] = [:]

    /// A response header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

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
