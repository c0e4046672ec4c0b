import Foundation
import MLoopPostgres
import MLoopTestSupport
import Subprocess
import SystemPackage
import Testing

/// `mloop standalone`'s API sign-in, like `airflow standalone`: an admin with a password printed once on first
/// start, kept as it is on later starts.
@Suite struct StandaloneCommandTests {
    @Test func createsTheAdminOnFirstStartOnlyAndSavesThePasswordForItsOwner() async throws {
        let base = try MLoopProcess.makeFolder("standalone-admin")
        let home = base + "/home"
        try FileManager.default.createDirectory(atPath: base + "/dags", withIntermediateDirectories: true)
        let configuration = try await TestPostgres.makeDatabase()
        let environment = ["MLOOP_HOME": home, "MLOOP_DATABASE_URL": configuration.conninfo]

        let first = try await Self.banner(environment, in: base)
        let line = try #require(first.split(separator: "\n").first { $0.contains("api:") }.map(String.init))
        let password = try #require(
            line.range(of: "password ").map { line[$0.upperBound...].prefix { $0 != " " } }.map(String.init))
        #expect(password.count == 20, "\(line)")
        #expect(line.contains("printed once; also saved to \(home)/standalone_admin_password.txt, mode 0600"))
        let file = home + "/standalone_admin_password.txt"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == password + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let second = try await Self.banner(environment, in: base)
        #expect(second.contains("user admin (password set on first start; see \(file))"), "\(second)")
        #expect(!second.contains(password))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == password + "\n")

        let withoutAPI = try await Self.banner(environment, in: base, arguments: ["--no-api"])
        #expect(withoutAPI.contains("api:       off (--no-api)"), "\(withoutAPI)")

        let connection = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
        let users = try await connection.query("SELECT username, password_hash FROM api_user")
        await connection.close()
        #expect(users.count == 1)
        #expect(try users.first?.decode("username", as: String.self) == "admin")
        #expect(try users.first?.decode("password_hash", as: String.self).hasPrefix("$2b$12$") == true)
        try? FileManager.default.removeItem(atPath: base)
    }

    @Test func takesTheAdminPasswordFromTheEnvironmentWithoutPrintingIt() async throws {
        let base = try MLoopProcess.makeFolder("standalone-env")
        try FileManager.default.createDirectory(atPath: base + "/dags", withIntermediateDirectories: true)
        let environment = [
            "MLOOP_HOME": base + "/home", "MLOOP_DATABASE_URL": try await TestPostgres.makeDatabase().conninfo,
            "MLOOP_ADMIN_PASSWORD": "from-the-environment",
        ]
        let banner = try await Self.banner(environment, in: base)
        #expect(banner.contains("user admin, password from MLOOP_ADMIN_PASSWORD"), "\(banner)")
        #expect(!banner.contains("from-the-environment"))
        #expect(!FileManager.default.fileExists(atPath: base + "/home/standalone_admin_password.txt"))
        try? FileManager.default.removeItem(atPath: base)
    }

    /// Starts standalone, returns its banner once printed, and stops it.
    static func banner(_ environment: [String: String], in folder: String, arguments: [String] = []) async throws
        -> String
    {
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(MLoopProcess.binary)), arguments: Arguments(["standalone", "--api-port", "0"] + arguments),
            environment: .inherit.updating(keyed), workingDirectory: FilePath(folder), input: .none,
            output: .sequence, error: .discarded
        ) { execution in
            var banner = ""
            for try await line in execution.standardOutput.strings() {
                banner += line.hasSuffix("\n") ? line : line + "\n"
                if line.contains("Press Ctrl-C") { try execution.send(signal: .terminate) }
            }
            return banner
        }
        #expect(result.terminationStatus == .exited(0), "\(result.closureResult)")
        return result.closureResult
    }
}
