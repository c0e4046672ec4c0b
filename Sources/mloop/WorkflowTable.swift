import MLoopStore

/// The human table `mloop dags list` prints.
enum WorkflowTable {
    static func render(_ workflows: [WorkflowSummary], importErrors: [ImportErrorRecord]) -> String {
        var lines: [String] = []
        if workflows.isEmpty {
            lines.append("No workflows. Put a YAML file in the DAGs folder (see docs/workflow-format.md).")
        } else {
            let rows =
                [["WORKFLOW", "SCHEDULE", "PAUSED", "TASKS", "VERSION", "SOURCE"]]
                + workflows.map { workflow in
                    [
                        workflow.workflowID.rawValue + (workflow.isActive ? "" : " (inactive)"),
                        workflow.schedule ?? "none",
                        workflow.isPaused ? "yes" : "no",
                        String(workflow.taskCount),
                        workflow.versionNumber.map { "v\($0)" } ?? "-",
                        workflow.filePath ?? workflow.sourceKind,
                    ]
                }
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
                }
                lines.append(cells.joined(separator: "  "))
            }
        }
        if !importErrors.isEmpty {
            lines.append("")
            lines.append("Import errors (\(importErrors.count) file\(importErrors.count == 1 ? "" : "s")):")
            for error in importErrors {
                lines.append("  \(error.filePath):")
                for issue in error.issues { lines.append("    " + issue.description) }
            }
        }
        return lines.joined(separator: "\n")
    }
}
