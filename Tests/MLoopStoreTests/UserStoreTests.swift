import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct UserStoreTests {
    // Not real bcrypt: the store stores what it is given and never checks passwords.
    static func fakeHash(_ label: String) -> String { "$2b$04$" + label }

    @Test func concurrentFirstStartsCreateExactlyOneAdminAndNeverReplaceItsPassword() async throws {
        let pool = try await MigratedDatabase.makePool(maxConnections: 4)
        let store = UserStore(pool: pool)
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<4 {
                group.addTask { try await store.createInitialAdminIfNoUsers(passwordHash: Self.fakeHash("p\(index)")) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(created.filter { $0 }.count == 1, "\(created)")
        let users = try await store.users()
        #expect(users.map(\.username) == ["admin"])
        #expect(users.first?.isAdmin == true)
        let hash = try #require(users.first?.passwordHash)

        #expect(try await store.createInitialAdminIfNoUsers(passwordHash: Self.fakeHash("later")) == false)
        #expect(try await store.user(named: "admin")?.passwordHash == hash)
        await pool.close()
    }

    @Test func noAdminIsCreatedWhenAnyUserExists() async throws {
        let pool = try await MigratedDatabase.makePool()
        let store = UserStore(pool: pool)
        _ = try await store.createUser(username: "alice", passwordHash: Self.fakeHash("a"), isAdmin: false)
        #expect(try await store.createInitialAdminIfNoUsers(passwordHash: Self.fakeHash("b")) == false)
        #expect(try await store.users().map(\.username) == ["alice"])
        await pool.close()
    }

    @Test func tokensAreStoredHashedAndStopWorkingWhenRevokedExpiredOrTheirUserIsDisabled() async throws {
        let pool = try await MigratedDatabase.makePool()
        let store = UserStore(pool: pool)
        let now = Date()
        _ = try await store.createUser(username: "admin", passwordHash: Self.fakeHash("a"), isAdmin: true)
        _ = try await store.createUser(username: "bob", passwordHash: Self.fakeHash("b"), isAdmin: false)
        let issued = try await store.createToken(for: "bob", name: "laptop", expiresAt: now.addingTimeInterval(60))
        #expect(APITokenSecret.looksLikeToken(issued.token))
        let hash = APITokenSecret.hash(issued.token)
        let stored = try await pool.query("SELECT token_hash FROM api_token")
        #expect(try stored.map { try $0.decode("token_hash", as: String.self) } == [hash])

        let principal = try #require(try await store.principal(forTokenHash: hash, now: now))
        #expect(principal.username == "bob" && !principal.isAdmin && principal.tokenID == issued.record.tokenID)
        #expect(try await store.principal(forTokenHash: hash, now: now.addingTimeInterval(61)) == nil, "expired")

        try await store.disableUser(named: "bob", at: now)
        #expect(try await store.principal(forTokenHash: hash, now: now) == nil, "disabled user")
        await #expect(throws: StoreError.self) { try await store.createToken(for: "bob") }

        let other = try await store.createToken(for: "admin")
        try await store.revokeToken(other.record.tokenID, at: now)
        #expect(try await store.principal(forTokenHash: APITokenSecret.hash(other.token), now: now) == nil)
        #expect(try await store.tokens(of: "admin").first?.revokedAt != nil)
        await pool.close()
    }

    @Test func theLastEnabledAdminCannotBeDeletedOrDisabled() async throws {
        let pool = try await MigratedDatabase.makePool()
        let store = UserStore(pool: pool)
        _ = try await store.createUser(username: "root", passwordHash: Self.fakeHash("a"), isAdmin: true)
        await #expect(throws: StoreError.self) { try await store.deleteUser(named: "root") }
        await #expect(throws: StoreError.self) { try await store.disableUser(named: "root", at: Date()) }
        _ = try await store.createUser(username: "second", passwordHash: Self.fakeHash("b"), isAdmin: true)
        try await store.deleteUser(named: "root")
        #expect(try await store.users().map(\.username) == ["second"])
        await #expect(throws: StoreError.self) { try await store.deleteUser(named: "ghost") }
        await #expect(throws: ValidationFailure.self) {
            try await store.createUser(username: "no spaces", passwordHash: Self.fakeHash("c"), isAdmin: false)
        }
        await #expect(
            throws: StoreError.conflict("user 'second' already exists: choose another name or change that user")
        ) {
            try await store.createUser(username: "second", passwordHash: Self.fakeHash("c"), isAdmin: false)
        }
        await pool.close()
    }
}
