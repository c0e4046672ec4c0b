import MLoopCore
import Yams

// Params are read with the YAML 1.2 core schema: only true/false are booleans, only plain decimal numerals are
// numbers; `yes`, `on`, `0x1F` or `.inf` stay text, so a value never changes type behind the writer's back.
extension NodeReader {
    /// A mapping of names to JSON values.
    mutating func jsonObject(_ node: Node?, _ name: String, path: String) -> [String: JSONValue]? {
        guard let node, !Self.isNull(node) else { return nil }
        guard case .mapping = node else {
            report("\(name) must be a mapping of names to values, got \(Self.describe(node))", path: path, at: node)
            return nil
        }
        guard case .object(let object) = json(node, name, path: path) else { return nil }
        return object
    }

    /// Any JSON-compatible value.
    mutating func json(_ node: Node, _ name: String, path: String) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? Self.plainJSON(scalar.string) : .string(scalar.string)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(json(item, name, path: "\(path)[\(index)]") ?? .null)
            }
            return .array(items)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    report("keys in \(name) must be text, got \(Self.describe(key))", path: path, at: key)
                    continue
                }
                object[keyScalar.string] = json(value, name, path: Self.join(path, keyScalar.string)) ?? .null
            }
            return .object(object)
        case .alias:
            report("\(name) holds an unresolved alias", path: path, at: node)
            return nil
        }
    }

    static func plainJSON(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard isDecimalNumeral(text) else { return .string(text) }
        if let integer = Int64(text) { return .int(integer) }
        if let double = Double(text), double.isFinite { return .double(double) }
        return .string(text)
    }

    /// `-12`, `3.5`, `1e-3`, `.5`: what JSON or YAML 1.2 would read as a number.
    static func isDecimalNumeral(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let whole = scalars.prefix(while: isDigit)
        scalars = scalars.dropFirst(whole.count)
        var fraction = Substring.UnicodeScalarView.SubSequence()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            fraction = scalars.prefix(while: isDigit)
            scalars = scalars.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
            let exponent = scalars.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            scalars = scalars.dropFirst(exponent.count)
        }
        return scalars.isEmpty
    }
}
