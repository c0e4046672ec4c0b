import Foundation
import Hummingbird
import HummingbirdAuth
import MLoopStore

/// `/auth` (sign in, who am I, sign out, tokens) and `/users` (admins only).
struct AuthController: Sendable {
    let users: UserStore
    let credentials: CredentialVerifier
    let clock: @Sendable () -> Date

    /// `/auth` (sign in, who am I, sign out, tokens) and `/users` (admins only).
    func addRoutes(to api: RouterGroup<APIRequestContext>) {
        let auth = api.group("auth")
        auth.post("token") { request, _ in
            let payload = try await JSONBody.decode(TokenRequestPayload.self, from: request)
            let now = clock()
            guard
                let principal = try await credentials.principal(
                    username: payload.username, password: payload.password, now: now)
            else {
                throw APIError(.unauthorized, "unauthorized", "unknown user name or wrong password")
            }
            var expiresAt: Date?
            if let seconds = payload.expiresIn {
                guard (1...(10 * 366 * 86_400)).contains(seconds) else {
                    throw APIError.badRequest("field 'expires_in' must be between 1 second and 10 years, in seconds")
                }
                expiresAt = now.addingTimeInterval(TimeInterval(seconds))
            }
            let issued = try await users.createToken(
                for: principal.username, name: payload.name ?? "", expiresAt: expiresAt)
            return try JSONResponse.make(
                IssuedTokenResponse(issued: issued, isAdmin: principal.isAdmin), status: .created)
        }
        auth.get("me") { _, context in
            let principal = try context.requireIdentity()
            return try JSONResponse.make(MeResponse(username: principal.username, isAdmin: principal.isAdmin))
        }
        auth.post("logout") { _, context in
            guard let tokenID = try context.requireIdentity().tokenID else {
                throw APIError.badRequest(
                    "this request was authenticated with a password, not a token: nothing to revoke")
            }
            try await users.revokeToken(tokenID, at: clock())
            return Response(status: .noContent)
        }
        auth.get("tokens") { _, context in
            let principal = try context.requireIdentity()
            let tokens = try await users.tokens(of: principal.isAdmin ? nil : principal.username)
            return try JSONResponse.make(tokens)
        }
        auth.delete("tokens/{token_id}") { _, context in
            let principal = try context.requireIdentity()
            let id = try context.integerParameter("token_id")
            try await users.revokeToken(id, owner: principal.isAdmin ? nil : principal.userID, at: clock())
            return Response(status: .noContent)
        }
        addUserRoutes(api.group("users"))
    }

    private func addUserRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.get { _, context in
            try Self.requireAdmin(context)
            return try JSONResponse.make(try await users.users())
        }
        group.post { request, context in
            try Self.requireAdmin(context)
            let payload = try await JSONBody.decode(UserPayload.self, from: request)
            if let problem = PasswordPolicy.problem(payload.password) { throw APIError.badRequest(problem) }
            guard UserStore.isValidUsername(payload.username) else {
                // Checked before hashing: bcrypt is slow and the store would refuse the name anyway.
                throw APIError.badRequest(
                    "'\(payload.username)' is not a valid user name: use letters, digits, '_', '.', '@' and '-'")
            }
            let record = try await users.createUser(
                username: payload.username, passwordHash: await credentials.hasher.hash(payload.password),
                isAdmin: payload.isAdmin ?? false)
            return try JSONResponse.make(record, status: .created)
        }
        group.delete("{username}") { _, context in
            try Self.requireAdmin(context)
            let username = try context.parameter("username")
            try await users.deleteUser(named: username)
            credentials.cache.remove(username: username)
            return Response(status: .noContent)
        }
    }

    private static func requireAdmin(_ context: APIRequestContext) throws {
        guard try context.requireIdentity().isAdmin else {
            throw APIError(.forbidden, "forbidden", "only admins can manage users")
        }
    }
}
