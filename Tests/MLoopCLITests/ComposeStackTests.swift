import Foundation
import MLoopTestSupport
import Testing
import Yams

/// docker-compose.yml and the Dockerfile, checked without Docker: every service runs a real `mloop` subcommand,
/// sets only environment variables the code reads, and the stack has the shape the README promises.
@Suite struct ComposeStackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func compose() throws -> [String: Any] {
        let text = try String(contentsOfFile: root + "/docker-compose.yml", encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func services() throws -> [String: [String: Any]] {
        try #require(try compose()["services"] as? [String: [String: Any]])
    }

    /// Every `MLOOP_*` name that appears in the package's Swift sources.
    static func namesTheCodeReads() throws -> Set<String> {
        let sources = root + "/Sources"
        let regex = try NSRegularExpression(pattern: "MLOOP_[A-Z_]+")
        var names: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert(String(text[Range(match.range, in: text)!]))
            }
        }
        return names
    }

    @Test func everyMLoopServiceRunsARealSubcommand() async throws {
        let services = try Self.services()
        #expect(Set(services.keys).isSuperset(of: ["postgres", "migrate", "scheduler", "worker", "api"]))
        for (name, service) in services where name != "postgres" {
            let command = try #require(service["command"] as? [String], "service \(name) has no command list")
            #expect(command.first == "mloop", "service \(name) runs \(command)")
            let subcommand = command.dropFirst().prefix { !$0.hasPrefix("-") }
            let help = try await BuiltExecutable.run(Array(subcommand) + ["--help"])
            #expect(
                help.succeeded,
                "service \(name): `mloop \(subcommand.joined(separator: " ")) --help` failed: \(help.stderr)")
            // The options must parse too: --help after them still validates their names.
            let withOptions = try await BuiltExecutable.run(Array(command.dropFirst()) + ["--help"])
            #expect(
                withOptions.succeeded,
                "service \(name): `\(command.joined(separator: " ")) --help`: \(withOptions.stderr)")
        }
    }

    @Test func servicesSetOnlyEnvironmentVariablesTheCodeReads() throws {
        let known = try Self.namesTheCodeReads()
        #expect(known.contains("MLOOP_DATABASE_URL"), "the scan of Sources found nothing: \(known)")
        var set: Set<String> = []
        for (_, service) in try Self.services() {
            let environment = service["environment"] as? [String: Any] ?? [:]
            set.formUnion(environment.keys.filter { $0.hasPrefix("MLOOP_") })
        }
        #expect(set.contains("MLOOP_DATABASE_URL"))
        for name in set.subtracting(known).sorted() {
            Issue.record("\(name) is set in docker-compose.yml but no code under Sources reads it")
        }
    }

    @Test func postgresIsHealthCheckedAndOthersWaitForMigrations() throws {
        let services = try Self.services()
        let postgres = try #require(services["postgres"])
        #expect((postgres["image"] as? String)?.hasPrefix("postgres:15") == true)
        let healthcheck = try #require(postgres["healthcheck"] as? [String: Any])
        #expect(healthcheck["test"] != nil)
        #expect((postgres["volumes"] as? [String])?.contains { $0.hasPrefix("postgres-data:") } == true)
        #expect((try Self.compose()["volumes"] as? [String: Any])?.keys.contains("postgres-data") == true)
        for name in ["scheduler", "worker", "api"] {
            let service = try #require(services[name])
            let depends = try #require(service["depends_on"] as? [String: [String: Any]], "\(name) has no depends_on")
            #expect(depends["migrate"]?["condition"] as? String == "service_completed_successfully", "\(name)")
            #expect((service["volumes"] as? [String])?.contains("./dags:/opt/mloop/dags:ro") == true, "\(name)")
        }
    }

    @Test func workersScaleAndTheAPIIsPublished() throws {
        let services = try Self.services()
        let worker = try #require(services["worker"])
        #expect(worker["container_name"] == nil)
        #expect(worker["ports"] == nil)
        let api = try #require(services["api"])
        #expect((api["ports"] as? [String])?.contains { $0.hasSuffix(":8000") } == true)
        #expect((api["command"] as? [String])?.contains("0.0.0.0") == true)
        let environment = try #require(api["environment"] as? [String: Any])
        #expect(environment["MLOOP_ADMIN_PASSWORD"] as? String == "${MLOOP_ADMIN_PASSWORD:-}")
    }

    @Test func dockerfileRuntimeStageHasWhatTasksNeedAndIsNotRoot() throws {
        let text = try String(contentsOfFile: Self.root + "/Dockerfile", encoding: .utf8)
        let stages = text.components(separatedBy: "\nFROM ")
        #expect(stages.count >= 2, "the Dockerfile must be multi-stage")
        #expect(text.hasPrefix("#") || text.hasPrefix("FROM swift:"))
        #expect(text.contains("FROM swift:6."))
        let runtime = try #require(stages.last)
        for package in ["libpq5", "python3", "bash", "ca-certificates"] {
            #expect(
                runtime.range(of: "\\b\(package)\\b", options: .regularExpression) != nil, "runtime lacks \(package)")
        }
        #expect(runtime.contains("COPY frontend-static"))
        let user = runtime.split(separator: "\n").last { $0.hasPrefix("USER ") }
        #expect(user != nil && user != "USER root", "the runtime must not run as root")
    }
}
