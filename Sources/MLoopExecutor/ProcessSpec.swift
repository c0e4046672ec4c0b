/// One process to launch: an absolute executable path, its arguments, environment additions and directory.
struct ProcessSpec: Sendable {
    var executable: String
    var arguments: [String]
    /// Set on top of the worker's environment.
    var environment: [String: String]
    var workingDirectory: String
}
