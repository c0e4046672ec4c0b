/// One piece of a try's log: `content` starts at `byteOffset` of the log; `chunkNumber` orders and deduplicates.
public struct LogChunk: Sendable, Hashable {
    public var chunkNumber: Int
    public var byteOffset: Int64
    public var content: String

    public init(chunkNumber: Int, byteOffset: Int64, content: String) {
        self.chunkNumber = chunkNumber
        self.byteOffset = byteOffset
        self.content = content
    }

    /// The content as PostgreSQL text can hold it: NUL characters become `?` (same byte count).
    var storable: String {
        content.contains("\u{0}") ? content.replacingOccurrences(of: "\u{0}", with: "?") : content
    }
}
