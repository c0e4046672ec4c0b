import MLoopDSL
import MLoopLoader
import Testing

/// Mistakes the compiler cannot catch get the YAML messages, located at the declaring file and line.
@Suite struct WorkflowValidationTests {
    static let mistakes: [Twin] = [
        Twin(
            field: "bad cron", yaml: "schedule: '61 * * * *'\ntasks: [{id: a, bash: x}]",
            swift: Workflow("bad_cron") {
                Schedule("61 * * * *")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "bad time zone", yaml: "timezone: Asia/Seol\ntasks: [{id: a, bash: x}]",
            swift: Workflow("bad_time_zone") {
                Timezone("Asia/Seol")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "bad dates",
            yaml: "start_date: 2023-02-29\nend_date: tomorrow\ntasks: [{id: a, bash: x}]",
            swift: Workflow("bad_dates") {
                StartDate("2023-02-29")
                EndDate("tomorrow")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "end before start",
            yaml: "start_date: 2025-02-01\nend_date: 2025-01-01\ntasks: [{id: a, bash: x}]",
            swift: Workflow("end_before_start") {
                StartDate("2025-02-01")
                EndDate("2025-01-01")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "once without start", yaml: "schedule: '@once'\ntasks: [{id: a, bash: x}]",
            swift: Workflow("once_without_start") {
                Schedule("@once")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "cycle",
            yaml: "tasks:\n  - {id: a, bash: x, needs: c}\n  - {id: b, bash: x, needs: a}\n"
                + "  - {id: c, bash: x, needs: b}",
            swift: Workflow("cycle") {
                Task("a") { Bash("x") }.needs("c")
                Task("b") { Bash("x") }.needs("a")
                Task("c") { Bash("x") }.needs("b")
            }),
        Twin(
            field: "unknown needs",
            yaml: "tasks:\n  - {id: load, bash: x}\n  - {id: b, bash: x, needs: [lod, b]}",
            swift: Workflow("unknown_needs") {
                Task("load") { Bash("x") }
                Task("b") { Bash("x") }.needs("lod", "b")
            }),
        Twin(
            field: "duplicate ids", yaml: "tasks:\n  - {id: a, bash: x}\n  - {id: a, bash: y}",
            swift: Workflow("duplicate_ids") {
                Task("a") { Bash("x") }
                Task("a") { Bash("y") }
            }),
        Twin(
            field: "bad ids and limits",
            yaml: "id: 'bad id'\nmax_active_runs: 0\nrun_timeout: 0s\n"
                + "tasks: [{id: _a, bash: ' ', retries: -1, timeout: 0s, env: {1X: v}}]",
            swift: Workflow("bad id") {
                MaxActiveRuns(0)
                RunTimeout(.zero)
                Task("_a") { Bash(" ") }.retries(-1).timeout(.zero).env(["1X": "v"])
            }),
        Twin(
            field: "unsafe file path", yaml: "tasks: [{id: a, python_file: ../x.py}]",
            swift: Workflow("unsafe_file_path") { Task("a") { PythonFile("../x.py") } }),
        Twin(
            field: "no tasks", yaml: "id: no_tasks\ntasks: []",
            swift: Workflow("no_tasks") { Catchup(false) }),
    ]

    @Test(arguments: mistakes)
    func reportsTheSameMessagesAsYAML(_ twin: Twin) {
        let swiftMessages = messages(twin.swift.definition())
        #expect(!swiftMessages.isEmpty)
        #expect(swiftMessages == messages(twin.loadYAML()))
    }

    @Test func issuesPointAtTheDeclaringFileAndTaskLine() throws {
        let workflowLine = #line + 1
        let workflow = Workflow("located") {
            Schedule("not cron")
            Task("a") { Bash("x") }
            Task("b") { Bash("x") }.needs("missing")
        }
        guard case .failure(let failure) = workflow.definition() else {
            Issue.record("expected a failure")
            return
        }
        let byPath = Dictionary(uniqueKeysWithValues: failure.issues.map { ($0.path, $0) })
        #expect(byPath["schedule"]?.line == workflowLine)
        #expect(byPath["tasks[1].needs[0]"]?.line == workflowLine + 3)
        #expect(failure.issues.allSatisfy { $0.file == #filePath })
    }

    @Test func taskWithTwoActionsOrNoneIsReported() {
        let workflow = Workflow("actions") {
            Task("two") {
                Bash("x")
                Python("y")
            }
            Task("none") { Retries(1) }
        }
        let found = messages(workflow.definition())
        #expect(
            found == [
                "tasks[0].python: task 'two' has more than one action (bash, python): give exactly one",
                "tasks[1]: task 'none' has nothing to run: give one of "
                    + "Bash, Command, Python, PythonFile, SwiftCode, SwiftFile",
            ])
    }
}
