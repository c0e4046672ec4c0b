import MLoopCore

/// Every workflow file under a DAGs folder, sorted by relative path.
public struct DAGFolderScan: Sendable {
    public var files: [DAGFile]
    /// Why the folder itself could not be scanned (it does not exist, is not a directory…); nil when it could.
    public var folderProblem: String?
    /// Subfolders that could not be listed; their files are missing from `files`.
    public var directoryProblems: [ValidationIssue]

    public init(files: [DAGFile] = [], folderProblem: String? = nil, directoryProblems: [ValidationIssue] = []) {
        self.files = files
        self.folderProblem = folderProblem
        self.directoryProblems = directoryProblems
    }
}
