import ArgumentParser
import Foundation
import MLoopAPI
import MLoopStore

#if canImport(Glibc)
    import Glibc
#endif

/// `mloop standalone`'s first start, like `airflow standalone`: with no API user at all, create `admin` with
/// MLOOP_ADMIN_PASSWORD or a random password that is printed once and saved, readable only by its owner.
struct AdminBootstrap {
    var users: UserStore
    var home: String
    var environment: [String: String]

    var passwordFile: String { home + "/standalone_admin_password.txt" }

    /// Creates the admin if no user exists and says, for the banner, how to sign in.
    func run() async throws -> String {
        if try await !users.users().isEmpty { return existing() }
        let given = environment["MLOOP_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let given, let problem = PasswordPolicy.problem(given) {
            throw ValidationError("MLOOP_ADMIN_PASSWORD: \(problem)")
        }
        let password = given ?? PasswordHasher.randomPassword(length: 20)
        let hash = await PasswordHasher().hash(password)
        // Another process may have created it meanwhile: then its password stands and ours is forgotten.
        guard try await users.createInitialAdminIfNoUsers(passwordHash: hash) else { return existing() }
        if given != nil { return "user \(UserStore.initialAdminName), password from MLOOP_ADMIN_PASSWORD" }
        try save(password)
        return "user \(UserStore.initialAdminName), password \(password) (printed once; also saved to "
            + "\(passwordFile), mode 0600)"
    }

    /// `mloop api` (e.g. the compose stack's): creates `admin` only from MLOOP_ADMIN_PASSWORD, never a random
    /// password nobody would see. Returns what to log, nil when there is nothing to say.
    func runFromEnvironmentOnly() async throws -> String? {
        if try await !users.users().isEmpty { return nil }
        guard let given = environment["MLOOP_ADMIN_PASSWORD"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return "no API users yet: every request but health gets 401; create one with "
                + "`mloop users create NAME --admin`, or set MLOOP_ADMIN_PASSWORD"
        }
        if let problem = PasswordPolicy.problem(given) { throw ValidationError("MLOOP_ADMIN_PASSWORD: \(problem)") }
        let hash = await PasswordHasher().hash(given)
        guard try await users.createInitialAdminIfNoUsers(passwordHash: hash) else { return nil }
        return "created user \(UserStore.initialAdminName) with the password from MLOOP_ADMIN_PASSWORD"
    }

    private func existing() -> String {
        FileManager.default.fileExists(atPath: passwordFile)
            ? "user \(UserStore.initialAdminName) (password set on first start; see \(passwordFile))"
            : "sign in as an existing user (mloop users list; mloop users set-password NAME)"
    }

    /// Written with mode 0600 from the start (never briefly readable by others).
    private func save(_ password: String) throws {
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        unlink(passwordFile)
        let descriptor = open(passwordFile, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ValidationError("cannot write \(passwordFile): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array((password + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw ValidationError("cannot write \(passwordFile): \(String(cString: strerror(errno)))")
        }
    }
}
