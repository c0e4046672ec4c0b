import Foundation
import MLoopStore
import Testing

/// Seed 002's README walkthrough ("API를 통한 Workflow 생성 예제", steps 1–7, and "Task 로그 조회"), replayed over
/// HTTP against a real scheduler and worker. The task code is the seed's, with pandas and scikit-learn replaced by
/// plain Python; the second task pulls the first one's XCom.
@Suite("API: seed 002 walkthrough", .serialized)
struct SeedWalkthroughTests {
    static let preprocessing = """
        print("Data preprocessing started")
        data = {"col1": [1, 2, 3], "col2": [4, 5, 6]}
        shape = (len(data["col1"]), len(data))
        print(f"Data shape: {shape}")
        context["ti"].xcom_push(key="data_shape", value=shape)
        """

    static let training = """
        print("Model training started")
        shape = context["ti"].xcom_pull(task_ids="data_preprocessing", key="data_shape")
        print(f"Pulled data shape: {shape}")
        X = [1, 2, 3]
        y = [2, 4, 6]
        mx, my = sum(X) / len(X), sum(y) / len(y)
        coef = sum((a - mx) * (b - my) for a, b in zip(X, y)) / sum((a - mx) ** 2 for a in X)
        print(f"Model trained. Coefficient: {coef}")
        context["ti"].xcom_push(key="model_coef", value=float(coef))
        context["ti"].xcom_push(key="pulled_shape", value=shape)
        """

    static func taskJSON(_ workflow: String, _ name: String, _ code: String, needs: [String], retries: Int) -> String {
        let object: [String: Any] = [
            "workflow_id": workflow, "name": name, "python_callable": code, "params": [String: Any](),
            "dependencies": needs, "retry_count": retries, "retry_delay": 300,
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func replaysTheSeedWalkthroughFromCreateToLogs() async throws {
        try await withAPI { api in
            // 1. Create the workflow; the response carries its id.
            let created = try await api.request(
                "POST", "/api/v1/workflows/",
                json: """
                    {"name": "ml_pipeline_example", "description": "Example ML Pipeline", "schedule": "@daily",
                     "is_active": true}
                    """)
            #expect(created.status == 201, "\(created.text)")
            let workflowID = try #require(created.object["id"] as? String)
            #expect(workflowID == "ml_pipeline_example")
            #expect(created.object["deployed_version"] is NSNull, "a new workflow is a draft")

            // 2–3. Add both tasks.
            let first = try await api.request(
                "POST", "/api/v1/tasks/",
                json: Self.taskJSON(workflowID, "data_preprocessing", Self.preprocessing, needs: [], retries: 2))
            #expect(first.status == 201, "\(first.text)")
            let second = try await api.request(
                "POST", "/api/v1/tasks/",
                json: Self.taskJSON(
                    workflowID, "model_training", Self.training, needs: ["data_preprocessing"], retries: 1))
            #expect(second.status == 201, "\(second.text)")
            #expect(second.object["retry_delay"] as? Double == 300)
            let taskID = try #require(second.object["id"] as? Int)
            let fetched = try await api.request("GET", "/api/v1/tasks/\(taskID)")
            #expect(fetched.object["dependencies"] as? [String] == ["data_preprocessing"])

            // A draft cannot run before it is deployed.
            let early = try await api.request("POST", "/api/v1/jobs/trigger/\(workflowID)")
            #expect(early.status == 409, "\(early.text)")

            // 4. Deploy.
            let deployed = try await api.request("POST", "/api/v1/workflows/\(workflowID)/deploy")
            #expect(deployed.status == 200, "\(deployed.text)")
            #expect(deployed.object["version"] as? Int == 1)
            let workflow = try await api.request("GET", "/api/v1/workflows/\(workflowID)")
            #expect(workflow.object["deployed_version"] as? Int == 1)
            #expect((workflow.object["tasks"] as? [Any])?.count == 2)

            // 5. Trigger.
            let triggered = try await api.request("POST", "/api/v1/jobs/trigger/\(workflowID)")
            #expect(triggered.status == 201, "\(triggered.text)")
            let jobID = try #require(triggered.object["id"] as? Int)

            // 6. The job list has it; poll its detail until it finishes.
            let jobs = try await api.request("GET", "/api/v1/jobs/")
            #expect(jobs.array.contains { $0["id"] as? Int == jobID })
            let job = try await poll("job \(jobID) finishes", within: .seconds(60)) { () -> [String: Any]? in
                let detail = try await api.request("GET", "/api/v1/jobs/\(jobID)").object
                return ["success", "failed"].contains(detail["state"] as? String ?? "") ? detail : nil
            }
            #expect(job["state"] as? String == "success", "\(job)")
            let states = (job["task_instances"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
            #expect(states == ["success", "success"])

            // 7. Both tasks' logs.
            let log1 = try await api.request("GET", "/api/v1/jobs/\(jobID)/logs/data_preprocessing")
            #expect(log1.status == 200)
            let text1 = log1.object["content"] as? String ?? ""
            #expect(text1.contains("Data preprocessing started"), "\(log1.text)")
            #expect(text1.contains("Data shape: (3, 2)"), "\(log1.text)")
            let log2 = try await api.request("GET", "/api/v1/jobs/\(jobID)/logs/model_training")
            let text2 = log2.object["content"] as? String ?? ""
            #expect(text2.contains("Pulled data shape: [3, 2]"), "\(log2.text)")
            #expect(text2.contains("Model trained. Coefficient: 2.0"), "\(log2.text)")

            // The XCom the second task pulled, and what it pushed.
            let xcoms = try await api.request("GET", "/api/v1/jobs/\(jobID)/xcoms")
            let values = Dictionary(
                uniqueKeysWithValues: xcoms.array.map {
                    ("\($0["task_id"] ?? "").\($0["key"] ?? "")", $0["value"] as Any)
                })
            #expect(values["data_preprocessing.data_shape"] as? [Int] == [3, 2])
            #expect(values["model_training.pulled_shape"] as? [Int] == [3, 2])
            #expect(values["model_training.model_coef"] as? Double == 2.0)

            // Monitoring.
            let stats = try await api.request("GET", "/api/v1/monitoring/stats")
            #expect(((stats.object["task_instances"] as? [String: Int])?["success"] ?? 0) >= 2, "\(stats.text)")
            let health = try await api.request("GET", "/api/v1/monitoring/health")
            #expect(health.status == 200)
            #expect(health.object["status"] as? String == "ok")
            let newest = try MigrationDirectory.load(MigrationDirectory.locate()).last?.version
            #expect(health.object["schema_version"] as? Int == newest)
        }
    }
}
