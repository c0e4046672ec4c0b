import Foundation
import MLoopCore

/// The environment variables a try gets on top of the worker's: the task's own `env`, then MLoop's `MLOOP_*`
/// variables (which the task's `env` cannot override).
enum TaskEnvironment {
    static func variables(for launch: TaskLaunch, xcomInputPath: String) -> [String: String] {
        var variables = launch.env
        let logicalDate = LogTimestamp.format(launch.logicalDate)
        let day = String(logicalDate.prefix(10))
        // A run without a data interval (a manual trigger) has an empty one at its logical date, as in Airflow.
        let intervalStart = launch.dataIntervalStart ?? launch.logicalDate
        let intervalEnd = launch.dataIntervalEnd ?? launch.logicalDate
        variables["MLOOP_WORKFLOW_ID"] = launch.workflowID.rawValue
        variables["MLOOP_RUN_ID"] = String(launch.runID)
        variables["MLOOP_TASK_ID"] = launch.taskID.rawValue
        variables["MLOOP_TRY_NUMBER"] = String(launch.tryNumber)
        variables["MLOOP_MAX_TRIES"] = String(launch.maxTries)
        variables["MLOOP_LOGICAL_DATE"] = logicalDate
        variables["MLOOP_DS"] = day
        variables["MLOOP_DS_NODASH"] = day.replacingOccurrences(of: "-", with: "")
        variables["MLOOP_DATA_INTERVAL_START"] = LogTimestamp.format(intervalStart)
        variables["MLOOP_DATA_INTERVAL_END"] = LogTimestamp.format(intervalEnd)
        variables["MLOOP_PARAMS"] = json(launch.params)
        variables["MLOOP_CONF"] = json(launch.conf)
        variables["MLOOP_XCOM_INPUT"] = xcomInputPath
        variables["MLOOP_PROTOCOL_PREFIX"] = ProtocolLine.prefix
        variables["MLOOP_DAGS_FOLDER"] = launch.dagsFolder
        return variables
    }

    /// Compact JSON with sorted keys.
    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
