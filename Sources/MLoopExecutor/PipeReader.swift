import Dispatch
import Foundation

/// The read end of a pipe, read in chunks without blocking a thread: waits for readability through a dispatch
/// source, so a slow consumer simply stops reading (the writer then blocks on a full pipe).
final class PipeReader: @unchecked Sendable {
    // Touched only by the one task that reads it, one call at a time.
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    /// Takes ownership of `fd`, which is made non-blocking; it is closed at end of file or in `deinit`.
    init(fd: Int32) {
        self.fd = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// The next chunk, `nil` at end of file.
    func next() async throws(PipeReadError) -> ArraySlice<UInt8>? {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { return buffer[0..<count] }
            if count == 0 { return nil }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: await readable()
            case let code: throw PipeReadError(code: code)
            }
        }
    }

    private func readable() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .global())
            source.setEventHandler { source.cancel() }
            source.setCancelHandler { continuation.resume() }
            source.resume()
        }
    }
}

/// A failed `read(2)` on a task's output pipe.
struct PipeReadError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "read failed: \(String(cString: strerror(code)))" }
}
