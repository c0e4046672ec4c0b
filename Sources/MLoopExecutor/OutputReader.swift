import Foundation
import MLoopCore

/// Turns one output stream's bytes into log lines and, on stdout, protocol events.
struct OutputReader {
    let stream: TaskLogLine.Stream
    private let pipeline: LogPipeline
    private var splitter: LineSplitter
    /// `nil` when this stream carries no protocol (stderr, compiler output).
    private(set) var protocolState: ProtocolState?
    private let protocolPrefix = Array(ProtocolLine.prefix.utf8)
    /// Lines of the current chunk, handed to the pipeline in one call.
    private var batch: [TaskLogLine] = []
    /// Once the log cap is reached lines are only counted (and protocol lines still parsed).
    private var truncated = false
    private var droppedBytes = 0

    static let maxLineBytes = 64 << 10

    init(stream: TaskLogLine.Stream, pipeline: LogPipeline, protocolState: ProtocolState?) {
        self.stream = stream
        self.pipeline = pipeline
        self.protocolState = protocolState
        let protocolLimit = protocolState.map { 2 * $0.maxXComBytes + 4096 } ?? 0
        splitter = LineSplitter(
            maxLineBytes: Self.maxLineBytes, maxProtocolLineBytes: protocolLimit,
            protocolPrefix: protocolState == nil ? nil : ProtocolLine.prefix)
    }

    /// Reads a chunk; returns whether the pipeline has a full batch to flush.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let clock = ChunkClock()
        // The splitter is moved out while it calls back into `self`; moving keeps its buffer uniquely referenced.
        var splitter = takeSplitter()
        splitter.feed(bytes) { piece in handle(piece, clock) }
        self.splitter = splitter
        return deliver()
    }

    mutating func finish() {
        let clock = ChunkClock()
        var splitter = takeSplitter()
        splitter.finish { piece in handle(piece, clock) }
        self.splitter = splitter
        _ = deliver()
    }

    private mutating func deliver() -> Bool {
        if droppedBytes > 0 {
            pipeline.addDropped(droppedBytes)
            droppedBytes = 0
        }
        guard !batch.isEmpty else { return false }
        let (full, truncated) = pipeline.append(batch)
        self.truncated = truncated
        batch.removeAll(keepingCapacity: true)
        return full
    }

    private mutating func takeSplitter() -> LineSplitter {
        let taken = splitter
        splitter = LineSplitter(maxLineBytes: 0, maxProtocolLineBytes: 0, protocolPrefix: nil)
        return taken
    }

    private mutating func handle(_ piece: LineSplitter.Piece, _ clock: ChunkClock) {
        switch piece {
        case .line(let bytes):
            if protocolState != nil, bytes.starts(with: protocolPrefix) {
                let text = Self.text(bytes)
                if let line = ProtocolLine.parse(text) {
                    protocolState?.apply(line, pipeline: pipeline, at: clock.date)
                    if bytes.count > Self.maxLineBytes {
                        for part in Self.split(bytes) { log(part, clock) }
                        return
                    }
                }
            } else if let aliases = protocolState?.aliases, !aliases.isEmpty,
                let alias = aliases.first(where: { bytes.starts(with: $0.prefix) })
            {
                let text = Self.text(bytes)
                let tag = String(decoding: alias.prefix, as: UTF8.self)
                protocolState?.apply(
                    ProtocolLine.parse(text, aliasedTag: tag, as: alias.line), pipeline: pipeline, at: clock.date)
            }
            log(bytes, clock)
        case .fragment(let bytes):
            log(bytes, clock)
        case .overlongProtocolLine(let start):
            protocolState?.rejectOverlong(Self.text(start), pipeline: pipeline, at: clock.date)
        }
    }

    private mutating func log(_ bytes: ArraySlice<UInt8>, _ clock: ChunkClock) {
        if truncated {
            droppedBytes += bytes.count
            return
        }
        let text = Self.text(bytes)
        batch.append(
            TaskLogLine(
                at: clock.date, stream: stream, text: text,
                formatted: TaskLogLine.format(stamp: clock.stamp, stream: stream, text: text)))
    }

    private static func split(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var rest = bytes
        while !rest.isEmpty {
            let end = rest.count > maxLineBytes ? LineSplitter.boundary(in: rest, atMost: maxLineBytes) : rest.endIndex
            parts.append(rest[rest.startIndex..<end])
            rest = rest[end...]
        }
        return parts
    }

    /// Valid UTF-8 (invalid bytes become U+FFFD) without NUL bytes, which PostgreSQL text cannot hold.
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.contains(0) {
            return String(decoding: bytes.lazy.filter { $0 != 0 }, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One timestamp per chunk of output, formatted only if the chunk yields a line.
final class ChunkClock {
    let date = Date()
    private(set) lazy var stamp: String = LogTimestamp.format(date)
}
