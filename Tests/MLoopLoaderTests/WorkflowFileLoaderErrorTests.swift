import Foundation
import MLoopCore
import MLoopLoader
import Testing

/// One mistake per document, and the one issue it must produce.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var name: String
    var yaml: String
    var message: String
    var line: Int
    var testDescription: String { name }
}

@Suite struct WorkflowFileLoaderErrorTests {
    static let task = "tasks:\n  - id: a\n    bash: echo a\n"

    static let cases: [ErrorCase] = [
        ErrorCase(
            name: "unknown top-level key", yaml: "shedule: '@daily'\n" + task,
            message: "unknown key 'shedule' in the workflow (did you mean 'schedule'?)", line: 1),
        ErrorCase(
            name: "unknown task key", yaml: "tasks:\n  - id: a\n    bash: echo\n    retires: 2\n",
            message: "unknown key 'retires' in task 'a' (did you mean 'retries'?)", line: 4),
        ErrorCase(
            name: "task field at the top level", yaml: "retries: 2\n" + task,
            message: "unknown key 'retries' in the workflow (task fields go in a task, or under 'defaults:' "
                + "to apply to every task)", line: 1),
        ErrorCase(
            name: "wrong type", yaml: "catchup: maybe\n" + task,
            message: "catchup must be true or false, got 'maybe'", line: 1),
        ErrorCase(
            name: "bad duration", yaml: "tasks:\n  - id: a\n    bash: echo\n    timeout: 5 minutes\n",
            message: "'5 minutes' is not a duration: use forms like 30s, 5m, 1h30m", line: 4),
        ErrorCase(
            name: "bad date", yaml: "start_date: 2024-02-30\n" + task,
            message: "start_date '2024-02-30' is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
                + "optionally followed by Z or ±HH:MM", line: 1),
        ErrorCase(
            name: "unknown trigger rule", yaml: task + "    trigger_rule: one_sucess\n",
            message: "unknown trigger rule 'one_sucess' (did you mean 'one_success'?)", line: 4),
        ErrorCase(
            name: "unknown time zone", yaml: "timezone: Europe/Berln\n" + task,
            message: "unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?); use an IANA name such "
                + "as 'UTC' or 'Europe/Berlin'", line: 1),
        ErrorCase(
            name: "nothing to run", yaml: "tasks:\n  - id: x\n    needs: []\n",
            message: "task 'x' has nothing to run: give one of bash, command, python, python_file, swift, "
                + "swift_file", line: 2),
        ErrorCase(
            name: "two actions", yaml: "tasks:\n  - id: x\n    swift: print(1)\n    swift_file: a.swift\n",
            message: "task 'x' has more than one action (swift, swift_file): give exactly one", line: 4),
        ErrorCase(
            name: "unknown need", yaml: task + "  - id: b\n    bash: echo\n    needs: [a, c]\n",
            message: "'b' needs unknown task 'c'", line: 6),
        ErrorCase(
            name: "cycle", yaml: "tasks:\n  - {id: a, bash: x, needs: b}\n  - {id: b, bash: x, needs: a}\n",
            message: "dependency cycle: b → a → b", line: 3),
        ErrorCase(
            name: "no tasks", yaml: "description: nothing\n",
            message: "a workflow needs at least one task", line: 1),
        ErrorCase(
            name: "tasks not a list", yaml: "tasks:\n  a: {bash: echo}\n",
            message: "tasks must be a list, each entry starting with '- id: name', got a mapping", line: 2),
        ErrorCase(
            name: "missing task id", yaml: "tasks:\n  - bash: echo\n",
            message: "tasks[0] has no id: give it one with 'id: name'", line: 2),
        ErrorCase(
            name: "bad workflow id", yaml: "id: my dag\n" + task,
            message: "workflow id 'my dag' is not valid", line: 1),
        ErrorCase(
            name: "unclosed command quote", yaml: "tasks:\n  - id: a\n    command: echo 'oops\n",
            message: "the command has an unclosed ' quote", line: 3),
        ErrorCase(
            name: "empty bash script", yaml: "tasks:\n  - id: a\n    bash: \"  \"\n",
            message: "the bash script is empty", line: 3),
        ErrorCase(
            name: "YAML syntax error", yaml: "tasks:\n  - id: a\n    bash: [echo\n",
            message: "invalid YAML", line: 4),
        ErrorCase(
            name: "unquoted cron starting with *", yaml: "schedule: */5 * * * *\n" + task,
            message: "quote values starting with '*' or '&', e.g. schedule: \"*/5 * * * *\"", line: 1),
        ErrorCase(
            name: "duplicate mapping key", yaml: "tasks:\n  - id: a\n    bash: echo\n    bash: again\n",
            message: "duplicate key 'bash' in one mapping: each key may appear only once", line: 3),
        ErrorCase(
            name: "two documents", yaml: task + "---\n" + task,
            message: "but found another document", line: 4),
        ErrorCase(
            name: "top level not a mapping", yaml: "- id: a\n  bash: echo\n",
            message: "the top level of a workflow file must be a mapping of fields (id, schedule, tasks, …), "
                + "got a list", line: 1),
        ErrorCase(
            name: "empty file", yaml: "# only a comment\n",
            message: "the file is empty: a workflow needs at least a 'tasks:' list", line: 1),
        ErrorCase(
            name: "control character", yaml: "id: a\u{01}b\n" + task,
            message: "the file cannot be read as YAML: control characters are not allowed", line: 1),
        ErrorCase(
            name: "merge key", yaml: "params: &shared {retries: 2}\n" + task + "    <<: *shared\n",
            message: "unknown key '<<' in task 'a' (merge keys are not supported: share task settings with "
                + "'defaults:')", line: 5),
        ErrorCase(
            name: "bad cron", yaml: "schedule: '61 * * * *'\n" + task,
            message: "schedule '61 * * * *' is not valid: ", line: 1),
    ]

    @Test(arguments: cases) func reportsOneLocatedIssue(_ errorCase: ErrorCase) {
        let issues = Fixture.issues(errorCase.yaml, file: "case.yaml")
        #expect(issues.count == 1, "\(ValidationFailure(issues))")
        guard let issue = issues.first else { return }
        #expect(issue.message.contains(errorCase.message), "\(issue)")
        #expect(issue.line == errorCase.line, "\(issue)")
        #expect(issue.column != nil, "\(issue)")
        #expect(issue.file == "case.yaml")
    }

    @Test func refusesABillionLaughsDocument() {
        var yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "params: {bomb: *i}\n" + Self.task
        let issues = Fixture.issues(yaml)
        #expect(
            issues.map(\.message) == [
                "the document expands to more than 100000 values (through aliases?); "
                    + "refusing to read it"
            ])
    }

    @Test func refusesAnAliasUsedAsAKey() {
        let yaml = "a: &a [x, x]\nparams:\n  *a : 1\n" + Self.task
        let issues = Fixture.issues(yaml)
        #expect(issues.map(\.message) == ["an alias used as a mapping key is not supported: write the key out"])
        #expect(issues.first?.line == 3)
    }

    @Test func refusesDeeplyNestedDocuments() {
        let deep = String(repeating: "[", count: 990) + String(repeating: "]", count: 990)
        let issues = Fixture.issues("params: {x: \(deep)}\n" + Self.task)
        #expect(issues.map(\.message) == ["the document nests deeper than 64 levels"])
        let deeper = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let syntax = Fixture.issues("params: {x: \(deeper)}\n" + Self.task)
        #expect(syntax.count == 1 && syntax[0].message.contains("invalid YAML"), "\(syntax)")
    }

    @Test func refusesTextAboveTheSizeLimit() {
        let yaml = Self.task + "# " + String(repeating: "x", count: 6 * 1024 * 1024) + "\n"
        #expect(Fixture.issues(yaml).map(\.message) == ["file is 6.0 MiB; workflow files are limited to 5 MiB"])
    }
}
