import Foundation
import MLoopTestSupport
import Testing

@Suite struct DAGsCommandTests {
    static let good = """
        id: good
        schedule: "@daily"
        tasks:
          - id: one
            bash: echo one
        """

    static let broken = """
        id: broken
        schedule: "0 25 * * *"
        tasks:
          - id: one
            bash: echo one
          - id: two
            needs: [onee]
            bash: echo two
        """

    @Test func validatePrintsEveryProblemWithFileAndLineAndFails() async throws {
        let folder = try MLoopProcess.makeFolder("validate")
        try Self.good.write(toFile: folder + "/good.yaml", atomically: true, encoding: .utf8)
        try Self.broken.write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        let outcome = try await MLoopProcess.run(["dags", "validate", folder])
        #expect(outcome.status == .exited(1))
        #expect(outcome.stdout.contains("ok  \(folder)/good.yaml"))
        #expect(outcome.stdout.contains("broken.yaml:2:"), "cron error with its line: \(outcome.stdout)")
        #expect(outcome.stdout.contains("broken.yaml:7:"), "unknown need with its line: \(outcome.stdout)")
        #expect(outcome.stdout.contains("did you mean 'one'"))
    }

    @Test func theShippedExamplesAreValid() async throws {
        let dags = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("dags").path
        let outcome = try await MLoopProcess.run(["dags", "validate", dags])
        #expect(outcome.succeeded, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ml_pipeline_example"))
        #expect(outcome.stdout.contains("regional_rollup.swift  (regional_rollup, 5 tasks)"), "the Swift example")
    }

    @Test func syncThenListShowsWorkflowsAndImportErrorsAsJSON() async throws {
        let folder = try MLoopProcess.makeFolder("sync")
        try Self.good.write(toFile: folder + "/good.yaml", atomically: true, encoding: .utf8)
        try Self.broken.write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        let url = try await TestPostgres.makeDatabase().conninfo
        let environment = ["MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder]

        let sync = try await MLoopProcess.run(["dags", "sync"], environment: environment)
        #expect(sync.status == .exited(1), "a file with errors makes sync fail: \(sync.stdout)")
        #expect(sync.stdout.contains("good created (v1)"))

        let list = try await MLoopProcess.run(["dags", "list", "--json"], environment: environment)
        #expect(list.succeeded, "\(list.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let workflows = document?["workflows"] as? [[String: Any]] ?? []
        #expect(workflows.map { $0["workflow_id"] as? String } == ["good"])
        #expect(workflows.first?["schedule"] as? String == "@daily")
        let errors = document?["import_errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["file_path"] as? String } == ["broken.yaml"])

        let table = try await MLoopProcess.run(["dags", "list"], environment: environment)
        #expect(table.stdout.contains("good"))
        #expect(table.stdout.contains("Import errors (1 file)"))
    }

    @Test func pauseAndUnpauseAWorkflow() async throws {
        let folder = try MLoopProcess.makeFolder("pause")
        try Self.good.write(toFile: folder + "/good.yaml", atomically: true, encoding: .utf8)
        let url = try await TestPostgres.makeDatabase().conninfo
        let environment = ["MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder]
        _ = try await MLoopProcess.run(["dags", "sync"], environment: environment)
        #expect(try await MLoopProcess.run(["dags", "pause", "good"], environment: environment).succeeded)
        let list = try await MLoopProcess.run(["dags", "list"], environment: environment)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("good") && $0.contains("yes") })
        let unknown = try await MLoopProcess.run(["dags", "pause", "nope"], environment: environment)
        #expect(!unknown.succeeded)
        #expect(unknown.stderr.contains("no workflow with id 'nope'"))
    }

    static func pushed(_ id: String, needs: String = "") -> String {
        """
        {"workflows": [{"id": "\(id)", "issues": [], "definition": {"id": "\(id)", "tasks": [
          {"id": "a", "action": {"kind": "bash", "script": "echo a"}, "needs": [\(needs)]}]}}]}
        """
    }

    @Test func pushedWorkflowsAreStoredAndASyncKeepsThem() async throws {
        let folder = try MLoopProcess.makeFolder("push")
        try Self.good.write(toFile: folder + "/good.yaml", atomically: true, encoding: .utf8)
        let json = folder + "/out.json.txt"
        try Self.pushed("from_package").write(toFile: json, atomically: true, encoding: .utf8)
        let url = try await TestPostgres.makeDatabase().conninfo
        let environment = ["MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder]

        let push = try await MLoopProcess.run(["dags", "push", json, "--name", "my-package"], environment: environment)
        #expect(push.succeeded, "\(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("pushed:my-package: from_package created (v1)"))
        let sync = try await MLoopProcess.run(["dags", "sync"], environment: environment)
        #expect(sync.succeeded, "\(sync.stdout)\(sync.stderr)")
        let list = try await MLoopProcess.run(["dags", "list", "--json"], environment: environment)
        let document = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let workflows = document?["workflows"] as? [[String: Any]] ?? []
        #expect(workflows.map { $0["workflow_id"] as? String } == ["from_package", "good"])

        try Self.pushed("cyclic", needs: "\"a\"").write(toFile: json, atomically: true, encoding: .utf8)
        let invalid = try await MLoopProcess.run(["dags", "push", json], environment: environment)
        #expect(invalid.status == .exited(1))
        #expect(invalid.stdout.contains("task 'a' cannot need itself"), "\(invalid.stdout)")
    }
}
