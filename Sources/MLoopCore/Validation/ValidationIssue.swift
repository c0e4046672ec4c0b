/// One problem with a workflow definition, with where it is.
public struct ValidationIssue: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// What is wrong, in words a user can act on.
    public var message: String
    /// Where in the definition, as a path: `tasks[2].needs[0]`, `schedule`, or empty for the whole file.
    public var path: String
    /// The file, when the definition came from one.
    public var file: String?
    /// 1-based line and column, when the loader knows them.
    public var line: Int?
    public var column: Int?

    public init(_ message: String, path: String = "", file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.path = path
        self.file = file
        self.line = line
        self.column = column
    }

    /// `dags/etl.yaml:12:5: tasks[2].needs[0]: unknown task 'lod' (did you mean 'load'?)`
    public var description: String {
        var location = file ?? ""
        if let line {
            location += location.isEmpty ? "line \(line)" : ":\(line)"
            if let column { location += ":\(column)" }
        }
        let prefix = location.isEmpty ? "" : location + ": "
        let at = path.isEmpty ? "" : path + ": "
        return prefix + at + message
    }
}

/// Every problem found in one definition.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]
    public init(_ issues: [ValidationIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
