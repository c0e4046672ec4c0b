import Dispatch
import HummingbirdBcrypt

/// bcrypt hashing and verification, run on a dedicated serial queue: bcrypt is deliberately slow CPU work and must
/// not occupy Swift's cooperative threads (there may be only two). One queue also bounds the CPU that a flood of
/// password guesses can burn to one core.
public struct PasswordHasher: Sendable {
    /// log2 of bcrypt's rounds; 12 takes a few hundred milliseconds, which is the point.
    public let cost: UInt8

    private static let queue = DispatchQueue(label: "mloop.bcrypt", qos: .userInitiated)

    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt cost must be between 4 and 31")
        self.cost = cost
    }

    /// A new salted bcrypt hash (`$2b$…`) of `password`.
    public func hash(_ password: String) async -> String {
        let cost = cost
        return await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    /// A well-formed hash no password matches, verified against for unknown users so that a wrong user name takes
    /// as long as a wrong password.
    var decoyHash: String {
        let rounds = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2b$\(rounds)$" + "abcdefghijklmnopqrstuu" + "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
    }

    /// A random password of `length` letters and digits (about 5.95 bits each), for users created without one.
    public static func randomPassword(length: Int = 20) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
