import Foundation
import MLoopCore

/// Reads one workflow file's bytes as UTF-8 text, turning every way that can fail into an issue for that file.
enum WorkflowFileReader {
    static func readFile(absolute: String, relative: String) -> DAGFile {
        func failed(_ message: String, hash: String? = nil) -> DAGFile {
            DAGFile(
                relativePath: relative, contentHash: hash, content: .failure(ValidationIssue(message, file: relative)))
        }
        if case .failure(let error) = FileStatus.of(absolute, followingLinks: true) {
            return failed(linkProblem(absolute, error) ?? "cannot read the file: \(error.description)")
        }
        // O_NONBLOCK: opening a FIFO named like a workflow must not wait for a writer.
        let descriptor = open(absolute, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = FileStatus.SystemError(code: errno)
            return failed(linkProblem(absolute, error) ?? "cannot read the file: \(error.description)")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return failed("cannot read the file: \(FileStatus.SystemError(code: errno).description)")
        }
        let status = FileStatus(info)
        guard status.isRegularFile else { return failed("not a regular file (a device, FIFO or socket?)") }
        if let problem = WorkflowFileLoader.sizeProblem(byteCount: status.size) { return failed(problem) }
        let bytes: [UInt8]
        switch readAll(descriptor, limit: WorkflowFileLoader.maximumFileSize) {
        case .failure(let error): return failed("cannot read the file: \(error.description)")
        case .success(let read): bytes = read
        }
        let hash = SHA256.hex(of: bytes)
        if let problem = WorkflowFileLoader.sizeProblem(byteCount: bytes.count) { return failed(problem, hash: hash) }
        if let offset = firstInvalidUTF8Offset(bytes) {
            let byte = String(format: "0x%02X", bytes[offset])
            return failed(
                "the file is not UTF-8 text: invalid byte \(byte) at byte offset \(offset); "
                    + "workflow files must be UTF-8", hash: hash)
        }
        return DAGFile(
            relativePath: relative, contentHash: hash, content: .success(String(decoding: bytes, as: UTF8.self)))
    }

    /// Reads up to `limit + 1` bytes, so a file that grew past the limit after `fstat` is still caught.
    private static func readAll(_ descriptor: Int32, limit: Int) -> Result<[UInt8], FileStatus.SystemError> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileStatus.SystemError(code: errno))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return .success(bytes)
    }

    /// Words for a symlink that leads nowhere: a loop or a missing target.
    private static func linkProblem(_ path: String, _ error: FileStatus.SystemError) -> String? {
        guard case .success(let status) = FileStatus.of(path, followingLinks: false), status.isSymlink else {
            return nil
        }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        switch error.code {
        case ELOOP: return "symlink loop: '\(target)' leads back to itself (ELOOP: \(error.description))"
        case ENOENT: return "dangling symlink: its target '\(target)' does not exist"
        default: return nil
        }
    }

    /// The byte offset of the first byte that is not part of valid UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
