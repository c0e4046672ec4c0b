/// When a task may run, given the states of its direct upstream tasks. Names and values as Airflow 3 spells them;
/// the raw values are persisted and must never change.
public enum TriggerRule: String, CaseIterable, Codable, Sendable {
    case allSuccess = "all_success"
    case allFailed = "all_failed"
    case allDone = "all_done"
    case allDoneMinOneSuccess = "all_done_min_one_success"
    case allSkipped = "all_skipped"
    case oneSuccess = "one_success"
    case oneFailed = "one_failed"
    case oneDone = "one_done"
    case noneFailed = "none_failed"
    case noneFailedMinOneSuccess = "none_failed_min_one_success"
    case noneSkipped = "none_skipped"
    case always = "always"
}
