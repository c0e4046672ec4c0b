/// Splits a command line into arguments the way a POSIX shell would, without expanding anything: whitespace
/// separates words, single quotes keep text literally, double quotes keep whitespace and honour `\"` and `\\`,
/// and a backslash outside quotes keeps the next character.
public enum ShellWords {
    /// Why a command line could not be split.
    public struct SplitError: Error, Hashable, Sendable {
        public var message: String
    }

    public static func split(_ line: String) -> Result<[String], SplitError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for character in line {
            if escaping {
                if quote == "\"", !"\"\\$`".contains(character) { current.append("\\") }
                current.append(character)
                escaping = false
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaping = true
                inWord = true
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if let quote { return .failure(SplitError(message: "the command has an unclosed \(quote) quote")) }
        if escaping { return .failure(SplitError(message: "the command ends with a lone backslash")) }
        if inWord { words.append(current) }
        return .success(words)
    }
}
