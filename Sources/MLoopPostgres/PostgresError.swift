import Foundation

/// A PostgreSQL failure, with what a user needs to fix it; `description` is one clear line.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely: decides whether a caller may retry.
    public enum Kind: Sendable, Hashable {
        case invalidConfiguration, connectionFailed, authenticationFailed, connectionLost, server, decoding, cancelled
    }

    public var kind: Kind
    public var message: String
    /// The server's SQLSTATE, e.g. `23505` for a unique violation.
    public var sqlState: String?
    public var detail: String?
    public var hint: String?
    /// The SQL text only, never bound values.
    public var query: String?
    /// The server the error is about, redacted (`host=127.0.0.1 port=5432`).
    public var server: String?
    /// The user the credentials were rejected for.
    public var user: String?

    public init(
        _ kind: Kind, _ message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        query: String? = nil, server: String? = nil, user: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.query = query
        self.server = server
        self.user = user
    }

    public var description: String {
        let at = server.map { " (\($0))" } ?? ""
        switch kind {
        case .invalidConfiguration:
            return "invalid PostgreSQL connection setting: \(message)"
        case .connectionFailed:
            return "cannot connect to PostgreSQL\(at): \(message)"
        case .authenticationFailed:
            return "PostgreSQL rejected the credentials for user \"\(user ?? "?")\"\(at): \(message)"
        case .connectionLost:
            return "lost the connection to PostgreSQL\(at): \(message)\(querySuffix)"
        case .server:
            let code = sqlState.map { " \($0)" } ?? ""
            let extra = [detail.map { "detail: \($0)" }, hint.map { "hint: \($0)" }].compactMap { $0 }
            let extraText = extra.isEmpty ? "" : " (\(extra.joined(separator: "; ")))"
            return "PostgreSQL error\(code): \(message)\(extraText)\(querySuffix)"
        case .decoding:
            return "cannot decode PostgreSQL value: \(message)"
        case .cancelled:
            return "PostgreSQL query cancelled\(querySuffix)"
        }
    }

    private var querySuffix: String {
        guard let query else { return "" }
        let oneLine = query.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        let short = oneLine.count > 120 ? String(oneLine.prefix(117)) + "…" : oneLine
        return " (in: \(short))"
    }
}
