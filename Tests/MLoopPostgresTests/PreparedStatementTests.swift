import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PreparedStatementTests {
    // Itself planned each time, so it does not count itself.
    private let prepared = ("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%mloop_probe%'"
        as SQL).plannedEachTime()

    @Test func aStatementIsPreparedOnceAndOneMarkedPlannedEachTimeNever() async throws {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        for value in 1...3 {
            let rows = try await connection.query("SELECT \(value) + 0 AS mloop_probe")
            #expect(try rows[0].decode("mloop_probe", as: Int.self) == value)
        }
        #expect(try await connection.query(prepared)[0].decode("n", as: Int.self) == 1, "prepared once, reused")
        for value in 1...3 {
            let rows = try await connection.query(("SELECT \(value) + 1 AS mloop_probe" as SQL).plannedEachTime())
            #expect(try rows[0].decode("mloop_probe", as: Int.self) == value + 1)
        }
        #expect(try await connection.query(prepared)[0].decode("n", as: Int.self) == 1, "none added")
        await connection.close()
    }
}
