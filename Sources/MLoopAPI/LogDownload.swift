import Foundation
import Hummingbird
import MLoopStore

/// A try's whole log as a downloaded text file, written to the response chunk by chunk as it is read from the
/// database in bounded keyset batches: the body is never held whole, however long the log.
struct LogDownload: Sendable {
    /// Chunks read per query (the executor stores chunks of about 64 KiB: about 1 MiB a batch).
    static let chunksPerQuery = 16

    let runs: RunQueries
    let ref: TryRef
    let workflowID: String

    /// `<workflow>-<run>-<task>-try<N>.log`, with anything but letters, digits, `.`, `_` and `-` replaced by `_` (so
    /// the header can never be broken by a quote or a line break).
    var filename: String {
        let name = "\(workflowID)-\(ref.runID.rawValue)-\(ref.taskID.rawValue)-try\(ref.tryNumber).log"
        return String(
            name.unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
    }

    /// `200 text/plain` with `Content-Disposition: attachment`; the body streams.
    func response() -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/plain; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(filename)\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await write(to: &writer)
                try await writer.finish(nil)
            })
    }

    /// Writes the stored chunks in chunk order, as stored: the worker writes them at consecutive offsets (a chunk it
    /// could not store leaves its bytes out; the chunks after it still follow).
    func write(to writer: inout any ResponseBodyWriter) async throws {
        var after: Int?
        while true {
            let chunks = try await runs.logChunks(ref, after: after, limit: Self.chunksPerQuery)
            for chunk in chunks { try await writer.write(ByteBuffer(string: chunk.content)) }
            guard chunks.count == Self.chunksPerQuery, let last = chunks.last else { return }
            after = last.chunkNumber
        }
    }
}
