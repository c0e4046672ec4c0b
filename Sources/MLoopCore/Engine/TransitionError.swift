/// An event that is not legal in the current state of a task instance or run.
public struct TransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the event was applied to.
    public enum Subject: String, Hashable, Sendable {
        case taskInstance = "task instance"
        case run
        case taskTry = "task try"
    }

    public var subject: Subject
    /// The persisted value of the state the event was applied in (`pending`).
    public var from: String
    /// The event's snake_case name (`succeeded`).
    public var event: String
    /// Why the event is refused there, or what to do instead.
    public var hint: String

    public init(subject: Subject, from: String, event: String, hint: String) {
        self.subject = subject
        self.from = from
        self.event = event
        self.hint = hint
    }

    public var description: String { "cannot apply '\(event)' to a \(subject.rawValue) in state '\(from)': \(hint)" }
}
