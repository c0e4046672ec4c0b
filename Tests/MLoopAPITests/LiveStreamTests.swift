import Foundation
import Testing

/// The Server-Sent Events streams over real HTTP: run and task changes raised by the database triggers, filtered
/// per run, and log follow of running and finished tries.
@Suite("EventHubTests: live streams over HTTP", .serialized)
struct LiveStreamTests {
    static let pair = """
        id: pair
        schedule: none
        tasks:
          - id: first
            bash: echo one
          - id: second
            needs: [first]
            bash: echo two
        """

    /// A task that prints a line, waits (bounded) for the gate file, then prints another.
    static func gated(_ gate: String) -> String {
        """
        id: gated
        schedule: none
        tasks:
          - id: wait
            bash: |
              echo "first line"
              for i in $(seq 600); do [ -f \(gate) ] && break; sleep 0.1; done
              echo "second line"
        """
    }

    static func trigger(_ api: APIHarness, _ workflow: String) async throws -> Int {
        let triggered = try await api.request("POST", "/api/v1/jobs/trigger/\(workflow)")
        #expect(triggered.status == 201, "\(triggered.text)")
        return try #require(triggered.object["id"] as? Int)
    }

    static func finished(_ api: APIHarness, _ job: Int) async throws -> [String: Any] {
        try await poll("job \(job) finishes", within: .seconds(60)) { () -> [String: Any]? in
            let detail = try await api.request("GET", "/api/v1/jobs/\(job)").object
            return ["success", "failed"].contains(detail["state"] as? String ?? "") ? detail : nil
        }
    }

    @Test func eventsStreamCarriesRunAndTaskChangesOfATriggeredRun() async throws {
        try await withAPI(dags: ["pair.yaml": Self.pair]) { api in
            let events = try api.stream("/api/v1/events?workflow_id=pair")
            defer { events.close() }
            _ = try await events.waitFor("its opening comment") { $0.event == "comment" }
            #expect(events.status == 200)
            #expect(
                events.head?.lowercased().contains("content-type: text/event-stream") == true, "\(events.head ?? "")")

            let job = try await Self.trigger(api, "pair")
            _ = try await events.waitFor("run \(job) succeeded") {
                $0.event == "run" && $0.object["run_id"] as? Int == job && $0.object["state"] as? String == "success"
            }
            for task in ["first", "second"] {
                let done = try await events.waitFor("task \(task) succeeded") {
                    $0.event == "task" && $0.object["task_id"] as? String == task
                        && $0.object["state"] as? String == "success"
                }
                #expect(done.object["workflow_id"] as? String == "pair")
                #expect(done.object["try_number"] as? Int == 1)
            }
            let runStates = events.messages.filter { $0.event == "run" }.compactMap { $0.object["state"] as? String }
            #expect(runStates.first == "queued", "a run is announced when it is created: \(runStates)")
            #expect(events.messages.allSatisfy { $0.event != "run" || $0.object["workflow_id"] as? String == "pair" })
        }
    }

    @Test func eventsFilteredByRunIDCarryOnlyThatRun() async throws {
        let gate = "/tmp/mloop-api-tests/gate-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: gate) }
        try await withAPI(dags: ["gated.yaml": Self.gated(gate)]) { api in
            let first = try await Self.trigger(api, "gated")
            let one = try api.stream("/api/v1/events?run_id=\(first)")
            let all = try api.stream("/api/v1/events")
            defer {
                one.close()
                all.close()
            }
            _ = try await one.waitFor("its opening comment") { $0.event == "comment" }
            _ = try await all.waitFor("its opening comment") { $0.event == "comment" }
            let second = try await Self.trigger(api, "gated")
            _ = FileManager.default.createFile(atPath: gate, contents: Data())
            _ = try await Self.finished(api, first)
            _ = try await Self.finished(api, second)
            _ = try await one.waitFor("run \(first) succeeded") {
                $0.event == "run" && $0.object["state"] as? String == "success"
            }
            _ = try await all.waitFor("run \(second) succeeded") {
                $0.event == "run" && $0.object["run_id"] as? Int == second && $0.object["state"] as? String == "success"
            }
            let foreign = one.messages.filter {
                ["run", "task"].contains($0.event) && $0.object["run_id"] as? Int != first
            }
            #expect(foreign.isEmpty, "\(foreign)")
            // The task finished after the stream opened (the gate held it), and its change came before the run's.
            #expect(one.messages.contains { $0.event == "task" && $0.object["state"] as? String == "success" })
        }
    }

    @Test func idleEventStreamSendsKeepAliveComments() async throws {
        try await withAPI { api in
            let events = try api.stream("/api/v1/events")
            defer { events.close() }
            _ = try await events.waitFor("a keep-alive comment") { $0.event == "comment" && $0.data == "keep-alive" }
        }
    }

    /// A browser's EventSource cannot set headers: the token rides in the query, on stream routes only.
    @Test func eventStreamAcceptsTheTokenInTheQueryAndRefusesNoCredentials() async throws {
        try await withAPI { api in
            let events = try api.stream("/api/v1/events?access_token=\(api.token)", credentials: .none)
            defer { events.close() }
            _ = try await events.waitFor("a keep-alive comment") { $0.event == "comment" && $0.data == "keep-alive" }
            #expect(events.status == 200)
            let refused = try api.stream("/api/v1/events", credentials: .none)
            defer { refused.close() }
            for _ in 0..<500 where refused.status == nil { try await Task.sleep(for: .milliseconds(20)) }
            #expect(refused.status == 401)
        }
    }

    @Test func eventStreamsSendResyncAfterTheListenConnectionIsLost() async throws {
        try await withAPI { api in
            let events = try api.stream("/api/v1/events")
            defer { events.close() }
            _ = try await events.waitFor("its opening comment") { $0.event == "comment" }
            // Kill the API's LISTEN session (the only one listening on mloop_events); the hub reconnects.
            let killed = try await api.pool.query(
                """
                SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
                WHERE datname = current_database() AND query = 'LISTEN "mloop_logs"'
                  AND pid <> pg_backend_pid()
                """)
            #expect(killed.count == 1)
            _ = try await events.waitFor("resync") { $0.event == "resync" }
        }
    }

    @Test func streamsEndWhenTheServerShutsDown() async throws {
        let api = try await APIHarness.start()
        let events = try api.stream("/api/v1/events")
        _ = try await events.waitFor("its opening comment") { $0.event == "comment" }
        await api.stop()
        _ = try await poll("the stream ended", within: .seconds(10)) { events.isClosed ? true : nil }
    }

    @Test func logStreamShowsLinesOfARunningTaskAsPrintedThenEnds() async throws {
        let gate = "/tmp/mloop-api-tests/gate-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: gate) }
        try await withAPI(dags: ["gated.yaml": Self.gated(gate)]) { api in
            let job = try await Self.trigger(api, "gated")
            _ = try await poll("the task runs", within: .seconds(60)) { () -> Bool? in
                let detail = try await api.request("GET", "/api/v1/jobs/\(job)").object
                let instances = detail["task_instances"] as? [[String: Any]] ?? []
                return instances.first?["state"] as? String == "running" ? true : nil
            }
            let log = try api.stream("/api/v1/jobs/\(job)/logs/wait/stream")
            defer { log.close() }
            _ = try await log.waitFor("the first line") { $0.event == "log" && $0.data.contains("first line") }
            // The gate is still closed, so the task cannot have printed more, and the stream is still open.
            #expect(!log.messages.contains { $0.data.contains("second line") || $0.event == "end" })
            #expect(!log.isClosed)
            _ = FileManager.default.createFile(atPath: gate, contents: Data())
            _ = try await log.waitFor("the second line") { $0.event == "log" && $0.data.contains("second line") }
            let end = try await log.waitFor("the end") { $0.event == "end" }
            #expect(end.object["state"] as? String == "success", "\(end)")
            _ = try await poll("the server closed the stream", within: .seconds(10)) { log.isClosed ? true : nil }
            // The pieces are contiguous and add up to the stored log.
            let pieces = log.messages.filter { $0.event == "log" }.map(\.object)
            var offset = 0
            for piece in pieces {
                #expect(piece["offset"] as? Int == offset, "\(pieces)")
                offset = piece["next_offset"] as? Int ?? -1
            }
            let stored = try await api.request("GET", "/api/v1/jobs/\(job)/logs/wait").object
            #expect(pieces.map { $0["content"] as? String ?? "" }.joined() == stored["content"] as? String)
            #expect(end.object["next_offset"] as? Int == offset)
        }
    }

    @Test func logStreamOfAFinishedTryEndsAtOnceFromTheOffset() async throws {
        try await withAPI(dags: ["pair.yaml": Self.pair]) { api in
            let job = try await Self.trigger(api, "pair")
            _ = try await Self.finished(api, job)
            let stored = try await api.request("GET", "/api/v1/jobs/\(job)/logs/second").object
            let content = try #require(stored["content"] as? String)
            #expect(content.contains("two"))

            let whole = try api.stream("/api/v1/jobs/\(job)/logs/second/stream?try=1")
            defer { whole.close() }
            let end = try await whole.waitFor("the end") { $0.event == "end" }
            #expect(end.object["state"] as? String == "success")
            #expect(
                whole.messages.filter { $0.event == "log" }.map { $0.object["content"] as? String ?? "" }.joined()
                    == content)
            _ = try await poll("the server closed the stream", within: .seconds(10)) { whole.isClosed ? true : nil }

            let tail = try api.stream("/api/v1/jobs/\(job)/logs/second/stream?offset=2")
            defer { tail.close() }
            _ = try await tail.waitFor("the end") { $0.event == "end" }
            let text = tail.messages.filter { $0.event == "log" }.map { $0.object["content"] as? String ?? "" }.joined()
            #expect(text == String(decoding: Array(content.utf8).dropFirst(2), as: UTF8.self))

            #expect(try await api.request("GET", "/api/v1/jobs/\(job)/logs/nope/stream").status == 404)
        }
    }
}
