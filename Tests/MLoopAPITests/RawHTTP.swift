import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 request written byte for byte to a socket, so paths reach the server exactly as given (URL types
/// would normalise `..` and percent escapes away).
enum RawHTTP {
    struct Answer {
        var status: Int
        var text: String
    }

    static func send(port: Int, method: String = "GET", target: String, headers: [String: String] = [:]) throws
        -> Answer
    {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw RawHTTPError(description: "socket: errno \(errno)") }
        defer { close(socketFD) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw RawHTTPError(description: "connect: errno \(errno)") }
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard write(socketFD, bytes, bytes.count) == bytes.count else {
            throw RawHTTPError(description: "write: errno \(errno)")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(socketFD, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return Answer(status: status, text: text)
    }
}

struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
}
