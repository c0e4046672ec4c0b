import Foundation
import MLoopStore

/// Checks credentials against the stored users and tokens: API tokens by the SHA-256 the database keeps, passwords
/// with bcrypt (off the cooperative pool) behind a short-lived cache of successful verifications.
final class CredentialVerifier: Sendable {
    let users: UserStore
    let hasher: PasswordHasher
    let cache: VerifiedPasswordCache
    /// How often a token's `last_used_at` is written at most.
    let tokenUseInterval: TimeInterval = 60

    init(users: UserStore, hasher: PasswordHasher, cache: VerifiedPasswordCache = VerifiedPasswordCache()) {
        self.users = users
        self.hasher = hasher
        self.cache = cache
    }

    /// The owner of a usable API token, or nil.
    func principal(token: String, now: Date) async throws -> APIPrincipal? {
        guard APITokenSecret.looksLikeToken(token) else { return nil }
        guard let found = try await users.principal(forTokenHash: APITokenSecret.hash(token), now: now) else {
            return nil
        }
        if found.lastUsedAt.map({ now.timeIntervalSince($0) >= tokenUseInterval }) ?? true {
            try await users.recordTokenUse(found.tokenID, at: now, interval: tokenUseInterval)
        }
        return APIPrincipal(
            userID: found.userID, username: found.username, isAdmin: found.isAdmin, tokenID: found.tokenID)
    }

    /// The enabled user whose name and password these are, or nil. Unknown users cost a bcrypt too, so the answer's
    /// timing does not tell which names exist.
    func principal(username: String, password: String, now: Date) async throws -> APIPrincipal? {
        guard let user = try await users.user(named: username), !user.isDisabled else {
            _ = await hasher.verify(password, hash: hasher.decoyHash)
            return nil
        }
        let principal = APIPrincipal(userID: user.userID, username: user.username, isAdmin: user.isAdmin)
        if cache.contains(username: username, password: password, passwordHash: user.passwordHash, now: now) {
            return principal
        }
        guard await hasher.verify(password, hash: user.passwordHash) else { return nil }
        cache.insert(username: username, password: password, passwordHash: user.passwordHash, now: now)
        return principal
    }
}
