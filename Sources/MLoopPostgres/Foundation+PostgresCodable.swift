import Foundation

extension UUID: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind {
        PostgresBind(text: uuidString.lowercased(), typeOID: Self.postgresTypeOID)
    }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.uuid }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = UUID(uuidString: text) else { throw Self.mismatch(text) }
        self = value
    }
}

// bytea goes out in binary format (no escaping at all) and comes back in the server's default hex text format.
extension Data: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind {
        PostgresBind(bytes: Array(self), typeOID: Self.postgresTypeOID, isBinary: true)
    }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.bytea }
    public init(postgresText text: String) throws(PostgresError) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            throw Self.mismatch(text)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = Self.hexValue(utf8[index]), let low = Self.hexValue(utf8[index + 1]) else {
                throw Self.mismatch(text)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = Data(bytes)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// timestamptz in text: the connection sets TimeZone=UTC and DateStyle=ISO, so the server writes
// `2024-01-02 03:04:05.123456+00`; parsing and printing by hand keeps microseconds exact.
extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresTimestamp.format(self), typeOID: Self.postgresTypeOID)
    }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.timestamptz }
    public init(postgresText text: String) throws(PostgresError) {
        guard let date = PostgresTimestamp.parse(text) else { throw Self.mismatch(text) }
        self = date
    }
}
