import Foundation
import MLoopDSL
import MLoopLoader
import Testing

import enum MLoopCore.CanonicalForm

/// A Swift declaration and its YAML twin produce the identical definition and content hash, field by field.
@Suite struct WorkflowTests {
    static let twins: [Twin] = [
        Twin(
            field: "minimal", yaml: "tasks:\n  - id: a\n    bash: echo a\n",
            swift: Workflow("minimal") { Task("a") { Bash("echo a") } }),
        Twin(
            field: "id", yaml: "id: custom_id\ntasks: [{id: a, bash: x}]",
            swift: Workflow("custom_id") { Task("a") { Bash("x") } }),
        Twin(
            field: "description", yaml: "description: Daily sales\ntasks: [{id: a, bash: x}]",
            swift: Workflow("description") {
                Description("Daily sales")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "schedule cron", yaml: "schedule: '30 6 * * 1-5'\ntasks: [{id: a, bash: x}]",
            swift: Workflow("schedule_cron") {
                Schedule("30 6 * * 1-5")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "schedule preset", yaml: "schedule: '@daily'\ntasks: [{id: a, bash: x}]",
            swift: Workflow("schedule_preset") {
                Schedule("@daily")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "schedule once",
            yaml: "schedule: '@once'\nstart_date: 2025-01-01\ntasks: [{id: a, bash: x}]",
            swift: Workflow("schedule_once") {
                Schedule("@once")
                StartDate("2025-01-01")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "schedule none", yaml: "schedule: none\ntasks: [{id: a, bash: x}]",
            swift: Workflow("schedule_none") {
                Schedule("none")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "timezone and local dates",
            yaml:
                "timezone: Asia/Seoul\nstart_date: 2025-01-01\nend_date: 2025-12-31T23:30\ntasks: [{id: a, bash: x}]",
            swift: Workflow("timezone_and_local_dates") {
                Timezone("Asia/Seoul")
                StartDate("2025-01-01")
                EndDate("2025-12-31T23:30")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "dates as instants",
            yaml: "start_date: 2025-01-01T06:30:00+09:00\ntasks: [{id: a, bash: x}]",
            swift: Workflow("dates_as_instants") {
                StartDate(Date(timeIntervalSince1970: 1_735_680_600))
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "catchup", yaml: "catchup: true\ntasks: [{id: a, bash: x}]",
            swift: Workflow("catchup") {
                Catchup(true)
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "max_active_runs and max_active_tasks",
            yaml: "max_active_runs: 1\nmax_active_tasks: 4\ntasks: [{id: a, bash: x}]",
            swift: Workflow("limits") {
                MaxActiveRuns(1)
                MaxActiveTasks(4)
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "run_timeout", yaml: "run_timeout: 2h\ntasks: [{id: a, bash: x}]",
            swift: Workflow("run_timeout") {
                RunTimeout(.hours(2))
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "tags", yaml: "tags: [ml, nightly]\ntasks: [{id: a, bash: x}]",
            swift: Workflow("tags") {
                Tags("ml", "nightly")
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "params",
            yaml: "params: {region: apac, epochs: 3, rate: 0.5, on: true, list: [1, x], none: null}\n"
                + "tasks: [{id: a, bash: x}]",
            swift: Workflow("params") {
                Params([
                    "region": "apac", "epochs": 3, "rate": 0.5, "on": true, "list": [1, "x"], "none": nil,
                ])
                Task("a") { Bash("x") }
            }),
        Twin(
            field: "actions",
            yaml: """
                tasks:
                  - {id: b, bash: echo b}
                  - {id: c, command: [echo, "1"]}
                  - {id: p, python: "print(1)"}
                  - {id: pf, python_file: scripts/train.py}
                  - {id: s, swift: "print(1)"}
                  - {id: sf, swift_file: tools/report.swift}
                """,
            swift: Workflow("actions") {
                Task("b") { Bash("echo b") }
                Task("c") { Command(["echo", "1"]) }
                Task("p") { Python("print(1)") }
                Task("pf") { PythonFile("scripts/train.py") }
                Task("s") { SwiftCode("print(1)") }
                Task("sf") { SwiftFile("tools/report.swift") }
            }),
        Twin(
            field: "task description, needs and params",
            yaml: """
                tasks:
                  - {id: a, bash: x}
                  - {id: b, bash: x, description: second, needs: a, params: {k: v}}
                  - {id: c, bash: x, needs: [a, b]}
                """,
            swift: Workflow("task_fields") {
                Task("a") { Bash("x") }
                Task("b") {
                    Bash("x")
                    Description("second")
                    Params(["k": "v"])
                }.needs("a")
                Task("c") {
                    Bash("x")
                    Needs("a", "b")
                }
            }),
        Twin(
            field: "task settings",
            yaml: """
                tasks:
                  - id: a
                    bash: x
                    retries: 3
                    retry_delay: 30s
                    retry_exponential_backoff: true
                    max_retry_delay: 10m
                    timeout: 15m
                    trigger_rule: all_done
                    env: {MODEL: linear}
                """,
            swift: Workflow("task_settings") {
                Task("a") { Bash("x") }
                    .retries(3).retryDelay(.seconds(30)).exponentialBackoff(maxDelay: .minutes(10))
                    .timeout(.minutes(15)).triggerRule(.allDone).env(["MODEL": "linear"])
            }),
        Twin(
            field: "task settings inside the builder",
            yaml: """
                tasks:
                  - {id: a, bash: x, retries: 1, max_retry_delay: 1h, trigger_rule: one_failed, env: {A: "1"}}
                """,
            swift: Workflow("task_settings_builder") {
                Task("a") {
                    Bash("x")
                    Retries(1)
                    MaxRetryDelay(.hours(1))
                    Trigger(.oneFailed)
                    Env(["A": "1"])
                }
            }),
        Twin(
            field: "defaults merged under each task's own settings",
            yaml: """
                defaults:
                  retries: 2
                  retry_delay: 5m
                  retry_exponential_backoff: true
                  max_retry_delay: 1h
                  timeout: 30m
                  trigger_rule: all_success
                  env: {STAGE: dev, MODEL: base}
                tasks:
                  - {id: a, bash: x}
                  - {id: b, bash: x, retries: 3, retry_exponential_backoff: false, env: {MODEL: linear}, needs: a}
                """,
            swift: Workflow("defaults") {
                Defaults {
                    Retries(2)
                    RetryDelay(.minutes(5))
                    ExponentialBackoff(maxDelay: .hours(1))
                    Timeout(.minutes(30))
                    Trigger(.allSuccess)
                    Env(["STAGE": "dev", "MODEL": "base"])
                }
                Task("a") { Bash("x") }
                Task("b") { Bash("x") }.needs("a").retries(3).exponentialBackoff(false).env([
                    "MODEL": "linear"
                ])
            }),
        Twin(
            field: "protocol",
            yaml: """
                id: trainer
                defaults:
                  protocol: {progress: VTM_PROGRESS, meta: VTM_RUN_META}
                tasks:
                  - {id: train, python_file: train.py}
                  - {id: evaluate, bash: x, needs: train, protocol: {progress: EVAL}}
                """,
            swift: Workflow("trainer") {
                Defaults { LineTags(progress: "VTM_PROGRESS", meta: "VTM_RUN_META") }
                Task("train") { PythonFile("train.py") }
                Task("evaluate") {
                    Bash("x")
                    LineTags(progress: "EVAL")
                }.needs("train")
            }),
    ]

    @Test(arguments: twins)
    func swiftDeclarationEqualsItsYAMLTwin(_ twin: Twin) throws {
        let fromYAML = try twin.loadYAML().get()
        let fromSwift = try twin.swift.definition().get()
        #expect(fromSwift == fromYAML)
        #expect(CanonicalForm.contentHash(fromSwift) == CanonicalForm.contentHash(fromYAML))
    }

    @Test func fullExampleEqualsTheDocumentedYAML() throws {
        let yaml = """
            id: daily_sales_report
            description: Sales by region
            schedule: "30 6 * * *"
            timezone: Asia/Seoul
            start_date: 2025-01-01
            catchup: false
            max_active_runs: 1
            params: {region: apac}
            defaults:
              {retries: 2, retry_delay: 30s, retry_exponential_backoff: true, max_retry_delay: 10m, timeout: 15m}
            tasks:
              - {id: extract, bash: echo extracting}
              - {id: load_eu, python: "print('eu')", needs: extract}
              - {id: load_us, python: "print('us')", needs: extract}
              - {id: publish, command: [echo, done], needs: [load_eu, load_us], trigger_rule: all_done, retries: 3}
            """
        let swift = Workflow("daily_sales_report") {
            Description("Sales by region")
            Schedule("30 6 * * *")
            Timezone("Asia/Seoul")
            StartDate("2025-01-01")
            Catchup(false)
            MaxActiveRuns(1)
            Params(["region": "apac"])
            Defaults {
                Retries(2)
                RetryDelay(.seconds(30))
                ExponentialBackoff(maxDelay: .minutes(10))
                Timeout(.minutes(15))
            }
            Task("extract") { Bash("echo extracting") }
            for region in ["eu", "us"] {
                Task("load_\(region)") { Python("print('\(region)')") }.needs("extract")
            }
            Task("publish") { Command(["echo", "done"]) }.needs("load_eu", "load_us").triggerRule(
                .allDone
            ).retries(3)
        }
        let fromYAML = try WorkflowFileLoader.loadYAML(yaml, file: "x.yaml").get()
        let fromSwift = try swift.definition().get()
        #expect(fromSwift == fromYAML)
        #expect(CanonicalForm.json(fromSwift) == CanonicalForm.json(fromYAML))
    }
}

extension WorkflowTests {
    @Test func readmeSwiftExampleEqualsTheReadmeYAML() throws {
        let yaml = """
            id: daily_sales_report
            description: Aggregate yesterday's sales every morning
            schedule: "30 6 * * *"
            timezone: Asia/Seoul
            start_date: 2025-01-01
            catchup: false
            max_active_runs: 1
            params: {region: apac}
            defaults:
              retries: 2
              retry_delay: 30s
              retry_exponential_backoff: true
              timeout: 15m
            tasks:
              - id: extract
                bash: echo "extracting"
              - id: transform
                needs: [extract]
                python: |
                  context["ti"].xcom_push(key="total", value=3500)
              - id: publish
                needs: [transform]
                command: [echo, published]
            """
        let swift = Workflow("daily_sales_report") {
            Description("Aggregate yesterday's sales every morning")
            Schedule("30 6 * * *")
            Timezone("Asia/Seoul")
            StartDate("2025-01-01")
            Catchup(false)
            MaxActiveRuns(1)
            Params(["region": "apac"])
            Defaults {
                Retries(2)
                RetryDelay(.seconds(30))
                ExponentialBackoff()
                Timeout(.minutes(15))
            }
            Task("extract") { Bash("echo \"extracting\"") }
            Task("transform") { Python("context[\"ti\"].xcom_push(key=\"total\", value=3500)\n") }.needs("extract")
            Task("publish") { Command(["echo", "published"]) }.needs("transform")
        }
        let fromYAML = try WorkflowFileLoader.loadYAML(yaml, file: "daily_sales_report.yaml").get()
        #expect(CanonicalForm.contentHash(try swift.definition().get()) == CanonicalForm.contentHash(fromYAML))
    }
}
