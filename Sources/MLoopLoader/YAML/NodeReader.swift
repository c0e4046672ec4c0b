import Foundation
import MLoopCore
import Yams

/// Reads typed values out of YAML nodes. Every value of the wrong shape becomes an issue at its own line and
/// column; the caller gets nil and carries on, so one pass finds every problem.
struct NodeReader {
    private(set) var issues: [ValidationIssue] = []
    var sourceMap = SourceMap()

    /// Records a problem with the value at `path`, located at `node`.
    mutating func report(_ message: String, path: String, at node: Node?) {
        let mark = node?.mark
        issues.append(ValidationIssue(message, path: path, line: mark?.line, column: mark?.column))
    }

    /// A problem located where `path` was written (recorded by `fields(of:…)`).
    mutating func report(_ message: String, atRecorded path: String) {
        let mark = sourceMap.locate(path).mark
        issues.append(ValidationIssue(message, path: path, line: mark?.line, column: mark?.column))
    }

    /// The fields of a mapping by name. Unknown keys are reported with a did-you-mean, or with a ready-made hint for
    /// names other tools use (`hints`: key → text appended to the message). Each field's position is recorded under
    /// `path.name`.
    mutating func fields(
        of node: Node, path: String, what: String, known: [String], hints: [String: String] = [:]
    ) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping of fields, got \(Self.describe(node))", path: path, at: node)
            return nil
        }
        sourceMap.record(path, node.mark)
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key else {
                report("keys in \(what) must be plain names, got \(Self.describe(key))", path: path, at: key)
                continue
            }
            let name = keyScalar.string
            let fieldPath = Self.join(path, name)
            guard known.contains(name) else {
                let hint =
                    name == "<<"
                    ? " (merge keys are not supported: share task settings with 'defaults:')"
                    : hints[name] ?? Suggestion.hint(for: name, among: known)
                report("unknown key '\(name)' in \(what)\(hint)", path: fieldPath, at: key)
                continue
            }
            fields[name] = value
            sourceMap.record(fieldPath, Self.isCollection(value) ? key.mark : value.mark ?? key.mark)
        }
        return fields
    }

    /// Any non-null scalar as text.
    mutating func text(_ node: Node?, _ name: String, path: String) -> String? {
        guard let node, !Self.isNull(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            report("\(name) must be text, got \(Self.describe(node))", path: path, at: node)
            return nil
        }
        return scalar.string
    }

    mutating func integer(_ node: Node?, _ name: String, path: String) -> Int? {
        guard let node, !Self.isNull(node) else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) { return value }
        report("\(name) must be an integer, got \(Self.describe(node))", path: path, at: node)
        return nil
    }

    mutating func boolean(_ node: Node?, _ name: String, path: String) -> Bool? {
        guard let node, !Self.isNull(node) else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        report("\(name) must be true or false, got \(Self.describe(node))", path: path, at: node)
        return nil
    }

    mutating func duration(_ node: Node?, _ name: String, path: String) -> Duration? {
        guard let text = text(node, name, path: path) else { return nil }
        switch FieldText.duration(text) {
        case .success(let duration): return duration
        case .failure(let error):
            report(error.message, path: path, at: node)
            return nil
        }
    }

    /// A list of texts, or (when `single` is allowed) one text standing for a list of one.
    mutating func textList(_ node: Node?, _ name: String, path: String, single: Bool) -> [String]? {
        guard let node, !Self.isNull(node) else { return nil }
        if single, case .scalar(let scalar) = node {
            sourceMap.record(path + "[0]", node.mark)
            return [scalar.string]
        }
        guard case .sequence(let sequence) = node else {
            report(
                "\(name) must be a list\(single ? " or a single name" : ""), got \(Self.describe(node))",
                path: path, at: node)
            return nil
        }
        var items: [String] = []
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(path)[\(index)]"
            sourceMap.record(itemPath, item.mark)
            if let value = text(item, "each entry of \(name)", path: itemPath) {
                items.append(value)
            } else if Self.isNull(item) {
                report("\(name) has an empty entry", path: itemPath, at: item)
            }
        }
        return items
    }

    /// A mapping of names to texts (numbers and booleans are taken as written).
    mutating func textMap(_ node: Node?, _ name: String, path: String) -> [String: String]? {
        guard let node, !Self.isNull(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            report("\(name) must be a mapping of names to values, got \(Self.describe(node))", path: path, at: node)
            return nil
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key else {
                report("keys in \(name) must be plain names, got \(Self.describe(key))", path: path, at: key)
                continue
            }
            let entryPath = Self.join(path, keyScalar.string)
            if Self.isNull(value) {
                report(
                    "\(name) '\(keyScalar.string)' has no value: write '' for an empty one", path: entryPath, at: key)
            } else if let text = text(value, "\(name) '\(keyScalar.string)'", path: entryPath) {
                result[keyScalar.string] = text
            }
        }
        return result
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    static func isCollection(_ node: Node) -> Bool {
        switch node {
        case .mapping, .sequence: true
        case .scalar, .alias: false
        }
    }

    /// A plain `~`, `null` or nothing at all; a quoted `""` is text.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// `'abc'`, `a list`, `a mapping` or `nothing`: what a message says was found.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar where isNull(node): "nothing"
        case .scalar(let scalar): "'\(clip(scalar.string))'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Long or multi-line values shortened for a one-line message.
    static func clip(_ text: String) -> String { FieldText.clip(text) }
}
