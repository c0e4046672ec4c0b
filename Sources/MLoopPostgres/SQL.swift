import Foundation

/// SQL whose interpolations become bound parameters (`$1`, `$2`, …): injection cannot be written by accident.
///
/// `"\(value)"` binds any `PostgresEncodable` (an Optional's nil binds NULL); `"\(unsafeRaw: text)"` splices
/// text for fixed fragments only; `"\(identifier: name)"` splices a double-quoted identifier.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var text: String
    public var binds: [PostgresBind]

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

    // Shifts `$n` placeholders outside quoted literals, quoted identifiers and comments.
    private static func renumber(_ text: String, by offset: Int) -> String {
        guard offset > 0 else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var quote: Unicode.Scalar?
        var inLineComment = false
        while index < scalars.count {
            let scalar = scalars[index]
            if inLineComment {
                if scalar == "\n" { inLineComment = false }
            } else if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "-", index + 1 < scalars.count, scalars[index + 1] == "-" {
                inLineComment = true
            } else if scalar == "$", index + 1 < scalars.count, scalars[index + 1].properties.numericType != nil,
                index == 0 || !isIdentifierPart(scalars[index - 1])
            {
                var end = index + 1
                var number = 0
                while end < scalars.count, let digit = Int(String(scalars[end])), scalars[end].isASCII {
                    number = number * 10 + digit
                    end += 1
                }
                out.append(contentsOf: "$\(number + offset)".unicodeScalars)
                index = end
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar)
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
