import Foundation
import Logging
import MLoopCore
import MLoopLoader
import MLoopPostgres
import MLoopScheduler
import MLoopStore
import MLoopTestSupport
import Testing

/// A temporary DAGs folder and a migrated database, wired into a sync.
struct SyncFixture {
    let folder: String
    let pool: PostgresPool
    let store: WorkflowStore
    let sync: DAGFolderSync

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dags-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        pool = try await MigratedDatabase.makePool()
        store = WorkflowStore(pool: pool)
        sync = DAGFolderSync(folder: DAGFolder(path: folder), store: store, logger: TestLogger.logger)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: folder + "/" + name) }

    func count(_ table: String) async throws -> Int {
        let rows = try await pool.query("SELECT count(*)::int AS n FROM \(identifier: table)")
        return try rows[0].decode("n", as: Int.self)
    }

    func close() async {
        await pool.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func workflow(_ id: String, command: String = "echo hi", needs: String = "") -> String {
        """
        id: \(id)
        schedule: "@daily"
        start_date: 2024-01-01
        tasks:
          - id: first
            bash: \(command)
          - id: second
            needs: [first\(needs)]
            bash: echo second
        """
    }
}

@Suite struct DAGFolderSyncTests {
    @Test func storesEachWorkflowAsVersionOne() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        try fixture.write("b.yml", SyncFixture.workflow("beta"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.failedFiles == 0)
        let workflows = try await fixture.store.workflows()
        #expect(workflows.map(\.workflowID) == ["alpha", "beta"])
        #expect(workflows.map(\.versionNumber) == [1, 1])
        #expect(workflows.map(\.taskCount) == [2, 2])
        #expect(workflows[0].schedule == "@daily")
        let stored = try #require(try await fixture.store.currentDefinition(of: "alpha"))
        #expect(stored.definition.tasks.map(\.id) == ["first", "second"])
        await fixture.close()
    }

    @Test func resyncingUnchangedFilesWritesNothing() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        let before = try await fixture.pool.query(
            "SELECT parsed_at, (SELECT updated_at FROM workflow) AS updated_at FROM dag_file")
        let report = try await fixture.sync.syncOnce()
        #expect(report.outcomes.map(\.outcome) == [.unchanged])
        let after = try await fixture.pool.query(
            "SELECT parsed_at, (SELECT updated_at FROM workflow) AS updated_at FROM dag_file")
        #expect(try before[0].decode("parsed_at", as: Date.self) == after[0].decode("parsed_at", as: Date.self))
        #expect(try before[0].decode("updated_at", as: Date.self) == after[0].decode("updated_at", as: Date.self))
        #expect(try await fixture.count("workflow_version") == 1)
        await fixture.close()
    }

    @Test func aChangedFileGetsANewVersionAndKeepsTheOldOne() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha", command: "echo changed"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.outcomes.map(\.outcome) == [.stored([.newVersion("alpha", version: 2)])])
        #expect(try await fixture.count("workflow_version") == 2)
        let stored = try #require(try await fixture.store.currentDefinition(of: "alpha"))
        #expect(stored.version == 2)
        #expect(stored.definition.tasks[0].action == .bash(script: "echo changed"))
        await fixture.close()
    }

    @Test func aCommentOnlyChangeKeepsTheSameVersion() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try fixture.write("a.yaml", "# a comment\n" + SyncFixture.workflow("alpha"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.outcomes.map(\.outcome) == [.stored([.unchanged("alpha")])])
        #expect(try await fixture.count("workflow_version") == 1)
        await fixture.close()
    }

    @Test func revertingAFilePointsBackToTheEarlierVersion() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha", command: "echo two"))
        _ = try await fixture.sync.syncOnce()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        #expect(try await fixture.count("workflow_version") == 2)
        #expect(try await fixture.store.currentDefinition(of: "alpha")?.version == 1)
        await fixture.close()
    }

    @Test func aDeletedFileDeactivatesItsWorkflowAndKeepsHistory() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        try fixture.write("b.yaml", SyncFixture.workflow("beta"))
        _ = try await fixture.sync.syncOnce()
        try fixture.remove("a.yaml")
        let report = try await fixture.sync.syncOnce()
        #expect(report.outcomes.contains { $0.path == "a.yaml" && $0.outcome == .removed(deactivated: ["alpha"]) })
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["beta"])
        let all = try await fixture.store.workflows(includeInactive: true)
        #expect(all.first { $0.workflowID == "alpha" }?.isActive == false)
        #expect(try await fixture.count("workflow_version") == 2)
        // Putting it back reactivates it on the same version.
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["alpha", "beta"])
        #expect(try await fixture.count("workflow_version") == 2)
        await fixture.close()
    }

    @Test func aBrokenFileIsAnImportErrorAndOthersStillSync() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("good.yaml", SyncFixture.workflow("good"))
        try fixture.write("broken.yaml", SyncFixture.workflow("broken", needs: ", nowhere"))
        let report = try await fixture.sync.syncOnce()
        #expect(report.failedFiles == 1)
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["good"])
        let errors = try await fixture.store.importErrors()
        #expect(errors.map(\.filePath) == ["broken.yaml"])
        #expect(errors[0].message.contains("nowhere"))
        #expect(errors[0].issues.first?.line != nil)
        // An unchanged broken file is not parsed again.
        #expect(try await fixture.sync.syncOnce().outcomes.allSatisfy { $0.outcome == .unchanged })
        await fixture.close()
    }

    @Test func aWorkflowWhoseFileBreaksKeepsItsLastGoodVersion() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try fixture.write("a.yaml", "id: alpha\ntasks: [oops")
        _ = try await fixture.sync.syncOnce()
        let workflows = try await fixture.store.workflows()
        #expect(workflows.map(\.workflowID) == ["alpha"])
        #expect(workflows[0].versionNumber == 1)
        #expect(try await fixture.store.importErrors().map(\.filePath) == ["a.yaml"])
        // Fixing the file clears the import error.
        try fixture.write("a.yaml", SyncFixture.workflow("alpha", command: "echo fixed"))
        _ = try await fixture.sync.syncOnce()
        #expect(try await fixture.store.importErrors().isEmpty)
        #expect(try await fixture.store.currentDefinition(of: "alpha")?.version == 2)
        await fixture.close()
    }

    @Test func twoFilesDeclaringOneIDMakeTheSecondAnImportError() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("same"))
        try fixture.write("b.yaml", SyncFixture.workflow("same", command: "echo other"))
        _ = try await fixture.sync.syncOnce()
        let errors = try await fixture.store.importErrors()
        #expect(errors.map(\.filePath) == ["b.yaml"])
        #expect(errors[0].message.contains("already defined by a.yaml"))
        #expect(
            try await fixture.store.currentDefinition(of: "same")?.definition.tasks[0].action
                == .bash(script: "echo hi"))
        await fixture.close()
    }

    @Test func aMissingFolderForgetsNothing() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try FileManager.default.removeItem(atPath: fixture.folder)
        let report = try await fixture.sync.syncOnce()
        #expect(report.folderProblem != nil)
        #expect(try await fixture.store.workflows().map(\.workflowID) == ["alpha"])
        await fixture.close()
    }

    @Test func concurrentSyncsOfOneFolderStoreOneVersion() async throws {
        let fixture = try await SyncFixture()
        for index in 0..<5 { try fixture.write("w\(index).yaml", SyncFixture.workflow("w\(index)")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { _ = try await fixture.sync.syncOnce() } }
            try await group.waitForAll()
        }
        #expect(try await fixture.count("workflow_version") == 5)
        #expect(try await fixture.store.importErrors().isEmpty)
        await fixture.close()
    }

    @Test func pausingIsStoredAndUnknownWorkflowsAreNamed() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("a.yaml", SyncFixture.workflow("alpha"))
        _ = try await fixture.sync.syncOnce()
        try await fixture.store.setPaused("alpha", true)
        #expect(try await fixture.store.workflows()[0].isPaused)
        await #expect(throws: StoreError.notFound("no workflow with id 'nope'")) {
            try await fixture.store.setPaused("nope", true)
        }
        await fixture.close()
    }
}

@Suite struct DAGFolderSyncBadInputTests {
    @Test func eachBadFileIsItsOwnImportErrorAndTheGoodWorkflowStillSyncs() async throws {
        let fixture = try await SyncFixture()
        try fixture.write("good.yaml", SyncFixture.workflow("good"))
        try fixture.write("malformed.yaml", "id: x\ntasks: [ {id: a, bash: echo\n")
        let folder = URL(fileURLWithPath: fixture.folder)
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(
            to: folder.appendingPathComponent("garbage.yaml"))
        try Data("id: latin\ndescription: caf\u{E9}\n".utf8.map { $0 } + [0xE9, 0x0A]).write(
            to: folder.appendingPathComponent("latin1.yaml"))
        try Data(repeating: UInt8(ascii: "#"), count: 50 << 20).write(to: folder.appendingPathComponent("huge.yaml"))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.folder + "/loop-a.yaml", withDestinationPath: fixture.folder + "/loop-b.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.folder + "/loop-b.yaml", withDestinationPath: fixture.folder + "/loop-a.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.folder + "/again", withDestinationPath: fixture.folder)

        let report = try await fixture.sync.syncOnce()

        #expect(try await fixture.store.workflows().map(\.workflowID) == ["good"])
        let errors = try await fixture.store.importErrors()
        let failed = Set(errors.map(\.filePath))
        for name in ["malformed.yaml", "garbage.yaml", "latin1.yaml", "huge.yaml", "loop-a.yaml", "loop-b.yaml"] {
            #expect(failed.contains(name), "\(name) should be an import error; got \(failed)")
        }
        #expect(errors.allSatisfy { !$0.message.isEmpty })
        #expect(errors.first { $0.filePath == "huge.yaml" }?.message.contains("MiB") == true)
        #expect(report.folderProblem == nil)
        await fixture.close()
    }
}
