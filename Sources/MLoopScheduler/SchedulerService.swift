import Foundation
import Logging
import MLoopCore
import MLoopPostgres
import MLoopStore
import ServiceLifecycle

/// The scheduler role: creates scheduled runs when their data interval has ended, fails tries of dead workers, and
/// plans runs — queuing task instances whose dependencies are met. It never runs user code: the DAGs folder is
/// synced by `DAGSyncService`, beside it. A try finishing wakes it at once through NOTIFY (the payload names the run, so only that run is
/// planned); time-based work (due intervals, retries, stale tries) is checked on a short tick. Any number of
/// schedulers can run against one database: each run is planned under a row lock taken with SKIP LOCKED.
public struct SchedulerService: Service {
    public struct Configuration: Sendable {
        /// Identifies this process in `process_heartbeat`.
        public var processID: String
        public var hostname: String
        /// How often time-based work is checked when no NOTIFY arrives.
        public var tick: Duration
        /// A running try whose worker has not heartbeat for this long is failed (and retried per its policy).
        public var heartbeatTimeout: Duration
        /// Runs planned per full pass.
        public var maxRunsPerPass: Int

        public init(
            processID: String, hostname: String, tick: Duration = .seconds(1),
            heartbeatTimeout: Duration = .seconds(10),
            maxRunsPerPass: Int = 1000
        ) {
            self.processID = processID
            self.hostname = hostname
            self.tick = tick
            self.heartbeatTimeout = heartbeatTimeout
            self.maxRunsPerPass = maxRunsPerPass
        }
    }

    public let store: SchedulingStore
    public let registry: ProcessRegistry
    public let listenerConfiguration: PostgresConfiguration
    public let configuration: Configuration
    public let logger: Logger
    let now: @Sendable () -> Date
    /// When each scheduled workflow next has an interval ending, so a tick does not query every workflow.
    let calendar = DueRunCalendar()

    public init(
        store: SchedulingStore, registry: ProcessRegistry, listenerConfiguration: PostgresConfiguration,
        configuration: Configuration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.registry = registry
        self.listenerConfiguration = listenerConfiguration
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let wakeUps = WakeUps()
        let listener = PostgresListener(
            configuration: listenerConfiguration, channels: [StoreChannel.scheduler], logger: logger)
        let events = try await listener.events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await forwardNotifications(events, to: wakeUps) }
            group.addTask { await tickForever(wakeUps) }
            await wakeUps.wakeEverything()
            var settled = SettledRuns()
            var lastFullPass = ContinuousClock.now - configuration.tick
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let batch = await cancelWhenGracefulShutdown { await wakeUps.next() }
                guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
                let clock = ContinuousClock.now
                let full = batch.everything || clock - lastFullPass >= configuration.tick
                await pass(full: full, runs: batch.runs, settled: &settled)
                if full { lastFullPass = clock }
            }
            await listener.close()
            group.cancelAll()
        }
    }

    /// One scheduling pass: a full one also creates due runs, fails stale tries and plans every unfinished run.
    /// Runs that were settled and whose wake-ups only count down their tries' ends are not planned (`SettledRuns`).
    func pass(full: Bool, runs: [RunID: WakeUps.RunWake], settled: inout SettledRuns) async {
        if full { settled.forgetAll() }
        var toPlan = runs.filter { settled.needsPlan($0.key, $0.value) }.keys.sorted()
        if full {
            await logFailure("heartbeat") {
                try await registry.recordProcessAlive(
                    processID: configuration.processID, role: "scheduler", hostname: configuration.hostname,
                    pid: getpid(), now: now())
            }
            await logFailure("creating scheduled runs") { try await createDueRuns() }
            await logFailure("failing tries of dead workers") {
                let stale = try await store.failStaleTries(heartbeatTimeout: configuration.heartbeatTimeout, now: now())
                for ref in stale {
                    logger.warning("worker stopped heartbeating; try failed", metadata: ["try": "\(ref)"])
                }
            }
            await logFailure("listing unfinished runs") {
                toPlan = try await store.unfinishedRunIDs(limit: configuration.maxRunsPerPass)
            }
        }
        for id in toPlan {
            var outcome: RunPlanOutcome?
            await logFailure("planning run \(id)") {
                outcome = try await store.planRun(id, now: now(), explained: false)
            }
            settled.record(id, outcome)
        }
    }

    /// Creates a scheduled run for every data interval that has ended, keeping at most `max_active_runs` of a
    /// workflow's scheduled runs unfinished (the rest are created on later passes, oldest first).
    func createDueRuns() async throws {
        let time = now()
        for (id, version, definition) in try await store.schedulableWorkflows() {
            guard calendar.needsLook(at: id, version: version, now: time),
                let zone = TimeZone(identifier: definition.timezone)
            else { continue }
            var room = definition.maxActiveRuns - (try await store.unfinishedScheduledRunCount(of: id))
            var last = try await store.lastScheduledInterval(of: id)
            while room > 0,
                let interval = definition.schedule.nextDueInterval(
                    after: last, startDate: definition.startDate, endDate: definition.endDate,
                    catchup: definition.catchup, timeZone: zone, now: time)
            {
                let (run, created) = try await store.createRun(
                    NewRun(workflowID: id, runType: .scheduled, logicalDate: interval.start, dataInterval: interval))
                if created {
                    logger.info(
                        "scheduled run created",
                        metadata: [
                            "workflow_id": "\(id)", "run_id": "\(run.runID)",
                            "logical_date": "\(Timestamp.format(interval.start))",
                        ])
                }
                last = interval
                room -= 1
            }
            // Caught up: nothing is due before the next interval ends. (Out of room: look again next tick, since
            // a run finishing frees it.)
            if room > 0 {
                let next = definition.schedule.nextInterval(
                    after: last, startDate: definition.startDate, endDate: definition.endDate,
                    catchup: definition.catchup, timeZone: zone, now: time)
                calendar.remember(id, version: version, nextLook: next?.end)
            }
        }
    }

    private func forwardNotifications(_ events: AsyncStream<PostgresListenerEvent>, to wakeUps: WakeUps) async {
        for await event in events {
            switch event {
            case .notification(let notification):
                switch SchedulerWakeUp(payload: notification.payload) {
                case .run(let run): await wakeUps.wake(run: run)
                case .ended(let run, let count): await wakeUps.wake(run: run, .ended(count))
                case .everything: await wakeUps.wakeEverything()
                }
            case .reconnected:
                // NOTIFYs may have been missed while disconnected: the tables are the truth, look at everything.
                await wakeUps.wakeEverything()
            }
        }
    }

    private func tickForever(_ wakeUps: WakeUps) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.tick)
            await wakeUps.wakeEverything()
        }
    }

    private func logFailure(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            logger.error("scheduler: \(what) failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
