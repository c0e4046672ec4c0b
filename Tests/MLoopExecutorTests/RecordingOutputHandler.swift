import Foundation
import MLoopCore
import MLoopExecutor
import Synchronization

/// Keeps everything a try reports, for assertions.
final class RecordingOutputHandler: TaskOutputHandler {
    private struct State {
        var lines: [TaskLogLine] = []
        var batches = 0
        var progress: [JSONValue] = []
        var metadata: [JSONValue] = []
    }

    private let state = Mutex(State())

    func log(_ lines: [TaskLogLine]) async {
        state.withLock {
            $0.lines += lines
            $0.batches += 1
        }
    }
    func progress(_ value: JSONValue) async { state.withLock { $0.progress.append(value) } }
    func metadata(_ value: JSONValue) async { state.withLock { $0.metadata.append(value) } }

    var lines: [TaskLogLine] { state.withLock { $0.lines } }
    var batches: Int { state.withLock { $0.batches } }
    var progressUpdates: [JSONValue] { state.withLock { $0.progress } }
    var metadataUpdates: [JSONValue] { state.withLock { $0.metadata } }

    func texts(_ stream: TaskLogLine.Stream? = nil) -> [String] {
        lines.filter { stream == nil || $0.stream == stream }.map(\.text)
    }

    /// The task's own output lines (without MLoop's `[mloop] …` lines).
    func taskOutput(_ stream: TaskLogLine.Stream = .stdout) -> [String] {
        texts(stream).filter { !$0.hasPrefix("[mloop] ") }
    }

    /// Waits (up to `timeout`) until a line containing `text` has been delivered.
    func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if lines.contains(where: { $0.text.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
