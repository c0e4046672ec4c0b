import Foundation
import Testing

/// Lists: cursor pagination across pages, filters, import errors, unknown body fields.
@Suite("API: lists", .serialized)
struct APIListTests {
    /// Daily, never scheduled by itself (its start date is far ahead): runs exist only when a test makes them.
    static func daily(_ id: String, description: String = "daily") -> String {
        """
        id: \(id)
        description: \(description)
        schedule: "@daily"
        start_date: 2099-01-01
        tasks:
          - id: a
            bash: echo a
          - id: b
            needs: [a]
            bash: echo b
        """
    }

    /// Follows `X-Next-Cursor` from `path` until the last page; returns every page.
    static func walk(_ api: APIHarness, _ path: String) async throws -> [[[String: Any]]] {
        var pages: [[[String: Any]]] = []
        var next: String? = path
        while let current = next, pages.count < 50 {
            let page = try await api.request("GET", current)
            #expect(page.status == 200, "\(page.text)")
            pages.append(page.array)
            next = page.header("X-Next-Cursor").map { cursor in
                #expect(page.header("Link")?.contains("cursor=\(cursor)") == true)
                return path + (path.contains("?") ? "&" : "?") + "cursor=\(cursor)"
            }
        }
        return pages
    }

    @Test func paginationWalksEveryRunOnceAcrossPages() async throws {
        try await withAPI(dags: ["d.yaml": Self.daily("d")]) { api in
            #expect(try await api.request("POST", "/api/v1/workflows/d/pause").status == 200)
            let backfill = try await api.request(
                "POST", "/api/v1/workflows/d/backfill", json: #"{"start": "2026-01-01", "end": "2026-01-07"}"#)
            #expect(backfill.status == 201, "\(backfill.text)")
            for _ in 0..<3 {
                #expect(try await api.request("POST", "/api/v1/workflows/d/runs").status == 201)
            }
            for path in ["/api/v1/jobs/?limit=3", "/api/v1/workflows/d/runs?limit=4"] {
                let pages = try await Self.walk(api, path)
                let ids = pages.flatMap { $0.compactMap { $0["id"] as? Int } }
                #expect(pages.count > 1, "\(path)")
                #expect(ids.count == 10, "\(path): \(ids)")
                #expect(Set(ids).count == 10, "\(path): duplicates in \(ids)")
            }
            // Newest logical date first within the workflow's runs.
            let dates = try await api.request("GET", "/api/v1/workflows/d/runs?run_type=backfill").array.compactMap {
                $0["logical_date"] as? String
            }
            #expect(dates == dates.sorted(by: >))
            #expect(dates.count == 7)
            #expect(try await api.request("GET", "/api/v1/jobs/?cursor=nonsense").status == 400)
            #expect(try await api.request("GET", "/api/v1/jobs/?limit=0").status == 400)
        }
    }

    @Test func gridPagesToOlderRunsWithACursor() async throws {
        try await withAPI(dags: ["d.yaml": Self.daily("d")]) { api in
            #expect(try await api.request("POST", "/api/v1/workflows/d/pause").status == 200)
            let backfill = try await api.request(
                "POST", "/api/v1/workflows/d/backfill", json: #"{"start": "2026-01-01", "end": "2026-01-07"}"#)
            #expect(backfill.status == 201, "\(backfill.text)")
            let newestFirst = try await api.request("GET", "/api/v1/workflows/d/runs").array.compactMap {
                $0["id"] as? Int
            }
            #expect(newestFirst.count == 7)

            var pages: [[Int]] = []
            var path: String? = "/api/v1/workflows/d/grid?limit=3"
            while let current = path, pages.count < 10 {
                let page = try await api.request("GET", current)
                #expect(page.status == 200, "\(page.text)")
                let columns = page.object["runs"] as? [[String: Any]] ?? []
                let dates = columns.compactMap { $0["logical_date"] as? String }
                #expect(dates == dates.sorted(), "a page's columns run oldest to newest")
                #expect((page.object["tasks"] as? [[String: Any]])?.count == 2, "every page has the task rows")
                pages.append(columns.compactMap { $0["run_id"] as? Int })
                path = page.header("X-Next-Cursor").map { cursor in
                    #expect(page.header("Link")?.contains("cursor=\(cursor)") == true)
                    #expect(page.header("Link")?.contains("limit=3") == true)
                    return "/api/v1/workflows/d/grid?limit=3&cursor=\(cursor)"
                }
                if path == nil { #expect(page.header("Link") == nil, "the last page has no next link") }
            }
            #expect(pages.map(\.count) == [3, 3, 1])
            // Each page is older than the one before; together they are every run once, newest first.
            #expect(pages.flatMap { $0.reversed() } == newestFirst)

            #expect(try await api.request("GET", "/api/v1/workflows/d/grid?cursor=nonsense").status == 400)
            // Valid base64 JSON, but not a grid cursor (one value, not a date and an id).
            let wrongShape = try await api.request("GET", "/api/v1/workflows/d/grid?cursor=WyIxIl0")
            #expect(wrongShape.status == 400)
            #expect((wrongShape.object["detail"] as? String)?.contains("cursor") == true, "\(wrongShape.text)")
        }
    }

    @Test func filtersRunsByStateTypeAndLogicalDate() async throws {
        try await withAPI(dags: ["d.yaml": Self.daily("d")]) { api in
            _ = try await api.request("POST", "/api/v1/workflows/d/pause")
            _ = try await api.request(
                "POST", "/api/v1/workflows/d/backfill", json: #"{"start": "2026-01-01", "end": "2026-01-05"}"#)
            let manual = try await api.request(
                "POST", "/api/v1/workflows/d/runs", json: #"{"logical_date": "2025-06-01T00:00:00Z"}"#)
            #expect(manual.status == 201, "\(manual.text)")
            let backfills = try await api.request("GET", "/api/v1/jobs/?run_type=backfill")
            #expect(backfills.array.count == 5)
            let manuals = try await api.request("GET", "/api/v1/workflows/d/runs?run_type=manual")
            #expect(manuals.array.map { $0["id"] as? Int } == [manual.object["id"] as? Int])
            let range = try await api.request(
                "GET", "/api/v1/jobs/?logical_date_gte=2026-01-02&logical_date_lte=2026-01-03T00:00:00Z")
            #expect(
                range.array.compactMap { $0["logical_date"] as? String }.sorted() == [
                    "2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z",
                ])
            #expect(try await api.request("GET", "/api/v1/jobs/?state=queued").array.count == 6)
            #expect(try await api.request("GET", "/api/v1/jobs/?state=success,failed").array.isEmpty)
            let wrong = try await api.request("GET", "/api/v1/jobs/?state=sucess")
            #expect(wrong.status == 400)
            #expect((wrong.object["detail"] as? String)?.contains("did you mean 'success'") == true, "\(wrong.text)")
        }
    }

    @Test func filtersAndPagesWorkflowsWithNextRunAndLastRuns() async throws {
        let dags = [
            "alpha.yaml": Self.daily("alpha", description: "Sales numbers"),
            "beta.yaml": Self.daily("beta"), "gamma.yaml": Self.daily("gamma"),
        ]
        try await withAPI(dags: dags) { api in
            let created = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "delta"}"#)
            #expect(created.status == 201)
            _ = try await api.request("POST", "/api/v1/workflows/beta/pause")
            _ = try await api.request("POST", "/api/v1/workflows/alpha/runs")

            let pages = try await Self.walk(api, "/api/v1/workflows/?limit=2")
            #expect(pages.map(\.count) == [2, 2])
            #expect(pages.flatMap { $0.compactMap { $0["id"] as? String } } == ["alpha", "beta", "delta", "gamma"])
            let ids = { (path: String) in
                try await api.request("GET", path).array.compactMap { $0["id"] as? String }
            }
            #expect(try await ids("/api/v1/workflows/?paused=true") == ["beta"])
            #expect(try await ids("/api/v1/workflows/?paused=false") == ["alpha", "delta", "gamma"])
            #expect(try await ids("/api/v1/workflows/?source=api") == ["delta"])
            #expect(try await ids("/api/v1/workflows/?source=file&q=SALES") == ["alpha"])
            #expect(try await ids("/api/v1/workflows/?q=amm") == ["gamma"])

            let alpha = try #require(try await api.request("GET", "/api/v1/workflows/?q=alpha").array.first)
            #expect(alpha["source_kind"] as? String == "file")
            #expect(alpha["next_run_at"] as? String == "2099-01-02T00:00:00.000Z", "\(alpha)")
            #expect((alpha["last_runs"] as? [[String: Any]])?.first?["run_type"] as? String == "manual")
            let beta = try #require(try await api.request("GET", "/api/v1/workflows/?q=beta").array.first)
            #expect(beta["next_run_at"] is NSNull, "a paused workflow has no next run")
            #expect(beta["is_active"] as? Bool == false)
        }
    }

    @Test func listsImportErrorsWithLineAndColumn() async throws {
        let broken = "id: broken\ntasks:\n  - id: a\n    bash: echo\n    retires: 2\n"
        try await withAPI(dags: ["broken.yaml": broken, "d.yaml": Self.daily("d")]) { api in
            let errors = try await api.request("GET", "/api/v1/import-errors")
            #expect(errors.status == 200)
            let error = try #require(errors.array.first)
            #expect(errors.array.count == 1)
            #expect(error["file_path"] as? String == "broken.yaml")
            #expect((error["message"] as? String)?.contains("retires") == true, "\(errors.text)")
            let issue = try #require((error["issues"] as? [[String: Any]])?.first)
            #expect(issue["line"] as? Int == 5, "\(issue)")
            #expect(issue["column"] is Int)
        }
    }

    @Test func rejectsUnknownBodyFieldsNamingThem() async throws {
        try await withAPI(dags: ["d.yaml": Self.daily("d")]) { api in
            _ = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "w"}"#)
            let task = try await api.request(
                "POST", "/api/v1/tasks/",
                json: #"{"workflow_id": "w", "name": "t", "python_callable": "pass", "retry_cuont": 2}"#)
            #expect(task.status == 400)
            #expect(
                (task.object["detail"] as? String)?.hasPrefix(
                    "unknown field 'retry_cuont' (did you mean 'retry_count'?)")
                    == true, "\(task.text)")
            #expect((try await api.request("GET", "/api/v1/workflows/w").object["tasks"] as? [Any])?.isEmpty == true)
            let workflow = try await api.request(
                "PUT", "/api/v1/workflows/w", json: #"{"schedul": "@daily"}"#)
            #expect((workflow.object["detail"] as? String)?.contains("did you mean 'schedule'?") == true)
            let trigger = try await api.request("POST", "/api/v1/jobs/trigger/d", json: #"{"config": {}}"#)
            #expect(trigger.status == 400)
            #expect((trigger.object["detail"] as? String)?.contains("unknown field 'config'") == true)
            #expect(try await api.request("GET", "/api/v1/jobs/").array.isEmpty, "nothing was triggered")
            let backfill = try await api.request(
                "POST", "/api/v1/workflows/d/backfill",
                json: #"{"start": "2026-01-01", "end": "2026-01-02", "dryrun": true}"#)
            #expect((backfill.object["detail"] as? String)?.contains("did you mean 'dry_run'?") == true)
        }
    }
}
