import Foundation
import Hummingbird

/// An API failure as the client sees it: a status and the JSON body `{"error": …, "detail": …}`.
public struct APIError: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    /// Short and stable: `bad_request`, `not_found`, `conflict`, `validation_failed`, ….
    public var error: String
    /// One line (or, for validation, one line per problem) saying what to fix.
    public var detail: String
    /// Every validation problem, for 422.
    public var issues: [String]?

    public init(_ status: HTTPResponse.Status, _ error: String, _ detail: String, issues: [String]? = nil) {
        self.status = status
        self.error = error
        self.detail = detail
        self.issues = issues
    }

    static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, "bad_request", detail) }
    static func notFound(_ detail: String) -> APIError { APIError(.notFound, "not_found", detail) }
}

extension APIError: Encodable {
    enum CodingKeys: String, CodingKey {
        case error, detail, issues
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(error, forKey: .error)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(issues, forKey: .issues)
    }
}
