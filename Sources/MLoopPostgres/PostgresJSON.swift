import Foundation

/// A jsonb value: raw JSON bytes, with helpers to encode from and decode into Codable types.
public struct PostgresJSON: Sendable, Hashable, PostgresEncodable, PostgresDecodable {
    public var data: Data

    public init(_ data: Data) { self.data = data }

    /// Encodes `value` with sorted keys, so equal values give equal text.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        data = try encoder.encode(value)
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    public var postgresBind: PostgresBind { PostgresBind(bytes: Array(data), typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.jsonb }
    public init(postgresText text: String) throws(PostgresError) { data = Data(text.utf8) }
}
