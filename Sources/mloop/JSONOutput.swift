import Foundation
import MLoopCore

/// The JSON every `--json` flag prints: sorted keys, ISO 8601 dates with milliseconds, pretty-printed.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = Timestamp.jsonEncodingStrategy
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One line, sorted keys: for values shown inside tables.
    static func compact(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = Timestamp.jsonEncodingStrategy
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
