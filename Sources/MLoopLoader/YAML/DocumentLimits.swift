import Yams

/// Guards that keep a hostile or broken document from exhausting memory, time or stack.
///
/// Yams composes aliases by sharing the anchored node, so an alias bomb costs little to compose; it is walking the
/// expanded tree that would explode. The one exception is a mapping key that is an alias: Yams hashes keys to find
/// duplicates, which walks the whole aliased tree, so such keys are refused before parsing.
enum DocumentLimits {
    /// Nodes a document may hold once every alias is expanded. A 200-task workflow has about 5 000.
    static let maximumNodes = 100_000
    /// How deep collections may nest. libyaml stops at 1 000 levels on its own; workflows need a handful.
    static let maximumDepth = 64

    struct Violation {
        var message: String
        var line: Int
        var column: Int
    }

    /// The first mapping key written as an alias (`*name: …`, `? *name`), found by a lexical scan of the text.
    static func aliasKey(in text: String) -> Violation? {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains("*") else { continue }
            if let column = aliasKeyColumn(in: Array(line.unicodeScalars)) {
                return Violation(
                    message: "an alias used as a mapping key is not supported: write the key out", line: lineNumber,
                    column: column)
            }
        }
        return nil
    }

    private static func aliasKeyColumn(in scalars: [Unicode.Scalar]) -> Int? {
        let separators: Set<Unicode.Scalar> = [" ", "\t", "[", "{", ","]
        for (index, scalar) in scalars.enumerated() where scalar == "*" {
            guard index == 0 || separators.contains(scalars[index - 1]) else { continue }
            var end = index + 1
            while end < scalars.count, isAnchorCharacter(scalars[end]) { end += 1 }
            guard end > index + 1 else { continue }
            let before = scalars[..<index].filter { $0 != " " && $0 != "\t" }
            if before.last == "?" { return index + 1 }
            while end < scalars.count, scalars[end] == " " || scalars[end] == "\t" { end += 1 }
            guard end < scalars.count, scalars[end] == ":" else { continue }
            let next = end + 1 < scalars.count ? scalars[end + 1] : " "
            if [" ", "\t", "\r", ",", "]", "}"].contains(next) { return index + 1 }
        }
        return nil
    }

    /// libyaml's anchor name characters.
    private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    /// Counts the nodes of the expanded tree, stopping as soon as a limit is passed.
    static func expansionViolation(in root: Node) -> Violation? {
        var count = 0
        var violation: Violation?
        func visit(_ node: Node, depth: Int) {
            guard violation == nil else { return }
            count += 1
            let mark = node.mark
            if count > maximumNodes {
                violation = Violation(
                    message: "the document expands to more than \(maximumNodes) values (through aliases?); "
                        + "refusing to read it",
                    line: mark?.line ?? 1, column: mark?.column ?? 1)
                return
            }
            if depth > maximumDepth {
                violation = Violation(
                    message: "the document nests deeper than \(maximumDepth) levels", line: mark?.line ?? 1,
                    column: mark?.column ?? 1)
                return
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let sequence): for item in sequence { visit(item, depth: depth + 1) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    visit(key, depth: depth + 1)
                    visit(value, depth: depth + 1)
                }
            }
        }
        visit(root, depth: 0)
        return violation
    }
}
