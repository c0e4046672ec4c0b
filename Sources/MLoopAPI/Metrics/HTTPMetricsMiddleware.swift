import Hummingbird
import Prometheus

/// Records each request's duration by method, matched route template (never the raw path, which would make one
/// series per id) and status into `http_request_duration_seconds`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    static var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request durations by route")
    }

    static var buckets: [Duration] {
        [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            record(request, context, status: Int((error as? any HTTPResponseError)?.status.code ?? 500), since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        // Unmatched paths share one label for the same reason (Hummingbird names them "NotFound").
        let route = context.endpointPath ?? "unmatched"
        registry.makeDurationHistogram(
            descriptor: Self.descriptor,
            labels: [("method", request.method.rawValue), ("route", route), ("status", String(status))],
            buckets: Self.buckets
        ).record(ContinuousClock.now - start)
    }
}
