import Foundation
import MLoopLocalPostgres
import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct LocalPostgresClusterTests {
    private func folder() throws -> String {
        let path = "/tmp/mloop-tests/\(getpid())-\(UUID().uuidString.prefix(8).lowercased())-cluster-test"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func startsReusesAndStops() async throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let options = LocalPostgresCluster.Options(
            dataDirectory: base + "/data", serverSettings: TestPostgres.fastSettings)
        let cluster = LocalPostgresCluster(options, logger: TestLogger.logger)
        let first = try await cluster.start()
        #expect(first.startedHere)
        let versionFile = try FileManager.default.attributesOfItem(atPath: base + "/data/PG_VERSION")
        let second = try await LocalPostgresCluster(options, logger: TestLogger.logger).start()
        #expect(!second.startedHere)
        #expect(second.processID == first.processID)
        // No second initdb: the cluster's files are the same ones.
        #expect(
            try FileManager.default.attributesOfItem(atPath: base + "/data/PG_VERSION")[.modificationDate]
                as? Date == versionFile[.modificationDate] as? Date)
        let connection = try await PostgresConnection.connect(
            try PostgresConfiguration(second.conninfo), logger: TestLogger.logger)
        #expect(try await connection.query("SELECT current_user AS u")[0].decode("u", as: String.self) == "postgres")
        await connection.close()
        try await cluster.stop()
        #expect(kill(first.processID, 0) != 0 || isZombie(first.processID))
        let restarted = try await cluster.start()
        #expect(restarted.startedHere)
        try await cluster.stop()
    }

    @Test func missingBinariesGiveTheInstallHint() async throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/bin", withIntermediateDirectories: true)
        let cluster = LocalPostgresCluster(
            .init(dataDirectory: base + "/data", binDirectory: base + "/bin"), logger: TestLogger.logger)
        let error = await #expect(throws: LocalPostgresError.self) { _ = try await cluster.start() }
        #expect(error?.description.contains("not found in \(base)/bin") == true)
        #expect(error?.description.contains("apt-get install postgresql") == true)
    }

    @Test func embeddedServerStopsWithItsLastClient() async throws {
        let home = try folder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = EmbeddedPostgres(home: home, logger: TestLogger.logger)
        let second = EmbeddedPostgres(home: home, logger: TestLogger.logger)
        let server = try await first.start()
        let reused = try await second.start()
        #expect(server.startedHere && !reused.startedHere)
        await first.release()
        #expect(kill(server.processID, 0) == 0 && !isZombie(server.processID))
        let connection = try await PostgresConnection.connect(
            try PostgresConfiguration(reused.conninfo), logger: TestLogger.logger)
        await connection.close()
        await second.release()
        #expect(kill(server.processID, 0) != 0 || isZombie(server.processID))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/clients").isEmpty)
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "Z"
    }
}
