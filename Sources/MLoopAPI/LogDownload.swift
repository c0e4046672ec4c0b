import Foundation
import Hummingbird
import MLoopStore

/// A try's whole log as a downloaded text file, written to the response chunk by chunk as it is read from the
/// database in bounded keyset batches: the body is never held whole, however long the log.
struct LogDownload: Sendable {
    /// Chunks read per query (the executor stores chunks of about 64 KiB: about 1 MiB a batch).
    static let chunksPerQuery = 16

    let runs: RunStore
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

    /// Writes the stored chunks in chunk order. Bytes a chunk repeats from the one before (by offset) are skipped; a
    /// chunk the worker could not store leaves its bytes out and the chunks after it still follow (their offsets
    /// stay right).
    func write(to writer: inout any ResponseBodyWriter) async throws {
        var after: Int?
        var next: Int64 = 0
        while true {
            let chunks = try await runs.logChunks(ref, after: after, limit: Self.chunksPerQuery)
            for chunk in chunks {
                let bytes = chunk.content.utf8
                let repeated = Int(max(0, min(Int64(bytes.count), next - chunk.byteOffset)))
                if repeated < bytes.count {
                    try await writer.write(ByteBuffer(bytes: bytes.dropFirst(repeated)))
                }
                next = max(next, chunk.byteOffset + Int64(bytes.count))
            }
            guard chunks.count == Self.chunksPerQuery, let last = chunks.last else { return }
            after = last.chunkNumber
        }
    }
}
