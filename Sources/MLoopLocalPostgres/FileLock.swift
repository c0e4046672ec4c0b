import Foundation

/// An exclusive `flock` on a file, taken without blocking a thread (polls every 10 ms, up to 60 s).
final class FileLock {
    private var descriptor: Int32

    static func acquire(path: String) async throws(LocalPostgresError) -> FileLock {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LocalPostgresError(.lockFailed, "cannot open \(path): \(errnoText())") }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(descriptor)
                throw LocalPostgresError(.lockFailed, "cannot lock \(path) (held by another mloop process?)")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return FileLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
