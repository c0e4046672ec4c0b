import Foundation
import Testing

/// Hostile but well-formed input: stored and returned verbatim, and concurrent deploys never race.
@Suite("API: bad input", .serialized)
struct APIBadInputTests {
    @Test func storesUnicodeAndSQLTextVerbatimAndDeploysConcurrentlyOnce() async throws {
        try await withAPI { api in
            let text = "'; DROP TABLE workflow; -- 한국어 ✓ \u{1F600} \\\" \n"
            let body = try JSONSerialization.data(withJSONObject: ["name": "odd", "description": text])
            let created = try await api.request(
                "POST", "/api/v1/workflows/", json: String(decoding: body, as: UTF8.self))
            #expect(created.status == 201, "\(created.text)")
            let task = try JSONSerialization.data(withJSONObject: [
                "workflow_id": "odd", "name": "t", "python_callable": "print(\(String(reflecting: text)))",
                "params": ["k": text],
            ])
            let added = try await api.request("POST", "/api/v1/tasks/", json: String(decoding: task, as: UTF8.self))
            #expect((added.object["params"] as? [String: String])?["k"] == text, "\(added.text)")
            #expect(try await api.request("GET", "/api/v1/workflows/odd").object["description"] as? String == text)

            let deploys = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                for _ in 0..<6 { group.addTask { try await api.request("POST", "/api/v1/workflows/odd/deploy") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(deploys.allSatisfy { $0.status == 200 }, "\(deploys.map(\.text))")
            #expect(deploys.filter { $0.object["created"] as? Bool == true }.count == 1)
            #expect(Set(deploys.compactMap { $0.object["version"] as? Int }) == [1])
        }
    }

    // Found by schemathesis (scripts/api-fuzz.sh): a retry count past the 32-bit column was a 500.
    @Test func refusesRetryCountsOutsideZeroToInt32MaxWith422() async throws {
        try await withAPI { api in
            #expect(try await api.request("POST", "/api/v1/workflows/", json: #"{"name":"r"}"#).status == 201)
            for count in ["262993752711298464", "-1"] {
                let added = try await api.request(
                    "POST", "/api/v1/tasks/",
                    json: #"{"workflow_id":"r","name":"t","python_callable":"pass","retry_count":\#(count)}"#)
                #expect(added.status == 422, "\(added.text)")
                #expect((added.object["issues"] as? [String])?.first?.contains("retry_count") == true, "\(added.text)")
            }
            let kept = try await api.request(
                "POST", "/api/v1/tasks/",
                json: #"{"workflow_id":"r","name":"t","python_callable":"pass","retry_count":2147483647}"#)
            #expect(kept.status == 201, "\(kept.text)")
        }
    }

    // Found by schemathesis: a NUL in a run's conf was a database 500 (jsonb and text cannot hold U+0000).
    @Test func refusesNULCharactersInBodiesWith400NamingTheField() async throws {
        try await withAPI(dags: ["f.yaml": APIListTests.daily("f")]) { api in
            let refused = try await api.request(
                "POST", "/api/v1/workflows/f/runs", json: #"{"conf": {"a": ["ok", "x\u0000y"]}}"#)
            #expect(refused.status == 400, "\(refused.text)")
            #expect(
                refused.object["detail"] as? String
                    == "field 'conf.a[1]' contains a NUL character (\\u0000), which cannot be stored")
            let note = try await api.request("POST", "/api/v1/workflows/f/runs", json: #"{"note": "\u0000"}"#)
            #expect(note.status == 400, "\(note.text)")
            #expect(try await api.request("GET", "/api/v1/jobs").array.isEmpty)
        }
    }
}
