/// What a task runs. Each kind becomes one subprocess.
public enum TaskAction: Hashable, Sendable {
    /// A script run by `bash`.
    case bash(script: String)
    /// An argv, run without a shell.
    case command(arguments: [String])
    /// Python code run by `python3`, inline or from a file.
    case python(CodeSource)
    /// Swift code compiled once with `swiftc` (cached by content hash) and then executed.
    case swift(CodeSource)

    /// The persisted name of the kind (`bash`, `command`, `python`, `swift`).
    public var kind: String {
        switch self {
        case .bash: "bash"
        case .command: "command"
        case .python: "python"
        case .swift: "swift"
        }
    }
}

/// Code given inline or as a path relative to the DAGs folder.
public enum CodeSource: Hashable, Sendable {
    case inline(String)
    case file(String)
}

extension TaskAction: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, script, arguments, code, file
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        func source() throws -> CodeSource {
            if let file = try container.decodeIfPresent(String.self, forKey: .file) { return .file(file) }
            return .inline(try container.decode(String.self, forKey: .code))
        }
        switch kind {
        case "bash": self = .bash(script: try container.decode(String.self, forKey: .script))
        case "command": self = .command(arguments: try container.decode([String].self, forKey: .arguments))
        case "python": self = .python(try source())
        case "swift": self = .swift(try source())
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown task kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        func encode(_ source: CodeSource) throws {
            switch source {
            case .inline(let code): try container.encode(code, forKey: .code)
            case .file(let path): try container.encode(path, forKey: .file)
            }
        }
        switch self {
        case .bash(let script): try container.encode(script, forKey: .script)
        case .command(let arguments): try container.encode(arguments, forKey: .arguments)
        case .python(let source): try encode(source)
        case .swift(let source): try encode(source)
        }
    }
}
