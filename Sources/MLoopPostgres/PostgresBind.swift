/// One bound parameter as it goes over the wire: bytes (nil = NULL), its type OID and its format.
public struct PostgresBind: Sendable, Hashable {
    public var bytes: [UInt8]?
    /// The parameter's type OID; 0 lets the server infer it.
    public var typeOID: UInt32
    /// Binary format (used for bytea); text otherwise.
    public var isBinary: Bool

    public init(bytes: [UInt8]?, typeOID: UInt32, isBinary: Bool = false) {
        self.bytes = bytes
        self.typeOID = typeOID
        self.isBinary = isBinary
    }

    /// A text-format parameter.
    public init(text: String, typeOID: UInt32) {
        self.init(bytes: Array(text.utf8), typeOID: typeOID)
    }

    /// SQL NULL of the given type.
    public static func null(typeOID: UInt32) -> PostgresBind { PostgresBind(bytes: nil, typeOID: typeOID) }
}

/// Type OIDs of the built-in types MLoop binds (pg_type.oid).
public enum PostgresTypeOID {
    public static let unspecified: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float8: UInt32 = 701
    public static let textArray: UInt32 = 1009
    public static let int8Array: UInt32 = 1016
    public static let boolArray: UInt32 = 1000
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}
