/// A line diff of two texts (Myers' O(ND) algorithm): the edit script, its hunks and the unified diff text.
public struct LineDiff: Sendable, Hashable {
    /// One line of the edit script.
    public enum Line: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// A group of changes with up to `context` unchanged lines around them, as in `diff -u`.
    public struct Hunk: Sendable, Hashable, Codable {
        /// 1-based first line in the old text (0 when the hunk's old range is empty, as `diff -u` writes it).
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        /// The hunk's lines, each prefixed with " ", "-" or "+".
        public var lines: [String]

        enum CodingKeys: String, CodingKey {
            case oldStart = "old_start"
            case oldCount = "old_count"
            case newStart = "new_start"
            case newCount = "new_count"
            case lines
        }

        /// The `@@ -a,b +c,d @@` header.
        public var header: String { "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@" }
    }

    /// Every line of both texts in order: unchanged, removed from the old, added in the new.
    public let lines: [Line]

    /// Diffs `old` against `new` line by line (a trailing newline does not make an extra empty line).
    public init(old: String, new: String) {
        lines = Self.script(Self.split(old), Self.split(new))
    }

    /// Whether the texts differ.
    public var hasChanges: Bool {
        lines.contains { if case .same = $0 { false } else { true } }
    }

    /// The changes grouped into hunks with `context` unchanged lines around each.
    public func hunks(context: Int = 3) -> [Hunk] {
        let changed = lines.indices.filter { if case .same = lines[$0] { false } else { true } }
        guard let first = changed.first else { return [] }
        // Ranges of script indices, merged when their context overlaps.
        var ranges: [ClosedRange<Int>] = []
        var current = max(0, first - context)...min(lines.count - 1, first + context)
        for index in changed.dropFirst() {
            let range = max(0, index - context)...min(lines.count - 1, index + context)
            if range.lowerBound <= current.upperBound + 1 {
                current = current.lowerBound...range.upperBound
            } else {
                ranges.append(current)
                current = range
            }
        }
        ranges.append(current)
        return ranges.map(hunk)
    }

    /// The unified diff text (`--- a`/`+++ b` headers, then each hunk); empty when the texts are equal.
    public func unified(from oldName: String, to newName: String, context: Int = 3) -> String {
        let hunks = hunks(context: context)
        guard !hunks.isEmpty else { return "" }
        var text = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks {
            text += hunk.header + "\n"
            for line in hunk.lines { text += line + "\n" }
        }
        return text
    }

    private func hunk(_ range: ClosedRange<Int>) -> Hunk {
        var oldLine = 1
        var newLine = 1
        for line in lines[..<range.lowerBound] {
            switch line {
            case .same:
                oldLine += 1
                newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        var oldCount = 0
        var newCount = 0
        var text: [String] = []
        for line in lines[range] {
            switch line {
            case .same(let value):
                oldCount += 1
                newCount += 1
                text.append(" " + value)
            case .removed(let value):
                oldCount += 1
                text.append("-" + value)
            case .added(let value):
                newCount += 1
                text.append("+" + value)
            }
        }
        return Hunk(
            oldStart: oldCount == 0 ? oldLine - 1 : oldLine, oldCount: oldCount,
            newStart: newCount == 0 ? newLine - 1 : newLine, newCount: newCount, lines: text)
    }

    static func split(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    // Myers' greedy forward search, keeping each round's furthest-reaching paths to walk the script back.
    static func script(_ a: [String], _ b: [String]) -> [Line] {
        let n = a.count
        let m = b.count
        let offset = n + m + 1
        var frontier = [Int](repeating: 0, count: 2 * offset + 1)
        var trace: [[Int]] = []
        search: for d in 0...(n + m) {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]))
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        return backtrack(a, b, trace, offset)
    }

    private static func backtrack(_ a: [String], _ b: [String], _ trace: [[Int]], _ offset: Int) -> [Line] {
        var x = a.count
        var y = b.count
        var script: [Line] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]
            let k = x - y
            let previousK =
                (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1])) ? k + 1 : k - 1
            let previousX = frontier[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                script.append(.same(a[x]))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    script.append(.added(b[y]))
                } else {
                    x -= 1
                    script.append(.removed(a[x]))
                }
            }
        }
        return script.reversed()
    }
}
