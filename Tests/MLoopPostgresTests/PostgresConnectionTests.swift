import Foundation
import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PostgresConnectionTests {
    @Test func serverErrorsCarryMessageAndSQLState() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        try await connection.runScript("CREATE TABLE item (id int PRIMARY KEY); INSERT INTO item VALUES (1);")
        let duplicate = await #expect(throws: PostgresError.self) {
            try await connection.query("INSERT INTO item VALUES (\(1))")
        }
        #expect(duplicate?.kind == .server)
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.description.contains("duplicate key value violates unique constraint") == true)
        #expect(duplicate?.query == "INSERT INTO item VALUES ($1)")
        let syntax = await #expect(throws: PostgresError.self) { try await connection.query("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        let missing = await #expect(throws: PostgresError.self) { try await connection.query("SELECT * FROM nope") }
        #expect(missing?.description.hasPrefix("PostgreSQL error 42P01: relation \"nope\" does not exist") == true)
        // The connection stays usable after errors.
        #expect(try await connection.query("SELECT count(*) AS n FROM item")[0].decode("n", as: Int.self) == 1)
        #expect(connection.isUsable)
        await connection.close()
        #expect(!connection.isUsable)
    }

    @Test func transactionsCommitAndRollBack() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        try await connection.query("CREATE TABLE t (v int)")
        try await connection.withTransaction { tx in try await tx.query("INSERT INTO t VALUES (\(1))") }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await connection.withTransaction { tx in
                try await tx.query("INSERT INTO t VALUES (\(2))")
                throw Boom()
            }
        }
        let values = try await connection.query("SELECT v FROM t ORDER BY v").map { try $0.decode("v", as: Int.self) }
        #expect(values == [1])
        await connection.close()
    }

    @Test func affectedRowsAndColumnsAreReported() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        try await connection.query("CREATE TABLE t (v int)")
        let inserted = try await connection.query("INSERT INTO t SELECT generate_series(1, 5)")
        #expect(inserted.affectedRows == 5)
        let selected = try await connection.query("SELECT v, v * 2 AS twice FROM t WHERE v > \(2)")
        #expect(selected.columns == ["v", "twice"])
        #expect(selected.count == 3)
        await connection.close()
    }

    @Test func concurrentQueriesOnOneConnectionAreSerialized() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 0..<20 {
                group.addTask { try await connection.query("SELECT \(value) + 1 AS n")[0].decode("n") }
            }
            return try await group.reduce(0, +)
        }
        #expect(sums == (1...20).reduce(0, +))
        await connection.close()
    }

    @Test func listenDeliversNotifications() async throws {
        let configuration = try await TestPostgres.makeDatabase()
        let listener = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        let sender = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        let notifications = listener.notifications
        try await listener.listen("task_events")
        try await sender.query("SELECT pg_notify('task_events', \("hello ✓"))")
        var iterator = notifications.makeAsyncIterator()
        let received = await iterator.next()
        #expect(received?.channel == "task_events")
        #expect(received?.payload == "hello ✓")
        #expect(received?.processID ?? 0 > 0)
        await listener.close()
        await sender.close()
        #expect(await iterator.next() == nil)
    }

    @Test func cancellingAQueuedQueryNeverSendsIt() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        let started = ContinuousClock.now
        let running = Task { try await connection.query("SELECT pg_sleep(1) AS slept") }
        try await Task.sleep(for: .milliseconds(100))
        // Queued behind the first: a cancel request to the server would reach the first query, not this one.
        let queued = Task { try await connection.query("SELECT pg_sleep(30)") }
        try await Task.sleep(for: .milliseconds(100))
        queued.cancel()
        let error = await #expect(throws: PostgresError.self) { try await queued.value }
        #expect(error?.kind == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(25), "returned before pg_sleep(30) would have ended")
        _ = try await running.value
        #expect(try await connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        await connection.close()
    }

    @Test func aCancelSentTheMomentAQueryGoesOutStillStopsIt() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        // Cancelled at once, the request can reach the server before its backend reads the query, and the server
        // ignores it; the query must be stopped all the same (pg_sleep(5) would otherwise run to its end).
        for round in 0..<10 {
            let started = ContinuousClock.now
            let task = Task { try await connection.query("SELECT pg_sleep(5)") }
            try await Task.sleep(for: .milliseconds(round))
            task.cancel()
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.kind == .cancelled, "round \(round)")
            #expect(ContinuousClock.now - started < .seconds(4.5), "round \(round): the query ran to its end")
        }
        #expect(try await connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        await connection.close()
    }

    @Test func cancellingTheTaskCancelsTheQuery() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        let started = ContinuousClock.now
        let task = Task { try await connection.query("SELECT pg_sleep(30)") }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { try await task.value }
        #expect(error?.kind == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(25), "returned before pg_sleep(30) ended")
        #expect(try await connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        await connection.close()
    }
}
