import Logging
import MLoopCore
import MLoopStore

/// Streams one try's output into PostgreSQL as it happens: log chunks at increasing byte offsets (so any machine
/// can serve or follow them) and the latest progress and metadata on the task instance. The closing chunk is kept
/// for the worker to store with the try's end, in one transaction.
actor StoreOutputHandler: TaskOutputHandler {
    private let store: WorkerQueue
    private let ref: TryRef
    private let logger: Logger
    private var chunkNumber = 0
    private var byteOffset: Int64 = 0
    private var closingChunk: LogChunk?

    init(store: WorkerQueue, ref: TryRef, logger: Logger) {
        self.store = store
        self.ref = ref
        self.logger = logger
    }

    func log(_ lines: [TaskLogLine]) async {
        guard let chunk = nextChunk(lines) else { return }
        let (store, ref) = (store, ref)
        let written = await DatabaseRetry.record("writing a log chunk of \(ref)", logger: logger, attempts: 5) {
            try await store.appendLog(
                ref, chunkNumber: chunk.chunkNumber, byteOffset: chunk.byteOffset, content: chunk.content)
        }
        // A chunk that could not be written is lost, but offsets stay consistent for the chunks after it.
        if !written {
            logger.error("log chunk lost", metadata: ["try": "\(ref)", "bytes": "\(chunk.content.utf8.count)"])
        }
    }

    func closingLog(_ lines: [TaskLogLine]) async {
        closingChunk = nextChunk(lines)
    }

    /// The closing chunk, for `WorkerQueue.finishTry(_:_:pulls:finalLog:now:)`; nil when the try's output ended empty.
    func takeClosingChunk() -> LogChunk? {
        defer { closingChunk = nil }
        return closingChunk
    }

    private func nextChunk(_ lines: [TaskLogLine]) -> LogChunk? {
        guard !lines.isEmpty else { return nil }
        var content = lines.map(\.formatted).joined(separator: "\n")
        content += "\n"
        let chunk = LogChunk(chunkNumber: chunkNumber, byteOffset: byteOffset, content: content)
        chunkNumber += 1
        byteOffset += Int64(content.utf8.count)
        return chunk
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
