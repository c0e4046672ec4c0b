import Foundation

/// SQL whose interpolations become bound parameters (`$1`, `$2`, …): injection cannot be written by accident.
///
/// `"\(value)"` binds any `PostgresEncodable` (an Optional's nil binds NULL); `"\(unsafeRaw: text)"` splices
/// text for fixed fragments only; `"\(identifier: name)"` splices a double-quoted identifier.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var text: String
    public var binds: [PostgresBind]
    /// Whether the connection may prepare the statement once and reuse its plan (the default). A statement whose
    /// best plan depends on its values — a bulk statement over an array of a thousand elements, which a prepared
    /// statement's generic plan counts as ten — is better planned each time it runs: see `plannedEachTime()`.
    public var isPreparable = true

    public init(unsafeRaw text: String, binds: [PostgresBind] = []) {
        self.text = text
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeRaw: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeRaw: stringInterpolation.text, binds: stringInterpolation.binds)
    }

    /// The SQL text only; bound values are never shown.
    public var description: String { text }

    /// The same statement, planned with its values each time it runs instead of prepared once.
    public func plannedEachTime() -> SQL {
        var sql = self
        sql.isPreparable = false
        return sql
    }

    /// Concatenates two fragments, renumbering the right-hand side's parameters after the left's.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        let offset = lhs.binds.count
        return SQL(unsafeRaw: lhs.text + renumber(rhs.text, by: offset), binds: lhs.binds + rhs.binds)
    }

    public static func += (lhs: inout SQL, rhs: SQL) { lhs = lhs + rhs }

    /// Joins fragments with a separator (`, `, ` AND `), renumbering as `+` does.
    public static func join(_ parts: [SQL], separator: String) -> SQL {
        guard var result = parts.first else { return "" }
        for part in parts.dropFirst() { result = result + SQL(unsafeRaw: separator) + part }
        return result
    }

    /// A double-quoted identifier, with embedded quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // Shifts `$n` placeholders outside quoted literals, quoted identifiers and comments. Works on UTF-8 bytes: every
    // character it looks for is ASCII, and a byte ≥ 0x80 (part of a non-ASCII letter) counts as an identifier part,
    // as PostgreSQL's lexer treats it. Statements are rebuilt per call, so this runs on every hot-path query.
    private static func renumber(_ text: String, by offset: Int) -> String {
        guard offset > 0, text.utf8.contains(UInt8(ascii: "$")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        var quote: UInt8?
        var inLineComment = false
        while index < bytes.count {
            let byte = bytes[index]
            if inLineComment {
                if byte == UInt8(ascii: "\n") { inLineComment = false }
            } else if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                inLineComment = true
            } else if byte == UInt8(ascii: "$"), index + 1 < bytes.count, isDigit(bytes[index + 1]),
                index == 0 || !isIdentifierPart(bytes[index - 1])
            {
                var end = index + 1
                var number = 0
                while end < bytes.count, isDigit(bytes[end]) {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number + offset).utf8)
                index = end
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    /// Builds the text and the binds as a literal is interpolated.
    public struct StringInterpolation: StringInterpolationProtocol {
        public var text = ""
        public var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresBind)
            text += "$\(binds.count)"
        }

        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresBind ?? .null(typeOID: Value.postgresTypeOID))
            text += "$\(binds.count)"
        }

        public mutating func appendInterpolation(unsafeRaw fragment: String) { text += fragment }

        public mutating func appendInterpolation(identifier name: String) { text += SQL.quoteIdentifier(name) }

        /// Splices another fragment, renumbering its parameters.
        public mutating func appendInterpolation(_ fragment: SQL) {
            let combined = SQL(unsafeRaw: text, binds: binds) + fragment
            text = combined.text
            binds = combined.binds
        }
    }
}
