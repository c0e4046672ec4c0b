import Foundation
import Logging
import MLoopCore
import MLoopPostgres
import MLoopStore
import ServiceLifecycle
import Synchronization

/// The worker role: a LocalExecutor-style pool of `parallelism` slots. It claims queued tries from PostgreSQL
/// (`FOR UPDATE SKIP LOCKED`, so any number of workers never start the same try), runs each as a subprocess tree
/// through `TaskRunner`, streams its log into the database, heartbeats while it runs, and records the outcome.
/// A NOTIFY on `mloop_worker` wakes it the moment tries are queued; a short poll covers missed notifications.
public struct WorkerService: Service {
    public struct Configuration: Sendable {
        public var workerID: String
        public var hostname: String
        public var parallelism: Int
        public var dagsFolder: String
        public var heartbeatInterval: Duration
        public var pollInterval: Duration
        /// On shutdown, running tries get this long to finish before their process trees are killed (they then
        /// fail and are retried per their policy).
        public var shutdownGracePeriod: Duration

        public init(
            workerID: String, hostname: String, parallelism: Int, dagsFolder: String,
            heartbeatInterval: Duration = .seconds(2), pollInterval: Duration = .seconds(1),
            shutdownGracePeriod: Duration = .seconds(10)
        ) {
            self.workerID = workerID
            self.hostname = hostname
            self.parallelism = parallelism
            self.dagsFolder = dagsFolder
            self.heartbeatInterval = heartbeatInterval
            self.pollInterval = pollInterval
            self.shutdownGracePeriod = shutdownGracePeriod
        }
    }

    public let store: WorkerQueue
    public let registry: ProcessRegistry
    public let runner: TaskRunner
    public let listenerConfiguration: PostgresConfiguration
    public let configuration: Configuration
    public let logger: Logger
    /// The clock every recorded time comes from (claims, ends, heartbeats).
    let now: @Sendable () -> Date

    public init(
        store: WorkerQueue, registry: ProcessRegistry, runner: TaskRunner, listenerConfiguration: PostgresConfiguration,
        configuration: Configuration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.registry = registry
        self.runner = runner
        self.listenerConfiguration = listenerConfiguration
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let running = RunningTries()
        let ends = TryEndBatcher(
            store: store, claimant: Claimant(workerID: configuration.workerID, hostname: configuration.hostname),
            now: now)
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let listener = PostgresListener(
            configuration: listenerConfiguration, channels: [StoreChannel.worker], logger: logger)
        let events = try await listener.events()
        // Heartbeats run on a timer, and at once when a user ends running tries (clear, mark): the worker then
        // learns which of its tries are no longer its own and stops them without waiting for the next beat.
        let (beats, beat) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let helpers = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        if case .notification(let message) = event, message.payload == StoreChannel.stopPayload {
                            beat.yield()
                        } else {
                            wake.yield()
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: configuration.pollInterval)
                        wake.yield()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: configuration.heartbeatInterval)
                        beat.yield()
                    }
                    beat.finish()
                }
                group.addTask { await heartbeat(running, on: beats) }
            }
        }
        wake.yield()
        await cancelWhenGracefulShutdown {
            for await _ in wakes {
                await claimIntoFreeSlots(running, ends: ends, wake: wake)
            }
        }
        await ends.stopClaiming()
        let stillRunning = await running.count
        logger.info("worker stopping: waiting for running tries", metadata: ["running": "\(stillRunning)"])
        let deadline = Task {
            try? await Task.sleep(for: configuration.shutdownGracePeriod)
            await running.cancelAll()
        }
        await running.waitForAll()
        deadline.cancel()
        helpers.cancel()
        await listener.close()
    }

    private func claimIntoFreeSlots(_ running: RunningTries, ends: TryEndBatcher, wake: AsyncStream<Void>.Continuation)
        async
    {
        let free = configuration.parallelism - (await running.count)
        guard free > 0 else { return }
        let claimed: [ClaimedTry]
        do {
            claimed = try await store.claimQueuedTries(
                limit: free, workerID: configuration.workerID, hostname: configuration.hostname, now: now())
        } catch {
            logger.error("claiming tries failed; will retry", metadata: ["error": "\(error)"])
            return
        }
        for item in claimed { await start(item, running: running, ends: ends, wake: wake) }
        // All slots filled from a longer queue: there may be more, claim again after the next finish.
    }

    private func start(
        _ item: ClaimedTry, running: RunningTries, ends: TryEndBatcher, wake: AsyncStream<Void>.Continuation
    ) async {
        await running.start(item.ref) {
            await execute(item, running: running, ends: ends, wake: wake)
        } then: {
            // The slot is free again (unless a try claimed with the end took it): look for more work at once.
            wake.yield()
        }
    }

    /// Runs one claimed try and records its outcome; the outcome is retried across a database outage. A try
    /// claimed in the same statement as a success's end starts before this one leaves its slot.
    func execute(
        _ item: ClaimedTry, running: RunningTries, ends: TryEndBatcher, wake: AsyncStream<Void>.Continuation
    ) async {
        let ref = item.ref
        let output = StoreOutputHandler(store: store, ref: ref, logger: logger)
        let result = await runner.run(TaskLaunch(item, dagsFolder: configuration.dagsFolder), output: output)
        await running.recordingEnd(of: ref)
        let outcome = TryOutcome(result, downstream: item.downstream, task: item.task.id)
        let end = TryEnd(ref: ref, outcome: outcome, pulls: result.pulls, finalLog: await output.takeClosingChunk())
        let next = Mutex<ClaimedTry?>(nil)
        let recorded = await DatabaseRetry.record("recording the end of \(ref)", logger: logger, attempts: 12) {
            if end.isRecordableTogether {
                let result = try await ends.record(end)
                next.withLock { $0 = result.next }
            } else {
                _ = try await store.finishTry(ref, outcome, pulls: end.pulls, finalLog: end.finalLog, now: now())
            }
        }
        if !recorded {
            logger.error("could not record the end of a try; it will be failed as stale", metadata: ["try": "\(ref)"])
        }
        if let item = next.withLock({ $0 }) { await start(item, running: running, ends: ends, wake: wake) }
    }

    private func heartbeat(_ running: RunningTries, on beats: AsyncStream<Void>) async {
        for await _ in beats {
            do {
                try await registry.recordProcessAlive(
                    processID: configuration.workerID, role: "worker", hostname: configuration.hostname,
                    pid: getpid(), slots: configuration.parallelism, now: now())
                let lost = try await store.refreshTryHeartbeats(
                    workerID: configuration.workerID, tries: await running.refs, now: now())
                // A try whose process ended while the heartbeat was in flight was recorded by us, not taken.
                for ref in lost where await running.isRunning(ref) {
                    logger.warning(
                        "try is no longer this worker's (cleared, marked or failed elsewhere); killing it",
                        metadata: ["try": "\(ref)"])
                    await running.cancel(ref)
                }
            } catch  where !Task.isCancelled {
                logger.warning("heartbeat failed; will retry", metadata: ["error": "\(error)"])
            } catch {
                return
            }
        }
    }
}

extension TaskLaunch {
    /// What the runner needs, from what the claim returned.
    init(_ item: ClaimedTry, dagsFolder: String) {
        var xcoms: [String: [String: JSONValue]] = [:]
        for record in item.xcoms { xcoms[record.taskID.rawValue, default: [:]][record.key] = record.value }
        self.init(
            workflowID: item.workflowID, runID: item.ref.runID.rawValue, taskID: item.ref.taskID,
            tryNumber: item.ref.tryNumber, maxTries: item.maxTries, action: item.task.action,
            logicalDate: item.logicalDate, dataIntervalStart: item.dataInterval?.start,
            dataIntervalEnd: item.dataInterval?.end, params: item.params, conf: item.conf, env: item.task.env,
            upstreamXComs: xcoms, dagsFolder: dagsFolder, timeout: item.task.timeout,
            outputProtocol: item.task.outputProtocol)
    }
}

extension TryOutcome {
    /// The store's outcome for a runner result; an illegal branch choice (`BranchChoice`) fails.
    init(_ result: TaskTryResult, downstream: [TaskID], task: TaskID) {
        switch result.outcome {
        case .success:
            if let branch = result.branch, let problem = BranchChoice.problem(branch, of: task, downstream: downstream)
            {
                self = .failed(reason: problem, exitCode: result.exitCode)
            } else {
                self = .success(xcoms: result.xcoms, branch: result.branch, exitCode: result.exitCode ?? 0)
            }
        case .skipped:
            self = .skipped(exitCode: result.exitCode ?? TaskTryResult.skipExitCode)
        case .failed(let reason):
            self = .failed(reason: reason, exitCode: result.exitCode)
        }
    }
}
