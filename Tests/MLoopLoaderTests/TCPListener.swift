import Foundation

/// A TCP socket listening on 127.0.0.1 at a free port, for checking what a child process can reach.
struct TCPListener {
    let descriptor: Int32
    let port: UInt16

    struct SocketError: Error {
        var call: String
        var code: Int32
    }

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw SocketError(call: "bind/listen", code: errno) }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Whether a connection from this process succeeds.
    func acceptsConnections() -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Foundation.close(client) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    func close() { Foundation.close(descriptor) }
}
