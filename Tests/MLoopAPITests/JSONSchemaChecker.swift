import Foundation
import MLoopCore

/// A small JSON Schema checker (type, required, properties, additionalProperties, items, enum, anyOf, `$ref`
/// into the document's components, date-time format): enough to hold real responses to the OpenAPI document.
struct JSONSchemaChecker {
    /// The whole OpenAPI document, for `$ref`s.
    let document: JSONValue

    /// Every way `value` breaks `schema`, each with its JSON path; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let rules) = schema else { return ["\(path): schema is not an object"] }
        if case .string(let reference) = rules["$ref"] {
            guard let target = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return problems(value, target, at: path)
        }
        if case .array(let choices) = rules["anyOf"] {
            let failures = choices.map { problems(value, $0, at: path) }
            if !failures.contains(where: \.isEmpty) {
                return ["\(path): matches none of anyOf: " + failures.flatMap { $0 }.joined(separator: "; ")]
            }
        }
        if let types = typeNames(rules["type"]), !types.contains(where: { Self.value(value, is: $0) }) {
            return ["\(path): \(Self.name(of: value)) is not \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        if case .array(let allowed) = rules["enum"], !allowed.contains(value) {
            found.append("\(path): \(value) is not one of the enum's values")
        }
        if case .string("date-time") = rules["format"], case .string(let text) = value,
            (try? Date.ISO8601FormatStyle().parse(text)) == nil
        {
            found.append("\(path): '\(text)' is not an ISO 8601 date-time")
        }
        switch value {
        case .object(let fields): found += objectProblems(fields, rules, at: path)
        case .array(let items):
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(index)]") }
            }
        default: break
        }
        return found
    }

    private func objectProblems(_ fields: [String: JSONValue], _ rules: [String: JSONValue], at path: String)
        -> [String]
    {
        var found: [String] = []
        if case .array(let required) = rules["required"] {
            for case .string(let name) in required where fields[name] == nil {
                found.append("\(path): required field '\(name)' is missing")
            }
        }
        var properties: [String: JSONValue] = [:]
        if case .object(let declared) = rules["properties"] { properties = declared }
        for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
            if let schema = properties[name] {
                found += problems(field, schema, at: "\(path).\(name)")
            } else if case .bool(false) = rules["additionalProperties"] {
                found.append("\(path): field '\(name)' is not documented")
            } else if case .object = rules["additionalProperties"], let schema = rules["additionalProperties"] {
                found += problems(field, schema, at: "\(path).\(name)")
            }
        }
        return found
    }

    private func resolve(_ reference: String) -> JSONValue? {
        var node = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard case .object(let object) = node, let next = object[String(part)] else { return nil }
            node = next
        }
        return node
    }

    private func typeNames(_ type: JSONValue?) -> [String]? {
        switch type {
        case .string(let name): [name]
        case .array(let names): names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: nil
        }
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.int, "integer"), (.int, "number"), (.double, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"):
            true
        default: false
        }
    }

    static func name(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
