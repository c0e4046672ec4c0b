import Foundation
import Hummingbird
import MLoopStore

/// `/monitoring`: stats and health.
struct MonitoringController: Sendable {
    let registry: ProcessRegistry

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("stats") { _, _ in
            try JSONResponse.make(try await registry.stats())
        }
        group.get("health") { _, context in
            do {
                let health = try await registry.health()
                return try JSONResponse.make(HealthResponse(status: "ok", database: "ok", engine: health, detail: nil))
            } catch {
                context.logger.warning("health check failed: \(error)")
                return try JSONResponse.make(
                    HealthResponse(status: "unhealthy", database: "unreachable", engine: nil, detail: "\(error)"),
                    status: .serviceUnavailable)
            }
        }
    }
}
