import Foundation
import MLoopCore
import MLoopLocalPostgres
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

/// Real `mloop scheduler` and `mloop worker` processes survive crashes of each other and of PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ProcessCrashTests {
    /// `count` tasks that each sleep `seconds` (recording the sleep's pid so the test can clean up), retried once.
    static func sleepers(_ id: String, count: Int, seconds: Double, chain: Bool = false, retries: Int = 1) -> String {
        var text = "id: \(id)\ndefaults: {retries: \(retries), retry_delay: 100ms}\ntasks:\n"
        for index in 1...count {
            let needs = chain && index > 1 ? ", needs: t\(index - 1)" : ""
            text += "  - {id: t\(index)\(needs), bash: \"sleep \(seconds) & echo $! >> $PIDS_FILE; wait\"}\n"
        }
        return text
    }

    @Test func killedWorkersTriesAreRetriedOnAnotherWorkerWithinTheHeartbeatTimeout() async throws {
        try await withProcesses(["long.yaml": Self.sleepers("long", count: 3, seconds: 4)]) { cluster in
            try await cluster.startScheduler("scheduler")
            let doomed = try await cluster.startWorker("doomed", parallelism: 4)
            try await cluster.waitForWorkflow("long")
            let run = try await cluster.trigger("long")
            try await Wait.until("three tries run on the doomed worker", within: .seconds(20)) {
                let tries = try await cluster.queries.run(run)?.tries ?? []
                return tries.filter { $0.state == .running }.count == 3
            }
            let killedAt = Date()
            await doomed.crash()
            try await cluster.startWorker("survivor", parallelism: 4)
            let detail = try await cluster.finished(run, within: .seconds(40))
            #expect(
                detail.run.state == .success,
                "\(detail.tries.map { "\($0.taskID)#\($0.tryNumber) \($0.state) \($0.error ?? "")" })")
            #expect(detail.triesNeverOverlap() == [])
            for task in ["t1", "t2", "t3"] {
                let tries = detail.tries(task)
                #expect(tries.map(\.state.rawValue) == ["failed", "success"], "\(task)")
                guard tries.count == 2 else { continue }
                #expect(tries[0].error?.contains("heartbeat") == true, "\(tries[0].error ?? "")")
                #expect(tries[0].workerID != tries[1].workerID)
                // Failed within the 3 s heartbeat timeout plus a scheduler tick and the worker's heartbeat interval.
                let detected = try #require(tries[0].endedAt).timeIntervalSince(killedAt)
                #expect(detected < 30, "the dead worker's try was failed \(detected) s after the kill")
            }
        }
    }

    @Test func aKilledWorkersTaskProcessesDieWithIt() async throws {
        try await withProcesses(["lone.yaml": Self.sleepers("lone", count: 1, seconds: 30)]) { cluster in
            try await cluster.startScheduler("scheduler")
            let doomed = try await cluster.startWorker("doomed", parallelism: 1)
            try await cluster.waitForWorkflow("lone")
            _ = try await cluster.trigger("lone")
            let pids = try await Wait.until("the task has started its sleep", within: .seconds(20)) {
                () async throws -> [Int32]? in
                let pids = (try? ProcessCheck.pids(in: cluster.folder + "/pids/tasks")) ?? []
                return pids.isEmpty ? nil : pids
            }
            await doomed.crash()
            // The worker's orphan guard kills its tries' sessions when it dies, so a retry never runs beside them.
            // (The 30 s sleep outlasts this generous wait for a loaded machine.)
            try await Wait.until("the task processes \(pids) are gone", within: .seconds(25)) {
                // A pid that was reused meanwhile (pid_max is 32768 here) is not the task's.
                pids.allSatisfy { !ProcessCheck.isRunning($0) || !ProcessCheck.isTaskProcess($0) }
            }
        }
    }

    @Test func aRestartedSchedulerCarriesTheRunOn() async throws {
        try await withProcesses(["chain.yaml": Self.sleepers("chain", count: 4, seconds: 1, chain: true)]) { cluster in
            let first = try await cluster.startScheduler("scheduler-1")
            try await cluster.startWorker("worker", parallelism: 2)
            try await cluster.waitForWorkflow("chain")
            let run = try await cluster.trigger("chain")
            try await Wait.until("the second task runs", within: .seconds(20)) {
                try await cluster.queries.run(run)?.state("t2") == .running
            }
            await first.crash()
            try await Task.sleep(for: .seconds(1))
            try await cluster.startScheduler("scheduler-2")
            let detail = try await cluster.finished(run, within: .seconds(30))
            #expect(detail.run.state == .success)
            #expect(detail.taskInstances.map(\.tryNumber) == [1, 1, 1, 1])
            #expect(detail.triesNeverOverlap() == [])
        }
    }

    @Test func schedulerAndWorkerReconnectAfterPostgreSQLRestarts() async throws {
        let (server, configuration) = try await TestPostgres.makeDedicatedCluster()
        do {
            try await restartMidRun(server, configuration)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    private func restartMidRun(_ server: LocalPostgresCluster, _ configuration: PostgresConfiguration) async throws {
        let files = ["steady.yaml": Self.sleepers("steady", count: 4, seconds: 1.5, chain: true, retries: 2)]
        try await withProcesses(files, configuration: configuration) { cluster in
            try await cluster.startScheduler("scheduler")
            try await cluster.startWorker("worker", parallelism: 2)
            try await cluster.waitForWorkflow("steady")
            let run = try await cluster.trigger("steady")
            try await Wait.until("the first task runs", within: .seconds(20)) {
                try await cluster.queries.run(run)?.state("t1") == .running
            }
            try await server.stop()
            try await Task.sleep(for: .seconds(1))
            _ = try await server.start()
            let detail = try await cluster.finished(run, within: .seconds(40))
            #expect(
                detail.run.state == .success,
                "\(detail.tries.map { "\($0.taskID)#\($0.tryNumber) \($0.state) \($0.error ?? "")" })")
            #expect(detail.states.values.allSatisfy { $0 == .success })
            #expect(detail.triesNeverOverlap() == [])
        }
    }
}
