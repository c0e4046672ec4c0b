import Logging

/// One PostgreSQL session. Queries from concurrent callers are queued and run one at a time, in order.
public final class PostgresConnection: Sendable {
    let core: LibPQConnection

    private init(core: LibPQConnection) { self.core = core }

    /// Connects (at most `connectTimeoutSeconds`); fails with one clear line on refusal or bad credentials.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger) async throws(PostgresError)
        -> PostgresConnection
    {
        PostgresConnection(core: try await LibPQConnection.connect(configuration, logger: logger).get())
    }

    /// Runs one statement with bound parameters; rows come back in text format.
    @discardableResult
    public func query(_ sql: SQL) async throws(PostgresError) -> PostgresRows {
        try await core.execute(sql.text, kind: .parameters(sql.binds, preparable: sql.isPreparable)).get()
    }

    /// Several statements, no parameters, simple-query protocol (used for migration files).
    public func runScript(_ text: String) async throws(PostgresError) {
        _ = try await core.execute(text, kind: .script).get()
    }

    /// BEGIN … COMMIT; ROLLBACK when body throws (rethrows body's error).
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await query("BEGIN")
        let value: T
        do {
            value = try await body(self)
        } catch {
            if isUsable { _ = try? await query("ROLLBACK") }
            throw error
        }
        try await query("COMMIT")
        return value
    }

    /// Subscribes this session to a channel; notifications arrive on `notifications`.
    public func listen(_ channel: String) async throws(PostgresError) {
        try await query(SQL(unsafeRaw: "LISTEN " + SQL.quoteIdentifier(channel)))
    }

    /// NOTIFYs for the channels this session listens to; finishes when the connection breaks or closes.
    public var notifications: AsyncStream<PostgresNotification> { core.notifications() }

    /// False once the connection is broken or closed.
    public var isUsable: Bool { core.isUsable }

    /// Picks up anything the server already sent (such as a shutdown) and reports whether the session is usable.
    public func checkAlive() async -> Bool { await core.checkAlive() }

    public func close() async { await core.close() }
}
