import Foundation
import MLoopCore
import Synchronization

/// Successful password verifications remembered for a short while, so HTTP Basic (credentials on every request)
/// does not cost a bcrypt per request. An entry holds the SHA-256 of the password and the bcrypt hash it matched;
/// it counts only while the stored hash is still that one (a changed password stops matching at once) and for at
/// most `lifetime`.
final class VerifiedPasswordCache: Sendable {
    private struct Entry {
        var passwordDigest: [UInt8]
        var passwordHash: String
        var verifiedAt: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: TimeInterval = 60, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Whether `password` of `username` was verified against `passwordHash` less than `lifetime` before `now`.
    func contains(username: String, password: String, passwordHash: String, now: Date) -> Bool {
        let digest = SHA256.digest(of: Array(password.utf8))
        return entries.withLock { entries in
            guard let entry = entries[username] else { return false }
            guard now.timeIntervalSince(entry.verifiedAt) < lifetime, entry.verifiedAt <= now else {
                entries[username] = nil
                return false
            }
            return entry.passwordHash == passwordHash && ConstantTime.equals(entry.passwordDigest, digest)
        }
    }

    func insert(username: String, password: String, passwordHash: String, now: Date) {
        let entry = Entry(
            passwordDigest: SHA256.digest(of: Array(password.utf8)), passwordHash: passwordHash, verifiedAt: now)
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { now.timeIntervalSince($0.value.verifiedAt) < lifetime }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[username] = entry
        }
    }

    func remove(username: String) {
        _ = entries.withLock { $0.removeValue(forKey: username) }
    }
}
