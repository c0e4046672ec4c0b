import Foundation
import MLoopCore
import MLoopStore
import Testing

/// `*.swift` files in the DAGs folder, compiled with the real swiftc and stored in a real PostgreSQL.
extension DAGFolderSyncTests {
    static func swiftFile(secondID: String = "report") -> String {
        """
        import MLoopDSL

        emit {
            Workflow("swift_etl") {
                Schedule("@daily")
                StartDate("2024-01-01")
                Task("extract") { Bash("echo extract") }
                for part in ["a", "b"] { Task("load_\\(part)") { Bash("echo \\(part)") }.needs("extract") }
            }
            Workflow("\(secondID)") { Task("publish") { Command(["echo", "done"]) } }
        }
        """
    }

    @Test func swiftFileRegistersEveryWorkflowItDeclaresAndReregistersWhenChanged() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("etl.swift", Self.swiftFile())
        try fixture.write("task_code.swift", "print(\"a swift_file task, not a declaration\")\n")
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.failedFiles == 0, "\(report.outcomes)")
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["alpha", "report", "swift_etl"])
        let formats = try await fixture.pool.query(
            "SELECT source_format FROM workflow_version WHERE workflow_id = 'swift_etl'")
        #expect(try formats.map { try $0.decode("source_format", as: String.self) } == ["swift"])
        let stored = try #require(try await fixture.store.currentDefinition(of: "swift_etl"))
        #expect(stored.definition.tasks.map(\.id) == ["extract", "load_a", "load_b"])

        let unchanged = try await fixture.sync.syncOnce()
        #expect(unchanged.outcomes.map(\.outcome) == [.unchanged, .unchanged])

        try fixture.write("etl.swift", Self.swiftFile(secondID: "weekly_report"))
        let changed = try await fixture.sync.syncOnce()
        #expect(
            changed.outcomes.map(\.outcome) == [
                .unchanged,
                .stored([.unchanged("swift_etl"), .created("weekly_report", version: 1), .deactivated("report")]),
            ], "\(changed.outcomes)")
        await fixture.close()
    }

    @Test func swiftFileThatDoesNotCompileIsAnImportErrorOfThatFileAlone() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("broken.swift", "import MLoopDSL\n\nemit { Workflow(\"w\") { Task(\"a\") { Bash(1) } } }\n")
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.failedFiles == 1)
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["alpha"])
        let errors = try await fixture.store.importErrors()
        #expect(errors.count == 1)
        let issue = try #require(errors.first?.issues.first)
        #expect(issue.file == "broken.swift")
        #expect(issue.line == 3)
        #expect(issue.message.contains("does not compile"))
        await fixture.close()
    }
}
