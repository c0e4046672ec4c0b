import ArgumentParser
import Foundation
import Logging
import MLoopExecutor
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

/// Runs services until SIGINT/SIGTERM, then shuts them down gracefully.
enum ServiceRunner {
    static func run(_ services: [any Service], logger: Logger, banner: String) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, logger: logger))
        ShutdownSignals.handOver { _ in await group.triggerGracefulShutdown() }
        print(banner)
        fflush(nil)
        try await group.run()
    }
}
