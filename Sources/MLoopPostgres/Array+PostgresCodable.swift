/// A type that can be an element of a one-dimensional array parameter or column.
public protocol PostgresArrayElement: Sendable {
    /// The OID of the array type (`text[]`, `int8[]`).
    static var postgresArrayTypeOID: UInt32 { get }
    var postgresArrayElementText: String { get }
    init?(postgresArrayElement text: String)
}

extension String: PostgresArrayElement {
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.textArray }
    public var postgresArrayElementText: String { self }
    public init?(postgresArrayElement text: String) { self = text }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int8Array }
    public var postgresArrayElementText: String { String(self) }
    public init?(postgresArrayElement text: String) { self.init(text) }
}

extension Int: PostgresArrayElement {
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int8Array }
    public var postgresArrayElementText: String { String(self) }
    public init?(postgresArrayElement text: String) { self.init(text) }
}

extension Bool: PostgresArrayElement {
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.boolArray }
    public var postgresArrayElementText: String { self ? "t" : "f" }
    public init?(postgresArrayElement text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

// Arrays travel as text array literals: `{"a","b \"c\"",NULL}`; every element is quoted so that commas,
// braces, spaces and the word NULL inside a value stay a value.
extension Array: PostgresEncodable, PostgresDecodable where Element: PostgresArrayElement {
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresArrayLiteral.format(map(\.postgresArrayElementText)), typeOID: Self.postgresTypeOID)
    }
    public static var postgresTypeOID: UInt32 { Element.postgresArrayTypeOID }
    public init(postgresText text: String) throws(PostgresError) {
        guard let elements = PostgresArrayLiteral.parse(text) else { throw Self.mismatch(text) }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let element else {
                throw PostgresError(.decoding, "the array contains NULL, which \(Self.self) cannot hold")
            }
            guard let value = Element(postgresArrayElement: element) else { throw Self.mismatch(text) }
            values.append(value)
        }
        self = values
    }
}

/// One-dimensional array literals in PostgreSQL's text format.
enum PostgresArrayLiteral {
    static func format(_ elements: [String]) -> String {
        let quoted = elements.map { element in
            var out = "\""
            for character in element {
                if character == "\"" || character == "\\" { out.append("\\") }
                out.append(character)
            }
            return out + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    /// The elements (nil for NULL), or nil when the text is not a one-dimensional array literal.
    static func parse(_ text: String) -> [String?]? {
        var scalars = Array(text.unicodeScalars)[...]
        // A literal may start with explicit bounds: `[0:1]={…}`.
        if scalars.first == "[", let equals = scalars.firstIndex(of: "=") { scalars = scalars[(equals + 1)...] }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        if scalars.isEmpty { return [] }
        var elements: [String?] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for scalar in scalars {
            if escaped {
                current.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if scalar == "," && !quoted {
                elements.append(element(current, wasQuoted))
                current = String.UnicodeScalarView()
                wasQuoted = false
            } else if scalar == "{" && !quoted {
                return nil  // multi-dimensional arrays are not supported
            } else {
                current.append(scalar)
            }
        }
        guard !quoted, !escaped else { return nil }
        elements.append(element(current, wasQuoted))
        return elements
    }

    private static func element(_ scalars: String.UnicodeScalarView, _ wasQuoted: Bool) -> String? {
        let text = String(scalars)
        return !wasQuoted && text.uppercased() == "NULL" ? nil : text
    }
}
