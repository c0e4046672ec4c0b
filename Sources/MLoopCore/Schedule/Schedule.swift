import Foundation

/// When a workflow runs by itself.
public enum Schedule: Hashable, Sendable {
    /// Never by itself: only when triggered.
    case none
    /// Once, at its start date (`@once`).
    case once
    /// At every fire time of a cron expression (presets such as `@daily` included).
    case cron(CronExpression)

    /// Reads what a definition file holds: `nil`/`none` for none, `@once`, a preset or a five-field expression.
    public init(parsing text: String?) throws(CronSyntaxError) {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text != "none" else {
            self = .none
            return
        }
        if text == "@once" {
            self = .once
            return
        }
        self = .cron(try CronExpression(parsing: text))
    }

    /// The schedule as written (`@daily`, `0 6 * * 1-5`, `@once`), or nil for none.
    public var text: String? {
        switch self {
        case .none: nil
        case .once: "@once"
        case .cron(let expression): expression.source
        }
    }
}

extension Schedule: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = container.decodeNil() ? nil : try container.decode(String.self)
        do {
            self = try Schedule(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let text { try container.encode(text) } else { try container.encodeNil() }
    }
}
