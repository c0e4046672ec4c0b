import Foundation

/// The environment a task inherits from MLoop, captured once as `KEY=VALUE\0` entries. Asking swift-subprocess to
/// inherit re-reads and re-parses `environ` into a dictionary on every spawn (a measurable part of a short task's
/// cost); MLoop never changes its own environment after start, so one copy serves every launch.
enum InheritedEnvironment {
    private static let entries: [(name: String, bytes: [UInt8])] = ProcessInfo.processInfo.environment
        .sorted { $0.key < $1.key }
        .map { (name: $0.key, bytes: Array("\($0.key)=\($0.value)\0".utf8)) }

    /// MLoop's environment with `overrides` replacing or adding variables, as swift-subprocess's raw entries.
    static func block(overriding overrides: [String: String]) -> [[UInt8]] {
        var block: [[UInt8]] = []
        block.reserveCapacity(entries.count + overrides.count)
        for entry in entries where overrides[entry.name] == nil { block.append(entry.bytes) }
        for (name, value) in overrides where !name.isEmpty && !name.contains("=") {
            block.append(Array("\(name)=\(value)\0".utf8))
        }
        return block
    }
}
