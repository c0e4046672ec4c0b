import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PostgresListenerTests {
    @Test func deliversNotificationsFromSeveralChannels() async throws {
        let configuration = try await TestPostgres.makeDatabase()
        let listener = PostgresListener(configuration: configuration, channels: ["a", "b"], logger: TestLogger.logger)
        let events = try await listener.events()
        let sender = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        try await sender.query("NOTIFY a, 'one'")
        try await sender.query("NOTIFY b, 'two'")
        var iterator = events.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        guard case .notification(let one) = first, case .notification(let two) = second else {
            Issue.record("expected two notifications, got \(String(describing: first)), \(String(describing: second))")
            return
        }
        #expect([one.channel, one.payload, two.channel, two.payload] == ["a", "one", "b", "two"])
        await sender.close()
        await listener.close()
        #expect(await iterator.next() == nil)
    }

    @Test func reconnectsAfterServerRestartAndSaysSo() async throws {
        let (cluster, configuration) = try await TestPostgres.makeDedicatedCluster()
        let listener = PostgresListener(configuration: configuration, channels: ["wake"], logger: TestLogger.logger)
        var iterator = try await listener.events().makeAsyncIterator()
        try await cluster.stop()
        _ = try await cluster.start()
        #expect(await iterator.next() == .reconnected)
        let sender = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        try await sender.query("SELECT pg_notify('wake', \("after restart"))")
        guard case .notification(let note) = await iterator.next() else {
            Issue.record("expected a notification after reconnecting")
            return
        }
        #expect(note.payload == "after restart")
        await sender.close()
        await listener.close()
        try await cluster.stop()
    }

    @Test func firstConnectFailureThrows() async throws {
        let listener = PostgresListener(
            configuration: try PostgresConfiguration("host=127.0.0.1 port=1"), channels: ["x"],
            logger: TestLogger.logger)
        await #expect(throws: PostgresError.self) { _ = try await listener.events() }
    }
}
