/// Other names a task's stdout may use for MLoop's progress and metadata lines, so an existing trainer runs
/// unchanged: with `progress: VTM_PROGRESS`, a line `VTM_PROGRESS::{"epoch": 3, "total_epochs": 10}` counts as
/// `MLOOP_PROGRESS::{…}` (seed 004's run manager prints `VTM_PROGRESS::` and `VTM_RUN_META::`). The `MLOOP_` lines
/// keep working beside them.
public struct OutputProtocol: Hashable, Sendable, Codable {
    /// The tag of progress lines, without `::`.
    public var progress: String?
    /// The tag of metadata lines, without `::`.
    public var meta: String?

    public init(progress: String? = nil, meta: String? = nil) {
        self.progress = progress
        self.meta = meta
    }

    /// What is wrong with these tags, each with the field it concerns (`progress`, `meta`); empty when nothing is.
    public var problems: [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        for (field, tag) in [("progress", progress), ("meta", meta)] {
            guard let tag else { continue }
            if !Self.isValidTag(tag) {
                problems.append(
                    (field, "'\(tag)' is not a line tag: letters, digits and '_', starting with a letter, at most 64"))
            } else if tag.uppercased().hasPrefix("MLOOP_") {
                problems.append((field, "'\(tag)' is reserved: MLOOP_ lines are MLoop's own protocol"))
            }
        }
        if let progress, progress == meta {
            problems.append(("meta", "progress and meta lines need different tags, not both '\(progress)'"))
        }
        if progress == nil && meta == nil {
            problems.append(("progress", "give a tag for progress lines, meta lines, or both"))
        }
        return problems
    }

    private static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 64,
            ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return tag.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
