import Foundation
import MLoopCore

/// The entry point of a declaring program (a `*.swift` file in the DAGs folder): resolves every workflow and
/// prints them, or their problems, as JSON on standard output for the DAG-folder sync to register.
///
/// ```swift
/// import MLoopDSL
/// emit {
///     Workflow("hello") { Task("greet") { Bash("echo hello") } }
/// }
/// ```
public func emit(@WorkflowListBuilder _ workflows: () -> [Workflow]) {
    let output = declarations(workflows())
    FileHandle.standardOutput.write(output.json())
}

/// What `emit` prints for these workflows.
public func declarations(_ workflows: [Workflow]) -> DeclaredWorkflow.Output {
    DeclaredWorkflow.Output(
        workflows: workflows.map { workflow in
            switch workflow.definition() {
            case .success(let definition):
                DeclaredWorkflow(id: workflow.id, definition: definition, issues: [])
            case .failure(let failure):
                DeclaredWorkflow(id: workflow.id, definition: nil, issues: failure.issues)
            }
        })
}
