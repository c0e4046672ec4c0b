import Logging

/// A small pool. Broken connections are dropped; acquiring a new one retries connecting with backoff for up to
/// `reconnectTimeout`, so a server restart is ridden out by the next caller. The first connect of the pool fails
/// fast, so a wrong URL or credentials give a quick, clear error.
public final class PostgresPool: Sendable {
    private let state: PoolState
    /// Where the pool connects; a LISTEN connection of the same process opens one more with it.
    public let configuration: PostgresConfiguration

    public init(
        configuration: PostgresConfiguration, maxConnections: Int = 4, reconnectTimeout: Duration = .seconds(30),
        logger: Logger
    ) {
        self.configuration = configuration
        state = PoolState(
            configuration: configuration, maxConnections: max(1, maxConnections), reconnectTimeout: reconnectTimeout,
            logger: logger)
    }

    /// Lends a connection for the body's duration; it returns to the pool unless it broke.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await state.acquire()
        do {
            let value = try await body(connection)
            await state.release(connection)
            return value
        } catch {
            await state.release(connection)
            throw error
        }
    }

    /// Runs the body in one transaction on one pooled connection.
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in try await connection.withTransaction(body) }
    }

    @discardableResult
    public func query(_ sql: SQL) async throws -> PostgresRows {
        try await withConnection { connection in try await connection.query(sql) }
    }

    /// Closes idle connections and refuses new work; connections in use close when returned.
    public func close() async { await state.close() }
}
