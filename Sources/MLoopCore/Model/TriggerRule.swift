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

extension TriggerRule {
    /// Every rule's name, in declaration order.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Why `text` names no rule, in one line: `unknown trigger rule 'al_success' (did you mean 'all_success'?)`,
    /// or the list of names when none is close; `listingAll` lists them after a suggestion too.
    public static func unknownNameMessage(_ text: String, listingAll: Bool = false) -> String {
        let listing = "use one of " + names.joined(separator: ", ")
        guard let close = Suggestion.closest(to: text, among: names) else {
            return "unknown trigger rule '\(text)'; \(listing)"
        }
        return "unknown trigger rule '\(text)' (did you mean '\(close)'?)" + (listingAll ? "; \(listing)" : "")
    }
}
