import Foundation
import MLoopCore

/// Where one try stands, for following its log.
public struct TryStatus: Sendable, Hashable {
    public var state: TaskTryState
    /// Bytes of log stored so far; final once the try has finished.
    public var logBytes: Int64

    /// Finished tries write no more log.
    public var isFinished: Bool { state.isFinished }
}
