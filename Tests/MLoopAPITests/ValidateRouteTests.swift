import Foundation
import Testing

/// `POST /api/v1/workflows/validate`: the DAGs-folder loader's verdict on a YAML text, nothing stored.
@Suite("API: validate", .serialized)
struct ValidateRouteTests {
    @Test func reportsEveryProblemWithItsLineAndColumn() async throws {
        try await withAPI { api in
            let source =
                "id: broken\ntasks:\n  - id: a\n    bash: echo a\n  - id: b\n    needs: [lod]\n    bash: echo b\n"
            let body = String(
                data: try JSONSerialization.data(withJSONObject: ["format": "yaml", "source": source]), encoding: .utf8)!
            let answer = try await api.request("POST", "/api/v1/workflows/validate", json: body)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["valid"] as? Bool == false)
            let issues = answer.object["issues"] as? [[String: Any]] ?? []
            #expect(issues.count == 1, "\(answer.text)")
            #expect(issues.first?["line"] as? Int == 6, "\(answer.text)")
            #expect((issues.first?["message"] as? String)?.contains("lod") == true, "\(answer.text)")
            let list = try await api.request("GET", "/api/v1/workflows/")
            #expect(list.array.isEmpty, "validating must not store a workflow: \(list.text)")
        }
    }

    @Test func describesAValidWorkflowsTasks() async throws {
        try await withAPI { api in
            let source = "id: fine\ntasks:\n  - id: a\n    bash: echo a\n  - id: b\n    needs: [a]\n    bash: echo b\n"
            let body = String(data: try JSONSerialization.data(withJSONObject: ["source": source]), encoding: .utf8)!
            let answer = try await api.request("POST", "/api/v1/workflows/validate", json: body)
            #expect(answer.object["valid"] as? Bool == true, "\(answer.text)")
            #expect(answer.object["workflow_id"] as? String == "fine")
            let tasks = answer.object["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.map { $0["id"] as? String } == ["a", "b"])
            #expect(tasks.last?["needs"] as? [String] == ["a"])
        }
    }

    @Test func refusesSwiftAndMissingSource() async throws {
        try await withAPI { api in
            let swift = try await api.request(
                "POST", "/api/v1/workflows/validate", json: #"{"format": "swift", "source": "let x = 1"}"#)
            #expect(swift.status == 400)
            #expect((swift.object["detail"] as? String)?.contains("only 'yaml'") == true, "\(swift.text)")
            let missing = try await api.request("POST", "/api/v1/workflows/validate", json: #"{"format": "yaml"}"#)
            #expect(missing.status == 400)
            #expect(missing.object["detail"] as? String == "field 'source' is required")
        }
    }
}
