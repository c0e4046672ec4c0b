import Dispatch
import Foundation

/// Waiting for a child to exit without reaping it (swift-subprocess reaps), through its pidfd.
enum ProcessExit {
    /// Whether the process behind `pidfd` has exited.
    static func hasExited(pidfd: Int32, pid: pid_t) -> Bool {
        guard pidfd >= 0 else { return !ProcessTree.isRunning(pid) }
        var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    /// Returns once the process has exited; the pidfd becomes readable then.
    static func wait(pidfd: Int32, pid: pid_t) async {
        if hasExited(pidfd: pidfd, pid: pid) { return }
        guard pidfd >= 0 else {
            // No pidfd (kernels before 5.3): the rare path where a task closed its output and kept running.
            while ProcessTree.isRunning(pid) { try? await Task.sleep(for: .milliseconds(10)) }
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let source = DispatchSource.makeReadSource(fileDescriptor: pidfd, queue: .global())
            source.setEventHandler { source.cancel() }
            source.setCancelHandler { continuation.resume() }
            source.resume()
        }
    }
}
