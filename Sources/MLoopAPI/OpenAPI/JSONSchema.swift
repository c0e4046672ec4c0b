import Foundation

/// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that MLoop's API document needs, built in code so
/// enums come from the frozen Swift enums and object fields are written next to their required-ness.
struct JSONSchema: Sendable, Encodable {
    var types: [String] = []
    var format: String?
    var summary: String?
    var reference: String?
    var properties: [String: JSONSchema]?
    var required: [String]?
    /// Zero or one schema (a struct cannot hold itself directly).
    var itemSchemas: [JSONSchema] = []
    var valueSchemas: [JSONSchema] = []
    /// False for a closed object, nil for any extra key.
    var allowsOtherFields: Bool?
    var values: [String]?
    var anyOf: [JSONSchema]?
    var minimum: Int?
    var maximum: Int?
    var minLength: Int?
    var pattern: String?

    static let string = JSONSchema(types: ["string"])
    static let integer = JSONSchema(types: ["integer"])
    static let number = JSONSchema(types: ["number"])
    static let boolean = JSONSchema(types: ["boolean"])
    /// An ISO 8601 instant (`2026-11-24T01:00:00Z`).
    static let dateTime = JSONSchema(types: ["string"], format: "date-time")
    /// Any JSON value.
    static let any = JSONSchema()

    /// A component schema by name (`#/components/schemas/<name>`).
    static func ref(_ name: String) -> JSONSchema { JSONSchema(reference: "#/components/schemas/\(name)") }

    static func array(_ items: JSONSchema) -> JSONSchema { JSONSchema(types: ["array"], itemSchemas: [items]) }

    /// An object whose keys are free (`{"queued": 3}`) and whose values all follow `values`.
    static func map(_ values: JSONSchema) -> JSONSchema { JSONSchema(types: ["object"], valueSchemas: [values]) }

    /// A closed object: `required` fields are always present, `optional` ones only sometimes; no other field.
    static func object(_ required: [String: JSONSchema], optional: [String: JSONSchema] = [:]) -> JSONSchema {
        JSONSchema(
            types: ["object"], properties: required.merging(optional) { first, _ in first },
            required: required.keys.sorted(), allowsOtherFields: false)
    }

    /// One of a frozen enum's raw values.
    static func enumeration<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> JSONSchema
    where Value.RawValue == String {
        JSONSchema(types: ["string"], values: type.allCases.map(\.rawValue))
    }

    static func oneOf(_ values: [String]) -> JSONSchema { JSONSchema(types: ["string"], values: values) }

    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        JSONSchema(types: ["integer"], minimum: minimum, maximum: maximum)
    }

    /// The same schema, or JSON null.
    var nullable: JSONSchema {
        guard reference == nil, !types.isEmpty else { return JSONSchema(anyOf: [self, JSONSchema(types: ["null"])]) }
        var copy = self
        copy.types.append("null")
        if copy.values != nil { copy.values?.append("null") }
        return copy
    }

    /// A string of at least `minLength` characters matching `pattern`.
    static func string(minLength: Int? = nil, pattern: String? = nil) -> JSONSchema {
        JSONSchema(types: ["string"], minLength: minLength, pattern: pattern)
    }

    /// The same schema with a description.
    func described(_ text: String) -> JSONSchema {
        var copy = self
        copy.summary = text
        return copy
    }

    /// An object that also takes fields not listed.
    var open: JSONSchema {
        var copy = self
        copy.allowsOtherFields = nil
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case type, format, description, properties, required, items
        case enumeration = "enum"
        case anyOf, minimum, maximum
        case minLength, pattern
        case reference = "$ref"
        case additionalProperties
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let reference {
            try container.encode(reference, forKey: .reference)
            try container.encodeIfPresent(summary, forKey: .description)
            return
        }
        if types.count == 1 {
            try container.encode(types[0], forKey: .type)
        } else if !types.isEmpty {
            try container.encode(types, forKey: .type)
        }
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(summary, forKey: .description)
        try container.encodeIfPresent(properties, forKey: .properties)
        if let required, !required.isEmpty { try container.encode(required, forKey: .required) }
        try container.encodeIfPresent(itemSchemas.first, forKey: .items)
        if let values = valueSchemas.first {
            try container.encode(values, forKey: .additionalProperties)
        } else if let allowsOtherFields {
            try container.encode(allowsOtherFields, forKey: .additionalProperties)
        }
        try container.encodeIfPresent(values.map { $0.map { $0 == "null" ? nil : $0 } }, forKey: .enumeration)
        try container.encodeIfPresent(anyOf, forKey: .anyOf)
        try container.encodeIfPresent(minimum, forKey: .minimum)
        try container.encodeIfPresent(maximum, forKey: .maximum)
        try container.encodeIfPresent(minLength, forKey: .minLength)
        try container.encodeIfPresent(pattern, forKey: .pattern)
    }
}
