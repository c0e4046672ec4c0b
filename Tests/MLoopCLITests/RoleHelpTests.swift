import Foundation
import Testing

/// Each role's `--help` lists the options that apply to it, and no other role's.
@Suite struct RoleHelpTests {
    @Test(arguments: [
        ("scheduler", ["--heartbeat-timeout", "--sync-interval"], ["--parallelism"]),
        ("worker", ["--parallelism"], ["--heartbeat-timeout", "--sync-interval", "--api-port"]),
        ("standalone", ["--parallelism", "--heartbeat-timeout", "--sync-interval", "--api-port"], []),
    ])
    func helpListsOnlyTheRolesOwnOptions(role: String, present: [String], absent: [String]) async throws {
        let help = try await MLoopProcess.run([role, "--help"])
        #expect(help.succeeded, "\(help.stderr)")
        for option in present { #expect(help.stdout.contains(option), "\(role) --help lacks \(option)") }
        for option in absent { #expect(!help.stdout.contains(option), "\(role) --help lists \(option)") }
    }
}
