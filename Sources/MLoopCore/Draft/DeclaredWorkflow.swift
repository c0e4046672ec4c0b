import Foundation

/// What a declaring program (a `*.swift` file in the DAGs folder) reports for one workflow it declares: the
/// definition, or every problem with it. The program prints a `DeclaredWorkflow.Output` as JSON on stdout.
public struct DeclaredWorkflow: Codable, Hashable, Sendable {
    public var id: String
    public var definition: WorkflowDefinition?
    public var issues: [ValidationIssue]

    public init(id: String, definition: WorkflowDefinition?, issues: [ValidationIssue]) {
        self.id = id
        self.definition = definition
        self.issues = issues
    }

    /// Everything one declaring program prints.
    public struct Output: Codable, Hashable, Sendable {
        public var workflows: [DeclaredWorkflow]
        public init(workflows: [DeclaredWorkflow]) { self.workflows = workflows }

        /// The JSON the program prints; definitions inside are in their canonical encoding.
        public func json() -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Encoding cannot fail: every value is a plain string, number, bool or container.
            return try! encoder.encode(self)
        }
    }
}
