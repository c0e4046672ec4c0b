import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// Microsecond-exact instants for cursors (the database keeps microseconds; `Timestamp` rounds to milliseconds).
enum PreciseTimestamp {
    static func format(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        return String(Int64(micros))
    }

    static func parse(_ text: String) -> Date? {
        Int64(text).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }
}
