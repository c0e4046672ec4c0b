import Foundation
import Testing

/// The API's error contract: JSON `{"error", "detail"}` with the right status, and nothing changed on failure.
@Suite("API: errors", .serialized)
struct APIErrorTests {
    static let fileWorkflow = """
        id: from_file
        schedule: none
        tasks:
          - id: hello
            bash: echo hello
        """

    @Test func answersEveryFailureWithJSONErrorAndStatus() async throws {
        try await withAPI(dags: ["from_file.yaml": Self.fileWorkflow]) { api in
            // 400: malformed JSON, and a wrong field type named.
            let malformed = try await api.request("POST", "/api/v1/workflows/", json: "{\"name\": ")
            #expect(malformed.status == 400)
            #expect(malformed.object["error"] as? String == "bad_request")
            #expect((malformed.object["detail"] as? String)?.contains("not valid JSON") == true, "\(malformed.text)")
            let wrongType = try await api.request(
                "POST", "/api/v1/workflows/", json: #"{"name": "x", "is_active": "yes"}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.object["detail"] as? String == "field 'is_active' must be true or false")
            let wrongTask = try await api.request(
                "POST", "/api/v1/tasks/",
                json: #"{"workflow_id": "x", "name": "t", "python_callable": "", "retry_count": "2"}"#)
            #expect(
                wrongTask.object["detail"] as? String == "field 'retry_count' must be an integer", "\(wrongTask.text)")

            // 404: unknown workflow, task, job and route.
            #expect(try await api.request("GET", "/api/v1/workflows/nope").status == 404)
            #expect(try await api.request("GET", "/api/v1/tasks/999").status == 404)
            #expect(try await api.request("GET", "/api/v1/jobs/999").status == 404)
            let route = try await api.request("GET", "/api/v1/nothing-here")
            #expect(route.status == 404)
            #expect(route.object["error"] as? String == "not_found")

            // 409: DAGs-file workflows are visible but read-only; names are unique.
            let listed = try await api.request("GET", "/api/v1/workflows/")
            #expect(
                listed.array.contains { $0["id"] as? String == "from_file" && $0["source_kind"] as? String == "file" })
            let edit = try await api.request("PUT", "/api/v1/workflows/from_file", json: #"{"description": "x"}"#)
            #expect(edit.status == 409)
            #expect((edit.object["detail"] as? String)?.contains("from_file.yaml") == true, "\(edit.text)")
            #expect(try await api.request("DELETE", "/api/v1/workflows/from_file").status == 409)
            let addToFile = try await api.request(
                "POST", "/api/v1/tasks/", json: #"{"workflow_id": "from_file", "name": "t", "python_callable": "pass"}"#
            )
            #expect(addToFile.status == 409)
            #expect(try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "from_file"}"#).status == 409)

            // 422: deploy runs the workflow validator and reports every message; nothing is deployed.
            let draft = try await api.request(
                "POST", "/api/v1/workflows/", json: #"{"name": "broken", "schedule": "every day"}"#)
            #expect(draft.status == 201, "\(draft.text)")
            _ = try await api.request(
                "POST", "/api/v1/tasks/",
                json: #"{"workflow_id": "broken", "name": "b", "python_callable": "pass", "dependencies": ["missing"]}"#
            )
            let deploy = try await api.request("POST", "/api/v1/workflows/broken/deploy")
            #expect(deploy.status == 422, "\(deploy.text)")
            let issues = deploy.object["issues"] as? [String] ?? []
            #expect(issues.count == 2, "\(deploy.text)")
            #expect(issues.contains { $0.hasPrefix("schedule") }, "\(issues)")
            #expect(issues.contains { $0.contains("missing") }, "\(issues)")
            let after = try await api.request("GET", "/api/v1/workflows/broken")
            #expect(after.object["deployed_version"] is NSNull)

            // 413: bodies over the limit.
            let huge = "{\"name\": \"big\", \"description\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
            let tooLarge = try await api.request("POST", "/api/v1/workflows/", json: huge)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.object["error"] as? String == "content_too_large")

            // 403: a web page of another origin cannot post workflows.
            let crossSite = try await api.request(
                "POST", "/api/v1/workflows/", json: #"{"name": "evil"}"#, headers: ["Origin": "http://evil.example"])
            #expect(crossSite.status == 403)
            #expect(try await api.request("GET", "/api/v1/workflows/evil").status == 404)
        }
    }

    @Test func editsAndDeletesDraftsAndRedeploysNewVersions() async throws {
        try await withAPI { api in
            _ = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "w", "schedule": null}"#)
            let task = try await api.request(
                "POST", "/api/v1/tasks/", json: #"{"workflow_id": "w", "name": "a", "python_callable": "print(1)"}"#)
            let taskID = try #require(task.object["id"] as? Int)
            #expect(try await api.request("POST", "/api/v1/workflows/w/deploy").object["version"] as? Int == 1)
            let again = try await api.request("POST", "/api/v1/workflows/w/deploy")
            #expect(again.object["version"] as? Int == 1)
            #expect(again.object["created"] as? Bool == false)

            let edited = try await api.request(
                "PUT", "/api/v1/tasks/\(taskID)",
                json: #"{"name": "a", "python_callable": "print(2)", "retry_count": 3}"#)
            #expect(edited.object["retry_count"] as? Int == 3, "\(edited.text)")
            let paused = try await api.request(
                "PUT", "/api/v1/workflows/w", json: #"{"is_active": false, "description": "d"}"#)
            #expect(paused.object["is_active"] as? Bool == false)
            #expect(paused.object["description"] as? String == "d")
            #expect(try await api.request("POST", "/api/v1/workflows/w/deploy").object["version"] as? Int == 2)
            let renamed = try await api.request("PUT", "/api/v1/workflows/w", json: #"{"name": "other"}"#)
            #expect(renamed.status == 409)

            #expect(try await api.request("DELETE", "/api/v1/tasks/\(taskID)").status == 204)
            #expect(try await api.request("GET", "/api/v1/tasks/\(taskID)").status == 404)
            #expect(try await api.request("DELETE", "/api/v1/workflows/w").status == 204)
            #expect(try await api.request("GET", "/api/v1/workflows/w").status == 404)
            #expect(try await api.request("POST", "/api/v1/jobs/trigger/w").status == 409)
            let recreated = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "w"}"#)
            #expect(recreated.status == 201)
            #expect(recreated.object["deployed_version"] is NSNull)
        }
    }
}
