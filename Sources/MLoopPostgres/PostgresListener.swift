import Logging
import Synchronization

/// A dedicated LISTEN connection that reconnects by itself and says so.
public final class PostgresListener: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var connection: PostgresConnection?
        var isClosed = false
    }

    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let logger: Logger
    private let state = Mutex(State())

    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger) {
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
    }

    /// `.notification` for each NOTIFY; `.reconnected` after the connection was re-established (NOTIFYs may have
    /// been missed meanwhile: consumers re-read the tables). The stream ends when the listener is closed.
    /// The first connection is made here, so a wrong configuration throws at once.
    public func events() async throws -> AsyncStream<PostgresListenerEvent> {
        let (connection, notifications) = try await connectAndListen()
        let (stream, continuation) = AsyncStream.makeStream(of: PostgresListenerEvent.self)
        let task = Task { await self.run(connection, notifications, continuation) }
        let wasClosed = state.withLock { state in
            state.task?.cancel()
            state.task = task
            state.connection = connection
            return state.isClosed
        }
        continuation.onTermination = { _ in task.cancel() }
        if wasClosed {
            task.cancel()
            await connection.close()
        }
        return stream
    }

    /// Stops listening, closes the connection and ends the event stream.
    public func close() async {
        let (task, connection) = state.withLock { state in
            state.isClosed = true
            return (state.task, state.connection)
        }
        task?.cancel()
        await connection?.close()
        await task?.value
    }

    private func run(
        _ first: PostgresConnection, _ firstNotifications: AsyncStream<PostgresNotification>,
        _ continuation: AsyncStream<PostgresListenerEvent>.Continuation
    ) async {
        var connection = first
        var notifications = firstNotifications
        while true {
            for await notification in notifications { continuation.yield(.notification(notification)) }
            await connection.close()
            guard let next = await reconnect() else { break }
            (connection, notifications) = next
            continuation.yield(.reconnected)
        }
        continuation.finish()
    }

    private var isClosed: Bool { state.withLock { $0.isClosed } || Task.isCancelled }

    private func reconnect() async -> (PostgresConnection, AsyncStream<PostgresNotification>)? {
        guard !isClosed else { return nil }
        logger.warning(
            "LISTEN connection to PostgreSQL lost; reconnecting", metadata: ["server": "\(configuration.serverSummary)"]
        )
        var delay = Duration.milliseconds(50)
        while !isClosed {
            do {
                let next = try await connectAndListen()
                let closedMeanwhile = state.withLock { state in
                    state.connection = next.0
                    return state.isClosed
                }
                if closedMeanwhile {
                    await next.0.close()
                    return nil
                }
                logger.info("LISTEN connection to PostgreSQL re-established")
                return next
            } catch {
                logger.debug("reconnecting LISTEN failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        return nil
    }

    // The stream is taken before LISTEN so a NOTIFY right after LISTEN cannot slip through.
    private func connectAndListen() async throws(PostgresError) -> (
        PostgresConnection, AsyncStream<PostgresNotification>
    ) {
        let connection = try await PostgresConnection.connect(configuration, logger: logger)
        let notifications = connection.notifications
        do {
            for channel in channels { try await connection.listen(channel) }
        } catch {
            await connection.close()
            throw error
        }
        return (connection, notifications)
    }
}
