import MLoopCore

/// What a draft task's code is: inline Python, a bash script, or inline Swift. The raw values are persisted
/// (`api_task_draft.kind`) and are the API's `kind` values.
public enum TaskDraftKind: String, CaseIterable, Sendable, Hashable {
    case python, bash, swift

    /// The action that runs `code` as this kind.
    public func action(_ code: String) -> TaskAction {
        switch self {
        case .python: .python(.inline(code))
        case .bash: .bash(script: code)
        case .swift: .swift(.inline(code))
        }
    }

    /// The kind and code of `action`, or nil when a draft cannot hold it (files, commands).
    public static func code(of action: TaskAction) -> (kind: TaskDraftKind, code: String)? {
        switch action {
        case .python(.inline(let code)): (.python, code)
        case .bash(let script): (.bash, script)
        case .swift(.inline(let code)): (.swift, code)
        case .python(.file), .swift(.file), .command: nil
        }
    }
}
