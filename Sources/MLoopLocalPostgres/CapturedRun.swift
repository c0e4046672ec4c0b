import Foundation
import Subprocess
import SystemPackage

/// Runs a child with stdout and stderr going to an unlinked temporary file, never a pipe.
///
/// pg_ctl leaves a daemon behind; a daemon (or one started concurrently) that inherits a pipe's write end keeps
/// that pipe open, and a reader waiting for end-of-file would wait forever. A file has no end-of-file to wait for.
enum CapturedRun {
    static func run(
        _ executable: String, _ arguments: [String], workingDirectory: String, platformOptions: PlatformOptions
    ) async -> (succeeded: Bool, output: String) {
        let path = NSTemporaryDirectory() + "/mloop-run-" + UUID().uuidString
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return (false, "cannot create a temporary file: \(errnoText())") }
        unlink(path)
        defer { close(descriptor) }
        let standardOutput = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        let standardError = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments),
                workingDirectory: FilePath(workingDirectory), platformOptions: platformOptions, input: .none,
                output: .fileDescriptor(FileDescriptor(rawValue: standardOutput), closeAfterSpawningProcess: true),
                error: .fileDescriptor(FileDescriptor(rawValue: standardError), closeAfterSpawningProcess: true))
            return (result.terminationStatus.isSuccess, readAll(descriptor))
        } catch {
            return (false, "cannot run \(executable): \(error)")
        }
    }

    private static func readAll(_ descriptor: Int32) -> String {
        lseek(descriptor, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > 1 << 20 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
