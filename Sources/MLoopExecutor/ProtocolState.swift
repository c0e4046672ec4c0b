import Foundation
import MLoopCore

/// What a try declared through stdout protocol lines: its XComs, the upstream XComs it read, its branch choice, and
/// any protocol failure.
struct ProtocolState {
    /// At most this many distinct pulls are recorded per try; more are noted once in the log and dropped.
    static let maxPulls = 1000

    let maxXComBytes: Int
    private(set) var xcoms: [String: JSONValue] = [:]
    /// Distinct upstream XComs read, in first-read order.
    private(set) var pulls: [XComPull] = []
    private var pulled: Set<XComPull> = []
    private var notedPullCap = false
    private(set) var branch: [TaskID]?
    /// Set when the try must fail whatever its exit code (an XCom over the size limit).
    private(set) var failure: String?

    /// `TAG::` of another protocol's progress and metadata lines, as bytes, with what they stand for.
    let aliases: [(prefix: [UInt8], line: ProtocolLine.AliasedLine)]

    init(maxXComBytes: Int, aliases: OutputProtocol? = nil) {
        self.maxXComBytes = maxXComBytes
        var tags: [(prefix: [UInt8], line: ProtocolLine.AliasedLine)] = []
        if let progress = aliases?.progress { tags.append((Array("\(progress)::".utf8), .progress)) }
        if let meta = aliases?.meta { tags.append((Array("\(meta)::".utf8), .metadata)) }
        self.aliases = tags
    }

    mutating func apply(_ line: ProtocolLine, pipeline: LogPipeline, at date: Date) {
        switch line {
        case .xcom(let key, let value, let payloadBytes):
            if payloadBytes > maxXComBytes, let size = Self.encodedSize(value), size > maxXComBytes {
                fail(
                    "XCom '\(key)' is \(ByteCount.describe(size)); the limit is \(ByteCount.describe(maxXComBytes))",
                    pipeline: pipeline, at: date)
                return
            }
            xcoms[key] = value
        case .xcomPull(let pull):
            guard !pulled.contains(pull) else { return }
            guard pulls.count < Self.maxPulls else {
                if !notedPullCap {
                    notedPullCap = true
                    pipeline.appendSystem(
                        "more than \(Self.maxPulls) distinct XCom pulls; only the first \(Self.maxPulls) are recorded",
                        at: date)
                }
                return
            }
            pulled.insert(pull)
            pulls.append(pull)
        case .progress(let value):
            pipeline.setProgress(value)
        case .metadata(let value):
            pipeline.setMetadata(value)
        case .branch(let tasks):
            branch = tasks
        case .invalid(let note):
            pipeline.appendSystem(String(note.dropFirst("[mloop] ".count)), at: date)
        }
    }

    mutating func rejectOverlong(_ start: String, pipeline: LogPipeline, at date: Date) {
        if start.hasPrefix("MLOOP_XCOM::") {
            let limit = ByteCount.describe(maxXComBytes)
            fail(
                "an MLOOP_XCOM line is longer than \(ByteCount.describe(2 * maxXComBytes + 4096)); "
                    + "the limit is \(limit) per value", pipeline: pipeline, at: date)
        } else {
            let tag = start.prefix { $0 != ":" }
            pipeline.appendSystem("ignored invalid \(tag) line: longer than the protocol allows", at: date)
        }
    }

    private mutating func fail(_ reason: String, pipeline: LogPipeline, at date: Date) {
        pipeline.appendSystem(reason, at: date)
        if failure == nil { failure = reason }
    }

    private static func encodedSize(_ value: JSONValue) -> Int? {
        try? JSONEncoder().encode(value).count
    }
}
