import MLoopCore
import Yams

/// Turns a Yams error into one located issue in plain words.
enum YAMLErrorIssue {
    static func issue(for error: YamlError, in text: String) -> ValidationIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) started at line \(context.mark.line))"
            }
            if context?.text.contains("alias") == true || context?.text.contains("anchor") == true {
                message += "; quote values starting with '*' or '&', e.g. schedule: \"*/5 * * * *\""
            }
            return ValidationIssue(message, line: mark.line, column: mark.column)
        case .reader(let problem, let offset, let value, _):
            let position = offset.map { lineAndColumn(ofCharacter: $0, in: text) }
            let code = value >= 0 ? String(format: " (character 0x%02X)", value) : ""
            return ValidationIssue(
                "the file cannot be read as YAML: \(problem)\(code); is it a binary file?",
                line: position?.line, column: position?.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ValidationIssue(
                "duplicate key \(names) in one mapping: each key may appear only once",
                line: context.mark.line, column: context.mark.column)
        default:
            return ValidationIssue("the file cannot be parsed as YAML: \(error)")
        }
    }

    /// 1-based line and column of the character at `offset` (a count of Characters, as Yams reports it).
    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
