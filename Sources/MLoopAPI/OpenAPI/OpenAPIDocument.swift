import Foundation

/// The OpenAPI 3.1 description of every endpoint, served at `GET /api/v1/openapi.json`. Built in code: the state
/// enums come from MLoopCore's frozen enums, and `OpenAPIDocumentTests` checks the operations against the router's
/// routes and real responses against the schemas, so the document cannot drift from the server unnoticed.
struct OpenAPIDocument: Sendable, Encodable {
    var version: String
    var operations: [OpenAPIOperation]
    var schemas: [String: JSONSchema]

    /// Every documented endpoint, area by area.
    static func make(version: String = "1.0.0") -> OpenAPIDocument {
        OpenAPIDocument(
            version: version,
            operations: authOperations + workflowOperations + versionOperations + runOperations + jobOperations
                + taskOperations + monitoringOperations + liveOperations,
            schemas: sharedSchemas.merging(workflowSchemas) { first, _ in first }
                .merging(runSchemas) { first, _ in first }.merging(authSchemas) { first, _ in first }
                .merging(requestSchemas) { first, _ in first })
    }

    /// Integer path parameters; the others are strings (`{id}` is a workflow's name under `/workflows`).
    static func pathParameterSchema(_ name: String, path: String) -> JSONSchema {
        let integerIDs = path.hasPrefix("/api/v1/jobs/") || path.hasPrefix("/api/v1/tasks/")
        return ["token_id", "number", "to"].contains(name) || (name == "id" && integerIDs) ? .integer : .string
    }

    /// Path parameter examples that name what the repository's `dags/` folder creates (`hello_world`, its first
    /// run), so a fuzzer started on it reaches past 404.
    static func pathParameterExample(_ name: String, path: String) -> String? {
        switch name {
        case "id" where path.hasPrefix("/api/v1/workflows/"), "workflow_id": "hello_world"
        case "id", "number", "to", "token_id": "1"
        case "task_name", "task_id": "hello"
        case "username": "admin"
        default: nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case openapi, info, paths, components, security, tags
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("3.1.0", forKey: .openapi)
        try container.encode(
            [
                "title": "MLoop API", "version": version,
                "description": "MLoop's REST API. JSON keys are snake_case; every error is {error, detail, issues?}.",
            ], forKey: .info)
        var paths: [String: [String: OpenAPIOperation]] = [:]
        for operation in operations { paths[operation.path, default: [:]][operation.method.lowercased()] = operation }
        try container.encode(paths, forKey: .paths)
        try container.encode(Components(schemas: schemas), forKey: .components)
        try container.encode([["bearer": [String]()], ["basic": []]], forKey: .security)
    }

    struct Components: Encodable {
        var schemas: [String: JSONSchema]

        enum CodingKeys: String, CodingKey { case schemas, securitySchemes }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schemas, forKey: .schemas)
            try container.encode(
                [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API token (`mloop_…`) from POST /api/v1/auth/token or `mloop tokens create`",
                    ],
                    "basic": ["type": "http", "scheme": "basic", "description": "A user name and password"],
                ], forKey: .securitySchemes)
        }
    }
}

extension OpenAPIOperation: Encodable {
    enum CodingKeys: String, CodingKey {
        case operationId, summary, tags, parameters, requestBody, responses, security
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(operationID, forKey: .operationId)
        try container.encode(summary, forKey: .summary)
        try container.encode([tag], forKey: .tags)
        let pathParameters = pathParameters.map {
            OpenAPIParameter(
                name: $0, location: "path", schema: OpenAPIDocument.pathParameterSchema($0, path: path), summary: "",
                example: OpenAPIDocument.pathParameterExample($0, path: path))
        }
        if !(pathParameters + parameters).isEmpty {
            try container.encode(pathParameters + parameters, forKey: .parameters)
        }
        if let body {
            try container.encode(RequestBody(schema: body, required: bodyRequired), forKey: .requestBody)
        }
        try container.encode(
            Dictionary(uniqueKeysWithValues: allResponses.map { (String($0.key), $0.value) }), forKey: .responses)
        if isPublic { try container.encode([[String: [String]]](), forKey: .security) }
    }

    struct RequestBody: Encodable {
        var schema: JSONSchema
        var required: Bool

        enum CodingKeys: String, CodingKey { case content, required }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(required, forKey: .required)
            try container.encode(["application/json": ["schema": schema]], forKey: .content)
        }
    }
}

extension OpenAPIParameter: Encodable {
    enum CodingKeys: String, CodingKey {
        case name
        case location = "in"
        case required, schema, description, example
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(location, forKey: .location)
        try container.encode(location == "path", forKey: .required)
        try container.encode(schema, forKey: .schema)
        if !summary.isEmpty { try container.encode(summary, forKey: .description) }
        if let example {
            if schema.types == ["integer"], let number = Int(example) {
                try container.encode(number, forKey: .example)
            } else {
                try container.encode(example, forKey: .example)
            }
        }
    }
}

extension OpenAPIResponse: Encodable {
    enum CodingKeys: String, CodingKey { case description, content, headers, links }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(description, forKey: .description)
        if let schema { try container.encode([contentType: ["schema": schema]], forKey: .content) }
        if !links.isEmpty { try container.encode(links, forKey: .links) }
        if paginated {
            try container.encode(
                [
                    "X-Next-Cursor": Header(summary: "The cursor of the next page; absent on the last page"),
                    "Link": Header(summary: "`<same path and query with cursor=…>; rel=\"next\"`; absent on the last"),
                ], forKey: .headers)
        }
    }

    struct Header: Encodable {
        var summary: String

        enum CodingKeys: String, CodingKey { case description, schema }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(summary, forKey: .description)
            try container.encode(JSONSchema.string, forKey: .schema)
        }
    }
}
