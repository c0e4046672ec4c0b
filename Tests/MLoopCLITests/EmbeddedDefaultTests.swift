import Foundation
import Subprocess
import SystemPackage
import Testing

/// With no MLOOP_DATABASE_URL, mloop runs a private PostgreSQL under MLOOP_HOME — as root here, like CI.
@Suite(.serialized) struct EmbeddedDefaultTests {
    static func postmasterIsRunning(home: String) -> Bool {
        guard let text = try? String(contentsOfFile: home + "/postgres/postmaster.pid", encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0) })
        else { return false }
        return kill(pid, 0) == 0
    }

    @Test func aCommandCreatesTheClusterUsesItAndStopsItAfterwards() async throws {
        let base = try MLoopProcess.makeFolder("embedded")
        let home = base + "/home"
        try FileManager.default.createDirectory(atPath: base + "/dags", withIntermediateDirectories: true)
        try DAGsCommandTests.good.write(toFile: base + "/dags/good.yaml", atomically: true, encoding: .utf8)
        let environment = ["MLOOP_HOME": home, "MLOOP_DATABASE_URL": ""]

        let sync = try await MLoopProcess.run(["dags", "sync"], environment: environment, in: base)
        #expect(sync.succeeded, "\(sync.stdout)\(sync.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/postgres/PG_VERSION"))
        #expect(!Self.postmasterIsRunning(home: home), "the server stops when its last client exits")

        let list = try await MLoopProcess.run(["dags", "list"], environment: environment, in: base)
        #expect(list.succeeded, "\(list.stderr)")
        #expect(list.stdout.contains("good"), "the cluster and its data are reused")
        #expect(!Self.postmasterIsRunning(home: home))
        try? FileManager.default.removeItem(atPath: base)
    }

    @Test func eightCommandsStartedAtOnceOnAFreshHomeAllSucceed() async throws {
        let base = try MLoopProcess.makeFolder("race")
        let home = base + "/home"
        try FileManager.default.createDirectory(atPath: base + "/dags", withIntermediateDirectories: true)
        try DAGsCommandTests.good.write(toFile: base + "/dags/good.yaml", atomically: true, encoding: .utf8)
        let environment = ["MLOOP_HOME": home, "MLOOP_DATABASE_URL": ""]
        let outcomes = try await withThrowingTaskGroup(of: MLoopProcess.Outcome.self) { group in
            for index in 0..<8 {
                let arguments = index.isMultiple(of: 2) ? ["dags", "list"] : ["dags", "sync"]
                group.addTask { try await MLoopProcess.run(arguments, environment: environment, in: base) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for outcome in outcomes {
            #expect(outcome.succeeded, "\(outcome.stdout)\(outcome.stderr)")
        }
        #expect(!Self.postmasterIsRunning(home: home), "the last of them stops the server")
        try? FileManager.default.removeItem(atPath: base)
    }

    @Test func aClusterMovedOutOfAPrivateHomeIsRecordedThereAndDestroyRemovesIt() async throws {
        let base = try MLoopProcess.makeFolder("private")
        chmod(base, 0o700)  // the postgres user cannot reach MLOOP_HOME: the cluster moves to /var/tmp
        let home = base + "/home"
        let environment = ["MLOOP_HOME": home, "MLOOP_DATABASE_URL": "", "MLOOP_DAGS_FOLDER": base + "/dags"]
        let list = try await MLoopProcess.run(["dags", "list"], environment: environment, in: base)
        #expect(list.succeeded, "\(list.stderr)")
        let record = try String(contentsOfFile: home + "/postgres.location", encoding: .utf8)
        let data = try #require(record.split(separator: "\n").first.map(String.init))
        #expect(data.hasPrefix("/var/tmp/mloop-") && FileManager.default.fileExists(atPath: data + "/PG_VERSION"))

        let unconfirmed = try await MLoopProcess.run(["db", "destroy"], environment: environment, in: base)
        #expect(!unconfirmed.succeeded && unconfirmed.stderr.contains("--yes"), "\(unconfirmed.stderr)")
        #expect(FileManager.default.fileExists(atPath: data))

        let destroy = try await MLoopProcess.run(["db", "destroy", "--yes"], environment: environment, in: base)
        #expect(destroy.succeeded, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("removed \(data)"), "\(destroy.stdout)")
        let movedTo = (data as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: movedTo), "the folder in /var/tmp is gone")
        #expect(!FileManager.default.fileExists(atPath: home + "/postgres.location"))
        try? FileManager.default.removeItem(atPath: base)
    }

    @Test(arguments: [Signal.terminate, Signal.interrupt])
    func standaloneStopsCleanlyOnSignal(_ signal: Signal) async throws {
        let base = try MLoopProcess.makeFolder("standalone")
        let home = base + "/home"
        try FileManager.default.createDirectory(atPath: base + "/dags", withIntermediateDirectories: true)
        try DAGsCommandTests.good.write(toFile: base + "/dags/good.yaml", atomically: true, encoding: .utf8)
        let result = try await Subprocess.run(
            .path(FilePath(MLoopProcess.binary)), arguments: ["standalone", "--api-port", "0"],
            environment: .inherit.updating(["MLOOP_HOME": home, "MLOOP_DATABASE_URL": ""]),
            workingDirectory: FilePath(base), input: .none, output: .sequence, error: .discarded
        ) { execution in
            var banner = ""
            for try await line in execution.standardOutput.strings() {
                banner += line
                if line.contains("Press Ctrl-C") {
                    #expect(Self.postmasterIsRunning(home: home))
                    try execution.send(signal: signal)
                }
            }
            return banner
        }
        #expect(result.terminationStatus == .exited(0))
        #expect(result.closureResult.contains("1 workflows"))
        #expect(result.closureResult.contains("user admin, password "), "\(result.closureResult)")
        #expect(!Self.postmasterIsRunning(home: home))
        try? FileManager.default.removeItem(atPath: base)
    }
}
