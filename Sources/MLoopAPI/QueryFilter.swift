import Foundation
import Hummingbird
import MLoopCore

/// Typed readers of a list's filter parameters, each refusing a bad value with 400 naming the parameter.
struct QueryFilter {
    let request: Request

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIError.badRequest("query parameter '\(name)' must be true or false, not '\(text)'")
        }
    }

    func date(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = DateText.parse(text, in: .gmt) else {
            throw APIError.badRequest("query parameter '\(name)' is not a date: \(DateText.formsHint)")
        }
        return date
    }

    /// Comma-separated values of a frozen enum (`?state=failed,running`), every one checked.
    func values<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type) throws -> [Value]
    where Value.RawValue == String {
        guard let text = string(name) else { return [] }
        return try text.split(separator: ",").map { part in
            let raw = part.trimmingCharacters(in: .whitespaces)
            guard let value = Value(rawValue: raw) else {
                let known = Value.allCases.map(\.rawValue)
                throw APIError.badRequest(
                    "query parameter '\(name)': '\(raw)' is not one of \(known.joined(separator: ", "))"
                        + Suggestion.hint(for: raw, among: known))
            }
            return value
        }
    }

    func oneOf(_ name: String, _ allowed: [String]) throws -> String? {
        guard let text = string(name) else { return nil }
        guard allowed.contains(text) else {
            throw APIError.badRequest(
                "query parameter '\(name)' must be one of \(allowed.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    /// A query parameter that must be a whole number from 0; 400 naming the parameter otherwise.
    static func nonNegativeInteger(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw APIError.badRequest("query parameter '\(name)' must be a non-negative integer, not '\(text)'")
        }
        return value
    }
}
