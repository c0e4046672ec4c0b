import Foundation
import MLoopCore

/// One stdout line of MLoop's output protocol: `MLOOP_XCOM::{json}`, `MLOOP_XCOM_PULL::…`, `MLOOP_PROGRESS::…`,
/// `MLOOP_META::…`, `MLOOP_BRANCH::…`.
enum ProtocolLine: Equatable {
    case xcom(key: String, value: JSONValue, payloadBytes: Int)
    /// The task read an upstream XCom.
    case xcomPull(XComPull)
    case progress(JSONValue)
    case metadata(JSONValue)
    case branch([TaskID])
    /// A line with a protocol tag whose payload is unusable; `note` is the log line explaining it.
    case invalid(note: String)

    static let prefix = "MLOOP_"

    /// What a line of another protocol (`OutputProtocol`) stands for.
    enum AliasedLine: Sendable {
        case progress, metadata
    }

    /// The line `text`, which starts with `tag` (`VTM_PROGRESS::`), read as the `MLOOP_` line `line` stands for.
    static func parse(_ text: String, aliasedTag tag: String, as line: AliasedLine) -> ProtocolLine {
        let payload = text.utf8.dropFirst(tag.utf8.count)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(payload)), case .object = value else {
            return .invalid(note: "[mloop] ignored invalid \(tag.dropLast(2)) line: expected a JSON object")
        }
        return line == .progress ? .progress(value) : .metadata(value)
    }

    private enum Tag: String, CaseIterable {
        case xcom = "MLOOP_XCOM::"
        case xcomPull = "MLOOP_XCOM_PULL::"
        case progress = "MLOOP_PROGRESS::"
        case meta = "MLOOP_META::"
        case branch = "MLOOP_BRANCH::"
    }

    /// The protocol line in `text`, or `nil` when the line is ordinary output.
    static func parse(_ text: String) -> ProtocolLine? {
        guard text.hasPrefix(prefix), let tag = Tag.allCases.first(where: { text.hasPrefix($0.rawValue) }) else {
            return nil
        }
        let payload = text.utf8.dropFirst(tag.rawValue.utf8.count)
        let name = String(tag.rawValue.dropLast(2))
        func invalid(_ why: String) -> ProtocolLine {
            .invalid(note: "[mloop] ignored invalid \(name) line: \(why)")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(payload))
        } catch {
            return invalid("the text after '\(tag.rawValue)' is not JSON")
        }
        switch tag {
        case .xcom:
            guard case .object(let object) = value else {
                return invalid(#"expected {"key": "…", "value": …}"#)
            }
            guard case .string(let key)? = object["key"], !key.isEmpty else {
                return invalid(#"missing "key" (a non-empty string)"#)
            }
            guard let pushed = object["value"] else { return invalid("missing \"value\" for key '\(key)'") }
            return .xcom(key: key, value: pushed, payloadBytes: payload.count)
        case .xcomPull:
            guard case .object(let object) = value, case .string(let task)? = object["task_id"], !task.isEmpty,
                case .string(let key)? = object["key"], !key.isEmpty
            else {
                return invalid(#"expected {"task_id": "…", "key": "…"} (non-empty strings)"#)
            }
            return .xcomPull(XComPull(fromTaskID: TaskID(task), key: key))
        case .progress, .meta:
            guard case .object = value else { return invalid("expected a JSON object") }
            return tag == .progress ? .progress(value) : .metadata(value)
        case .branch:
            switch value {
            case .string(let task): return .branch([TaskID(task)])
            case .array(let items):
                var tasks: [TaskID] = []
                for item in items {
                    guard case .string(let task) = item else { return invalid("expected task ids (strings)") }
                    tasks.append(TaskID(task))
                }
                return .branch(tasks)
            default: return invalid("expected a task id or a list of task ids")
            }
        }
    }
}
