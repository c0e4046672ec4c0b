import Foundation

/// Cuts one output stream into lines, keeping memory bounded however long a line is.
///
/// Ordinary lines longer than `maxLineBytes` come out as fragments of at most that size (cut on a UTF-8 boundary).
/// A line starting with the protocol prefix is kept whole up to `maxProtocolLineBytes` so it can be parsed.
struct LineSplitter {
    enum Piece {
        /// A whole line without its newline (and without a trailing `\r`).
        case line(ArraySlice<UInt8>)
        /// Part of a line too long to keep whole: logged, never parsed.
        case fragment(ArraySlice<UInt8>)
        /// A protocol line grew past `maxProtocolLineBytes`; carries its start. Fragments follow.
        case overlongProtocolLine(ArraySlice<UInt8>)
    }

    let maxLineBytes: Int
    let maxProtocolLineBytes: Int
    let protocolPrefix: [UInt8]?
    private var pending: [UInt8] = []
    /// The pending bytes continue a line that was already cut.
    private var continuing = false

    init(maxLineBytes: Int, maxProtocolLineBytes: Int, protocolPrefix: String?) {
        self.maxLineBytes = maxLineBytes
        self.maxProtocolLineBytes = max(maxLineBytes, maxProtocolLineBytes)
        self.protocolPrefix = protocolPrefix.map { Array($0.utf8) }
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Piece) -> Void) {
        // One copy per chunk; lines are slices of it.
        let bytes = Array(chunk.bindMemory(to: UInt8.self))
        var start = 0
        while start < bytes.count {
            guard let newline = Self.newline(in: bytes, from: start) else {
                pending.append(contentsOf: bytes[start...])
                enforceLimit(emit)
                return
            }
            if pending.isEmpty {
                finishLine(bytes[start..<newline], emit)
            } else {
                pending.append(contentsOf: bytes[start..<newline])
                finishLine(pending[...], emit)
                pending.removeAll(keepingCapacity: pending.capacity <= 1 << 16)
            }
            start = newline + 1
        }
    }

    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                let found = memchr(base + start, 10, buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Emits what is left once the stream ended without a final newline.
    mutating func finish(_ emit: (Piece) -> Void) {
        if !pending.isEmpty { finishLine(pending[...], emit) }
        pending = []
    }

    private mutating func finishLine(_ line: ArraySlice<UInt8>, _ emit: (Piece) -> Void) {
        var line = line
        if line.last == 13 { line = line.dropLast() }
        if continuing {
            emitFragments(line, emit)
            continuing = false
        } else if line.count > maxLineBytes {
            let protocolLine = isProtocolLine(line)
            if protocolLine && line.count <= maxProtocolLineBytes {
                emit(.line(line))
                return
            }
            if protocolLine { emit(.overlongProtocolLine(line.prefix(256))) }
            emitFragments(line, emit)
        } else {
            emit(.line(line))
        }
    }

    private mutating func enforceLimit(_ emit: (Piece) -> Void) {
        let protocolLine = !continuing && isProtocolLine(pending[...])
        let limit = protocolLine ? maxProtocolLineBytes : maxLineBytes
        guard pending.count > limit else { return }
        if protocolLine { emit(.overlongProtocolLine(pending.prefix(256))) }
        var cut = pending.startIndex
        while pending.count - cut > maxLineBytes {
            let end = Self.boundary(in: pending[cut...], atMost: maxLineBytes)
            emit(.fragment(pending[cut..<end]))
            cut = end
        }
        pending.removeSubrange(..<cut)
        continuing = true
    }

    private func emitFragments(_ line: ArraySlice<UInt8>, _ emit: (Piece) -> Void) {
        var rest = line
        while !rest.isEmpty {
            let end = rest.count > maxLineBytes ? Self.boundary(in: rest, atMost: maxLineBytes) : rest.endIndex
            emit(.fragment(rest[rest.startIndex..<end]))
            rest = rest[end...]
        }
    }

    private func isProtocolLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard let prefix = protocolPrefix else { return false }
        return line.starts(with: prefix)
    }

    /// The end of a piece of at most `limit` bytes that does not cut a UTF-8 sequence in two.
    static func boundary(in bytes: ArraySlice<UInt8>, atMost limit: Int) -> Int {
        let hard = bytes.startIndex + limit
        var end = hard
        // Back off over continuation bytes (10xxxxxx), at most three of them.
        while end > bytes.startIndex + 1, hard - end < 3, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return bytes[end] & 0xC0 == 0x80 ? hard : end
    }
}
