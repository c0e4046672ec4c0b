import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A `text/event-stream` response read over a raw loopback socket on its own thread (FoundationNetworking on Linux
/// cannot stream a body), collecting every message as it arrives.
final class EventStreamClient: Sendable {
    /// One message; comments (`: keep-alive`) are recorded with event `comment`.
    struct Message: Sendable, CustomStringConvertible {
        var event: String
        var data: String

        var object: [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]) ?? [:]
        }
        var description: String { "\(event): \(data)" }
    }

    private struct State {
        var raw: [UInt8] = []
        var headerEnd: Int?
        var messages: [Message] = []
        var isClosed = false
        /// The descriptor was closed: its number may now be another socket's (a PostgreSQL connection of some other
        /// test in this process), so it must not be touched again.
        var isReleased = false
    }

    private let socket: Int32
    private let state = Mutex(State())

    /// Connects, sends `GET path` with `headers`, and starts reading.
    init(port: Int, path: String, headers: [String: String]) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw APITestTimeout(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = request.utf8CString.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count - 1, 0) }
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    /// The response status, once the head arrived.
    var status: Int? {
        state.withLock { state in
            guard let end = state.headerEnd else { return nil }
            let head = String(decoding: state.raw[..<end], as: UTF8.self)
            return head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
    }

    /// The response head's text, once it arrived.
    var head: String? {
        state.withLock { state in state.headerEnd.map { String(decoding: state.raw[..<$0], as: UTF8.self) } }
    }

    var messages: [Message] { state.withLock { $0.messages } }

    /// True once the server ended the response.
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Waits (bounded) for a message `match` accepts.
    func waitFor(
        _ what: String, within limit: Duration = .seconds(30), _ match: @escaping (Message) -> Bool
    ) async throws -> Message {
        try await poll("the stream sent \(what) (so far: \(messages))", within: limit) { messages.first(where: match) }
    }

    /// Ends the stream (the reading thread then releases the socket); a no-op once the socket is released.
    func close() {
        state.withLock { state in
            if !state.isReleased { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            state.withLock { state in
                state.raw.append(contentsOf: buffer[..<count])
                parse(&state)
            }
        }
        state.withLock { state in
            state.isClosed = true
            state.isReleased = true
            Glibc.close(socket)
        }
    }

    // Re-parses the whole body each time: test streams are small, and it keeps chunk and message boundaries simple.
    private func parse(_ state: inout State) {
        if state.headerEnd == nil, let range = state.raw.firstRange(of: Array("\r\n\r\n".utf8)) {
            state.headerEnd = range.lowerBound
        }
        guard let headerEnd = state.headerEnd else { return }
        let head = String(decoding: state.raw[..<headerEnd], as: UTF8.self).lowercased()
        var body = Array(state.raw[(headerEnd + 4)...])
        if head.contains("transfer-encoding: chunked") { body = Self.dechunk(body) }
        let text = String(decoding: body, as: UTF8.self)
        var messages: [Message] = []
        for block in text.components(separatedBy: "\n\n").dropLast() {
            var event = "message"
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    event = "comment"
                    data.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("event: ") {
                    event = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    data.append(String(line.dropFirst(6)))
                }
            }
            messages.append(Message(event: event, data: data.joined(separator: "\n")))
        }
        state.messages = messages
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8))?.lowerBound {
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else {
                output.append(contentsOf: bytes[start...])
                break
            }
            output.append(contentsOf: bytes[start..<(start + size)])
            index = start + size + 2
            guard index < bytes.count else { break }
        }
        return output
    }
}
