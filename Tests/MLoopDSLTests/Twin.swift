import MLoopDSL
import MLoopLoader
import Testing

import enum MLoopCore.CanonicalForm
import struct MLoopCore.ValidationFailure
import struct MLoopCore.ValidationIssue
import struct MLoopCore.WorkflowDefinition

/// A Swift declaration and the YAML that should mean exactly the same.
struct Twin: Sendable, CustomTestStringConvertible {
    var field: String
    var yaml: String
    var swift: Workflow

    var testDescription: String { field }

    /// The YAML loaded as a file named after the workflow.
    func loadYAML() -> Result<WorkflowDefinition, ValidationFailure> {
        WorkflowFileLoader.loadYAML(yaml, file: "\(swift.id).yaml")
    }
}

/// The messages of a failure, without locations (the formats locate differently: line of a key vs line of a call).
func messages(_ result: Result<WorkflowDefinition, ValidationFailure>) -> [String] {
    guard case .failure(let failure) = result else { return [] }
    return failure.issues.map { "\($0.path): \($0.message)" }.sorted()
}
