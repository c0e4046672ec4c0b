import Logging
import MLoopPostgres
import MLoopStore

/// One LISTEN connection per API server, fanned out to every live stream. Each subscriber has its own bounded
/// buffer: one that does not read fast enough loses its oldest events and is told to resync, and never holds up
/// the others. A subscriber whose stream ends (the client went away) is removed.
actor EventHub {
    /// Tuning; tests shorten the keep-alive.
    struct Configuration: Sendable {
        var keepAliveInterval: Duration = .seconds(15)
        /// Events buffered per subscriber before the oldest are dropped.
        var bufferSize = 1024
        var reconnectDelay: Duration = .seconds(1)
        /// How long a subscription right after start-up waits for the LISTEN connection.
        var readyTimeout: Duration = .seconds(2)
    }

    private struct Subscriber {
        var filter: @Sendable (LiveEvent) -> Bool
        var continuation: AsyncStream<LiveEvent>.Continuation
    }

    private let listener: PostgresListener
    private let configuration: Configuration
    private let logger: Logger
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    private var isShutDown = false
    private var isListening = false

    init(listenerConfiguration: PostgresConfiguration, configuration: Configuration = .init(), logger: Logger) {
        listener = PostgresListener(
            configuration: listenerConfiguration, channels: [StoreChannel.events, StoreChannel.logs], logger: logger)
        self.configuration = configuration
        self.logger = logger
    }

    /// How many streams are subscribed.
    var subscriberCount: Int { subscribers.count }

    /// A stream of the events `filter` accepts, plus every `.resync` and `.keepAlive`. Ends at shutdown.
    /// Right after start-up it first waits (at most `readyTimeout`) for LISTEN to be in place, so a client that
    /// sees its stream open misses nothing; if the database is slower, the stream gets `.resync` once it is.
    func subscribe(_ filter: @escaping @Sendable (LiveEvent) -> Bool) async -> AsyncStream<LiveEvent> {
        let deadline = ContinuousClock.now.advanced(by: configuration.readyTimeout)
        while !isListening, !isShutDown, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: LiveEvent.self, bufferingPolicy: .bufferingNewest(configuration.bufferSize))
        guard !isShutDown else {
            continuation.finish()
            return stream
        }
        let id = nextID
        nextID += 1
        subscribers[id] = Subscriber(filter: filter, continuation: continuation)
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        return stream
    }

    /// Listens and ticks keep-alives until `shutdown()`.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tickKeepAlive() }
            await listen()
            group.cancelAll()
        }
    }

    /// Ends every stream and stops listening; later subscriptions end at once.
    func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers = [:]
        await listener.close()
    }

    private func remove(_ id: Int) {
        subscribers[id] = nil
    }

    private func publish(_ event: LiveEvent) {
        for subscriber in subscribers.values where Self.isControl(event) || subscriber.filter(event) {
            if case .dropped = subscriber.continuation.yield(event), event != .resync {
                // The buffer was full: the client missed something, so it must refetch.
                subscriber.continuation.yield(.resync)
            }
        }
    }

    private static func isControl(_ event: LiveEvent) -> Bool { event == .resync || event == .keepAlive }

    private func listen() async {
        while !isShutDown {
            do {
                let events = try await listener.events()
                // Streams opened before this connection (a reconnect, or a slow start) may have missed events.
                if !subscribers.isEmpty { publish(.resync) }
                isListening = true
                for await event in events {
                    switch event {
                    case .reconnected: publish(.resync)
                    case .notification(let notification): handle(notification)
                    }
                }
                isListening = false
            } catch {
                logger.warning("live events: cannot LISTEN on PostgreSQL, retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.reconnectDelay)
            }
        }
    }

    private func handle(_ notification: PostgresNotification) {
        switch notification.channel {
        case StoreChannel.events:
            if let change = StateChange(payload: notification.payload) { publish(.change(change)) }
        case StoreChannel.logs:
            if let ref = TryRef(logPayload: notification.payload) { publish(.log(ref)) }
        default: break
        }
    }

    private func tickKeepAlive() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.keepAliveInterval) } catch { return }
            publish(.keepAlive)
        }
    }
}
