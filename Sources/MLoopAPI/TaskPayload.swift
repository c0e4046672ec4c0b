import Foundation
import MLoopCore
import MLoopStore

/// The body of `POST /api/v1/tasks/` and `PUT /api/v1/tasks/{id}`: seed 002's fields (`retry_delay` in seconds),
/// plus `kind`, `code` (the same as `python_callable`), `timeout` and `trigger_rule`.
struct TaskPayload: Decodable, KnownFields {
    static var fieldNames: [String] { names(CodingKeys.self) }

    var workflowID: String?
    var name: String
    var kind: String?
    var code: String?
    var pythonCallable: String?
    var params: [String: JSONValue]?
    var dependencies: [String]?
    var retryCount: Int?
    var retryDelay: Double?
    var timeout: Double?
    var triggerRule: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case workflowID = "workflow_id"
        case name, kind, code
        case pythonCallable = "python_callable"
        case params, dependencies
        case retryCount = "retry_count"
        case retryDelay = "retry_delay"
        case timeout
        case triggerRule = "trigger_rule"
    }

    /// The draft fields, or 400 naming the field that cannot be one.
    func fields() throws -> TaskDraftFields {
        TaskDraftFields(
            name: name, kind: try draftKind(), code: try source(), params: params ?? [:],
            dependencies: dependencies ?? [], retryCount: retryCount ?? 0, retryDelay: retryDelay ?? 300,
            timeout: try checkedTimeout(), triggerRule: try rule())
    }

    private func draftKind() throws -> TaskDraftKind {
        guard let kind else { return .python }
        if let known = TaskDraftKind(rawValue: kind) { return known }
        let names = TaskDraftKind.allCases.map(\.rawValue)
        throw APIError.badRequest(
            "field 'kind' must be one of \(names.joined(separator: ", ")), not '\(FieldText.clip(kind))'"
                + Suggestion.hint(for: kind, among: names))
    }

    // `python_callable` is seed 002's name for the code; it stays accepted for every kind.
    private func source() throws -> String {
        switch (code, pythonCallable) {
        case (let code?, let callable?) where code != callable:
            throw APIError.badRequest(
                "fields 'code' and 'python_callable' differ: they are the same field (the task's code), give one")
        case (let code?, _): return code
        case (nil, let callable?): return callable
        case (nil, nil): throw APIError.badRequest("field 'code' is required (or its older name 'python_callable')")
        }
    }

    private func checkedTimeout() throws -> Double? {
        guard let timeout else { return nil }
        guard timeout.isFinite, timeout > 0, timeout <= DurationText.maximumSeconds else {
            throw APIError.badRequest(
                "field 'timeout' must be a number of seconds greater than 0 and at most "
                    + "\(Int(DurationText.maximumSeconds)), not \(timeout); leave it out for no timeout")
        }
        return timeout
    }

    private func rule() throws -> TriggerRule {
        guard let triggerRule else { return .allSuccess }
        if let rule = TriggerRule(rawValue: triggerRule) { return rule }
        throw APIError.badRequest(
            "field 'trigger_rule': " + TriggerRule.unknownNameMessage(FieldText.clip(triggerRule), listingAll: true))
    }
}

/// A task of an API workflow's draft as the API returns it (`python_callable` repeats `code` for seed 002's
/// clients; `timeout` is null without one).
struct TaskResponse: Encodable {
    var id: Int64
    var workflowID: WorkflowID
    var name: String
    var kind: String
    var code: String
    var params: [String: JSONValue]
    var dependencies: [String]
    var retryCount: Int
    var retryDelay: Double
    var timeout: Double?
    var triggerRule: TriggerRule
    var createdAt: Date
    var updatedAt: Date

    init(_ record: TaskDraftRecord) {
        id = record.id
        workflowID = record.workflowID
        name = record.name
        kind = record.kind.rawValue
        code = record.code
        params = record.params
        dependencies = record.dependencies
        retryCount = record.retryCount
        retryDelay = record.retryDelay
        timeout = record.timeout
        triggerRule = record.triggerRule
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case workflowID = "workflow_id"
        case name, kind, code
        case pythonCallable = "python_callable"
        case params, dependencies
        case retryCount = "retry_count"
        case retryDelay = "retry_delay"
        case timeout
        case triggerRule = "trigger_rule"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(workflowID, forKey: .workflowID)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(code, forKey: .code)
        try container.encode(code, forKey: .pythonCallable)
        try container.encode(params, forKey: .params)
        try container.encode(dependencies, forKey: .dependencies)
        try container.encode(retryCount, forKey: .retryCount)
        try container.encode(retryDelay, forKey: .retryDelay)
        try container.encode(timeout, forKey: .timeout)
        try container.encode(triggerRule, forKey: .triggerRule)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
