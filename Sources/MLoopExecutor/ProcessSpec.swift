import MLoopCore

/// One process to launch: an absolute executable path, its arguments, environment additions and directory.
struct ProcessSpec: Sendable {
    var executable: String
    var arguments: [String]
    /// Set on top of the worker's environment.
    var environment: [String: String]
    var workingDirectory: String
    /// Set for a python try, which the fork server can run instead of `executable`.
    var python: PythonCode? = nil
    /// Other tags the process's stdout uses for progress and metadata lines.
    var outputProtocol: OutputProtocol? = nil
}
