import Foundation
import Testing

/// `POST /api/v1/workflows/yaml`: the YAML editor's "Save and deploy".
@Suite("API: save YAML", .serialized)
struct SaveYAMLRouteTests {
    static func body(_ source: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["source": source]), as: UTF8.self)
    }

    static func echo(_ id: String, _ text: String) -> String {
        "id: \(id)\ndescription: saved from YAML\ntasks:\n  - id: say\n    bash: echo \(text)\n"
    }

    @Test func storesVersionOneWithTheTextAsSourceAndTheSchedulerRunsIt() async throws {
        try await withAPI { api in
            let source = Self.echo("saved", "hello-from-yaml")
            let saved = try await api.request("POST", "/api/v1/workflows/yaml", json: try Self.body(source))
            #expect(saved.status == 201, "\(saved.text)")
            #expect(saved.object["id"] as? String == "saved")
            #expect(saved.object["version"] as? Int == 1)
            #expect(saved.object["created"] as? Bool == true)

            let version = try await api.request("GET", "/api/v1/workflows/saved/versions/1")
            #expect(version.object["source"] as? String == source, "\(version.text)")
            #expect(version.object["source_format"] as? String == "yaml", "\(version.text)")
            #expect(version.object["source_kind"] as? String == "api", "\(version.text)")
            let workflow = try await api.request("GET", "/api/v1/workflows/saved")
            #expect(workflow.object["deployed_version"] as? Int == 1, "\(workflow.text)")
            #expect(workflow.object["description"] as? String == "saved from YAML", "\(workflow.text)")

            let run = try await api.request("POST", "/api/v1/workflows/saved/runs")
            let id = try #require(run.object["id"] as? Int, "\(run.text)")
            _ = try await poll("run \(id) finishes", within: .seconds(60)) { () -> Bool? in
                try await api.request("GET", "/api/v1/jobs/\(id)").object["state"] as? String == "success" ? true : nil
            }
            let log = try await api.request("GET", "/api/v1/jobs/\(id)/logs/say")
            #expect((log.object["content"] as? String)?.contains("hello-from-yaml") == true, "\(log.text)")
        }
    }

    @Test func changedYAMLBecomesVersionTwoAndTheSameYAMLAgainStoresNothing() async throws {
        try await withAPI { api in
            let first = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: try Self.body(Self.echo("w", "one")))
            #expect(first.object["version"] as? Int == 1, "\(first.text)")
            let second = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: try Self.body(Self.echo("w", "two")))
            #expect(second.status == 201, "\(second.text)")
            #expect(second.object["version"] as? Int == 2, "\(second.text)")
            let again = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: try Self.body(Self.echo("w", "two")))
            #expect(again.status == 200, "\(again.text)")
            #expect(again.object["version"] as? Int == 2)
            #expect(again.object["created"] as? Bool == false)
            let versions = try await api.request("GET", "/api/v1/workflows/w/versions")
            #expect(versions.array.compactMap { $0["version"] as? Int } == [2, 1])
            let two = try await api.request("GET", "/api/v1/workflows/w/versions/2")
            #expect((two.object["source"] as? String)?.contains("echo two") == true, "\(two.text)")
        }
    }

    @Test func invalidYAMLIsRefusedWithEveryLineNumberedIssueAndNothingStored() async throws {
        try await withAPI { api in
            let source =
                "id: broken\ntasks:\n  - id: a\n    bash: echo a\n  - id: b\n    needs: [lod]\n    bash: echo b\n"
            let answer = try await api.request("POST", "/api/v1/workflows/yaml", json: try Self.body(source))
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.object["error"] as? String == "validation_failed")
            let issues = answer.object["issues"] as? [String] ?? []
            #expect(issues.count == 1, "\(answer.text)")
            #expect(issues.first?.contains(":6:") == true && issues.first?.contains("lod") == true, "\(answer.text)")
            #expect(try await api.request("GET", "/api/v1/workflows/broken").status == 404)
            #expect(try await api.request("GET", "/api/v1/workflows/").array.isEmpty)

            let unnamed = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: try Self.body("tasks:\n  - id: a\n    bash: echo a\n"))
            #expect(unnamed.status == 422, "\(unnamed.text)")
            #expect((unnamed.object["detail"] as? String)?.contains("needs an `id`") == true, "\(unnamed.text)")
            let unknown = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: #"{"source": "id: x", "format": "yaml"}"#)
            #expect(unknown.status == 400)
            #expect(
                (unknown.object["detail"] as? String)?.contains("unknown field 'format'") == true, "\(unknown.text)")
        }
    }

    @Test func aFileWorkflowsIDIsAConflictAndTheFileStaysCurrent() async throws {
        try await withAPI(dags: ["f.yaml": APIListTests.daily("f")]) { api in
            let answer = try await api.request(
                "POST", "/api/v1/workflows/yaml", json: try Self.body(Self.echo("f", "x")))
            #expect(answer.status == 409, "\(answer.text)")
            #expect((answer.object["detail"] as? String)?.contains("f.yaml") == true, "\(answer.text)")
            #expect((answer.object["detail"] as? String)?.contains("edit the file") == true, "\(answer.text)")
            let versions = try await api.request("GET", "/api/v1/workflows/f/versions")
            #expect(versions.array.count == 1)
            #expect(versions.array.first?["source_kind"] as? String == "file")
        }
    }
}
