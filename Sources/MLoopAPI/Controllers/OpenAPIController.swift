import Foundation
import Hummingbird

/// The OpenAPI document and its HTML page.
struct OpenAPIController: Sendable {
    /// `GET /openapi.json`: the OpenAPI 3.1 document of every endpoint, and `GET /docs`, the same as an HTML page;
    /// both public, like FastAPI's, since they hold no data (see `APIAccessPolicy`).
    func addRoutes(to api: RouterGroup<APIRequestContext>) {
        let document = Result { try JSONResponse.encoder.encode(OpenAPIDocument.make()) }
        let page = ByteBuffer(string: OpenAPIDocsPage.html(OpenAPIDocument.make()))
        api.get("docs") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: page))
        }
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try document.get())))
        }
    }
}
