import Foundation
import Testing

/// Workflow versions: list, source, diff, rollback.
@Suite("API: versions", .serialized)
struct APIVersionTests {
    /// Creates API workflow `id` with one task printing `text`, deploys it, then deploys again with `second`.
    static func deployTwice(_ api: APIHarness, _ id: String, _ first: String, _ second: String) async throws {
        _ = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "\#(id)"}"#)
        let task = try await api.request(
            "POST", "/api/v1/tasks/",
            json: #"{"workflow_id": "\#(id)", "name": "t", "python_callable": "print('\#(first)')", "retry_delay": 0}"#)
        let taskID = try #require(task.object["id"] as? Int)
        #expect(try await api.request("POST", "/api/v1/workflows/\(id)/deploy").object["version"] as? Int == 1)
        _ = try await api.request(
            "PUT", "/api/v1/tasks/\(taskID)",
            json: #"{"name": "t", "python_callable": "print('\#(second)')", "retry_delay": 0}"#)
        #expect(try await api.request("POST", "/api/v1/workflows/\(id)/deploy").object["version"] as? Int == 2)
    }

    @Test func listsVersionsAndDiffsTwoDeployedOnes() async throws {
        try await withAPI { api in
            try await Self.deployTwice(api, "w", "one", "two")
            let versions = try await api.request("GET", "/api/v1/workflows/w/versions")
            #expect(versions.array.compactMap { $0["version"] as? Int } == [2, 1])
            #expect(versions.array.map { $0["is_current"] as? Bool } == [true, false])
            #expect(versions.array.first?["source_kind"] as? String == "api")
            #expect(versions.array.first?["source"] == nil, "the list leaves the source out")

            let one = try await api.request("GET", "/api/v1/workflows/w/versions/1")
            #expect((one.object["source"] as? String)?.contains("print('one')") == true, "\(one.text)")
            #expect(((one.object["definition"] as? [String: Any])?["tasks"] as? [Any])?.count == 1)

            let diff = try await api.request("GET", "/api/v1/workflows/w/versions/1/diff/2")
            #expect(diff.status == 200, "\(diff.text)")
            #expect(diff.object["from"] as? Int == 1)
            #expect(diff.object["to"] as? Int == 2)
            let text = try #require(diff.object["diff"] as? String)
            #expect(text.hasPrefix("--- v1\n+++ v2\n@@ "), "\(text)")
            #expect(text.contains("-") && text.contains("one") && text.contains("two"))
            let hunks = try #require(diff.object["hunks"] as? [[String: Any]])
            #expect(!hunks.isEmpty)
            let lines = hunks.flatMap { $0["lines"] as? [String] ?? [] }
            #expect(lines.contains { $0.hasPrefix("-") && $0.contains("one") })
            #expect(lines.contains { $0.hasPrefix("+") && $0.contains("two") })
            #expect(try await api.request("GET", "/api/v1/workflows/w/versions/1/diff/9").status == 404)
        }
    }

    @Test func rollbackMakesTheEarlierVersionCurrentForNewRuns() async throws {
        try await withAPI { api in
            try await Self.deployTwice(api, "w", "one", "two")
            let rollback = try await api.request("POST", "/api/v1/workflows/w/rollback", json: #"{"version": 1}"#)
            #expect(rollback.status == 200, "\(rollback.text)")
            #expect(rollback.object["version"] as? Int == 1)
            #expect(rollback.object["previous_version"] as? Int == 2)
            #expect(try await api.request("GET", "/api/v1/workflows/w").object["deployed_version"] as? Int == 1)
            let current = try await api.request("GET", "/api/v1/workflows/w/versions").array.first {
                $0["is_current"] as? Bool == true
            }
            #expect(current?["version"] as? Int == 1)

            // A new run uses version 1's code.
            let run = try await api.request("POST", "/api/v1/workflows/w/runs")
            #expect(run.object["version_number"] as? Int == 1, "\(run.text)")
            let id = try #require(run.object["id"] as? Int)
            _ = try await poll("run \(id) finishes", within: .seconds(60)) { () -> Bool? in
                try await api.request("GET", "/api/v1/jobs/\(id)").object["state"] as? String == "success" ? true : nil
            }
            let log = try await api.request("GET", "/api/v1/jobs/\(id)/logs/t")
            #expect((log.object["content"] as? String)?.contains("one") == true, "\(log.text)")

            #expect(
                try await api.request("POST", "/api/v1/workflows/w/rollback", json: #"{"version": 7}"#).status == 404)
        }
    }

    @Test func rollbackOfAFileWorkflowIsAConflict() async throws {
        try await withAPI(dags: ["f.yaml": APIListTests.daily("f")]) { api in
            let versions = try await api.request("GET", "/api/v1/workflows/f/versions")
            #expect(versions.array.first?["source_format"] as? String == "yaml")
            #expect(versions.array.first?["file_path"] as? String == "f.yaml")
            let rollback = try await api.request("POST", "/api/v1/workflows/f/rollback", json: #"{"version": 1}"#)
            #expect(rollback.status == 409)
            #expect((rollback.object["detail"] as? String)?.contains("edit the file") == true, "\(rollback.text)")
            #expect(try await api.request("GET", "/api/v1/workflows/nope/versions").status == 404)
        }
    }
}
