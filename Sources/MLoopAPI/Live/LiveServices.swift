import Foundation
import Logging
import MLoopPostgres
import MLoopStore
import Prometheus

/// What the live routes share across requests of one API server: the event hub behind the Server-Sent Events
/// streams and the metrics registry behind `/metrics`.
struct LiveServices: Sendable {
    let hub: EventHub
    let metrics: EngineMetrics

    init(
        listenerConfiguration: PostgresConfiguration, registry: ProcessRegistry,
        hubConfiguration: EventHub.Configuration,
        logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        hub = EventHub(listenerConfiguration: listenerConfiguration, configuration: hubConfiguration, logger: logger)
        metrics = EngineMetrics(processes: registry, clock: clock)
    }
}
