import Foundation
import Hummingbird
import MLoopCore
import Testing

@testable import MLoopAPI

@Suite struct OpenAPIDocumentTests {
    /// The served document and its (method, path) pairs as `GET /api/v1/x/{id}`.
    static func document(_ api: APIHarness) async throws -> JSONValue {
        let response = try await api.request("GET", "/api/v1/openapi.json")
        #expect(response.status == 200)
        return try JSONDecoder().decode(JSONValue.self, from: response.body)
    }

    static func operations(_ document: JSONValue) -> [String: JSONValue] {
        guard case .object(let root) = document, case .object(let paths) = root["paths"] else { return [:] }
        var operations: [String: JSONValue] = [:]
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods { operations["\(method.uppercased()) \(normalise(path))"] = operation }
        }
        return operations
    }

    /// `:id` and `{id}` are the same parameter; a trailing slash is the same route.
    static func normalise(_ path: String) -> String {
        let parts = path.split(separator: "/").map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    @Test func documentsEveryRouteAndNoRouteThatDoesNotExist() async throws {
        try await withAPI { api in
            let routes = Set(
                APIRoutes(pool: api.pool).router().routes.map { "\($0.method) \(Self.normalise("\($0.path)"))" })
            let documented = Set(Self.operations(try await Self.document(api)).keys)
            #expect(routes.count > 40)
            #expect(routes.subtracting(documented).sorted() == [], "routes missing from the document")
            #expect(documented.subtracting(routes).sorted() == [], "documented operations without a route")
        }
    }

    @Test func everyDocumentedGetWithoutParametersAnswers() async throws {
        try await withAPI { api in
            // Event streams never end; the route test covers that they exist.
            let paths = Self.operations(try await Self.document(api)).filter {
                $0.key.hasPrefix("GET ") && !$0.key.contains("{") && !"\($0.value)".contains("text/event-stream")
            }.keys
            #expect(paths.count >= 9)
            for key in paths.sorted() {
                let response = try await api.request("GET", String(key.dropFirst(4)))
                #expect(![404, 405].contains(response.status), "\(key) answered \(response.status)")
                #expect(response.status < 500, "\(key) answered \(response.status): \(response.text)")
            }
        }
    }

    @Test func realResponsesMatchTheirDocumentedSchemas() async throws {
        try await withAPI(dags: ["f.yaml": APIListTests.daily("f")]) { api in
            let document = try await Self.document(api)
            let checker = JSONSchemaChecker(document: document)
            let operations = Self.operations(document)
            let created = try await api.request("POST", "/api/v1/workflows/f/runs", json: #"{"note":"schema"}"#)
            try Self.expectConforms(checker, operations, "POST /api/v1/workflows/{id}/runs", created)
            let id = created.object["run_id"] as? Int ?? 0
            try await poll("job \(id) finishes", within: .seconds(60)) { () -> Bool? in
                let state = try await api.request("GET", "/api/v1/jobs/\(id)").object["state"] as? String
                return ["success", "failed"].contains(state ?? "") ? true : nil
            }
            let checks: [(String, String)] = [
                ("GET /api/v1/workflows", "/api/v1/workflows"),
                ("GET /api/v1/jobs/{id}", "/api/v1/jobs/\(id)"),
                ("GET /api/v1/jobs", "/api/v1/jobs"),
                ("GET /api/v1/jobs/{id}/tasks", "/api/v1/jobs/\(id)/tasks"),
                ("GET /api/v1/jobs/{id}/tasks/{task_id}/tries", "/api/v1/jobs/\(id)/tasks/a/tries"),
                ("GET /api/v1/jobs/{id}/logs/{task_name}", "/api/v1/jobs/\(id)/logs/a"),
                ("GET /api/v1/jobs/{id}/logs/{task_name}/download", "/api/v1/jobs/\(id)/logs/a/download"),
                ("GET /api/v1/jobs/{id}/logs/{task_name}/download", "/api/v1/jobs/\(id)/logs/a/download?try=7"),
                ("GET /api/v1/workflows/{id}/grid", "/api/v1/workflows/f/grid?limit=1"),
                ("GET /api/v1/workflows/{id}/graph", "/api/v1/workflows/f/graph?run_id=\(id)"),
                ("GET /api/v1/workflows/{id}/grid", "/api/v1/workflows/f/grid"),
                ("GET /api/v1/workflows/{id}/versions", "/api/v1/workflows/f/versions"),
                ("GET /api/v1/workflows/{id}/versions/{number}", "/api/v1/workflows/f/versions/1"),
                ("GET /api/v1/workflows/{id}/runs", "/api/v1/workflows/f/runs"),
                ("GET /api/v1/monitoring/stats", "/api/v1/monitoring/stats"),
                ("GET /api/v1/monitoring/health", "/api/v1/monitoring/health"),
                ("GET /api/v1/auth/tokens", "/api/v1/auth/tokens"),
                ("GET /api/v1/users", "/api/v1/users"),
                ("GET /api/v1/jobs/{id}", "/api/v1/jobs/987654"),
            ]
            for (operation, path) in checks {
                try Self.expectConforms(checker, operations, operation, try await api.request("GET", path))
            }
            let dryRun = try await api.request(
                "POST", "/api/v1/workflows/f/backfill",
                json: #"{"start":"2099-01-01","end":"2099-01-03","dry_run":true}"#)
            try Self.expectConforms(checker, operations, "POST /api/v1/workflows/{id}/backfill", dryRun)
            for source in [APIListTests.daily("v"), "id: v\ntasks:\n  - id: a\n    needs: [zz]\n    bash: echo"] {
                let body = try JSONEncoder().encode(["source": source])
                let validation = try await api.request(
                    "POST", "/api/v1/workflows/validate", json: String(decoding: body, as: UTF8.self))
                try Self.expectConforms(checker, operations, "POST /api/v1/workflows/validate", validation)
            }
            for source in [
                APIListTests.daily("y"), APIListTests.daily("y"), APIListTests.daily("f"), "id: y\ntasks: 3",
            ] {
                let body = try JSONEncoder().encode(["source": source])
                let saved = try await api.request(
                    "POST", "/api/v1/workflows/yaml", json: String(decoding: body, as: UTF8.self))
                try Self.expectConforms(checker, operations, "POST /api/v1/workflows/yaml", saved)
            }
        }
    }

    /// The response's status is documented for the operation and its body follows that status's schema.
    static func expectConforms(
        _ checker: JSONSchemaChecker, _ operations: [String: JSONValue], _ operation: String, _ response: HTTPResult,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard case .object(let fields) = operations[operation], case .object(let responses) = fields["responses"],
            case .object(let documented) = responses[String(response.status)]
        else {
            Issue.record("\(operation): status \(response.status) is not documented", sourceLocation: sourceLocation)
            return
        }
        guard case .object(let content) = documented["content"], case .object(let json) = content["application/json"],
            let schema = json["schema"]
        else { return }
        let body = try JSONDecoder().decode(JSONValue.self, from: response.body)
        let problems = checker.problems(body, schema)
        #expect(problems == [], "\(operation) \(response.status)", sourceLocation: sourceLocation)
    }

    @Test func checkerRefusesMissingWrongAndUndocumentedFields() throws {
        let document = try JSONDecoder().decode(
            JSONValue.self, from: try JSONResponse.encoder.encode(OpenAPIDocument.make()))
        let checker = JSONSchemaChecker(document: document)
        let error = JSONValue.object(["$ref": .string("#/components/schemas/Error")])
        #expect(checker.problems(.object(["error": .string("x"), "detail": .string("y")]), error) == [])
        #expect(checker.problems(.object(["error": .string("x")]), error) == ["$: required field 'detail' is missing"])
        #expect(
            checker.problems(.object(["error": .string("x"), "detail": .int(1)]), error)
                == ["$.detail: an integer is not string"])
        #expect(
            checker.problems(.object(["error": .string("x"), "detail": .string("y"), "extra": .null]), error)
                == ["$: field 'extra' is not documented"])
        let summary = JSONValue.object(["$ref": .string("#/components/schemas/RunSummary")])
        let run: [String: JSONValue] = [
            "run_id": .int(1), "state": .string("finished"), "run_type": .string("manual"),
            "logical_date": .string("2026-01-01T00:00:00Z"),
        ]
        #expect(checker.problems(.object(run), summary).count == 1)
    }

    @Test func docsPageShowsEveryOperationAndEscapesText() {
        let document = OpenAPIDocument.make()
        let page = OpenAPIDocsPage.html(document)
        for operation in document.operations {
            #expect(page.contains("<code>\(operation.path)</code>"), "\(operation.method) \(operation.path)")
        }
        #expect(!page.contains("<script"))
        #expect(OpenAPIDocsPage.escape("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
    }
}
