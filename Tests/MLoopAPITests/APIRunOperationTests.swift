import Foundation
import Testing

/// Runs over the API: trigger, backfill, graph, grid, task instances, tries, clear, mark, pause.
@Suite("API: run operations", .serialized)
struct APIRunOperationTests {
    static let chain = """
        id: chain
        tasks:
          - id: first
            bash: echo first
          - id: second
            needs: [first]
            bash: echo second
          - id: third
            needs: [second]
            trigger_rule: all_done
            bash: echo third
        """

    static let flaky = """
        id: flaky
        tasks:
          - id: boom
            retries: 1
            retry_delay: 0s
            bash: echo "try $MLOOP_TRY_NUMBER"; exit 3
        """

    static func finished(_ api: APIHarness, _ id: Int) async throws -> [String: Any] {
        try await poll("job \(id) finishes", within: .seconds(60)) { () -> [String: Any]? in
            let job = try await api.request("GET", "/api/v1/jobs/\(id)").object
            return ["success", "failed"].contains(job["state"] as? String ?? "") ? job : nil
        }
    }

    @Test func triggersWithALogicalDateAndRefusesTheSameDateTwice() async throws {
        try await withAPI(dags: ["chain.yaml": Self.chain]) { api in
            let body = #"{"logical_date": "2026-03-01T12:00:00Z", "conf": {"k": 1}, "note": "by hand"}"#
            let run = try await api.request("POST", "/api/v1/workflows/chain/runs", json: body)
            #expect(run.status == 201, "\(run.text)")
            #expect(run.object["logical_date"] as? String == "2026-03-01T12:00:00.000Z")
            #expect(run.object["note"] as? String == "by hand")
            #expect((run.object["conf"] as? [String: Int])?["k"] == 1)
            let again = try await api.request("POST", "/api/v1/workflows/chain/runs", json: body)
            #expect(again.status == 409, "\(again.text)")
            let seed = try await api.request(
                "POST", "/api/v1/jobs/trigger/chain", json: #"{"logical_date": "2026-03-01T12:00:00Z"}"#)
            #expect(seed.status == 409)
            let other = try await api.request(
                "POST", "/api/v1/jobs/trigger/chain", json: #"{"logical_date": "2026-03-02"}"#)
            #expect(other.status == 201, "\(other.text)")
            #expect(other.object["logical_date"] as? String == "2026-03-02T00:00:00.000Z")
            #expect(try await api.request("GET", "/api/v1/jobs/?workflow_id=chain").array.count == 2)
            let bad = try await api.request("POST", "/api/v1/workflows/chain/runs", json: #"{"logical_date": "soon"}"#)
            #expect(bad.status == 400)
        }
    }

    @Test func timesCarryMilliseconds() async throws {
        try await withAPI(dags: ["chain.yaml": Self.chain]) { api in
            let run = try await api.request("POST", "/api/v1/workflows/chain/runs", json: "{}")
            let job = try await Self.finished(api, try #require(run.object["run_id"] as? Int))
            let tries = try #require(job["tries"] as? [[String: Any]])
            let times =
                [job["started_at"], job["ended_at"]] + tries.flatMap { [$0["started_at"], $0["ended_at"]] }
            for case let time as String in times {
                #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time)")
            }
            #expect(times.count == 8)
        }
    }

    @Test func backfillCreatesOneRunPerIntervalAndDryRunWritesNothing() async throws {
        try await withAPI(dags: ["d.yaml": APIListTests.daily("d")]) { api in
            _ = try await api.request("POST", "/api/v1/workflows/d/pause")
            let dry = try await api.request(
                "POST", "/api/v1/workflows/d/backfill",
                json: #"{"start": "2026-01-01", "end": "2026-01-03", "dry_run": true}"#)
            #expect(dry.status == 200, "\(dry.text)")
            #expect(dry.object["created"] as? Int == 3)
            #expect(try await api.request("GET", "/api/v1/jobs/").array.isEmpty, "a dry run writes nothing")

            let done = try await api.request(
                "POST", "/api/v1/workflows/d/backfill",
                json: #"{"start": "2026-01-01", "end": "2026-01-03", "conf": {"x": "y"}}"#)
            #expect(done.status == 201, "\(done.text)")
            let runs = try #require(done.object["runs"] as? [[String: Any]])
            #expect(
                runs.compactMap { ($0["run"] as? [String: Any])?["logical_date"] as? String } == [
                    "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z",
                ])
            #expect(runs.allSatisfy { ($0["run"] as? [String: Any])?["run_type"] as? String == "backfill" })
            #expect(((runs.first?["run"] as? [String: Any])?["conf"] as? [String: String])?["x"] == "y")

            let overlap = try await api.request(
                "POST", "/api/v1/workflows/d/backfill", json: #"{"start": "2026-01-03", "end": "2026-01-04"}"#)
            #expect(overlap.object["created"] as? Int == 1)
            #expect(overlap.object["existing"] as? Int == 1)
            #expect(try await api.request("GET", "/api/v1/jobs/").array.count == 4)
            // A duplicate of a backfilled date cannot be triggered.
            let duplicate = try await api.request(
                "POST", "/api/v1/workflows/d/runs", json: #"{"logical_date": "2026-01-02"}"#)
            #expect(duplicate.status == 409)

            let reversed = try await api.request(
                "POST", "/api/v1/workflows/d/backfill", json: #"{"start": "2026-02-01", "end": "2026-01-01"}"#)
            #expect(reversed.status == 400)
            #expect((reversed.object["detail"] as? String)?.contains("reversed") == true)
        }
    }

    @Test func backfillWithReprocessFailedClearsTheFailedTasksOfFailedRuns() async throws {
        let failing = """
            id: failing
            schedule: "@daily"
            start_date: 2099-01-01
            tasks:
              - id: bad
                bash: exit 1
              - id: after
                needs: [bad]
                bash: echo after
            """
        try await withAPI(dags: ["failing.yaml": failing]) { api in
            let first = try await api.request(
                "POST", "/api/v1/workflows/failing/backfill", json: #"{"start": "2026-01-01", "end": "2026-01-01"}"#)
            let run = try #require(((first.object["runs"] as? [[String: Any]])?.first?["run"] as? [String: Any]))
            let id = try #require(run["run_id"] as? Int)
            #expect(try await Self.finished(api, id)["state"] as? String == "failed")
            _ = try await api.request("POST", "/api/v1/workflows/failing/pause")
            let body = #"{"start": "2026-01-01", "end": "2026-01-01", "reprocess_failed": true"#
            let dry = try await api.request(
                "POST", "/api/v1/workflows/failing/backfill", json: body + #", "dry_run": true}"#)
            #expect(dry.object["reprocessed"] as? Int == 1, "\(dry.text)")
            #expect(try await api.request("GET", "/api/v1/jobs/\(id)").object["state"] as? String == "failed")
            let again = try await api.request("POST", "/api/v1/workflows/failing/backfill", json: body + "}")
            #expect(again.object["reprocessed"] as? Int == 1, "\(again.text)")
            let outcome = (again.object["runs"] as? [[String: Any]])?.first
            #expect(outcome?["cleared_tasks"] as? [String] == ["bad", "after"], "\(again.text)")
            #expect((outcome?["run"] as? [String: Any])?["state"] as? String == "queued")
        }
    }

    @Test func graphAndGridShowTheRunsTaskStates() async throws {
        try await withAPI(dags: ["chain.yaml": Self.chain]) { api in
            let plain = try await api.request("GET", "/api/v1/workflows/chain/graph")
            #expect(plain.status == 200, "\(plain.text)")
            let nodes = try #require(plain.object["nodes"] as? [[String: Any]])
            #expect(nodes.compactMap { $0["id"] as? String } == ["first", "second", "third"])
            #expect(nodes.last?["trigger_rule"] as? String == "all_done")
            #expect(nodes.first?["kind"] as? String == "bash")
            #expect(nodes.first?["state"] == nil)
            let edges = (plain.object["edges"] as? [[String: String]]) ?? []
            #expect(edges == [["from": "first", "to": "second"], ["from": "second", "to": "third"]])

            var ids: [Int] = []
            for _ in 0..<2 {
                let run = try await api.request("POST", "/api/v1/workflows/chain/runs")
                ids.append(try #require(run.object["id"] as? Int))
                _ = try await Self.finished(api, ids.last!)
            }
            let graph = try await api.request("GET", "/api/v1/workflows/chain/graph?run_id=\(ids[0])")
            let states = (graph.object["nodes"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
            #expect(states == ["success", "success", "success"], "\(graph.text)")
            #expect((graph.object["nodes"] as? [[String: Any]])?.first?["try_number"] as? Int == 1)
            #expect(try await api.request("GET", "/api/v1/workflows/chain/graph?run_id=99999").status == 404)

            let grid = try await api.request("GET", "/api/v1/workflows/chain/grid")
            #expect(grid.status == 200, "\(grid.text)")
            #expect(
                (grid.object["tasks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    "first", "second", "third",
                ])
            let columns = try #require(grid.object["runs"] as? [[String: Any]])
            #expect(columns.compactMap { $0["run_id"] as? Int } == ids, "oldest to newest")
            let cell = (columns.first?["task_instances"] as? [String: [String: Any]])?["second"]
            #expect(cell?["state"] as? String == "success")
            #expect(cell?["try_number"] as? Int == 1)
            #expect(cell?["started_at"] is String)
            let one = try await api.request("GET", "/api/v1/workflows/chain/grid?limit=1")
            #expect((one.object["runs"] as? [[String: Any]])?.compactMap { $0["run_id"] as? Int } == [ids[1]])
        }
    }

    @Test func listsTriesOfARetriedTask() async throws {
        try await withAPI(dags: ["flaky.yaml": Self.flaky]) { api in
            let run = try await api.request("POST", "/api/v1/workflows/flaky/runs")
            let id = try #require(run.object["id"] as? Int)
            let job = try await Self.finished(api, id)
            #expect(job["state"] as? String == "failed")
            let tries = try await api.request("GET", "/api/v1/jobs/\(id)/tasks/boom/tries")
            #expect(tries.status == 200, "\(tries.text)")
            #expect(tries.array.compactMap { $0["try_number"] as? Int } == [1, 2])
            #expect(tries.array.allSatisfy { $0["state"] as? String == "failed" && $0["exit_code"] as? Int == 3 })
            #expect(tries.array.allSatisfy { $0["hostname"] as? String == "test" && $0["ended_at"] is String })
            let log = try await api.request("GET", "/api/v1/jobs/\(id)/logs/boom?try=1")
            #expect((log.object["content"] as? String)?.contains("try 1") == true, "\(log.text)")
            #expect(try await api.request("GET", "/api/v1/jobs/\(id)/tasks/nope/tries").status == 404)
        }
    }

    @Test func clearAndMarkChangeTaskStates() async throws {
        try await withAPI(dags: ["chain.yaml": Self.chain]) { api in
            _ = try await api.request("POST", "/api/v1/workflows/chain/pause")
            let run = try await api.request("POST", "/api/v1/workflows/chain/runs")
            let id = try #require(run.object["id"] as? Int)
            let tasks = try await api.request("GET", "/api/v1/jobs/\(id)/tasks")
            #expect(tasks.array.compactMap { $0["task_id"] as? String } == ["first", "second", "third"])
            #expect(tasks.array.allSatisfy { $0["state"] as? String == "pending" })
            #expect((tasks.array.first?["waiting_reason"] as? String)?.contains("paused") == true, "\(tasks.text)")

            let mark = try await api.request(
                "POST", "/api/v1/jobs/\(id)/tasks/first/mark", json: #"{"state": "failed"}"#)
            #expect(mark.status == 200, "\(mark.text)")
            #expect(mark.object["state"] as? String == "failed")
            let bad = try await api.request("POST", "/api/v1/jobs/\(id)/tasks/first/mark", json: #"{"state": "nope"}"#)
            #expect(bad.status == 400)

            let clear = try await api.request(
                "POST", "/api/v1/jobs/\(id)/tasks/first/clear", json: #"{"downstream": true}"#)
            #expect(clear.status == 200, "\(clear.text)")
            #expect((clear.object["cleared"] as? [String])?.first == "first", "\(clear.text)")
            let after = try await api.request("GET", "/api/v1/jobs/\(id)/tasks")
            #expect(after.array.first?["state"] as? String == "pending")
            #expect(try await api.request("POST", "/api/v1/jobs/\(id)/tasks/nope/clear").status == 404)

            // Unpaused, the run completes.
            let unpaused = try await api.request("POST", "/api/v1/workflows/chain/unpause")
            #expect(unpaused.object["is_active"] as? Bool == true)
            #expect(try await Self.finished(api, id)["state"] as? String == "success")
        }
    }

    @Test func pauseAndUnpauseWorkForFileAndAPIWorkflows() async throws {
        try await withAPI(dags: ["chain.yaml": Self.chain]) { api in
            _ = try await api.request("POST", "/api/v1/workflows/", json: #"{"name": "mine"}"#)
            for id in ["chain", "mine"] {
                let paused = try await api.request("POST", "/api/v1/workflows/\(id)/pause")
                #expect(paused.status == 200, "\(paused.text)")
                #expect(paused.object["is_active"] as? Bool == false)
                #expect(try await api.request("GET", "/api/v1/workflows/\(id)").object["is_active"] as? Bool == false)
                let unpaused = try await api.request("POST", "/api/v1/workflows/\(id)/unpause")
                #expect(unpaused.object["is_active"] as? Bool == true)
            }
            #expect(try await api.request("POST", "/api/v1/workflows/nope/pause").status == 404)
        }
    }
}
