import Foundation
import Subprocess
import SystemPackage

/// Where initdb, postgres and pg_ctl live.
struct PostgresBinaries: Sendable {
    let directory: String
    var initdb: String { directory + "/initdb" }
    var pgCtl: String { directory + "/pg_ctl" }

    static let required = ["initdb", "postgres", "pg_ctl"]

    /// The override, else MLOOP_PG_BIN, then `pg_config --bindir`, then PATH, then the highest
    /// /usr/lib/postgresql/*/bin (Debian keeps the server binaries off PATH).
    static func locate(override: String?) async throws(LocalPostgresError) -> PostgresBinaries {
        if let override {
            guard hasAll(override) else { throw .binariesNotFound(searched: [override]) }
            return PostgresBinaries(directory: override)
        }
        var searched: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["MLOOP_PG_BIN"], !fromEnvironment.isEmpty {
            guard hasAll(fromEnvironment) else {
                throw .binariesNotFound(searched: ["MLOOP_PG_BIN=" + fromEnvironment])
            }
            return PostgresBinaries(directory: fromEnvironment)
        }
        if let fromPgConfig = await pgConfigBindir() {
            if hasAll(fromPgConfig) { return PostgresBinaries(directory: fromPgConfig) }
            searched.append(fromPgConfig)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) where hasAll(directory) {
            return PostgresBinaries(directory: directory)
        }
        searched.append("PATH")
        let debianRoot = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let directory = "\(debianRoot)/\(version)/bin"
            if hasAll(directory) { return PostgresBinaries(directory: directory) }
        }
        searched.append(debianRoot + "/*/bin")
        throw .binariesNotFound(searched: searched)
    }

    private static func hasAll(_ directory: String) -> Bool {
        required.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
    }

    private static func pgConfigBindir() async -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let pgConfig = path.split(separator: ":").map({ "\($0)/pg_config" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let result = await CapturedRun.run(
            pgConfig, ["--bindir"], workingDirectory: "/", platformOptions: PlatformOptions())
        guard result.succeeded else { return nil }
        let directory = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return directory.isEmpty ? nil : directory
    }
}
