import Foundation
import MLoopTestSupport
import Testing

/// `mloop trigger` is the API's trigger: same checks, same errors.
@Suite struct TriggerCommandTests {
    @Test func aSecondRunAtATakenLogicalDateIsRefusedAsOverHTTP() async throws {
        let folder = try MLoopProcess.makeFolder("trigger")
        try DAGsCommandTests.good.write(toFile: folder + "/good.yaml", atomically: true, encoding: .utf8)
        let url = try await TestPostgres.makeDatabase().conninfo
        let environment = ["MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder]
        #expect(try await MLoopProcess.run(["dags", "sync"], environment: environment).succeeded)

        let arguments = ["trigger", "good", "--logical-date", "2026-01-02T03:04:05Z", "--note", "first"]
        let first = try await MLoopProcess.run(arguments, environment: environment)
        #expect(first.succeeded, "\(first.stderr)")
        let second = try await MLoopProcess.run(arguments, environment: environment)
        #expect(!second.succeeded)
        #expect(
            second.stderr.contains("workflow 'good' already has a run at logical date 2026-01-02T03:04:05Z"),
            "\(second.stderr)")

        let shown = try await MLoopProcess.run(
            ["runs", "show", first.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--json"],
            environment: environment)
        #expect(shown.stdout.contains("\"note\" : \"first\""), "\(shown.stdout)")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
