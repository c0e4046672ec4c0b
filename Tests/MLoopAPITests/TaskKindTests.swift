import Foundation
import MLoopCore
import Testing

/// Draft tasks of every kind the form offers (Python, bash, Swift), with a timeout and a trigger rule: written over
/// the API, deployed, and run by the real worker.
@Suite("API: task kinds, timeouts and trigger rules", .serialized)
struct TaskKindTests {
    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func createWorkflow(_ api: APIHarness, _ id: String) async throws {
        let created = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "\#(id)"}"#)
        #expect(created.status == 201, "\(created.text)")
    }

    static func addTask(_ api: APIHarness, _ fields: [String: Any]) async throws -> HTTPResult {
        try await api.request("POST", "/api/v1/tasks/", json: json(fields))
    }

    static func log(_ api: APIHarness, _ job: Int, _ task: String) async throws -> String {
        try await api.request("GET", "/api/v1/jobs/\(job)/logs/\(task)").object["content"] as? String ?? ""
    }

    @Test func bashAndSwiftTasksMadeOverTheAPIDeployAndRunWithTheirOutputLogged() async throws {
        try await withAPI { api in
            try await Self.createWorkflow(api, "kinds")
            let bash = try await Self.addTask(
                api,
                [
                    "workflow_id": "kinds", "name": "shell", "kind": "bash",
                    "code": "echo \"bash says hi to $MLOOP_TASK_ID\"", "timeout": 60,
                ])
            #expect(bash.status == 201, "\(bash.text)")
            #expect(bash.object["kind"] as? String == "bash")
            #expect(bash.object["code"] as? String == "echo \"bash says hi to $MLOOP_TASK_ID\"")
            #expect(bash.object["python_callable"] as? String == bash.object["code"] as? String)
            #expect(bash.object["timeout"] as? Double == 60)
            #expect(bash.object["trigger_rule"] as? String == "all_success")
            let swift = try await Self.addTask(
                api,
                [
                    "workflow_id": "kinds", "name": "compiled", "kind": "swift",
                    "code": "print(\"swift says \\(6 * 7)\")", "dependencies": ["shell"], "trigger_rule": "all_done",
                ])
            #expect(swift.status == 201, "\(swift.text)")
            #expect(swift.object["kind"] as? String == "swift")
            #expect(swift.object["timeout"] is NSNull, "no timeout is null: \(swift.text)")
            #expect(swift.object["trigger_rule"] as? String == "all_done")

            let document = try await OpenAPIDocumentTests.document(api)
            let operations = OpenAPIDocumentTests.operations(document)
            let checker = JSONSchemaChecker(document: document)
            try OpenAPIDocumentTests.expectConforms(checker, operations, "POST /api/v1/tasks", bash)
            let workflow = try await api.request("GET", "/api/v1/workflows/kinds")
            try OpenAPIDocumentTests.expectConforms(checker, operations, "GET /api/v1/workflows/{id}", workflow)
            #expect(workflow.object["form_unsupported"] as? [String] == [])

            let deployed = try await api.request("POST", "/api/v1/workflows/kinds/deploy")
            #expect(deployed.status == 200, "\(deployed.text)")
            let graph = try await api.request("GET", "/api/v1/workflows/kinds/graph")
            let nodes = (graph.object["nodes"] as? [[String: Any]] ?? []).map {
                "\($0["id"] ?? "") \($0["kind"] ?? "") \($0["trigger_rule"] ?? "")"
            }
            #expect(nodes == ["shell bash all_success", "compiled swift all_done"], "\(graph.text)")
            let version = try await api.request("GET", "/api/v1/workflows/kinds/versions/1")
            let definition = version.object["definition"] as? [String: Any]
            let first = (definition?["tasks"] as? [[String: Any]])?.first
            #expect(first?["timeout"] as? Double == 60, "the timeout is in the definition: \(version.text)")

            let triggered = try await api.request("POST", "/api/v1/jobs/trigger/kinds")
            #expect(triggered.status == 201, "\(triggered.text)")
            let jobID = try #require(triggered.object["id"] as? Int)
            // The Swift task compiles with swiftc -O first: seconds on a cold cache.
            let job = try await poll("job \(jobID) finishes", within: .seconds(180)) { () -> [String: Any]? in
                let detail = try await api.request("GET", "/api/v1/jobs/\(jobID)").object
                return ["success", "failed"].contains(detail["state"] as? String ?? "") ? detail : nil
            }
            let shellLog = try await Self.log(api, jobID, "shell")
            let swiftLog = try await Self.log(api, jobID, "compiled")
            #expect(job["state"] as? String == "success", "\(job)\n\(shellLog)\n\(swiftLog)")
            #expect(shellLog.contains("bash says hi to shell"), "\(shellLog)")
            #expect(swiftLog.contains("swift says 42"), "\(swiftLog)")
        }
    }

    @Test func pythonCallableOnlyPayloadsWorkAsBefore() async throws {
        try await withAPI { api in
            try await Self.createWorkflow(api, "seed")
            let created = try await api.request(
                "POST", "/api/v1/tasks/",
                json: #"{"workflow_id": "seed", "name": "t", "python_callable": "print(1)", "retry_count": 1}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.object["python_callable"] as? String == "print(1)")
            #expect(created.object["code"] as? String == "print(1)")
            #expect(created.object["kind"] as? String == "python")
            let id = try #require(created.object["id"] as? Int)
            let replaced = try await api.request(
                "PUT", "/api/v1/tasks/\(id)", json: #"{"name": "t", "python_callable": "print(2)"}"#)
            #expect(replaced.status == 200, "\(replaced.text)")
            #expect(replaced.object["python_callable"] as? String == "print(2)")
            #expect(replaced.object["retry_count"] as? Int == 0, "PUT replaces every field")
            // Both names with the same code are one field given twice.
            let both = try await api.request(
                "PUT", "/api/v1/tasks/\(id)", json: #"{"name": "t", "python_callable": "pass", "code": "pass"}"#)
            #expect(both.status == 200, "\(both.text)")
        }
    }

    @Test(arguments: [
        (
            #""code": "print(1)", "python_callable": "print(2)""#,
            "fields 'code' and 'python_callable' differ"
        ),
        (#""retry_count": 1"#, "field 'code' is required (or its older name 'python_callable')"),
        (
            #""code": "echo", "kind": "bsh""#,
            "field 'kind' must be one of python, bash, swift, not 'bsh' (did you mean 'bash'?)"
        ),
        (#""code": "echo", "timeout": 0"#, "field 'timeout' must be a number of seconds greater than 0"),
        (#""code": "echo", "timeout": -5"#, "field 'timeout' must be a number of seconds greater than 0"),
        (
            #""code": "echo", "trigger_rule": "al_success""#,
            "field 'trigger_rule': unknown trigger rule 'al_success' (did you mean 'all_success'?); use one of "
                + "all_success, all_failed, all_done, all_done_min_one_success, all_skipped, one_success, one_failed, "
                + "one_done, none_failed, none_failed_min_one_success, none_skipped, always"
        ),
        (#""code": "echo", "trigger_rule": "whenever""#, "unknown trigger rule 'whenever'; use one of all_success"),
        (#""code": "echo", "timout": 3"#, "unknown field 'timout' (did you mean 'timeout'?)"),
    ])
    func refusesTaskFieldsThatCannotBeStoredNamingTheField(fields: String, message: String) async throws {
        try await withAPI { api in
            try await Self.createWorkflow(api, "bad")
            let answer = try await api.request(
                "POST", "/api/v1/tasks/", json: #"{"workflow_id": "bad", "name": "t", \#(fields)}"#)
            #expect(answer.status == 400, "\(answer.text)")
            #expect((answer.object["detail"] as? String)?.contains(message) == true, "\(answer.text)")
            let tasks = try await api.request("GET", "/api/v1/workflows/bad").object["tasks"] as? [Any]
            #expect(tasks?.isEmpty == true, "nothing stored")
        }
    }

    @Test func deployReportsProblemsPerTaskField() async throws {
        try await withAPI { api in
            try await Self.createWorkflow(api, "broken")
            let added = try await Self.addTask(
                api, ["workflow_id": "broken", "name": "b", "kind": "bash", "code": "echo", "dependencies": ["nope"]])
            #expect(added.status == 201, "\(added.text)")
            let refused = try await api.request("POST", "/api/v1/workflows/broken/deploy")
            #expect(refused.status == 422, "\(refused.text)")
            let issues = refused.object["issues"] as? [String] ?? []
            #expect(issues.contains { $0.hasPrefix("tasks[0].needs[0]: ") && $0.contains("nope") }, "\(refused.text)")
        }
    }

    @Test func yamlWithBashSwiftTimeoutAndTriggerRuleOpensInTheForm() async throws {
        try await withAPI { api in
            let source = """
                id: mixed
                tasks:
                  - id: extract
                    bash: echo extract
                    timeout: 90s
                  - id: build
                    needs: [extract]
                    swift: print("built")
                    trigger_rule: one_success
                  - id: load
                    needs: [build]
                    python: print("load")
                """
            let saved = try await YAMLDraftTests.save(api, source)
            #expect(saved.status == 201, "\(saved.text)")
            let workflow = try await api.request("GET", "/api/v1/workflows/mixed")
            #expect(workflow.object["form_unsupported"] as? [String] == [], "\(workflow.text)")
            let tasks = workflow.object["tasks"] as? [[String: Any]] ?? []
            let summary = tasks.map {
                "\($0["name"] ?? "") \($0["kind"] ?? "") \($0["code"] ?? "") \($0["timeout"] ?? "") "
                    + "\($0["trigger_rule"] ?? "")"
            }
            #expect(
                summary == [
                    "extract bash echo extract 90 all_success", #"build swift print("built") <null> one_success"#,
                    #"load python print("load") <null> all_success"#,
                ], "\(workflow.text)")
            // The draft is the saved workflow: deploying it creates no version.
            let same = try await api.request("POST", "/api/v1/workflows/mixed/deploy")
            #expect(same.status == 200, "\(same.text)")
            #expect(same.object["created"] as? Bool == false, "\(same.text)")
        }
    }
}
