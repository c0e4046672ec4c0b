import Foundation
import MLoopCore

/// Reads what a declaring program printed (`emit`, or `declarations(…).json()` in a user's own package): its
/// workflows, or their issues. Ids must be unique within one output, and every definition is validated again: the
/// text may come from anywhere (`mloop dags push`).
public enum DeclarationOutputReader {
    public static func read(_ output: String, file: String) -> Result<[WorkflowDefinition], ValidationFailure> {
        let declared: DeclaredWorkflow.Output
        do {
            declared = try JSONDecoder().decode(DeclaredWorkflow.Output.self, from: Data(output.utf8))
        } catch {
            return .failure(
                ValidationFailure([
                    ValidationIssue(
                        "the program did not print workflows (call emit { … } once at top level): "
                            + FieldText.clip(output.isEmpty ? "no output" : output), file: file)
                ]))
        }
        var issues: [ValidationIssue] = []
        var definitions: [WorkflowDefinition] = []
        var seen: Set<String> = []
        for workflow in declared.workflows {
            if !seen.insert(workflow.id).inserted {
                issues.append(
                    ValidationIssue("workflow id '\(workflow.id)' is declared twice in this file", file: file))
            }
            issues += workflow.issues.map { issue in
                var issue = issue
                issue.file = file
                return issue
            }
            if let definition = workflow.definition {
                issues += WorkflowValidator.validate(definition).map { issue in
                    var issue = issue
                    issue.file = file
                    return issue
                }
                definitions.append(definition)
            }
        }
        if declared.workflows.isEmpty {
            issues.append(ValidationIssue("the file declares no workflow: list them in emit { … }", file: file))
        }
        return issues.isEmpty ? .success(definitions) : .failure(ValidationFailure(issues))
    }
}
