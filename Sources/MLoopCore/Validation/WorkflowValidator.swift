import Foundation

/// Checks a workflow definition as a whole and reports every problem at once. Format-specific checks (unknown
/// keys, wrong types, bad durations) belong to the loaders; what any format can get wrong is checked here, so
/// YAML and Swift declarations get the same messages.
public enum WorkflowValidator {
    public static func validate(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        issues += workflowFieldIssues(workflow)
        issues += taskFieldIssues(workflow)
        issues += dependencyIssues(workflow)
        issues += cycleIssues(workflow)
        return issues
    }

    static func workflowFieldIssues(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Identifier.isValid(workflow.id.rawValue) {
            issues.append(ValidationIssue(invalidIDMessage("workflow id", workflow.id.rawValue), path: "id"))
        }
        if TimeZone(identifier: workflow.timezone) == nil {
            let known = TimeZone.knownTimeZoneIdentifiers
            issues.append(
                ValidationIssue(
                    "unknown time zone '\(workflow.timezone)'\(Suggestion.hint(for: workflow.timezone, among: known))"
                        + "; use an IANA name such as 'UTC' or 'Europe/Berlin'",
                    path: "timezone"))
        }
        if let start = workflow.startDate, let end = workflow.endDate, end < start {
            issues.append(
                ValidationIssue(
                    "end_date \(Timestamp.format(end)) is before start_date \(Timestamp.format(start))",
                    path: "end_date"))
        }
        if workflow.schedule == .once, workflow.startDate == nil {
            issues.append(ValidationIssue("schedule '@once' needs a start_date", path: "schedule"))
        }
        if workflow.maxActiveRuns < 1 {
            issues.append(
                ValidationIssue(
                    "max_active_runs must be at least 1, got \(workflow.maxActiveRuns)",
                    path: "max_active_runs"))
        }
        if workflow.maxActiveTasks < 1 {
            issues.append(
                ValidationIssue(
                    "max_active_tasks must be at least 1, got \(workflow.maxActiveTasks)",
                    path: "max_active_tasks"))
        }
        if let timeout = workflow.runTimeout, timeout <= .zero {
            issues.append(ValidationIssue("run_timeout must be positive", path: "run_timeout"))
        }
        if workflow.tasks.isEmpty {
            issues.append(ValidationIssue("a workflow needs at least one task", path: "tasks"))
        }
        return issues
    }

    static func taskFieldIssues(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var firstIndex: [TaskID: Int] = [:]
        for (index, task) in workflow.tasks.enumerated() {
            let path = "tasks[\(index)]"
            if !Identifier.isValid(task.id.rawValue) {
                issues.append(ValidationIssue(invalidIDMessage("task id", task.id.rawValue), path: path + ".id"))
            }
            if let first = firstIndex[task.id] {
                issues.append(
                    ValidationIssue(
                        "duplicate task id '\(task.id)' (first used by tasks[\(first)])", path: path + ".id"))
            } else {
                firstIndex[task.id] = index
            }
            if task.retries < 0 {
                issues.append(
                    ValidationIssue("retries must be 0 or more, got \(task.retries)", path: path + ".retries"))
            }
            if task.retryDelay < .zero {
                issues.append(ValidationIssue("retry_delay must not be negative", path: path + ".retry_delay"))
            }
            if let cap = task.maxRetryDelay, cap < task.retryDelay {
                issues.append(
                    ValidationIssue("max_retry_delay is shorter than retry_delay", path: path + ".max_retry_delay"))
            }
            if let timeout = task.timeout, timeout <= .zero {
                issues.append(ValidationIssue("timeout must be positive", path: path + ".timeout"))
            }
            issues += actionIssues(task.action, path: path)
            for problem in task.outputProtocol?.problems ?? [] {
                issues.append(ValidationIssue(problem.message, path: path + ".protocol." + problem.field))
            }
            for name in task.env.keys.sorted() where !isEnvironmentName(name) {
                issues.append(
                    ValidationIssue(
                        "'\(name)' is not a valid environment variable name (letters, digits and _, not starting with a digit)",
                        path: path + ".env"))
            }
        }
        return issues
    }

    static func actionIssues(_ action: TaskAction, path: String) -> [ValidationIssue] {
        switch action {
        case .bash(let script) where script.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            [ValidationIssue("the bash script is empty", path: path + ".bash")]
        case .command(let arguments) where arguments.isEmpty || arguments[0].isEmpty:
            [ValidationIssue("the command is empty: give at least the program to run", path: path + ".command")]
        case .python(.inline(let code)) where code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            [ValidationIssue("the python code is empty", path: path + ".python")]
        case .swift(.inline(let code)) where code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            [ValidationIssue("the swift code is empty", path: path + ".swift")]
        case .python(.file(let file)), .swift(.file(let file)):
            isSafeRelativePath(file)
                ? []
                : [
                    ValidationIssue(
                        "'\(file)' must be a relative path inside the DAGs folder (no leading '/', no '..')",
                        path: path + "." + action.kind)
                ]
        default:
            []
        }
    }

    static func dependencyIssues(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        let ids = Set(workflow.tasks.map(\.id))
        var issues: [ValidationIssue] = []
        for (index, task) in workflow.tasks.enumerated() {
            var seen: Set<TaskID> = []
            for (needIndex, need) in task.needs.enumerated() {
                let path = "tasks[\(index)].needs[\(needIndex)]"
                if need == task.id {
                    issues.append(ValidationIssue("task '\(task.id)' cannot need itself", path: path))
                } else if !ids.contains(need) {
                    let hint = Suggestion.hint(for: need.rawValue, among: ids.map(\.rawValue).sorted())
                    issues.append(ValidationIssue("'\(task.id)' needs unknown task '\(need)'\(hint)", path: path))
                } else if !seen.insert(need).inserted {
                    issues.append(ValidationIssue("'\(task.id)' lists '\(need)' twice in needs", path: path))
                }
            }
        }
        return issues
    }

    /// Reports each cycle once, naming its tasks in dependency order.
    static func cycleIssues(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        var indexOf: [TaskID: Int] = [:]
        for (index, task) in workflow.tasks.enumerated() where indexOf[task.id] == nil { indexOf[task.id] = index }
        enum Mark { case visiting, done }
        var marks: [TaskID: Mark] = [:]
        var stack: [TaskID] = []
        var issues: [ValidationIssue] = []

        func visit(_ id: TaskID) {
            marks[id] = .visiting
            stack.append(id)
            for need in workflow.tasks[indexOf[id]!].needs where need != id && indexOf[need] != nil {
                switch marks[need] {
                case .none: visit(need)
                case .visiting:
                    // The cycle is the part of the stack from `need` on; print it upstream-first.
                    let members = Array(stack[stack.lastIndex(of: need)!...].reversed())
                    let cycle = members + [members[0]]
                    issues.append(
                        ValidationIssue(
                            "dependency cycle: " + cycle.map(\.rawValue).joined(separator: " → "),
                            path: "tasks[\(indexOf[id]!)].needs"))
                case .done: break
                }
            }
            stack.removeLast()
            marks[id] = .done
        }
        for task in workflow.tasks where marks[task.id] == nil { visit(task.id) }
        return issues
    }

    static func invalidIDMessage(_ what: String, _ id: String) -> String {
        if id.isEmpty { return "\(what) is empty" }
        return "\(what) '\(id)' is not valid: use letters, digits, '_', '-' or '.', starting with a letter or digit, "
            + "at most \(Identifier.maximumLength) characters"
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
