import CLibPQ
import Foundation

/// Where and how to connect: a `postgres://` URL or a libpq `key=value` conninfo, validated by libpq itself.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// Parsed settings in libpq's order; the single source for `conninfo` and `description`.
    private var settings: [(key: String, value: String)]
    /// Seconds libpq waits for the server to answer a connection attempt.
    public var connectTimeoutSeconds: Int

    /// Accepts a `postgres://`/`postgresql://` URL or a libpq key=value conninfo; validated with PQconninfoParse.
    public init(_ urlOrConninfo: String) throws(PostgresError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(urlOrConninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "cannot parse the connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(.invalidConfiguration, message.trimmedLine)
        }
        defer { PQconninfoFree(options) }
        var parsed: [(key: String, value: String)] = []
        var index = 0
        while let keyword = options[index].keyword {
            if let value = options[index].val { parsed.append((String(cString: keyword), String(cString: value))) }
            index += 1
        }
        settings = parsed
        connectTimeoutSeconds = 5
        if let timeout = self["connect_timeout"] {
            guard let seconds = Int(timeout) else {
                throw PostgresError(.invalidConfiguration, "connect_timeout must be a whole number of seconds")
            }
            connectTimeoutSeconds = seconds
        }
    }

    /// The libpq conninfo string to connect with (contains the password, if any: never log it).
    public var conninfo: String {
        get { render(includePassword: true) }
        set {
            if let parsed = try? PostgresConfiguration(newValue) { self = parsed }
        }
    }

    /// The settings without the password.
    public var description: String { render(includePassword: false) }

    /// Host and port only, for error messages (`host=127.0.0.1 port=5432`).
    public var serverSummary: String {
        let host = "host=\(self["host"] ?? self["hostaddr"] ?? "(default socket)")"
        return self["port"].map { "\(host) port=\($0)" } ?? host
    }

    /// The user name libpq will log in as, when the settings name one.
    public var user: String? { self["user"] }
    /// The database name, when the settings name one.
    public var database: String? { self["dbname"] }

    /// The same server, another database.
    public func withDatabase(_ name: String) -> PostgresConfiguration {
        var copy = self
        copy["dbname"] = name
        return copy
    }

    /// One setting's value by libpq keyword (`host`, `port`, `dbname`…).
    public subscript(key: String) -> String? {
        get { settings.first { $0.key == key }?.value }
        set {
            settings.removeAll { $0.key == key }
            if let newValue { settings.append((key, newValue)) }
        }
    }

    private func render(includePassword: Bool) -> String {
        var parts: [String] = []
        for (key, value) in settings where key != "connect_timeout" {
            guard includePassword || key != "password" else { continue }
            parts.append("\(key)=\(Self.quote(value))")
        }
        parts.append("connect_timeout=\(connectTimeoutSeconds)")
        return parts.joined(separator: " ")
    }

    private static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isNewline }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }
}

extension String {
    /// The first line, without surrounding whitespace (libpq messages end with a newline and may add context).
    var trimmedLine: String {
        let first = split(whereSeparator: \.isNewline).first.map(String.init) ?? self
        return first.trimmingCharacters(in: .whitespaces)
    }
}
