import Logging
import MLoopCore
import MLoopStore

/// Streams one try's output into PostgreSQL as it happens: log chunks at increasing byte offsets (so any machine
/// can serve or follow them) and the latest progress and metadata on the task instance.
actor StoreOutputHandler: TaskOutputHandler {
    private let store: RunStore
    private let ref: TryRef
    private let logger: Logger
    private var chunkNumber = 0
    private var byteOffset: Int64 = 0

    init(store: RunStore, ref: TryRef, logger: Logger) {
        self.store = store
        self.ref = ref
        self.logger = logger
    }

    func log(_ lines: [TaskLogLine]) async {
        guard !lines.isEmpty else { return }
        var content = lines.map(\.formatted).joined(separator: "\n")
        content += "\n"
        let size = Int64(content.utf8.count)
        let (store, ref, chunk, offset, text) = (store, ref, chunkNumber, byteOffset, content)
        let written = await DatabaseRetry.record("writing a log chunk of \(ref)", logger: logger, attempts: 5) {
            try await store.appendLog(ref, chunkNumber: chunk, byteOffset: offset, content: text)
        }
        // A chunk that could not be written is lost, but offsets stay consistent for the chunks after it.
        if !written { logger.error("log chunk lost", metadata: ["try": "\(ref)", "bytes": "\(size)"]) }
        chunkNumber += 1
        byteOffset += size
    }

    func progress(_ value: JSONValue) async {
        let (store, ref) = (store, ref)
        _ = await DatabaseRetry.run("recording progress of \(ref)", logger: logger, attempts: 2) {
            try await store.recordProgress(ref, progress: value, metadata: nil)
        }
    }

    func metadata(_ value: JSONValue) async {
        let (store, ref) = (store, ref)
        _ = await DatabaseRetry.run("recording metadata of \(ref)", logger: logger, attempts: 2) {
            try await store.recordProgress(ref, progress: nil, metadata: value)
        }
    }
}

/// Retries a database write across a short outage (a PostgreSQL restart), with backoff.
enum DatabaseRetry {
    /// As `run`, but the write goes ahead even when the calling task is cancelled — a try stopped at shutdown or
    /// by a mark must still have its last log lines and its ending recorded. The write runs in a task of its own,
    /// which does not inherit the caller's cancellation.
    @discardableResult
    static func record(
        _ what: String, logger: Logger, attempts: Int, _ body: @escaping @Sendable () async throws -> Void
    ) async -> Bool {
        await Task { await run(what, logger: logger, attempts: attempts, body) }.value
    }

    @discardableResult
    static func run(
        _ what: String, logger: Logger, attempts: Int, _ body: @Sendable () async throws -> Void
    ) async -> Bool {
        var delay = Duration.milliseconds(100)
        for attempt in 1...attempts {
            do {
                try await body()
                return true
            } catch {
                if attempt == attempts || Task.isCancelled {
                    logger.error("\(what) failed", metadata: ["error": "\(error)"])
                    return false
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        return false
    }
}
