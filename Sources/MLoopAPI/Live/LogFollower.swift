import Foundation
import MLoopCore
import MLoopStore

/// Sends a try's log from an offset as it grows, and says when the try has finished and everything was sent.
struct LogFollower {
    let runs: RunQueries
    let ref: TryRef
    private(set) var offset: Int64

    init(runs: RunQueries, ref: TryRef, offset: Int64) {
        self.runs = runs
        self.ref = ref
        self.offset = offset
    }

    /// What `event: log` carries.
    struct Piece: Encodable {
        var offset: Int64
        var nextOffset: Int64
        var content: String

        enum CodingKeys: String, CodingKey {
            case offset, content
            case nextOffset = "next_offset"
        }
    }

    /// What `event: end` carries: the try's final state and where its log ends.
    struct End: Encodable {
        var state: TaskTryState
        var tryNumber: Int
        var nextOffset: Int64

        enum CodingKeys: String, CodingKey {
            case state
            case tryNumber = "try_number"
            case nextOffset = "next_offset"
        }
    }

    /// Sends everything stored past the offset; returns the end once the try has finished.
    mutating func catchUp(_ send: (ServerSentEvent) async throws -> Void) async throws -> End? {
        // The status is read before the log: a try's last chunks commit with its end, so when the status says
        // finished, the log read after it is complete.
        let status = try await runs.tryStatus(ref)
        guard let status else { return nil }
        while true {
            let log = try await runs.log(ref, fromOffset: offset)
            guard log.nextOffset > offset else { break }
            try await send(try .json("log", Piece(offset: offset, nextOffset: log.nextOffset, content: log.content)))
            offset = log.nextOffset
        }
        guard status.isFinished else { return nil }
        return End(state: status.state, tryNumber: ref.tryNumber, nextOffset: offset)
    }
}
