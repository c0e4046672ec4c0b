import Foundation
import MLoopPostgres
import Testing

/// `/metrics` in Prometheus text format after a real run, compared with the database; and the API's heartbeat in
/// health.
@Suite("EngineMetricsTests: /metrics and health over HTTP", .serialized)
struct EngineMetricsTests {
    /// Samples of an exposition text: `name{labels}` → value; throws on a line that is not valid.
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            if line.hasPrefix("#") {
                let words = line.split(separator: " ")
                #expect(["HELP", "TYPE"].contains(words.dropFirst().first ?? ""), "bad comment line: \(line)")
                if words.dropFirst().first == "TYPE" {
                    #expect(["gauge", "counter", "histogram", "summary", "untyped"].contains(words.last ?? ""))
                }
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw APITestTimeout(description: "not a Prometheus sample line: \(line)")
            }
            let series = String(line[..<space])
            #expect(
                series.range(
                    of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})?$"#,
                    options: .regularExpression) != nil, "bad series: \(series)")
            samples[series] = value
        }
        return samples
    }

    static func count(_ pool: PostgresPool, _ sql: SQL) async throws -> Double {
        Double(try await pool.query(sql).first?.decode("n", as: Int.self) ?? -1)
    }

    @Test func metricsMatchTheDatabaseAfterARunAndHistogramsCountEachTryOnce() async throws {
        try await withAPI(dags: ["pair.yaml": LiveStreamTests.pair]) { api in
            let job = try await LiveStreamTests.trigger(api, "pair")
            _ = try await LiveStreamTests.finished(api, job)
            let response = try await api.request("GET", "/metrics")
            #expect(response.status == 200)
            let samples = try Self.parse(response.text)

            for state in ["queued", "running", "success", "failed"] {
                let stored = try await Self.count(
                    api.pool, "SELECT count(*)::int AS n FROM workflow_run WHERE state = \(state)")
                #expect(samples["mloop_runs{state=\"\(state)\"}"] == stored, "runs \(state)")
            }
            for state in ["pending", "queued", "running", "success", "failed", "skipped"] {
                let stored = try await Self.count(
                    api.pool, "SELECT count(*)::int AS n FROM task_instance WHERE state = \(state)")
                #expect(samples["mloop_task_instances{state=\"\(state)\"}"] == stored, "task instances \(state)")
            }
            #expect(samples["mloop_runs{state=\"success\"}"] == 1)
            #expect(samples["mloop_queue_depth"] == 0)
            #expect(samples["mloop_worker_slots_busy"] == 0)
            // A second scrape sees no new tries: the histograms do not count them again.
            let again = try Self.parse(try await api.request("GET", "/metrics").text)
            #expect(again["mloop_task_duration_seconds_count{state=\"success\"}"] == 2)
            #expect(again["mloop_task_scheduling_delay_seconds_count"] == 1)
        }
    }

    @Test func httpDurationsAreLabelledByRouteTemplateNotRawPath() async throws {
        try await withAPI(dags: ["pair.yaml": LiveStreamTests.pair]) { api in
            let job = try await LiveStreamTests.trigger(api, "pair")
            #expect(try await api.request("GET", "/api/v1/jobs/\(job)").status == 200)
            #expect(try await api.request("GET", "/api/v1/jobs/987654").status == 404)
            #expect(try await api.request("GET", "/no/such/path/55").status == 404)
            let text = try await api.request("GET", "/metrics").text
            let samples = try Self.parse(text)
            let ok = #"http_request_duration_seconds_count{method="GET",route="/api/v1/jobs/{id}",status="200"}"#
            let missing = #"http_request_duration_seconds_count{method="GET",route="/api/v1/jobs/{id}",status="404"}"#
            #expect(samples[ok] == 1, "\(text)")
            #expect(samples[missing] == 1, "\(text)")
            #expect(
                samples.keys.contains { $0.contains("route=\"NotFound\"") && $0.contains("status=\"404\"") }, "\(text)")
            #expect(!text.contains("987654"))
            #expect(!text.contains("/no/such/path"))
        }
    }

    @Test func healthAndMetricsReportHeartbeatsOfAPISchedulerAndWorker() async throws {
        try await withAPI { api in
            let health = try await poll("every role has beaten", within: .seconds(30)) { () -> [String: Any]? in
                let object = try await api.request("GET", "/api/v1/monitoring/health").object
                let beats = object["latest_heartbeats"] as? [String: Any] ?? [:]
                return Set(beats.keys).isSuperset(of: ["api", "scheduler", "worker"]) ? object : nil
            }
            let newest = try await Self.count(api.pool, "SELECT max(version)::int AS n FROM schema_migrations")
            #expect(health["schema_version"] as? Int == Int(newest))
            #expect((health["schema_version"] as? Int ?? 0) >= 5)
            let roles = try await api.pool.query(
                "SELECT count(*)::int AS n FROM process_heartbeat WHERE role = 'api' AND stopped_at IS NULL")
            #expect(try roles.first?.decode("n", as: Int.self) == 1)
            // The harness's one worker, which has now beaten, has 4 slots.
            let metrics = try Self.parse(try await api.request("GET", "/metrics").text)
            #expect(metrics["mloop_worker_slots_total"] == 4)
        }
    }
}
