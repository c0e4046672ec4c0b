import Foundation

/// The first lines of `<data>/postmaster.pid`: pid, data dir, start time, port, socket dir, listen address, shmem
/// key, status.
struct PostmasterPID: Sendable {
    var processID: Int32
    var port: Int
    var socketDirectory: String?

    static func read(dataDirectory: String) -> PostmasterPID? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let processID = lines.first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) else {
            return nil
        }
        let port = lines.count > 3 ? Int(lines[3].trimmingCharacters(in: .whitespaces)) ?? 5432 : 5432
        let socket = lines.count > 4 ? lines[4].trimmingCharacters(in: .whitespaces) : ""
        return PostmasterPID(processID: processID, port: port, socketDirectory: socket.isEmpty ? nil : socket)
    }
}

/// Signals and liveness checks by pid, without spawning anything.
enum ProcessProbe {
    /// Alive and not a zombie (an orphaned postmaster may wait unreaped under a container's init).
    static func isAlive(_ processID: Int32) -> Bool {
        guard processID > 0, kill(processID, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(processID)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Whether something accepts connections on the Unix socket at `path`.
    static func acceptsConnections(socketPath path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
