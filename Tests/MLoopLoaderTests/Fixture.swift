import Foundation
import MLoopCore
import MLoopLoader
import Testing

/// The workflow files under Fixtures/, and helpers to load YAML text in tests.
enum Fixture {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The loaded definition, failing the test with every issue when there are any.
    static func workflow(_ yaml: String, file: String = "test.yaml") throws -> WorkflowDefinition {
        switch WorkflowFileLoader.loadYAML(yaml, file: file) {
        case .success(let workflow): return workflow
        case .failure(let failure):
            Issue.record("expected \(file) to load, got:\n\(failure)")
            throw failure
        }
    }

    /// The issues, failing the test when the YAML loads.
    static func issues(_ yaml: String, file: String = "test.yaml") -> [ValidationIssue] {
        switch WorkflowFileLoader.loadYAML(yaml, file: file) {
        case .success(let workflow):
            Issue.record("expected \(file) to fail, it loaded as \(workflow.id)")
            return []
        case .failure(let failure): return failure.issues
        }
    }
}
