import Foundation
import MLoopCore
import Synchronization

/// Batches a try's log lines and its latest progress/metadata to the `TaskOutputHandler`, in order, one call at a
/// time, and stops storing lines once the try's log cap is reached.
final class LogPipeline: Sendable {
    static let flushBytes = 64 << 10
    static let flushInterval: Duration = .milliseconds(200)

    private struct State {
        var pending: [TaskLogLine] = []
        var pendingBytes = 0
        var storedBytes = 0
        var droppedBytes = 0
        var truncated = false
        var progress: JSONValue?
        var metadata: JSONValue?
        /// The last delivery started; each delivery awaits the one before, so handler calls never overlap.
        var lastDelivery: Task<Void, Never>?
    }

    private let handler: any TaskOutputHandler
    private let maxLogBytes: Int
    private let ticker: LogFlushTicker
    private let state = Mutex(State())

    /// `ticker` flushes pending lines about its interval after they arrive, until `close()`.
    init(handler: any TaskOutputHandler, maxLogBytes: Int, ticker: LogFlushTicker) {
        self.handler = handler
        self.maxLogBytes = maxLogBytes
        self.ticker = ticker
    }

    var droppedBytes: Int { state.withLock { $0.droppedBytes } }

    /// Adds lines of task output; past the cap they are counted, not stored.
    /// Returns whether a batch is full and whether the cap has been reached.
    func append(_ lines: [TaskLogLine]) -> (full: Bool, truncated: Bool) {
        state.withLock { state in
            for line in lines {
                let size = line.text.utf8.count
                if state.truncated {
                    state.droppedBytes += size
                } else if state.storedBytes + size > maxLogBytes {
                    state.truncated = true
                    state.droppedBytes += size
                    let note =
                        "[mloop] log truncated: this try's output passed the \(ByteCount.describe(maxLogBytes)) "
                        + "limit; later lines are not stored (they are still read, and protocol lines still count)"
                    add(TaskLogLine(at: line.at, stream: .stdout, text: note), to: &state)
                } else {
                    state.storedBytes += size
                    add(line, to: &state)
                }
            }
            return (state.pendingBytes >= Self.flushBytes, state.truncated)
        }
    }

    /// Counts output read past the cap without building its lines.
    func addDropped(_ bytes: Int) {
        state.withLock { $0.droppedBytes += bytes }
    }

    /// Adds one of MLoop's own lines; these are kept even past the cap.
    func appendSystem(_ text: String, at date: Date = Date()) {
        state.withLock { add(TaskLogLine(at: date, stream: .stdout, text: "[mloop] " + text), to: &$0) }
    }

    func setProgress(_ value: JSONValue) {
        state.withLock { state in
            state.progress = value
            if state.pending.isEmpty { ticker.flushSoon(self) }
        }
    }

    func setMetadata(_ value: JSONValue) {
        state.withLock { state in
            state.metadata = value
            if state.pending.isEmpty { ticker.flushSoon(self) }
        }
    }

    /// Delivers what is pending and waits until the handler has it (back-pressure for fast writers).
    func flush() async {
        await deliverPending().value
    }

    /// Starts delivering what is pending (the ticker's flush; deliveries stay in order).
    func flushPending() {
        _ = deliverPending()
    }

    /// Stops the ticker's flushes and delivers everything left, the lines through `closingLog`.
    func close() async {
        ticker.forget(self)
        await deliverPending(closing: true).value
    }

    private func add(_ line: TaskLogLine, to state: inout State) {
        if state.pending.isEmpty { ticker.flushSoon(self) }
        state.pending.append(line)
        state.pendingBytes += line.formatted.utf8.count
    }

    private func deliverPending(closing: Bool = false) -> Task<Void, Never> {
        state.withLock { state in
            let lines = state.pending
            let progress = state.progress
            let metadata = state.metadata
            state.pending = []
            state.pendingBytes = 0
            state.progress = nil
            state.metadata = nil
            let previous = state.lastDelivery
            let handler = self.handler
            let delivery = Task {
                await previous?.value
                if closing {
                    await handler.closingLog(lines)
                } else if !lines.isEmpty {
                    await handler.log(lines)
                }
                if let progress { await handler.progress(progress) }
                if let metadata { await handler.metadata(metadata) }
            }
            state.lastDelivery = delivery
            return delivery
        }
    }
}
