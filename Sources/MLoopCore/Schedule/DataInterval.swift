import Foundation

/// The span of time a run covers, `[start, end)`. As in Airflow, a run's logical date is its interval's start and
/// the run is due once the interval has ended.
public struct DataInterval: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public var description: String { "[\(Timestamp.format(start)), \(Timestamp.format(end)))" }

    // Persisted and served as ISO 8601 UTC strings, like every other instant.
    private enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let start = try container.decodeTimestampIfPresent(forKey: .start) else {
            throw DecodingError.keyNotFound(
                CodingKeys.start, .init(codingPath: decoder.codingPath, debugDescription: ""))
        }
        guard let end = try container.decodeTimestampIfPresent(forKey: .end) else {
            throw DecodingError.keyNotFound(CodingKeys.end, .init(codingPath: decoder.codingPath, debugDescription: ""))
        }
        (self.start, self.end) = (start, end)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTimestampIfPresent(start, forKey: .start)
        try container.encodeTimestampIfPresent(end, forKey: .end)
    }
}
