import MLoopCore

/// One workflow file found in the DAGs folder: its bytes as text, or why they cannot be read.
public struct DAGFile: Sendable {
    /// The path relative to the DAGs folder, `/`-separated (`team/etl.yaml`).
    public var relativePath: String
    /// Lowercase hex SHA-256 of the file's bytes; nil when they could not be read.
    public var contentHash: String?
    /// The text, or why it can't be read (too large, not UTF-8, a dangling symlink…).
    public var content: Result<String, ValidationIssue>

    public init(relativePath: String, contentHash: String?, content: Result<String, ValidationIssue>) {
        self.relativePath = relativePath
        self.contentHash = contentHash
        self.content = content
    }

    /// Whether the file declares workflows in Swift (and is compiled and run to load them).
    public var isSwift: Bool { relativePath.hasSuffix(".swift") }

    /// Parses and validates the file; a Swift file is compiled and run by `swift`.
    public func load(swift: SwiftDeclarationRunner) async -> LoadedWorkflowFile {
        guard isSwift else { return load() }
        switch content {
        case .failure(let issue):
            return .failed([issue])
        case .success(let text):
            switch await swift.load(text, file: relativePath) {
            case .success(let workflows): return .declared(workflows, source: text)
            case .failure(let failure): return .failed(failure.issues)
            }
        }
    }

    /// Parses and validates a YAML file (a Swift file needs `load(swift:)`).
    public func load() -> LoadedWorkflowFile {
        switch content {
        case .failure(let issue):
            return .failed([issue])
        case .success where isSwift:
            return .failed([
                ValidationIssue("Swift workflow files are loaded with a SwiftDeclarationRunner", file: relativePath)
            ])
        case .success(let text):
            switch WorkflowFileLoader.loadYAML(text, file: relativePath) {
            case .success(let workflow): return .workflow(workflow, source: text)
            case .failure(let failure): return .failed(failure.issues)
            }
        }
    }
}
