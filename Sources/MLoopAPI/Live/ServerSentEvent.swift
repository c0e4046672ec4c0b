import Foundation
import Hummingbird
import MLoopCore

/// One message of a `text/event-stream` body.
struct ServerSentEvent: Sendable, Hashable {
    var event: String?
    var data: String

    /// A comment line; clients ignore it, proxies see traffic.
    static let keepAlive = ServerSentEvent(event: nil, data: "")

    /// `event: x` and one `data:` line per line of `data`, ended by a blank line.
    var buffer: ByteBuffer {
        guard let event else { return ByteBuffer(string: ": keep-alive\n\n") }
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return ByteBuffer(string: text + "\n")
    }

    /// An event whose data is `value` as sorted-key JSON.
    static func json(_ event: String, _ value: some Encodable) throws -> ServerSentEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = Timestamp.jsonEncodingStrategy
        return ServerSentEvent(event: event, data: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// A streaming `text/event-stream` response; `produce` writes events until it returns.
    static func response(
        _ produce: @escaping @Sendable (_ send: (ServerSentEvent) async throws -> Void) async throws -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                // The first comment makes the client see the stream open at once.
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                try await produce { event in try await writer.write(event.buffer) }
                try await writer.finish(nil)
            })
    }
}
