import MLoopCore

/// An upstream XCom a try read, with the value its key holds now (`nil` when it is gone, e.g. the upstream task
/// was cleared since).
public struct XComPullRecord: Sendable, Hashable, Encodable {
    public var fromTaskID: TaskID
    public var key: String
    public var value: JSONValue?

    public init(fromTaskID: TaskID, key: String, value: JSONValue?) {
        self.fromTaskID = fromTaskID
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case fromTaskID = "from_task_id"
        case key
        case value
    }

    // `value` is always present, `null` when gone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fromTaskID, forKey: .fromTaskID)
        try container.encode(key, forKey: .key)
        try container.encode(value ?? .null, forKey: .value)
    }
}
