import Foundation
import MLoopCore

/// One try's end as a worker reports it: what happened and the try's last log chunk.
public struct TryEnd: Sendable, Hashable {
    public var ref: TryRef
    public var outcome: TryOutcome
    /// The upstream XComs the try read.
    public var pulls: [XComPull]
    public var finalLog: LogChunk?

    public init(ref: TryRef, outcome: TryOutcome, pulls: [XComPull] = [], finalLog: LogChunk?) {
        self.ref = ref
        self.outcome = outcome
        self.pulls = pulls
        self.finalLog = finalLog
    }

    /// The most common ends — a success that pushed no XComs and pulled none, or a skip — which
    /// `finishTriesTogether` records. Failures need the retry policy, XComs and pulls more rows: those go through
    /// `finishTry`'s transaction.
    public var isRecordableTogether: Bool {
        let end = TryEndRecord(outcome)
        return (end.event == .succeeded || end.event == .skipped) && (end.xcoms?.isEmpty ?? true) && pulls.isEmpty
    }
}
