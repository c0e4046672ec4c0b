import MLoopCore

/// Reads swiftc's output into issues: each `file:line:column: error: message` line becomes one, at its place.
enum CompilerDiagnostics {
    static func failure(_ output: String, file: String) -> ValidationFailure {
        var issues: [ValidationIssue] = []
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: ": error: ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":")
            let message = String(line[range.upperBound...])
            guard location.count >= 3, let row = Int(location[location.count - 2]),
                let column = Int(location[location.count - 1])
            else {
                issues.append(ValidationIssue("does not compile: \(message)", file: file))
                continue
            }
            let where_ = location.dropLast(2).joined(separator: ":")
            let issue = ValidationIssue(
                "does not compile: \(message)", file: where_ == file ? file : file, line: row, column: column)
            if !issues.contains(issue) { issues.append(issue) }
        }
        if issues.isEmpty {
            issues.append(ValidationIssue("does not compile: \(lastLines(output, count: 5))", file: file))
        }
        return ValidationFailure(issues)
    }

    /// The last non-empty lines of a program's output, joined for a one-line message.
    static func lastLines(_ text: String, count: Int) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .suffix(count).joined(separator: " | ")
    }
}
