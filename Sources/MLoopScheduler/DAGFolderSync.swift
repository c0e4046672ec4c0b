import Logging
import MLoopCore
import MLoopLoader
import MLoopStore

/// Brings the store in line with the DAGs folder in one pass. A file whose bytes hash as recorded is skipped
/// without parsing; a broken file becomes an import error for that file alone; a vanished file deactivates its
/// workflows. Safe to run from several schedulers at once (the store serialises writers per file).
public struct DAGFolderSync: Sendable {
    public var folder: DAGFolder
    public var store: WorkflowStore
    public var logger: Logger
    /// Compiles and runs `*.swift` workflow files.
    public var swift: SwiftDeclarationRunner

    public init(
        folder: DAGFolder, store: WorkflowStore, logger: Logger,
        swift: SwiftDeclarationRunner = SwiftDeclarationRunner()
    ) {
        self.folder = folder
        self.store = store
        self.logger = logger
        self.swift = swift
    }

    public func syncOnce() async throws -> DAGSyncReport {
        let scan = folder.scan()
        var report = DAGSyncReport()
        report.folderProblem = scan.folderProblem
        let known = try await store.dagFiles()
        for file in scan.files {
            let outcome = try await sync(file, known: known[file.relativePath])
            if outcome != .unchanged { log(file.relativePath, outcome) }
            report.outcomes.append((file.relativePath, outcome))
        }
        // Only forget files when the folder itself could be read: a missing or unreadable folder must not
        // deactivate every workflow.
        if scan.folderProblem == nil {
            let present = Set(scan.files.map(\.relativePath))
            for path in known.keys.sorted()
            where !present.contains(path) && !path.hasPrefix(DAGFolder.pushedPathPrefix) {
                let outcome = DAGSyncReport.FileOutcome.removed(deactivated: try await store.forgetFile(path: path))
                log(path, outcome)
                report.outcomes.append((path, outcome))
            }
        }
        return report
    }

    private func sync(_ file: DAGFile, known: StoredDAGFile?) async throws -> DAGSyncReport.FileOutcome {
        if let known, let hash = file.contentHash, known.contentHash == hash { return .unchanged }
        let workflows: [WorkflowSource]
        let source: String
        switch await file.load(swift: swift) {
        case .failed(let issues):
            try await store.recordImportError(path: file.relativePath, contentHash: file.contentHash, issues: issues)
            return .failed(issues)
        case .workflow(let definition, let text):
            (workflows, source) = ([WorkflowSource(definition: definition, sourceText: text, format: .yaml)], text)
        case .declared(let definitions, let text):
            workflows = definitions.map { WorkflowSource(definition: $0, sourceText: text, format: .swift) }
            source = text
        }
        do {
            let changes = try await store.recordLoadedFile(
                path: file.relativePath, contentHash: file.contentHash ?? SHA256.hex(of: source),
                workflows: workflows)
            return .stored(changes)
        } catch let error as StoreError {
            let issue = ValidationIssue(error.description, path: "id", file: file.relativePath)
            try await store.recordImportError(path: file.relativePath, contentHash: file.contentHash, issues: [issue])
            return .failed([issue])
        }
    }

    private func log(_ path: String, _ outcome: DAGSyncReport.FileOutcome) {
        switch outcome {
        case .unchanged:
            break
        case .stored(let changes):
            logger.info(
                "workflow file stored",
                metadata: ["file": "\(path)", "changes": "\(changes.map(\.description).joined(separator: ", "))"])
        case .failed(let issues):
            logger.warning(
                "workflow file has errors",
                metadata: [
                    "file": "\(path)", "errors": "\(issues.map(\.description).joined(separator: "; "))",
                ])
        case .removed(let deactivated):
            logger.info(
                "workflow file removed",
                metadata: ["file": "\(path)", "deactivated": "\(deactivated.map(\.rawValue).joined(separator: ", "))"])
        }
    }
}
