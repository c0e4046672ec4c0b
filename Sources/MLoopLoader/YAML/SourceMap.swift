import Yams

/// Where each part of a definition came from in its file, so that an issue's path (`tasks[2].needs[0]`) can be
/// turned into a line and column.
struct SourceMap {
    private var marks: [String: Mark] = [:]
    /// Model paths whose value came from elsewhere in the file (a default): `tasks[3].retries` → `defaults.retries`.
    private var redirects: [String: String] = [:]

    /// Records that the value at `path` was written at `mark`.
    mutating func record(_ path: String, _ mark: Mark?) {
        if let mark, marks[path] == nil { marks[path] = mark }
    }

    /// Records that the model's value at `path` was taken from `source`.
    mutating func redirect(_ path: String, to source: String) {
        redirects[path] = source
    }

    /// The path as written in the file and the nearest known position: the path itself, or its closest ancestor.
    func locate(_ path: String) -> (path: String, mark: Mark?) {
        let filePath = resolve(path)
        var candidate = filePath
        while true {
            if let mark = marks[candidate] { return (filePath, mark) }
            guard let parent = Self.parent(of: candidate) else { return (filePath, marks[""]) }
            candidate = parent
        }
    }

    private func resolve(_ path: String) -> String {
        if let target = redirects[path] { return target }
        var prefix = path
        while let parent = Self.parent(of: prefix) {
            if let target = redirects[parent] { return target + path.dropFirst(parent.count) }
            prefix = parent
        }
        return path
    }

    /// `tasks[2].needs[0]` → `tasks[2].needs` → `tasks[2]` → `tasks` → `""` → nil.
    static func parent(of path: String) -> String? {
        guard !path.isEmpty else { return nil }
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return String(path[..<cut])
    }
}
