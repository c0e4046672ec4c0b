import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PostgresPoolTests {
    @Test func fiftyConcurrentQueriesShareFourConnections() async throws {
        let pool = PostgresPool(
            configuration: try await TestPostgres.makeDatabase(), maxConnections: 4, logger: TestLogger.logger)
        let backends = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.01)")[0].decode(
                        "pid", as: Int.self)
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(backends.count <= 4)
        #expect(backends.count >= 2)
        await pool.close()
    }

    @Test func transactionRollsBackOnError() async throws {
        let pool = PostgresPool(configuration: try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        try await pool.query("CREATE TABLE t (v int UNIQUE)")
        await #expect(throws: PostgresError.self) {
            try await pool.withTransaction { tx in
                try await tx.query("INSERT INTO t VALUES (\(1))")
                try await tx.query("INSERT INTO t VALUES (\(1))")
            }
        }
        #expect(try await pool.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        await pool.close()
    }

    @Test func ridesOutAServerRestart() async throws {
        let (cluster, configuration) = try await TestPostgres.makeDedicatedCluster()
        let pool = PostgresPool(configuration: configuration, maxConnections: 2, logger: TestLogger.logger)
        #expect(try await pool.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        try await cluster.stop()
        let restart = Task {
            try await Task.sleep(for: .milliseconds(300))
            _ = try await cluster.start()
        }
        // Issued while the server is down: the pool retries connecting until the server is back.
        #expect(try await pool.query("SELECT 2 AS two")[0].decode("two", as: Int.self) == 2)
        try await restart.value
        await pool.close()
        try await cluster.stop()
    }
}
