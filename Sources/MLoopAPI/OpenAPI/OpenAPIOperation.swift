import Foundation

/// One documented endpoint (method and path) with its parameters, body and responses; built with chained calls.
struct OpenAPIOperation: Sendable {
    var method: String
    /// With `{name}` path parameters, as the router writes them.
    var path: String
    var operationID: String
    var summary: String
    var tag: String
    var parameters: [OpenAPIParameter] = []
    var body: JSONSchema?
    var bodyRequired = false
    var responses: [Int: OpenAPIResponse] = [:]
    /// Readable without credentials (see `APIAccessPolicy`).
    var isPublic = false

    static func get(_ path: String, _ operationID: String, _ summary: String, tag: String) -> OpenAPIOperation {
        OpenAPIOperation(method: "GET", path: path, operationID: operationID, summary: summary, tag: tag)
    }

    static func post(_ path: String, _ operationID: String, _ summary: String, tag: String) -> OpenAPIOperation {
        OpenAPIOperation(method: "POST", path: path, operationID: operationID, summary: summary, tag: tag)
    }

    static func put(_ path: String, _ operationID: String, _ summary: String, tag: String) -> OpenAPIOperation {
        OpenAPIOperation(method: "PUT", path: path, operationID: operationID, summary: summary, tag: tag)
    }

    static func delete(_ path: String, _ operationID: String, _ summary: String, tag: String) -> OpenAPIOperation {
        OpenAPIOperation(method: "DELETE", path: path, operationID: operationID, summary: summary, tag: tag)
    }

    /// Query parameters.
    func query(_ parameters: [OpenAPIParameter]) -> OpenAPIOperation {
        var copy = self
        copy.parameters += parameters
        return copy
    }

    /// The list convention's `limit` and `cursor`, plus `filters`.
    func list(_ filters: [OpenAPIParameter] = []) -> OpenAPIOperation {
        query(OpenAPIParameter.listParameters + filters)
    }

    /// A JSON request body; `required` false when an empty body means every field's default.
    func body(_ schema: JSONSchema, required: Bool = true) -> OpenAPIOperation {
        var copy = self
        copy.body = schema
        copy.bodyRequired = required
        return copy
    }

    /// A response with a JSON body (nil: no body); `paginated` adds the list convention's next-page headers.
    func returns(
        _ status: Int, _ schema: JSONSchema?, _ description: String = "", paginated: Bool = false,
        contentType: String = "application/json"
    ) -> OpenAPIOperation {
        var copy = self
        copy.responses[status] = OpenAPIResponse(
            description: description.isEmpty ? Self.phrase(status) : description, schema: schema,
            paginated: paginated, contentType: contentType)
        return copy
    }

    /// Error statuses beyond those every operation gets (see `allResponses`).
    func fails(_ statuses: Int...) -> OpenAPIOperation {
        var copy = self
        for status in statuses where copy.responses[status] == nil {
            copy.responses[status] = OpenAPIResponse(description: Self.phrase(status), schema: .ref("Error"))
        }
        return copy
    }

    /// OpenAPI links from a response to operations that take its `field` as their path parameter `parameter`
    /// (what a fuzzer's stateful phase follows: create a workflow, then read, change and delete it).
    func links(_ status: Int, field: String, parameter: String, to operationIDs: [String]) -> OpenAPIOperation {
        var copy = self
        for id in operationIDs {
            copy.responses[status]?.links[id] = OpenAPIResponse.Link(
                operationID: id, parameter: parameter, expression: "$response.body#/\(field)")
        }
        return copy
    }

    var publicly: OpenAPIOperation {
        var copy = self
        copy.isPublic = true
        return copy
    }

    /// The path parameters, read from the path.
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// The documented responses plus the errors any such request can meet: 400 (bad parameter or body), 401 (no
    /// credentials), 403 (a foreign `Origin` on a non-GET), 404 (an unknown id), 413 (a body over 1 MiB).
    var allResponses: [Int: OpenAPIResponse] {
        var statuses: [Int] = [400]
        if !isPublic { statuses.append(401) }
        if method != "GET" { statuses.append(403) }
        if !pathParameters.isEmpty { statuses.append(404) }
        if method == "POST" || method == "PUT" { statuses.append(413) }
        var all = responses
        for status in statuses where all[status] == nil {
            all[status] = OpenAPIResponse(description: Self.phrase(status), schema: .ref("Error"))
        }
        return all
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No content"
        case 400: "A parameter or the body is not valid (`detail` names it)"
        case 401: "Missing or refused credentials"
        case 403: "Not allowed (admins only, or a foreign Origin)"
        case 404: "No such resource"
        case 409: "Conflicts with the current state"
        case 413: "The body is larger than 1 MiB"
        case 422: "The workflow or task does not validate (`issues` has every problem)"
        case 503: "Not served by this process (live events and metrics need the API server's live services)"
        default: "Status \(status)"
        }
    }
}

/// A path or query parameter.
struct OpenAPIParameter: Sendable {
    var name: String
    var location: String
    var schema: JSONSchema
    var summary: String
    /// A value that exists in a server started on the repository's `dags/` folder (for tools like schemathesis).
    var example: String? = nil

    static func query(_ name: String, _ schema: JSONSchema, _ summary: String) -> OpenAPIParameter {
        OpenAPIParameter(name: name, location: "query", schema: schema, summary: summary)
    }

    static let listParameters: [OpenAPIParameter] = [
        .query("limit", .integer(minimum: 1, maximum: 1000), "Page size (default 100)"),
        .query("cursor", .string, "The previous page's `X-Next-Cursor`"),
    ]
}

/// A response: its description, its JSON body's schema, whether it carries the next-page headers, and its links.
struct OpenAPIResponse: Sendable {
    var description: String
    var schema: JSONSchema?
    var paginated = false
    var contentType = "application/json"
    var links: [String: Link] = [:]

    /// An operation whose path parameter a field of this response fills.
    struct Link: Sendable, Encodable {
        var operationID: String
        var parameter: String
        var expression: String

        enum CodingKeys: String, CodingKey { case operationId, parameters }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(operationID, forKey: .operationId)
            try container.encode([parameter: expression], forKey: .parameters)
        }
    }
}
