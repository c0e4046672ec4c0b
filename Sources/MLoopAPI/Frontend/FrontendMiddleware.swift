import Foundation
import Hummingbird

/// Serves the web UI for GET and HEAD requests outside `/api/` and `/metrics`; everything else goes on to the API.
struct FrontendMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: FrontendFiles

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        guard request.method == .get || request.method == .head, !path.hasPrefix("/api/"), path != "/api",
            path != "/metrics"
        else { return try await next(request, context) }
        guard let file = files.file(forPath: path) else {
            throw APIError.notFound("no file '\(path)' in the web UI")
        }
        var headers: HTTPFields = [.contentType: file.contentType, .cacheControl: "no-cache"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if request.method == .head {
            headers[.contentLength] = String(file.bytes.readableBytes)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: file.bytes))
    }
}
