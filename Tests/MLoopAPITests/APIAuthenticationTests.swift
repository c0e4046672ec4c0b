import Foundation
import MLoopAPI
import MLoopCore
import MLoopPostgres
import MLoopStore
import Testing

/// Authentication of the HTTP API over real HTTP: what needs credentials, which credentials work, and what the
/// database keeps.
@Suite(.serialized)
struct APIAuthenticationTests {
    /// Every route the API has, with a body where it takes one.
    static let routes: [(method: String, path: String, body: String?)] = [
        ("GET", "/api/v1/workflows/", nil), ("POST", "/api/v1/workflows/", #"{"name": "sneaky"}"#),
        ("GET", "/api/v1/workflows/w", nil), ("PUT", "/api/v1/workflows/w", #"{"description": "x"}"#),
        ("DELETE", "/api/v1/workflows/w", nil), ("POST", "/api/v1/workflows/w/deploy", nil),
        ("POST", "/api/v1/tasks/", #"{"workflow_id": "w", "name": "t", "python_callable": "pass"}"#),
        ("GET", "/api/v1/tasks/1", nil), ("PUT", "/api/v1/tasks/1", #"{"name": "t"}"#),
        ("DELETE", "/api/v1/tasks/1", nil), ("POST", "/api/v1/jobs/trigger/w", nil), ("GET", "/api/v1/jobs/", nil),
        ("GET", "/api/v1/jobs/1", nil), ("GET", "/api/v1/jobs/1/logs/t", nil), ("GET", "/api/v1/jobs/1/xcoms", nil),
        ("GET", "/api/v1/monitoring/stats", nil), ("GET", "/api/v1/auth/me", nil), ("POST", "/api/v1/auth/logout", nil),
        ("GET", "/api/v1/auth/tokens", nil), ("DELETE", "/api/v1/auth/tokens/1", nil), ("GET", "/api/v1/users", nil),
        ("POST", "/api/v1/users", #"{"username": "mallory", "password": "password123", "is_admin": true}"#),
        ("DELETE", "/api/v1/users/tester", nil), ("GET", "/metrics", nil), ("GET", "/api/v1/no-such-route", nil),
        ("GET", "//api//v1/jobs/", nil), ("POST", "/api/v1/monitoring/health", nil),
        ("GET", "/api/v1/jobs/?access_token=x", nil),
    ]

    @Test func everyRouteAnswers401WithoutValidCredentials() async throws {
        try await withAPI { api in
            let users = UserStore(pool: api.pool)
            let revoked = try await users.createToken(for: api.username)
            try await users.revokeToken(revoked.record.tokenID, at: Date())
            let expired = try await users.createToken(for: api.username, expiresAt: Date().addingTimeInterval(-1))
            let refused: [(String, APIHarness.Credentials)] = [
                ("none", .none), ("unknown token", .bearer(APITokenSecret.generate())),
                ("revoked token", .bearer(revoked.token)), ("expired token", .bearer(expired.token)),
                ("garbage token", .bearer("not a token")), ("wrong password", .basic(api.username, "wrong-password")),
                ("unknown user", .basic("nobody", api.password)),
            ]
            for route in Self.routes {
                for (label, credentials) in refused {
                    let answer = try await api.request(
                        route.method, route.path, json: route.body, credentials: credentials)
                    #expect(answer.status == 401, "\(route.method) \(route.path) with \(label): \(answer.text)")
                    #expect(answer.object["error"] as? String == "unauthorized", "\(route.path): \(answer.text)")
                    #expect(answer.headers["www-authenticate"] == #"Bearer realm="mloop""#, "\(route.path)")
                }
            }
            let malformed = try await api.request("GET", "/api/v1/jobs/", headers: ["Authorization": "Digest abc"])
            #expect(malformed.status == 401)

            // Nothing was changed by the refused requests.
            let workflows = try await api.request("GET", "/api/v1/workflows/")
            #expect(workflows.status == 200)
            #expect(workflows.array.isEmpty, "\(workflows.text)")
            #expect(try await users.users().map(\.username) == ["tester"])

            let health = try await api.request("GET", "/api/v1/monitoring/health", credentials: .none)
            #expect(health.status == 200, "\(health.text)")
        }
    }

    @Test func basicAuthenticationWorksUntilThePasswordChangesOrTheUserIsDisabled() async throws {
        try await withAPI { api in
            let users = UserStore(pool: api.pool)
            _ = try await users.createUser(
                username: "basil", passwordHash: await APIHarness.hasher.hash("first:password"), isAdmin: false)
            let basic = APIHarness.Credentials.basic("basil", "first:password")
            #expect(try await api.request("GET", "/api/v1/workflows/", credentials: basic).status == 200)
            #expect(try await api.request("GET", "/api/v1/workflows/", credentials: basic).status == 200, "cached")
            let me = try await api.request("GET", "/api/v1/auth/me", credentials: basic)
            #expect(me.object["username"] as? String == "basil")
            #expect(me.object["is_admin"] as? Bool == false)
            #expect(
                try await api.request("GET", "/api/v1/workflows/", credentials: .basic("basil", "first:passwor"))
                    .status == 401)

            // A changed password stops the old one at once, although its verification is cached.
            try await users.setPassword(username: "basil", passwordHash: await APIHarness.hasher.hash("second-pass"))
            #expect(try await api.request("GET", "/api/v1/workflows/", credentials: basic).status == 401)
            let second = APIHarness.Credentials.basic("basil", "second-pass")
            #expect(try await api.request("GET", "/api/v1/workflows/", credentials: second).status == 200)

            // Disabling stops passwords and tokens at once.
            let token = try await users.createToken(for: "basil").token
            #expect(try await api.request("GET", "/api/v1/auth/me", credentials: .bearer(token)).status == 200)
            try await users.disableUser(named: "basil", at: Date())
            #expect(try await api.request("GET", "/api/v1/workflows/", credentials: second).status == 401)
            #expect(try await api.request("GET", "/api/v1/auth/me", credentials: .bearer(token)).status == 401)
        }
    }

    @Test func tokenLoginGivesAWorkingTokenAndLogoutRevokesIt() async throws {
        try await withAPI { api in
            let login = try await api.request(
                "POST", "/api/v1/auth/token",
                json: #"{"username": "tester", "password": "tester-password", "name": "browser", "expires_in": 3600}"#,
                credentials: .none)
            #expect(login.status == 201, "\(login.text)")
            let token = try #require(login.object["token"] as? String)
            #expect(token.hasPrefix("mloop_") && token.count == 49, "\(token)")
            #expect(login.object["username"] as? String == "tester")
            #expect(login.object["is_admin"] as? Bool == true)
            #expect(login.object["token_id"] is Int)
            let expiresAt = try #require((login.object["expires_at"] as? String).flatMap(Timestamp.parse))
            #expect(abs(expiresAt.timeIntervalSinceNow - 3600) < 120)

            let me = try await api.request("GET", "/api/v1/auth/me", credentials: .bearer(token))
            #expect(me.status == 200)
            #expect(me.object["username"] as? String == "tester")
            let listed = try await api.request("GET", "/api/v1/auth/tokens", credentials: .bearer(token))
            #expect(listed.array.contains { $0["name"] as? String == "browser" && $0["revoked_at"] is NSNull })
            #expect(!listed.text.contains(token), "a listing never shows a token's text")

            #expect(try await api.request("POST", "/api/v1/auth/logout", credentials: .bearer(token)).status == 204)
            #expect(try await api.request("GET", "/api/v1/auth/me", credentials: .bearer(token)).status == 401)
            #expect(try await api.request("GET", "/api/v1/auth/me").status == 200, "other tokens keep working")

            // Same answer for an unknown user and a wrong password.
            let wrong = try await api.request(
                "POST", "/api/v1/auth/token", json: #"{"username": "tester", "password": "nope-nope"}"#,
                credentials: .none)
            let unknown = try await api.request(
                "POST", "/api/v1/auth/token", json: #"{"username": "ghost", "password": "nope-nope"}"#,
                credentials: .none)
            #expect(wrong.status == 401 && unknown.status == 401)
            #expect(wrong.text == unknown.text)
            let never = try await api.request(
                "POST", "/api/v1/auth/token", json: #"{"username": "tester", "password": "tester-password"}"#,
                credentials: .none)
            #expect(never.object["expires_at"] is NSNull, "\(never.text)")
        }
    }

    @Test func theDatabaseHoldsNoPlaintextPasswordOrToken() async throws {
        try await withAPI { api in
            let created = try await api.request(
                "POST", "/api/v1/users",
                json: #"{"username": "paula", "password": "paula-secret-1", "is_admin": false}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.object["password"] == nil && !created.text.contains("$2"), "\(created.text)")
            let login = try await api.request(
                "POST", "/api/v1/auth/token", json: #"{"username": "paula", "password": "paula-secret-1"}"#,
                credentials: .none)
            let token = try #require(login.object["token"] as? String)

            let users = try await api.pool.query("SELECT username, password_hash FROM api_user ORDER BY username")
            for row in users {
                let hash = try row.decode("password_hash", as: String.self)
                #expect(hash.hasPrefix("$2b$"), "bcrypt: \(hash)")
                #expect(!hash.contains("paula-secret-1") && !hash.contains(api.password))
            }
            let paula = try #require(users.first { (try? $0.decode("username", as: String.self)) == "paula" })
            let hash = try paula.decode("password_hash", as: String.self)
            #expect(await APIHarness.hasher.verify("paula-secret-1", hash: hash))
            #expect(hash.hasPrefix("$2b$04$"), "the server's configured cost")

            let dump = try await api.pool.query("SELECT (SELECT json_agg(t) FROM api_token t)::text AS everything")
            let text = try dump[0].decode("everything", as: String.self)
            #expect(!text.contains(token) && !text.contains(String(token.dropFirst(6))))
            #expect(!text.contains(api.token))
            #expect(text.contains(SHA256.hex(of: token)), "stored as its SHA-256")
        }
    }

    @Test func onlyAdminsManageUsersAndOthersSeeOnlyTheirOwnTokens() async throws {
        try await withAPI { api in
            let users = UserStore(pool: api.pool)
            _ = try await users.createUser(
                username: "norm", passwordHash: await APIHarness.hasher.hash("norm-password"), isAdmin: false)
            let norm = APIHarness.Credentials.bearer(try await users.createToken(for: "norm").token)
            let forbidden = try await api.request("GET", "/api/v1/users", credentials: norm)
            #expect(forbidden.status == 403)
            #expect(forbidden.object["error"] as? String == "forbidden")
            #expect(
                try await api.request(
                    "POST", "/api/v1/users", json: #"{"username": "x", "password": "password-x"}"#, credentials: norm
                ).status == 403)
            #expect(try await api.request("DELETE", "/api/v1/users/tester", credentials: norm).status == 403)
            #expect(try await users.users().count == 2)

            let own = try await api.request("GET", "/api/v1/auth/tokens", credentials: norm)
            #expect(own.array.map { $0["username"] as? String } == ["norm"], "\(own.text)")
            let testerTokenID = try #require(try await users.tokens(of: "tester").first?.tokenID)
            #expect(
                try await api.request("DELETE", "/api/v1/auth/tokens/\(testerTokenID)", credentials: norm).status == 404
            )
            #expect(try await api.request("GET", "/api/v1/auth/me").status == 200, "tester's token still works")

            let all = try await api.request("GET", "/api/v1/auth/tokens")
            #expect(Set(all.array.compactMap { $0["username"] as? String }) == ["norm", "tester"])
            let listed = try await api.request("GET", "/api/v1/users")
            #expect(listed.array.map { $0["username"] as? String } == ["norm", "tester"])
            #expect(!listed.text.contains("password"))
            #expect(try await api.request("DELETE", "/api/v1/users/norm").status == 204)
            #expect(try await api.request("GET", "/api/v1/auth/me", credentials: norm).status == 401, "tokens go too")
            let duplicate = try await api.request(
                "POST", "/api/v1/users", json: #"{"username": "tester", "password": "password-x"}"#)
            #expect(duplicate.status == 409)
            let short = try await api.request("POST", "/api/v1/users", json: #"{"username": "y", "password": "x"}"#)
            #expect(short.status == 400)
        }
    }

    @Test func pathTraversalNeverReachesFiles() async throws {
        try await withAPI { api in
            let targets = [
                "/api/v1/jobs/1/logs/..%2F..%2Fetc%2Fpasswd", "/api/v1/../../etc/passwd", "/../../etc/passwd",
                "/api/v1/jobs/1/logs/../../../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1/monitoring/health/../../../../etc/passwd",
            ]
            for target in targets {
                for headers in [[:], ["Authorization": "Bearer \(api.token)"]] {
                    let answer = try RawHTTP.send(port: api.port, target: target, headers: headers)
                    #expect([401, 404, 400].contains(answer.status), "\(target): \(answer.text)")
                    #expect(!answer.text.contains("root:"), "\(target) returned a file")
                }
            }
        }
    }

    @Test func lastUsedAtIsWrittenAtMostOnceAMinute() async throws {
        try await withAPI { api in
            func lastUsed() async throws -> Date? {
                try await api.pool.query("SELECT last_used_at FROM api_token WHERE name = 'harness'")[0]
                    .decode("last_used_at", as: Date?.self)
            }
            #expect(try await lastUsed() == nil)
            #expect(try await api.request("GET", "/api/v1/auth/me").status == 200)
            let first = try #require(try await lastUsed())
            let recent = Date().addingTimeInterval(-30)
            try await api.pool.query("UPDATE api_token SET last_used_at = \(recent) WHERE name = 'harness'")
            _ = try await api.request("GET", "/api/v1/auth/me")
            #expect(try await lastUsed().map { abs($0.timeIntervalSince(recent)) < 0.01 } == true, "not rewritten")
            try await api.pool.query(
                "UPDATE api_token SET last_used_at = \(Date().addingTimeInterval(-120)) WHERE name = 'harness'")
            _ = try await api.request("GET", "/api/v1/auth/me")
            #expect(try await lastUsed().map { $0 > recent } == true)
            #expect(first <= Date())
        }
    }
}
