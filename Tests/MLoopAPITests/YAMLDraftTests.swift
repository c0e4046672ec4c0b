import Foundation
import Testing

/// A workflow saved as YAML opens in the form (its draft is written with the version), and a deploy from the form
/// never drops what the draft cannot hold.
@Suite("API: YAML and the form's draft", .serialized)
struct YAMLDraftTests {
    static let formable = """
        id: formable
        description: from YAML
        tasks:
          - id: extract
            python: print("extract")
            retries: 2
            retry_delay: 30s
          - id: load
            needs: [extract]
            params: {target: warehouse}
            python: print("load")
        """

    static let beyondForm = """
        id: beyond
        timezone: Europe/Paris
        tasks:
          - id: extract
            python: print("extract")
            env: {STAGE: test}
          - id: load
            needs: [extract]
            command: [echo, load]
        """

    static func save(_ api: APIHarness, _ source: String) async throws -> HTTPResult {
        try await api.request("POST", "/api/v1/workflows/yaml", json: try SaveYAMLRouteTests.body(source))
    }

    static func nodes(_ api: APIHarness, _ id: String) async throws -> [String] {
        let graph = try await api.request("GET", "/api/v1/workflows/\(id)/graph")
        return ((graph.object["nodes"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    @Test func yamlSaveWritesTheDraftAndAFormDeployKeepsTheTasks() async throws {
        try await withAPI { api in
            let saved = try await Self.save(api, Self.formable)
            #expect(saved.status == 201, "\(saved.text)")
            let workflow = try await api.request("GET", "/api/v1/workflows/formable")
            #expect(workflow.object["description"] as? String == "from YAML")
            #expect(workflow.object["form_unsupported"] as? [String] == [], "\(workflow.text)")
            let tasks = try #require(workflow.object["tasks"] as? [[String: Any]], "\(workflow.text)")
            #expect(tasks.compactMap { $0["name"] as? String } == ["extract", "load"])
            #expect(tasks.first?["python_callable"] as? String == #"print("extract")"#)
            #expect(tasks.first?["retry_count"] as? Int == 2)
            #expect(tasks.first?["retry_delay"] as? Double == 30)
            #expect(tasks.last?["dependencies"] as? [String] == ["extract"])
            #expect((tasks.last?["params"] as? [String: String])?["target"] == "warehouse")

            // The draft is the saved workflow: deploying it changes nothing.
            let same = try await api.request("POST", "/api/v1/workflows/formable/deploy")
            #expect(same.status == 200, "\(same.text)")
            #expect(same.object["version"] as? Int == 1, "\(same.text)")
            #expect(same.object["created"] as? Bool == false)

            // A task added in the form joins the YAML's tasks in the next version.
            let added = try await api.request(
                "POST", "/api/v1/tasks/",
                json:
                    #"{"workflow_id": "formable", "name": "report", "python_callable": "print(3)", "dependencies": ["load"]}"#
            )
            #expect(added.status == 201, "\(added.text)")
            let deployed = try await api.request("POST", "/api/v1/workflows/formable/deploy")
            #expect(deployed.status == 200, "\(deployed.text)")
            #expect(deployed.object["version"] as? Int == 2)
            #expect(try await Self.nodes(api, "formable") == ["extract", "load", "report"])

            // Saving YAML again rewrites the draft from it.
            #expect(try await Self.save(api, Self.formable).status == 200)
            let again = try await api.request("GET", "/api/v1/workflows/formable")
            #expect(
                (again.object["tasks"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                    "extract", "load",
                ])
        }
    }

    @Test func settingsTheDraftCannotHoldAreNamedAndAFormDeployIsRefused() async throws {
        try await withAPI { api in
            #expect(try await Self.save(api, Self.beyondForm).status == 201)
            let workflow = try await api.request("GET", "/api/v1/workflows/beyond")
            #expect(
                workflow.object["form_unsupported"] as? [String] == [
                    "timezone", "tasks.extract.env", "tasks.load (a command task)",
                ], "\(workflow.text)")
            #expect(
                (workflow.object["tasks"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["extract"],
                "the draft holds what it can")

            let refused = try await api.request("POST", "/api/v1/workflows/beyond/deploy")
            #expect(refused.status == 409, "\(refused.text)")
            #expect(
                refused.text.contains(
                    "workflow 'beyond' uses settings the form cannot edit: timezone, tasks.extract.env, "
                        + "tasks.load (a command task); deploying the draft would drop them: edit it as YAML instead"),
                "\(refused.text)")
            #expect(try await Self.nodes(api, "beyond") == ["extract", "load"], "the YAML version stays current")
            let versions = try await api.request("GET", "/api/v1/workflows/beyond/versions")
            #expect(versions.array.count == 1)

            // Once the YAML no longer uses them, the form may deploy again.
            let plain = "id: beyond\ntasks:\n  - id: extract\n    python: print(1)\n"
            #expect(try await Self.save(api, plain).status == 201)
            let after = try await api.request("GET", "/api/v1/workflows/beyond")
            #expect(after.object["form_unsupported"] as? [String] == [])
            #expect(try await api.request("POST", "/api/v1/workflows/beyond/deploy").status == 200)
        }
    }
}
