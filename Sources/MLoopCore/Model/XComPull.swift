/// One upstream XCom a try read: the task that pushed it and its key (`MLOOP_XCOM_PULL` lines, Python's `xcom_pull`).
public struct XComPull: Hashable, Sendable, Codable {
    public var fromTaskID: TaskID
    public var key: String

    public init(fromTaskID: TaskID, key: String) {
        self.fromTaskID = fromTaskID
        self.key = key
    }

    enum CodingKeys: String, CodingKey {
        case fromTaskID = "task_id"
        case key
    }
}
