import Foundation

/// Turns libpq's multi-line connection failure text into one clear, classified line.
enum LibPQErrors {
    static func connectFailure(_ raw: UnsafePointer<CChar>?, configuration: PostgresConfiguration) -> PostgresError {
        let text = raw.map { String(cString: $0) } ?? ""
        // libpq: `connection to server at "h" (addr), port 1 failed: Connection refused\n\tIs the server…`
        var line = text.trimmedLine
        if let range = line.range(of: "failed: ") { line = String(line[range.upperBound...]) }
        if line.hasPrefix("FATAL:") { line = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
        if let first = line.first, first.isUppercase, line.dropFirst().first?.isLowercase == true {
            line = first.lowercased() + line.dropFirst()
        }
        if line.isEmpty { line = "unknown error" }
        let lowered = line.lowercased()
        let isAuthentication =
            lowered.contains("authentication failed") || lowered.contains("no password supplied")
            || (lowered.contains("role") && lowered.contains("does not exist"))
        return PostgresError(
            isAuthentication ? .authenticationFailed : .connectionFailed, line,
            server: configuration.serverSummary, user: configuration.user ?? ProcessUser.name)
    }
}

/// The login name libpq defaults to when the settings name no user.
enum ProcessUser {
    static var name: String? { ProcessInfo.processInfo.environment["PGUSER"] ?? ProcessInfo.processInfo.userName }
}
