import Foundation
import MLoopCore
import MLoopStore
import Prometheus

/// The Prometheus registry behind `/metrics`. Gauges are read from the database at each scrape; the task duration
/// and scheduling-delay histograms observe each try once, when a scrape first sees it finished (tries ended after
/// a watermark kept in memory; the first scrape starts one hour back), so they are monotone like real histograms.
actor EngineMetrics {
    /// The registry HTTP request metrics also record into.
    nonisolated let registry: PrometheusCollectorRegistry
    private let processes: ProcessRegistry
    private let clock: @Sendable () -> Date
    private var watermark: Date?
    // Scrapes that arrive while one is running share its result: two interleaved passes would read the same
    // watermark and observe the same tries twice.
    private var running: Task<String, any Error>?

    static let durationBuckets: [Double] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14_400]
    static let delayBuckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

    init(
        processes: ProcessRegistry, registry: PrometheusCollectorRegistry = .init(),
        clock: @escaping @Sendable () -> Date
    ) {
        self.processes = processes
        self.registry = registry
        self.clock = clock
    }

    /// Refreshes gauges and histograms from the database and returns the exposition text.
    func scrape() async throws -> String {
        if let running { return try await running.value }
        let task = Task { try await self.refresh() }
        running = task
        defer { running = nil }
        return try await task.value
    }

    private func refresh() async throws -> String {
        let gauges = try await processes.engineGauges(now: clock())
        for state in RunState.allCases {
            registry.makeGauge(descriptor: Self.runs, labels: [("state", state.rawValue)])
                .set(Double(gauges.stats.runs[state.rawValue] ?? 0))
        }
        for state in TaskInstanceState.allCases {
            registry.makeGauge(descriptor: Self.taskInstances, labels: [("state", state.rawValue)])
                .set(Double(gauges.stats.taskInstances[state.rawValue] ?? 0))
        }
        registry.makeGauge(descriptor: Self.queueDepth)
            .set(Double(gauges.stats.taskInstances[TaskInstanceState.queued.rawValue] ?? 0))
        registry.makeGauge(descriptor: Self.slotsBusy).set(Double(gauges.runningTries))
        registry.makeGauge(descriptor: Self.slotsTotal).set(Double(gauges.workerSlots))
        registry.makeGauge(descriptor: Self.activeWorkflows).set(Double(gauges.stats.workflows))
        try await observeFinishedTries()
        return registry.emitToString()
    }

    private func observeFinishedTries() async throws {
        let now = clock()
        let since = watermark ?? now.addingTimeInterval(-3600)
        let samples = try await processes.triesFinished(after: since, upTo: now)
        for sample in samples {
            if let duration = sample.duration {
                registry.makeValueHistogram(
                    descriptor: Self.taskDuration, labels: [("state", sample.state.rawValue)],
                    buckets: Self.durationBuckets
                ).record(duration)
            }
            if let delay = sample.schedulingDelay {
                registry.makeValueHistogram(descriptor: Self.schedulingDelay, buckets: Self.delayBuckets)
                    .record(delay)
            }
        }
        // The next scrape continues after the newest end seen, so a try whose end commits late is still counted.
        watermark = samples.last?.endedAt ?? since
    }

    private static func descriptor(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "mloop", metricName: name, unitName: unit, helpText: help)
    }

    static var runs: MetricNameDescriptor { descriptor("runs", "Workflow runs by state") }
    static var taskInstances: MetricNameDescriptor { descriptor("task_instances", "Task instances by state") }
    static var queueDepth: MetricNameDescriptor { descriptor("queue_depth", "Task instances queued for a worker") }
    static var slotsBusy: MetricNameDescriptor { descriptor("worker_slots_busy", "Tries running on workers") }
    static var slotsTotal: MetricNameDescriptor {
        descriptor("worker_slots_total", "Slots of workers that heartbeat in the last minute")
    }
    static var activeWorkflows: MetricNameDescriptor { descriptor("workflows_active", "Workflows not paused") }
    static var taskDuration: MetricNameDescriptor {
        descriptor("task_duration", unit: "seconds", "Duration of finished task tries")
    }
    static var schedulingDelay: MetricNameDescriptor {
        descriptor("task_scheduling_delay", unit: "seconds", "From the newest upstream end to a first try's start")
    }
}
