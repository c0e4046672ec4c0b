import Foundation
import MLoopTestSupport
import Testing

/// A wrong MLOOP_DATABASE_URL must give one clear line and a non-zero exit, quickly — never a crash or a hang.
@Suite struct DatabaseURLTests {
    func expectOneClearLine(_ url: String, mentioning words: [String]) async throws {
        let started = ContinuousClock.now
        let outcome = try await MLoopProcess.run(["dags", "list"], environment: ["MLOOP_DATABASE_URL": url])
        let elapsed = ContinuousClock.now - started
        #expect(!outcome.succeeded)
        if case .signaled = outcome.status { Issue.record("mloop crashed: \(outcome.stderr)") }
        let lines = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("Help:") && !$0.isEmpty }
        #expect(lines.count == 1, "expected one line, got: \(outcome.stderr)")
        for word in words { #expect(outcome.stderr.contains(word), "'\(word)' missing from: \(outcome.stderr)") }
        #expect(elapsed < .seconds(10))
    }

    @Test func aMalformedURLNamesTheProblem() async throws {
        try await expectOneClearLine("postgres://user@host:notaport/db", mentioning: ["notaport"])
    }

    @Test func aRefusedConnectionNamesTheServer() async throws {
        try await expectOneClearLine("postgres://mloop@127.0.0.1:1/mloop", mentioning: ["127.0.0.1", "refused"])
    }

    @Test func anUnknownRoleIsReportedAsSuch() async throws {
        let configuration = try await TestPostgres.makeDatabase()
        try await expectOneClearLine(configuration.conninfo + " user=nobody_here", mentioning: ["nobody_here"])
    }
}
