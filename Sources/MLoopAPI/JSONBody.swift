import Foundation
import Hummingbird

/// Reads a request's JSON body into a payload, with errors naming the field that is wrong.
enum JSONBody {
    /// Bodies larger than this are refused with 413.
    static let maximumBytes = 1 << 20

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError.badRequest("the request needs a JSON body") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        } catch let error as APIError {
            throw error
        }
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
