import Foundation
import Hummingbird

/// Refuses changes (any method but GET, HEAD and OPTIONS) that a web page of another origin sends: the API runs the
/// code it is given, so a page open in the user's browser must not be able to post workflows to it. Clients that
/// are not browsers send no `Origin` and pass.
struct CrossOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        if !safe.contains(request.method), let origin = request.headers[.origin] {
            let authority = request.head.authority
            let originAuthority =
                URLComponents(string: origin).map { components in
                    components.host.map { host in components.port.map { "\(host):\($0)" } ?? host }
                } ?? nil
            if originAuthority == nil || originAuthority != authority {
                throw APIError(
                    .forbidden, "forbidden",
                    "cross-origin request from '\(origin)' refused: call the API from the same origin or without "
                        + "an Origin header (curl, scripts)")
            }
        }
        return try await next(request, context)
    }
}
