import Foundation
import MLoopCore
import Testing

/// `GET /jobs/{id}/tasks/{task_id}/xcom-pulls`: what a try read from its upstream tasks.
@Suite("API: XCom pulls", .serialized)
struct APIXComPullTests {
    static let workflow = """
        id: pulling
        tasks:
          - id: extract
            bash: |
              echo 'MLOOP_XCOM::{"key": "data_shape", "value": [3, 2]}'
              echo 'MLOOP_XCOM::{"key": "unused", "value": 0}'
          - id: train
            needs: [extract]
            python: |
              print(context["ti"].xcom_pull(task_ids="extract", key="data_shape"))
        """

    @Test func listsTheKeysATryReadWithTheirValues() async throws {
        try await withAPI(dags: ["pulling.yaml": Self.workflow]) { api in
            let created = try await api.request("POST", "/api/v1/jobs/trigger/pulling")
            let id = try #require(created.object["id"] as? Int, "\(created.text)")
            let job = try await APIRunOperationTests.finished(api, id)
            #expect(job["state"] as? String == "success")

            let pulls = try await api.request("GET", "/api/v1/jobs/\(id)/tasks/train/xcom-pulls")
            #expect(pulls.status == 200, "\(pulls.text)")
            let body = try JSONDecoder().decode(JSONValue.self, from: pulls.body)
            #expect(body == [["from_task_id": "extract", "key": "data_shape", "value": [3, 2]]])
            let explicit = try await api.request("GET", "/api/v1/jobs/\(id)/tasks/train/xcom-pulls?try=1")
            #expect(try JSONDecoder().decode(JSONValue.self, from: explicit.body) == body)
            #expect(try await api.request("GET", "/api/v1/jobs/\(id)/tasks/train/xcom-pulls?try=2").array.isEmpty)
            #expect(try await api.request("GET", "/api/v1/jobs/\(id)/tasks/extract/xcom-pulls").array.isEmpty)

            let document = try await OpenAPIDocumentTests.document(api)
            let checker = JSONSchemaChecker(document: document)
            let operations = OpenAPIDocumentTests.operations(document)
            let operation = "GET /api/v1/jobs/{id}/tasks/{task_id}/xcom-pulls"
            try OpenAPIDocumentTests.expectConforms(checker, operations, operation, pulls)
            let noTask = try await api.request("GET", "/api/v1/jobs/\(id)/tasks/nope/xcom-pulls")
            #expect(noTask.status == 404)
            #expect(noTask.text.contains("has no task 'nope'"))
            try OpenAPIDocumentTests.expectConforms(checker, operations, operation, noTask)
            let badTry = try await api.request("GET", "/api/v1/jobs/\(id)/tasks/train/xcom-pulls?try=last")
            #expect(badTry.status == 400)
            #expect(badTry.text.contains("query parameter 'try' must be a non-negative integer, not 'last'"))
            try OpenAPIDocumentTests.expectConforms(checker, operations, operation, badTry)
        }
    }
}
