import Foundation
import MLoopPostgres
import MLoopTestSupport
import Subprocess
import SystemPackage
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `mloop users` and `mloop tokens` as an operator runs them, against a real `mloop api`.
@Suite struct UsersCommandTests {
    @Test func createdUsersAndTokensWorkAgainstTheAPIUntilRevoked() async throws {
        let folder = try MLoopProcess.makeFolder("users")
        let configuration = try await TestPostgres.makeDatabase()
        let environment = ["MLOOP_DATABASE_URL": configuration.conninfo, "MLOOP_DAGS_FOLDER": folder + "/dags"]

        let created = try await MLoopProcess.run(["users", "create", "alice", "--admin"], environment: environment)
        #expect(created.succeeded, "\(created.stderr)")
        #expect(created.stdout.contains("created user alice (admin)"))
        let password = try #require(
            created.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }?
                .dropFirst("password: ".count).split(separator: " ").first.map(String.init))
        #expect(password.count == 20)
        let duplicate = try await MLoopProcess.run(["users", "create", "alice"], environment: environment)
        #expect(!duplicate.succeeded && duplicate.stderr.contains("already exists"), "\(duplicate.stderr)")

        let list = try await MLoopProcess.run(["users", "list", "--json"], environment: environment)
        let users = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(users.map { $0["username"] as? String } == ["alice"])
        #expect(users.first?["is_admin"] as? Bool == true)

        let issued = try await MLoopProcess.run(
            ["tokens", "create", "--user", "alice", "--name", "ci", "--expires-in", "30d"], environment: environment)
        #expect(issued.succeeded, "\(issued.stderr)")
        let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("mloop_") && token.count == 49, "only the token on stdout: \(issued.stdout)")
        let tokens = try await MLoopProcess.run(["tokens", "list", "--json"], environment: environment)
        let listed = try JSONSerialization.jsonObject(with: Data(tokens.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(listed.count == 1 && listed.first?["state"] as? String == "active", "\(tokens.stdout)")
        #expect(!tokens.stdout.contains(token))
        let tokenID = try #require(listed.first?["token_id"] as? Int)

        let answers = try await Self.withAPI(environment: environment, folder: folder) { port in
            var answers: [Int] = []
            answers.append(try await Self.status(port, "Bearer \(token)"))
            let basic = "Basic " + Data("alice:\(password)".utf8).base64EncodedString()
            answers.append(try await Self.status(port, basic))
            let revoke = try await MLoopProcess.run(["tokens", "revoke", "\(tokenID)"], environment: environment)
            #expect(revoke.succeeded && revoke.stdout.contains("revoked token \(tokenID)"), "\(revoke.stderr)")
            answers.append(try await Self.status(port, "Bearer \(token)"))
            return answers
        }
        #expect(answers == [200, 200, 401])

        let connection = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        let secrets = try await connection.query(
            "SELECT (SELECT json_agg(u) FROM api_user u)::text || (SELECT json_agg(t) FROM api_token t)::text AS everything"
        )
        let text = try secrets[0].decode("everything", as: String.self)
        await connection.close()
        #expect(!text.contains(token) && !text.contains(password), "no plaintext secret in the database")
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func setPasswordAndDeleteChangeTheStoredUsers() async throws {
        let environment = ["MLOOP_DATABASE_URL": try await TestPostgres.makeDatabase().conninfo]
        _ = try await MLoopProcess.run(["users", "create", "root", "--admin"], environment: environment)
        #expect(try await MLoopProcess.run(["users", "create", "bob"], environment: environment).succeeded)
        let reset = try await MLoopProcess.run(["users", "set-password", "bob"], environment: environment)
        #expect(reset.succeeded && reset.stdout.contains("password: "), "\(reset.stdout)\(reset.stderr)")
        let lastAdmin = try await MLoopProcess.run(["users", "delete", "root"], environment: environment)
        #expect(!lastAdmin.succeeded && lastAdmin.stderr.contains("last enabled admin"), "\(lastAdmin.stderr)")
        #expect(try await MLoopProcess.run(["users", "delete", "bob"], environment: environment).succeeded)
        let list = try await MLoopProcess.run(["users", "list"], environment: environment)
        #expect(list.stdout.contains("root") && !list.stdout.contains("bob"), "\(list.stdout)")
        let unknown = try await MLoopProcess.run(["tokens", "create", "--user", "ghost"], environment: environment)
        #expect(!unknown.succeeded && unknown.stderr.contains("no enabled user named 'ghost'"), "\(unknown.stderr)")
    }

    static func status(_ port: Int, _ authorization: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/auth/me")!)
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as! HTTPURLResponse).statusCode
    }

    /// Runs `mloop api --port 0` for `body`, then stops it with SIGTERM.
    static func withAPI<T: Sendable>(
        environment: [String: String], folder: String, _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws -> T {
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(MLoopProcess.binary)), arguments: ["api", "--port", "0"],
            environment: .inherit.updating(keyed), workingDirectory: FilePath(folder), input: .none,
            output: .discarded, error: .sequence
        ) { execution in
            var value: T?
            for try await line in execution.standardError.strings() {
                guard value == nil, let range = line.range(of: "listening on http://127.0.0.1:") else { continue }
                value = try await body(Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0)
                try execution.send(signal: .terminate)
            }
            return value
        }
        return try #require(result.closureResult)
    }
}
