import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import Testing

@testable import MLoopAPI

/// `GET /jobs/{id}/logs/{task_name}/download`: a try's whole log as a file, streamed in keyset batches of chunks.
@Suite("API: log download", .serialized)
struct APILogDownloadTests {
    /// 100 000 numbered lines: a log of about 3 MB, stored in several chunks.
    static let chatty = """
        id: chatty
        tasks:
          - id: count
            bash: seq 1 100000
        """

    /// Triggers `chatty` and waits until its run succeeded; returns the run id.
    static func finishedRun(_ api: APIHarness) async throws -> Int {
        let run = try await api.request("POST", "/api/v1/workflows/chatty/runs")
        let id = try #require(run.object["id"] as? Int, "\(run.text)")
        let job = try await APIRunOperationTests.finished(api, id)
        #expect(job["state"] as? String == "success", "\(job)")
        return id
    }

    @Test func downloadsAMultiChunkLogByteIdenticalAndInOrder() async throws {
        try await withAPI(dags: ["chatty.yaml": Self.chatty]) { api in
            let id = try await Self.finishedRun(api)
            let stored = try await api.pool.query(
                """
                SELECT count(*)::int AS chunks, string_agg(content, '' ORDER BY chunk_number) AS whole
                FROM task_log_chunk WHERE run_id = \(id) AND task_id = 'count' AND try_number = 1
                """)[0]
            let chunks = try stored.decode("chunks", as: Int.self)
            #expect(chunks > 1, "the log is stored in several chunks (\(chunks))")

            let download = try await api.request("GET", "/api/v1/jobs/\(id)/logs/count/download?try=1")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(
                download.header("Content-Disposition") == "attachment; filename=\"chatty-\(id)-count-try1.log\"")
            #expect(download.body == Data(try stored.decode("whole", as: String.self).utf8), "byte-identical")
            let numbers = download.text.split(separator: "\n").filter { !$0.contains("[mloop]") }.map { line in
                Int(line.split(separator: " ").last ?? "") ?? -1
            }
            #expect(numbers == Array(1...100_000), "every line once, in order")
            // Without ?try=, the latest try.
            let latest = try await api.request("GET", "/api/v1/jobs/\(id)/logs/count/download")
            #expect(latest.body == download.body)
        }
    }

    @Test func readsALogOfManyBatchesOfChunksWithMultibyteText() async throws {
        try await withAPI(dags: ["chatty.yaml": Self.chatty]) { api in
            let id = try await Self.finishedRun(api)
            let ref = TryRef(runID: RunID(Int64(id)), taskID: TaskID("count"), tryNumber: 1)
            let end = try await api.pool.query(
                """
                SELECT max(chunk_number) AS last, max(byte_offset + octet_length(content))::bigint AS size
                FROM task_log_chunk WHERE run_id = \(id) AND task_id = 'count' AND try_number = 1
                """)[0]
            var number = try end.decode("last", as: Int.self)
            var offset = try end.decode("size", as: Int64.self)
            // Five batches' worth of chunks more, as a worker appends them, with text of 1 to 4 bytes a character.
            let store = WorkerQueue(pool: api.pool)
            for index in 1...(5 * LogDownload.chunksPerQuery) {
                number += 1
                let content = "appended \(index): é ∑ 🚀\n"
                try await store.appendLog(ref, chunkNumber: number, byteOffset: offset, content: content)
                offset += Int64(content.utf8.count)
            }
            let download = try await api.request("GET", "/api/v1/jobs/\(id)/logs/count/download?try=1")
            #expect(download.status == 200)
            #expect(Int64(download.body.count) == offset, "every stored byte once")
            let appended = download.text.split(separator: "\n").filter { $0.hasPrefix("appended ") }.map(String.init)
            #expect(appended == (1...(5 * LogDownload.chunksPerQuery)).map { "appended \($0): é ∑ 🚀" })
        }
    }

    @Test func acceptsAQueryTokenOnTheDownloadOnly() async throws {
        try await withAPI(dags: ["chatty.yaml": Self.chatty]) { api in
            let id = try await Self.finishedRun(api)
            let token = "access_token=\(api.token)"
            let linked = try await api.request(
                "GET", "/api/v1/jobs/\(id)/logs/count/download?try=1&\(token)", credentials: .none)
            #expect(linked.status == 200, "\(linked.text.prefix(200))")
            #expect(linked.text.contains(" 100000\n"))
            let bare = try await api.request("GET", "/api/v1/jobs/\(id)/logs/count/download", credentials: .none)
            #expect(bare.status == 401)
            let wrong = try await api.request(
                "GET", "/api/v1/jobs/\(id)/logs/count/download?access_token=mloop_nonsense", credentials: .none)
            #expect(wrong.status == 401)
            for path in ["/api/v1/jobs?\(token)", "/api/v1/jobs/\(id)/logs/count?\(token)"] {
                let refused = try await api.request("GET", path, credentials: .none)
                #expect(refused.status == 401, "\(path)")
                #expect((refused.object["detail"] as? String)?.contains("access_token") == true, "\(refused.text)")
            }
        }
    }

    @Test func answers404ForAnUnknownRunTaskOrTryAnd400ForABadTry() async throws {
        try await withAPI(dags: ["chatty.yaml": Self.chatty]) { api in
            let id = try await Self.finishedRun(api)
            let cases: [(String, Int, String)] = [
                ("/api/v1/jobs/\(id)/logs/count/download?try=2", 404, "has no try 2"),
                ("/api/v1/jobs/\(id)/logs/count/download?try=0", 404, "has no try 0"),
                ("/api/v1/jobs/\(id)/logs/nope/download", 404, "has no task 'nope'"),
                ("/api/v1/jobs/987654/logs/count/download", 404, "no job with id 987654"),
                ("/api/v1/jobs/\(id)/logs/count/download?try=first", 400, "'try'"),
            ]
            for (path, status, detail) in cases {
                let response = try await api.request("GET", path)
                #expect(response.status == status, "\(path): \(response.text)")
                #expect((response.object["detail"] as? String)?.contains(detail) == true, "\(path): \(response.text)")
            }
        }
    }
}
