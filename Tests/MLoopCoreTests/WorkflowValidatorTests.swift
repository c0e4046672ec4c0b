import Foundation
import Testing

@testable import MLoopCore

@Suite struct WorkflowValidatorTests {
    /// A valid workflow that each case breaks in one way.
    static func workflow(_ change: (inout WorkflowDefinition) -> Void = { _ in }) -> WorkflowDefinition {
        var workflow = WorkflowDefinition(
            id: "etl", schedule: .cron(try! CronExpression(parsing: "@daily")), timezone: "Europe/Berlin",
            startDate: date("2024-01-01T00:00:00Z"),
            tasks: [
                TaskDefinition(id: "extract", action: .bash(script: "echo extract")),
                TaskDefinition(id: "load", action: .command(arguments: ["/bin/true"]), needs: ["extract"]),
                TaskDefinition(id: "report", action: .python(.file("scripts/report.py")), needs: ["load"]),
            ])
        change(&workflow)
        return workflow
    }

    static func task(_ id: TaskID, _ action: TaskAction = .bash(script: "true"), needs: [TaskID] = [])
        -> TaskDefinition
    {
        TaskDefinition(id: id, action: action, needs: needs)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var workflow: WorkflowDefinition
        var expected: [ValidationIssue]
        var testDescription: String { name }
    }

    static let idRule =
        "is not valid: use letters, digits, '_', '-' or '.', starting with a letter or digit, at most 200 characters"

    static let cases: [Case] = [
        Case(
            name: "invalid workflow id", workflow: workflow { $0.id = "my etl!" },
            expected: [ValidationIssue("workflow id 'my etl!' \(idRule)", path: "id")]),
        Case(
            name: "empty workflow id", workflow: workflow { $0.id = "" },
            expected: [ValidationIssue("workflow id is empty", path: "id")]),
        Case(
            name: "too long workflow id", workflow: workflow { $0.id = WorkflowID(String(repeating: "a", count: 201)) },
            expected: [ValidationIssue("workflow id '\(String(repeating: "a", count: 201))' \(idRule)", path: "id")]),
        Case(
            name: "task id starting with a dash",
            workflow: workflow {
                $0.tasks[0].id = "-x"
                $0.tasks[1].needs = ["-x"]
            },
            expected: [ValidationIssue("task id '-x' \(idRule)", path: "tasks[0].id")]),
        Case(
            name: "duplicate task id",
            workflow: workflow {
                $0.tasks[2].id = "extract"
                $0.tasks[2].needs = []
            },
            expected: [ValidationIssue("duplicate task id 'extract' (first used by tasks[0])", path: "tasks[2].id")]),
        Case(
            name: "unknown need", workflow: workflow { $0.tasks[2].needs = ["lod"] },
            expected: [
                ValidationIssue("'report' needs unknown task 'lod' (did you mean 'load'?)", path: "tasks[2].needs[0]")
            ]),
        Case(
            name: "unknown need without suggestion", workflow: workflow { $0.tasks[2].needs = ["load", "zzzzzz"] },
            expected: [ValidationIssue("'report' needs unknown task 'zzzzzz'", path: "tasks[2].needs[1]")]),
        Case(
            name: "self need", workflow: workflow { $0.tasks[1].needs = ["extract", "load"] },
            expected: [ValidationIssue("task 'load' cannot need itself", path: "tasks[1].needs[1]")]),
        Case(
            name: "need listed twice", workflow: workflow { $0.tasks[1].needs = ["extract", "extract"] },
            expected: [ValidationIssue("'load' lists 'extract' twice in needs", path: "tasks[1].needs[1]")]),
        Case(
            name: "three-task cycle", workflow: workflow { $0.tasks[0].needs = ["report"] },
            expected: [ValidationIssue("dependency cycle: load → report → extract → load", path: "tasks[1].needs")]),
        Case(
            name: "two-task cycle",
            workflow: workflow { $0.tasks = [task("a", needs: ["b"]), task("b", needs: ["a"])] },
            expected: [ValidationIssue("dependency cycle: b → a → b", path: "tasks[1].needs")]),
        Case(
            name: "unknown time zone", workflow: workflow { $0.timezone = "Europe/Berln" },
            expected: [
                ValidationIssue(
                    "unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?); use an IANA name such as 'UTC' or 'Europe/Berlin'",
                    path: "timezone")
            ]),
        Case(
            name: "end before start", workflow: workflow { $0.endDate = date("2023-12-31T00:00:00Z") },
            expected: [
                ValidationIssue(
                    "end_date 2023-12-31T00:00:00Z is before start_date 2024-01-01T00:00:00Z", path: "end_date")
            ]),
        Case(
            name: "@once without start",
            workflow: workflow {
                $0.schedule = .once
                $0.startDate = nil
            },
            expected: [ValidationIssue("schedule '@once' needs a start_date", path: "schedule")]),
        Case(
            name: "max_active_runs below 1", workflow: workflow { $0.maxActiveRuns = 0 },
            expected: [ValidationIssue("max_active_runs must be at least 1, got 0", path: "max_active_runs")]),
        Case(
            name: "max_active_tasks below 1", workflow: workflow { $0.maxActiveTasks = -1 },
            expected: [ValidationIssue("max_active_tasks must be at least 1, got -1", path: "max_active_tasks")]),
        Case(
            name: "run_timeout zero", workflow: workflow { $0.runTimeout = .zero },
            expected: [ValidationIssue("run_timeout must be positive", path: "run_timeout")]),
        Case(
            name: "no tasks", workflow: workflow { $0.tasks = [] },
            expected: [ValidationIssue("a workflow needs at least one task", path: "tasks")]),
        Case(
            name: "empty bash", workflow: workflow { $0.tasks[0].action = .bash(script: " \n") },
            expected: [ValidationIssue("the bash script is empty", path: "tasks[0].bash")]),
        Case(
            name: "empty command", workflow: workflow { $0.tasks[1].action = .command(arguments: []) },
            expected: [
                ValidationIssue("the command is empty: give at least the program to run", path: "tasks[1].command")
            ]),
        Case(
            name: "empty program", workflow: workflow { $0.tasks[1].action = .command(arguments: ["", "x"]) },
            expected: [
                ValidationIssue("the command is empty: give at least the program to run", path: "tasks[1].command")
            ]),
        Case(
            name: "empty python", workflow: workflow { $0.tasks[2].action = .python(.inline("\t")) },
            expected: [ValidationIssue("the python code is empty", path: "tasks[2].python")]),
        Case(
            name: "empty swift", workflow: workflow { $0.tasks[2].action = .swift(.inline("")) },
            expected: [ValidationIssue("the swift code is empty", path: "tasks[2].swift")]),
        Case(
            name: "absolute python file", workflow: workflow { $0.tasks[2].action = .python(.file("/etc/x.py")) },
            expected: [
                ValidationIssue(
                    "'/etc/x.py' must be a relative path inside the DAGs folder (no leading '/', no '..')",
                    path: "tasks[2].python")
            ]),
        Case(
            name: "escaping swift file",
            workflow: workflow { $0.tasks[2].action = .swift(.file("jobs/../../x.swift")) },
            expected: [
                ValidationIssue(
                    "'jobs/../../x.swift' must be a relative path inside the DAGs folder (no leading '/', no '..')",
                    path: "tasks[2].swift")
            ]),
        Case(
            name: "bad env names",
            workflow: workflow { $0.tasks[0].env = ["1ST": "x", "OK_1": "y", "A-B": "z", "_X": "w"] },
            expected: [
                ValidationIssue(
                    "'1ST' is not a valid environment variable name (letters, digits and _, not starting with a digit)",
                    path: "tasks[0].env"),
                ValidationIssue(
                    "'A-B' is not a valid environment variable name (letters, digits and _, not starting with a digit)",
                    path: "tasks[0].env"),
            ]),
        Case(
            name: "negative retries", workflow: workflow { $0.tasks[0].retries = -1 },
            expected: [ValidationIssue("retries must be 0 or more, got -1", path: "tasks[0].retries")]),
        Case(
            name: "negative retry delay", workflow: workflow { $0.tasks[0].retryDelay = .seconds(-1) },
            expected: [ValidationIssue("retry_delay must not be negative", path: "tasks[0].retry_delay")]),
        Case(
            name: "retry cap below delay", workflow: workflow { $0.tasks[0].maxRetryDelay = .seconds(10) },
            expected: [ValidationIssue("max_retry_delay is shorter than retry_delay", path: "tasks[0].max_retry_delay")]
        ),
        Case(
            name: "zero task timeout", workflow: workflow { $0.tasks[0].timeout = .zero },
            expected: [ValidationIssue("timeout must be positive", path: "tasks[0].timeout")]),
    ]

    @Test func acceptsAValidWorkflow() {
        #expect(WorkflowValidator.validate(Self.workflow()).isEmpty)
    }

    @Test(arguments: cases)
    func reportsEachProblemWithItsPath(_ testCase: Case) {
        #expect(WorkflowValidator.validate(testCase.workflow) == testCase.expected)
    }

    @Test func reportsEveryProblemAtOnce() {
        let workflow = Self.workflow {
            $0.id = ""
            $0.maxActiveRuns = 0
            $0.tasks[2].needs = ["lod"]
            $0.tasks[0].action = .bash(script: "")
        }
        #expect(
            WorkflowValidator.validate(workflow).map(\.path) == [
                "id", "max_active_runs", "tasks[0].bash", "tasks[2].needs[0]",
            ])
    }

    @Test func reportsEachCycleOnceInDependencyOrder() {
        let workflow = Self.workflow {
            $0.tasks = [
                Self.task("a", needs: ["c"]), Self.task("b", needs: ["a"]), Self.task("c", needs: ["b"]),
                Self.task("x", needs: ["y"]), Self.task("y", needs: ["x"]), Self.task("z", needs: ["a", "x"]),
            ]
        }
        #expect(
            WorkflowValidator.validate(workflow).map(\.message) == [
                "dependency cycle: b → c → a → b",
                "dependency cycle: y → x → y",
            ])
    }

    @Test func issuesDescribeTheirLocation() {
        let issue = ValidationIssue(
            "unknown task 'lod'", path: "tasks[2].needs[0]", file: "dags/etl.yaml", line: 12, column: 5)
        #expect(issue.description == "dags/etl.yaml:12:5: tasks[2].needs[0]: unknown task 'lod'")
        #expect(ValidationIssue("empty", line: 3).description == "line 3: empty")
        #expect(ValidationIssue("whole file").description == "whole file")
        #expect(
            ValidationFailure([issue, ValidationIssue("b", path: "id")]).description
                == "dags/etl.yaml:12:5: tasks[2].needs[0]: unknown task 'lod'\nid: b")
    }
}
