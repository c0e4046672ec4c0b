import Foundation

// Durations persist as seconds (a JSON number) and instants as ISO 8601 UTC strings with fractional seconds
// only when present. These encodings feed the content hash: changing them re-versions every workflow.
extension KeyedEncodingContainer {
    mutating func encodeSeconds(_ duration: Duration, forKey key: Key) throws {
        try encode(duration.seconds, forKey: key)
    }

    mutating func encodeSecondsIfPresent(_ duration: Duration?, forKey key: Key) throws {
        if let duration { try encodeSeconds(duration, forKey: key) }
    }

    mutating func encodeTimestampIfPresent(_ date: Date?, forKey key: Key) throws {
        if let date { try encode(Timestamp.format(date), forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeSecondsIfPresent(forKey key: Key) throws -> Duration? {
        guard let seconds = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a timestamp: \(text)")
        }
        return date
    }
}

extension Duration {
    /// The duration as fractional seconds.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
