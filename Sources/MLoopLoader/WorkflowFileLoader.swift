import Foundation
import MLoopCore
import Yams

/// Turns the text of one YAML workflow file into a validated definition, or into every problem it has, each with
/// its file, line and column.
public enum WorkflowFileLoader {
    /// Larger files are refused before parsing.
    public static let maximumFileSize = 5 * 1024 * 1024

    /// Loads one YAML document. `file` is used in messages (a path relative to the DAGs folder); its name without
    /// extension is the workflow id when the document gives none.
    public static func loadYAML(_ text: String, file: String) -> Result<WorkflowDefinition, ValidationFailure> {
        load(text, file: file).mapError { failure in
            ValidationFailure(
                failure.issues.map { issue in
                    var issue = issue
                    issue.file = file
                    return issue
                })
        }
    }

    /// `dags/etl.yaml` → `etl`.
    public static func defaultID(forFile file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }

    /// `file is 50.0 MiB; workflow files are limited to 5 MiB`, or nil when `byteCount` is within the limit.
    static func sizeProblem(byteCount: Int) -> String? {
        guard byteCount > maximumFileSize else { return nil }
        let mebibytes = Double(byteCount) / 1_048_576
        return "file is \(mebibytes.formatted(.number.precision(.fractionLength(1)))) MiB; "
            + "workflow files are limited to \(maximumFileSize / 1_048_576) MiB"
    }

    private static func load(_ text: String, file: String) -> Result<WorkflowDefinition, ValidationFailure> {
        if let problem = sizeProblem(byteCount: text.utf8.count) { return failed(ValidationIssue(problem)) }
        if let violation = DocumentLimits.aliasKey(in: text) { return failed(issue(violation)) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return failed(YAMLErrorIssue.issue(for: error, in: text))
        } catch {
            return failed(ValidationIssue("the file cannot be parsed as YAML: \(error)"))
        }
        guard let root, !NodeReader.isNull(root) else {
            return failed(
                ValidationIssue("the file is empty: a workflow needs at least a 'tasks:' list", line: 1, column: 1))
        }
        if let violation = DocumentLimits.expansionViolation(in: root) { return failed(issue(violation)) }
        guard case .mapping = root else {
            return failed(
                ValidationIssue(
                    "the top level of a workflow file must be a mapping of fields (id, schedule, tasks, …), got "
                        + NodeReader.describe(root), line: root.mark?.line, column: root.mark?.column))
        }
        var reader = NodeReader()
        reader.sourceMap.record("", root.mark)
        guard let draft = WorkflowReader.read(root, defaultID: defaultID(forFile: file), reader: &reader) else {
            return .failure(ValidationFailure(reader.issues))
        }
        let (workflow, issues) = draft.resolve()
        let found = merge(reader.issues, issues, sourceMap: reader.sourceMap)
        return found.isEmpty ? .success(workflow) : .failure(ValidationFailure(found))
    }

    /// The reader's issues and the draft's (its text fields and the validator's), located, without repeats, in file
    /// order. A draft issue at a path the reader already reported on is dropped: the reader's message says more.
    private static func merge(
        _ readerIssues: [ValidationIssue], _ draftIssues: [ValidationIssue], sourceMap: SourceMap
    ) -> [ValidationIssue] {
        let reported = Set(readerIssues.map(\.path))
        var seen: Set<ValidationIssue> = []
        var merged: [ValidationIssue] = []
        for issue in readerIssues where seen.insert(issue).inserted { merged.append(issue) }
        for var issue in draftIssues where !reported.contains(issue.path) {
            let (path, mark) = sourceMap.locate(issue.path)
            issue.path = path
            issue.line = mark?.line
            issue.column = mark?.column
            if seen.insert(issue).inserted { merged.append(issue) }
        }
        // Stable: issues on one line keep the order they were found in.
        return merged.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
            let right = (rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }

    private static func failed(_ issue: ValidationIssue) -> Result<WorkflowDefinition, ValidationFailure> {
        .failure(ValidationFailure([issue]))
    }

    private static func issue(_ violation: DocumentLimits.Violation) -> ValidationIssue {
        ValidationIssue(violation.message, line: violation.line, column: violation.column)
    }
}
