import Foundation
import Hummingbird
import HummingbirdAuth

/// Sets `context.identity` from `Authorization: Bearer <token>`, `Authorization: Basic …`, or — on streaming routes
/// only — `?access_token=`. Credentials that do not check out leave the identity empty; `APIAuthGuard` answers 401.
struct APIAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let verifier: CredentialVerifier
    let clock: @Sendable () -> Date

    func authenticate(request: Request, context: APIRequestContext) async throws -> APIPrincipal? {
        // Open paths (static files, health, signing in) never look at credentials: no database or bcrypt work.
        guard case .credentials(let queryToken) = APIAccessPolicy.access(method: request.method, path: request.uri.path)
        else { return nil }
        switch Self.credentials(request, queryTokenAllowed: queryToken) {
        case .token(let token): return try await verifier.principal(token: token, now: clock())
        case .password(let username, let password):
            return try await verifier.principal(username: username, password: password, now: clock())
        case .malformed, .none: return nil
        }
    }

    enum Credentials: Equatable {
        case token(String)
        case password(username: String, password: String)
        case malformed
    }

    /// What the request presents. Schemes are case-insensitive (RFC 9110).
    static func credentials(_ request: Request, queryTokenAllowed: Bool) -> Credentials? {
        guard let header = request.headers[.authorization] else {
            guard queryTokenAllowed, let token = request.uri.queryParameters.get("access_token") else { return nil }
            return .token(token)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return .malformed }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            return .token(value)
        case "basic":
            guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else { return .malformed }
            return .password(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        default:
            return .malformed
        }
    }
}
