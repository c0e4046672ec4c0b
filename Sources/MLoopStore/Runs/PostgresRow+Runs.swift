import Foundation
import MLoopCore
import MLoopPostgres

// Decoding of the run tables' columns into the store's types.
extension PostgresRow {
    func decodeState<State: RawRepresentable>(_ column: String, as type: State.Type) throws -> State
    where State.RawValue == String {
        let text = try decode(column, as: String.self)
        guard let state = State(rawValue: text) else {
            throw PostgresError(.decoding, "column \"\(column)\": '\(text)' is not a \(State.self)")
        }
        return state
    }

    func decodeJSON<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try decode(column, as: PostgresJSON.self).decode(type)
    }

    func decodeJSONIfPresent<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decode(column, as: PostgresJSON?.self)?.decode(type)
    }

    func decodeRunID(_ column: String = "run_id") throws -> RunID { RunID(try decode(column, as: Int64.self)) }

    func decodeTaskID(_ column: String = "task_id") throws -> TaskID { TaskID(try decode(column, as: String.self)) }

    func decodeInterval(start: String, end: String) throws -> DataInterval? {
        guard let from = try decode(start, as: Date?.self), let to = try decode(end, as: Date?.self) else { return nil }
        return DataInterval(start: from, end: to)
    }
}

extension RunRecord {
    /// The columns `init(row:)` reads, for `FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id`.
    static let columns: SQL = """
        r.run_id, r.workflow_id, v.version_number, r.run_type, r.state, r.logical_date, r.data_interval_start,
        r.data_interval_end, r.conf, r.note, r.created_at, r.queued_at, r.started_at, r.ended_at
        """

    init(row: PostgresRow) throws {
        runID = try row.decodeRunID()
        workflowID = WorkflowID(try row.decode("workflow_id", as: String.self))
        versionNumber = try row.decode("version_number", as: Int.self)
        runType = try row.decodeState("run_type", as: RunType.self)
        state = try row.decodeState("state", as: RunState.self)
        logicalDate = try row.decode("logical_date", as: Date.self)
        dataInterval = try row.decodeInterval(start: "data_interval_start", end: "data_interval_end")
        conf = try row.decodeJSON("conf", as: [String: JSONValue].self)
        note = try row.decode("note", as: String?.self)
        createdAt = try row.decode("created_at", as: Date.self)
        queuedAt = try row.decode("queued_at", as: Date.self)
        startedAt = try row.decode("started_at", as: Date?.self)
        endedAt = try row.decode("ended_at", as: Date?.self)
    }
}

extension TaskInstanceRecord {
    init(row: PostgresRow) throws {
        taskID = try row.decodeTaskID()
        state = try row.decodeState("state", as: TaskInstanceState.self)
        tryNumber = try row.decode("try_number", as: Int.self)
        maxTries = try row.decode("max_tries", as: Int.self)
        nextTryAt = try row.decode("next_try_at", as: Date?.self)
        queuedAt = try row.decode("queued_at", as: Date?.self)
        startedAt = try row.decode("started_at", as: Date?.self)
        endedAt = try row.decode("ended_at", as: Date?.self)
        progress = try row.decodeJSONIfPresent("progress", as: JSONValue.self)
        metadata = try row.decodeJSONIfPresent("metadata", as: JSONValue.self)
        branchChoice = try row.decode("branch_choice", as: [String]?.self)?.map { TaskID($0) }
    }
}

extension TaskTryRecord {
    init(row: PostgresRow) throws {
        taskID = try row.decodeTaskID()
        tryNumber = try row.decode("try_number", as: Int.self)
        state = try row.decodeState("state", as: TaskTryState.self)
        workerID = try row.decode("worker_id", as: String?.self)
        hostname = try row.decode("hostname", as: String?.self)
        queuedAt = try row.decode("queued_at", as: Date.self)
        startedAt = try row.decode("started_at", as: Date?.self)
        endedAt = try row.decode("ended_at", as: Date?.self)
        heartbeatAt = try row.decode("heartbeat_at", as: Date?.self)
        exitCode = try row.decode("exit_code", as: Int32?.self)
        error = try row.decode("error", as: String?.self)
        logBytes = try row.decode("log_bytes", as: Int64.self)
    }
}

extension XComRecord {
    init(row: PostgresRow) throws {
        runID = try row.decodeRunID()
        taskID = try row.decodeTaskID()
        key = try row.decode("key", as: String.self)
        tryNumber = try row.decode("try_number", as: Int.self)
        value = try row.decodeJSON("value", as: JSONValue.self)
        createdAt = try row.decode("created_at", as: Date.self)
    }
}
