import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PostgresConfigurationTests {
    @Test func acceptsURLsAndRedactsThePassword() throws {
        let configuration = try PostgresConfiguration("postgresql://alice:s3cret@db.example:6543/mloop?sslmode=disable")
        #expect(configuration.conninfo.contains("password=s3cret"))
        #expect(!configuration.description.contains("s3cret"))
        #expect(configuration.description.contains("host=db.example"))
        #expect(configuration.connectTimeoutSeconds == 5)
        #expect(configuration.withDatabase("other").database == "other")
        #expect(configuration.withDatabase("other").user == "alice")
    }

    @Test func keepsAnExplicitConnectTimeout() throws {
        #expect(try PostgresConfiguration("host=/tmp connect_timeout=2").connectTimeoutSeconds == 2)
    }

    @Test func rejectsABadURLWithOneClearLine() {
        let error = #expect(throws: PostgresError.self) { try PostgresConfiguration("postgres://host/db?bogus=1") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.description.contains("bogus") == true)
        #expect(error?.description.contains("\n") == false)
        let garbage = #expect(throws: PostgresError.self) { try PostgresConfiguration("just words") }
        #expect(garbage?.kind == .invalidConfiguration)
    }

    // "Fast" means without waiting for connect_timeout (60 s here); the margin below it absorbs a loaded machine.
    @Test func refusedConnectionFailsFastWithOneLine() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(
                try PostgresConfiguration("host=127.0.0.1 port=1 connect_timeout=60"), logger: TestLogger.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(40))
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description == "cannot connect to PostgreSQL (host=127.0.0.1 port=1): connection refused")
    }

    @Test func poolFailsFastOnFirstConnectWhenRefused() async throws {
        let pool = PostgresPool(
            configuration: try PostgresConfiguration("host=127.0.0.1 port=1 connect_timeout=60"),
            logger: TestLogger.logger)
        let started = ContinuousClock.now
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(ContinuousClock.now - started < .seconds(40))
        await pool.close()
    }

    @Test func unknownRoleIsReportedAsRejectedCredentials() async throws {
        var configuration = try await TestPostgres.makeDatabase()
        configuration["user"] = "nobody_here"
        configuration.connectTimeoutSeconds = 60
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(40))
        #expect(error?.kind == .authenticationFailed)
        #expect(error?.description.hasPrefix("PostgreSQL rejected the credentials for user \"nobody_here\"") == true)
        #expect(error?.description.contains("\n") == false)
    }
}
