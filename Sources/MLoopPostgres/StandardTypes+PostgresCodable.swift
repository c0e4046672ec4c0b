extension String: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { PostgresBind(text: self, typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.text }
    public init(postgresText text: String) throws(PostgresError) { self = text }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Int(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Int64(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int4 }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Int32(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind {
        let text: String
        if isNaN {
            text = "NaN"
        } else if isInfinite {
            text = self < 0 ? "-Infinity" : "Infinity"
        } else {
            text = "\(self)"
        }
        return PostgresBind(text: text, typeOID: Self.postgresTypeOID)
    }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.float8 }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Double(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "true" : "false", typeOID: Self.postgresTypeOID) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.bool }
    public init(postgresText text: String) throws(PostgresError) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw Self.mismatch(text)
        }
    }
}
