import Foundation
import Hummingbird
import MLoopCore

/// Reads a request's JSON body into a payload, with errors naming the field that is wrong.
enum JSONBody {
    /// Bodies larger than this are refused with 413.
    static let maximumBytes = 1 << 20

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError.badRequest("the request needs a JSON body") }
        return try decode(type, from: data)
    }

    /// Like `decode`, but an empty body is nil (for endpoints whose body is optional).
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard buffer.readableBytes > 0 else { return nil }
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    /// Decodes a body already read; a `KnownFields` payload first refuses any field it does not know.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let known = type as? any KnownFields.Type { try rejectUnknownFields(data, known: known.fieldNames) }
        if let value = try? JSONDecoder().decode(JSONValue.self, from: data), let field = fieldWithNUL(value) {
            // PostgreSQL's text and jsonb cannot hold U+0000: refused here rather than failing (or being cut) there.
            throw APIError.badRequest("field '\(field)' contains a NUL character (\\u0000), which cannot be stored")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        } catch let error as APIError {
            throw error
        }
    }

    /// 400 naming the first field of a JSON object body that is not one of `known`, with a did-you-mean hint.
    static func rejectUnknownFields(_ data: Data, known: [String]) throws {
        // Not an object (or not JSON): the decoder reports that with its own message.
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        for field in object.keys.sorted() where !known.contains(field) {
            throw APIError.badRequest(
                "unknown field '\(field)'" + Suggestion.hint(for: field, among: known)
                    + "; the fields are \(known.joined(separator: ", "))")
        }
    }

    /// The path of the first string or key holding U+0000 (`conf.a[2]`), or nil.
    static func fieldWithNUL(_ value: JSONValue, at path: String = "") -> String? {
        switch value {
        case .string(let text): return text.contains("\u{0}") ? (path.isEmpty ? "body" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = fieldWithNUL(item, at: "\(path)[\(index)]") { return found }
            }
        case .object(let fields):
            for (key, item) in fields.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.contains("\u{0}") { return child }
                if let found = fieldWithNUL(item, at: child) { return found }
            }
        default: break
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "field '\(field(context.codingPath))' must be \(name(type))"
        case .valueNotFound(let type, let context):
            return "field '\(field(context.codingPath))' must be \(name(type)), not null"
        case .keyNotFound(let key, let context):
            return "field '\(field(context.codingPath + [key]))' is required"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the body is not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
        case .dataCorrupted(let context):
            return "field '\(field(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "the body does not match the expected fields: \(error)"
        }
    }

    private static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        default: "\(type)".hasPrefix("Dictionary") ? "an object" : "a \(type)"
        }
    }
}

/// A request body whose fields are fixed: any other field is refused with 400 rather than ignored.
protocol KnownFields {
    static var fieldNames: [String] { get }
}

extension KnownFields where Self: Decodable {
    static func names<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> [String] {
        keys.allCases.map(\.stringValue)
    }
}
