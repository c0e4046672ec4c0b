import Logging

/// The pool's bookkeeping: idle connections, how many exist, and callers waiting for one.
actor PoolState {
    private let configuration: PostgresConfiguration
    private let maxConnections: Int
    private let reconnectTimeout: Duration
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var hasConnected = false
    private var isClosed = false

    init(configuration: PostgresConfiguration, maxConnections: Int, reconnectTimeout: Duration, logger: Logger) {
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.reconnectTimeout = reconnectTimeout
        self.logger = logger
    }

    func acquire() async throws(PostgresError) -> PostgresConnection {
        while true {
            guard !isClosed else { throw PostgresError(.connectionLost, "the connection pool is closed") }
            while let connection = idle.popLast() {
                if await connection.checkAlive() { return connection }
                open -= 1
                await connection.close()
            }
            if open < maxConnections {
                open += 1
                do {
                    let connection = try await connectWithRetry()
                    hasConnected = true
                    return connection
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ connection: PostgresConnection) async {
        if connection.isUsable && !isClosed {
            idle.append(connection)
        } else {
            open -= 1
            await connection.close()
        }
        wakeOne()
    }

    func close() async {
        isClosed = true
        let closing = idle
        idle.removeAll()
        open -= closing.count
        for connection in closing { await connection.close() }
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume() }
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    // Before the first success, fail at once: a wrong address or password should not cost 30 seconds.
    // Afterwards a refusal means the server is restarting: retry with backoff until reconnectTimeout.
    private func connectWithRetry() async throws(PostgresError) -> PostgresConnection {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: reconnectTimeout)
        var delay = Duration.milliseconds(50)
        var attempt = 0
        while true {
            attempt += 1
            do {
                let connection = try await PostgresConnection.connect(configuration, logger: logger)
                if attempt > 1 { logger.info("reconnected to PostgreSQL", metadata: ["attempts": "\(attempt)"]) }
                return connection
            } catch {
                let retryable = hasConnected && error.kind == .connectionFailed
                guard retryable, clock.now.advanced(by: delay) < deadline, !Task.isCancelled else { throw error }
                if attempt == 1 { logger.warning("PostgreSQL unavailable, retrying", metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }
}
