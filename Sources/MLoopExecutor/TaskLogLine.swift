import Foundation

/// One line of a try's log.
public struct TaskLogLine: Sendable, Hashable {
    /// The stream a line came from. MLoop's own `[mloop] …` lines are on `stdout`.
    public enum Stream: String, Sendable, Hashable {
        case stdout
        case stderr
    }

    /// When the line was read from the task.
    public var at: Date
    public var stream: Stream
    /// The line without its newline: valid UTF-8, no NUL bytes.
    public var text: String
    /// `2026-11-23T23:31:02.512Z text`, with `[stderr] ` before the text of stderr lines.
    public var formatted: String

    public init(at: Date, stream: Stream, text: String, formatted: String) {
        self.at = at
        self.stream = stream
        self.text = text
        self.formatted = formatted
    }

    /// A line whose `formatted` form is built from its parts.
    public init(at: Date, stream: Stream, text: String) {
        self.init(at: at, stream: stream, text: text, formatted: Self.format(at: at, stream: stream, text: text))
    }

    static func format(at: Date, stream: Stream, text: String) -> String {
        format(stamp: LogTimestamp.format(at), stream: stream, text: text)
    }

    static func format(stamp: String, stream: Stream, text: String) -> String {
        stream == .stderr ? stamp + " [stderr] " + text : stamp + " " + text
    }
}
