/// A Swift value that can be bound as a query parameter.
public protocol PostgresEncodable: Sendable {
    /// The value as a bound parameter.
    var postgresBind: PostgresBind { get }
    /// The type OID a NULL of this type is bound with.
    static var postgresTypeOID: UInt32 { get }
}

extension PostgresEncodable {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.unspecified }
}
