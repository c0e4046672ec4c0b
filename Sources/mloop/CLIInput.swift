import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

/// Reading command-line values into domain values, with messages that name the option.
enum CLIInput {
    /// `--conf '{"a": 1}'`: a JSON object.
    static func conf(_ text: String?) throws -> [String: JSONValue] {
        guard let text else { return [:] }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw ValidationError("--conf is not valid JSON: \(describe(error))")
        }
        guard case .object(let object) = value else {
            throw ValidationError("--conf must be a JSON object such as '{\"key\": \"value\"}'")
        }
        return object
    }

    /// A date (`2024-01-31`, UTC midnight) or an ISO 8601 instant (`2024-01-31T06:00:00Z`, `…+09:00`).
    static func date(_ text: String, option: String) throws -> Date {
        if let instant = Timestamp.parse(text) { return instant }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, text.count == 10 {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            if let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2]
            {
                return date
            }
        }
        throw ValidationError("\(option) '\(text)' is not a date: use 2024-01-31 or 2024-01-31T06:00:00Z")
    }

    static func runID(_ text: String) throws -> RunID {
        guard let value = Int64(text), value > 0 else {
            throw ValidationError("'\(text)' is not a run id: run ids are positive numbers (see mloop runs list)")
        }
        return RunID(value)
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
        }
        return "\(error)"
    }
}
